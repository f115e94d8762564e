import path from "node:path";
import type { CommandModule } from "yargs";
import { MergeConflictsError, mergeCommand, type MergeResult } from "../../commands/merge";
import type { MergeReport } from "../../commands/merge-report";
import { commonOptions, output, printJson, setExitCode, type GlobalArgs } from "../shared";

interface Args extends GlobalArgs {
  revisions: string[];
  message: string;
  "rev-id"?: string;
  "branch-label"?: string;
  strict: boolean;
  replay: boolean;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

const verdict = (report: MergeReport): string => {
  if (report.review.length > 0) return `${plural(report.review.length, "conflict")} between the branches:`;
  const replayed = report.replay.kind === "replayed" ? ", and both orders replay to the same schema" : "";
  return `No conflicts: the branches touch different objects${replayed}.`;
};

export const formatMerge = (result: MergeResult): string[] => {
  const { report } = result;
  const base = report.base.length === 0 ? "none (separate bases)" : report.base.join(", ");
  const file = path.relative(process.cwd(), result.file) || result.file;
  return [
    `Merging ${result.parents.join(", ")} (merge base: ${base})`,
    ...report.branches.map(
      (branch) => `  ${branch.tip}: ${plural(branch.revisions.length, "revision")} since the merge base (${branch.revisions.join(", ")})`,
    ),
    "",
    verdict(report),
    ...[...report.review, ...report.notes].flatMap((paragraph) => ["", paragraph]),
    "",
    `Generated ${file}`,
    ...(report.review.length > 0 ? ["The conflicts are listed in its header: review them before applying the merge."] : []),
  ];
};

export const merge: CommandModule<GlobalArgs, Args> = {
  command: "merge <revisions..>",
  describe: "Write a revision joining branches, after checking them for conflicts",
  builder: (y) =>
    y
      .positional("revisions", { type: "string", array: true, describe: 'Revisions to join: ids, branch labels, "heads"' })
      .option("message", { alias: "m", type: "string", demandOption: true, describe: "What the merge is for" })
      .option("rev-id", { type: "string", describe: "Use this revision id instead of a random one" })
      .option("branch-label", { type: "string", describe: "A label for the branch the merge starts" })
      .option("strict", { type: "boolean", default: false, describe: "Refuse (exit 1) when the branches conflict" })
      .option("replay", {
        type: "boolean",
        default: true,
        describe: "Replay both orders into shadow databases (--no-replay skips it)",
      }) as never,
  handler: async (argv) => {
    let result: MergeResult;
    try {
      result = await mergeCommand({
        ...commonOptions(argv),
        message: argv.message,
        revisions: argv.revisions,
        revisionId: argv["rev-id"],
        branchLabels: argv["branch-label"] === undefined ? [] : [argv["branch-label"]],
        strict: argv.strict,
        replay: argv.replay,
      });
    } catch (error) {
      // With --json the refusal is still a report a script can read, on stdout, with exit 1.
      if (!(argv.json && error instanceof MergeConflictsError)) throw error;
      printJson({ kind: "refused", report: error.report });
      setExitCode(1);
      return;
    }
    output(argv, result, () => formatMerge(result));
  },
};
