import type { CommandModule } from "yargs";
import { revisionCommand, revisionSqlCommand, type RevisionResult } from "../../commands/revision";
import { UsageError } from "../../errors";
import { formatRevision } from "../format";
import { askAboutRename, canPrompt, closeQuestions } from "../prompt";
import { commonOptions, output, type GlobalArgs } from "../shared";

interface Args extends GlobalArgs {
  message?: string;
  empty: boolean;
  verify: boolean;
  rename?: string | string[];
  "not-rename"?: string | string[];
  strict: boolean;
  "safe-forms": boolean;
  archive?: boolean;
  "rev-id"?: string;
  head?: string;
  splice: boolean;
  "branch-label"?: string;
  "depends-on"?: string[];
  "version-path"?: string;
  sql: boolean;
}

/** Options that only make sense when a file is written. */
const FILE_OPTIONS = ["empty", "rev-id", "branch-label", "version-path"] as const;

/** Where the new revision sits in the graph, as the file's header says it. */
const placementLine = (result: RevisionResult): string[] => {
  if (result.kind !== "written") return [];
  const parts = [`Revises: ${result.parents.length === 0 ? "<base>" : result.parents.join(", ")}`];
  if (result.branchLabels.length > 0) parts.push(`branch label: ${result.branchLabels.join(", ")}`);
  if (result.dependsOn.length > 0) parts.push(`depends on: ${result.dependsOn.join(", ")}`);
  return [parts.join("; ")];
};

/** The command proper; the handler around it releases the terminal whatever happens. */
const runRevision = async (argv: Args): Promise<void> => {
  const placement = { head: argv.head, splice: argv.splice, dependsOn: argv["depends-on"] };
  const renames = {
    hints: argv.rename === undefined ? [] : ([] as string[]).concat(argv.rename),
    notRenames: argv["not-rename"] === undefined ? [] : ([] as string[]).concat(argv["not-rename"]),
    strict: argv.strict,
    ...(canPrompt(argv.json) ? { confirm: askAboutRename } : {}),
  };
  if (argv.sql) {
    const result = await revisionSqlCommand({ ...commonOptions(argv), ...placement, renames, safeForms: argv["safe-forms"], archive: argv.archive, verify: argv.verify });
    output(argv, result, () =>
      result.statements.length === 0
        ? ["-- No changes detected: the database matches the entities."]
        : result.statements.map((statement) => `${statement};`),
    );
    return;
  }
  const result = await revisionCommand({
    ...commonOptions(argv),
    ...placement,
    message: argv.message!,
    empty: argv.empty,
    verify: argv.verify,
    renames,
    safeForms: argv["safe-forms"],
    archive: argv.archive,
    revisionId: argv["rev-id"],
    branchLabels: argv["branch-label"] === undefined ? [] : [argv["branch-label"]],
    versionPath: argv["version-path"],
  });
  output(argv, result, () => {
    const [summary, ...rest] = formatRevision(result);
    return [summary!, ...placementLine(result), ...rest];
  });
};

export const revision: CommandModule<GlobalArgs, Args> = {
  command: "revision",
  describe: "Compare the entities with the database and write a migration",
  builder: (y) =>
    y
      .option("message", { alias: "m", type: "string", describe: "What the migration does (required unless --sql)" })
      .option("empty", { type: "boolean", default: false, describe: "Write an empty migration to fill in by hand" })
      .option("verify", {
        type: "boolean",
        default: true,
        describe: "Apply the plan and its downgrade to a shadow copy first and refuse a plan that does not converge (--no-verify skips it)",
      })
      .option("rename", {
        type: "string",
        describe:
          "A rename to keep the data of: table.old=new for a column, old=new for a table, enum:type=new for an enum type, enum:type:old=new for an enum value (repeat for more)",
      })
      .option("not-rename", {
        type: "string",
        describe: "A possible rename that is not one, in --rename notation: planned as drop + add with no review mark, as answering no at the prompt (repeat for more)",
      })
      .option("strict", { type: "boolean", default: false, describe: "Fail instead of writing drop + add when a drop may be a rename" })
      .option("safe-forms", {
        type: "boolean",
        default: true,
        describe: "Online-safe forms on tables that hold data: concurrent indexes, NOT VALID + VALIDATE, checked SET NOT NULL (--no-safe-forms for plain ones)",
      })
      .option("archive", {
        type: "boolean",
        describe: "Copy each dropped table or column to an archive_<name> table first; the downgrade restores from it (default: the config's safety.archiveDrops)",
      })
      .option("rev-id", { type: "string", describe: "Use this revision id instead of a random one" })
      .option("head", {
        type: "string",
        describe: 'The parent: a revision, "head", "base" or "<branch label>@head" (default: the single head)',
      })
      .option("splice", {
        type: "boolean",
        default: false,
        describe: "Allow --head to name a revision that is not a head, starting a branch",
      })
      .option("branch-label", { type: "string", describe: "A label naming the branch this revision starts" })
      .option("depends-on", { type: "string", array: true, describe: "A revision that must be applied first (repeatable)" })
      .option("version-path", { type: "string", describe: "Write the file into this folder (a path from the current directory, inside the migrations folder)" })
      .option("sql", { type: "boolean", default: false, describe: "Print the upgrade's SQL instead of writing a file" })
      // A UsageError, not a string: yargs would wrap a string in its own Error, reported as a bug.
      .check((argv) => {
        const given = FILE_OPTIONS.filter((name) => argv[name] !== undefined && argv[name] !== false);
        if (argv.sql && given.length > 0) {
          const options = given.map((name) => `--${name}`).join(", ");
          throw new UsageError(`--sql prints SQL instead of writing a file, so it cannot be combined with ${options}.`);
        }
        if (!argv.sql && !argv.message) throw new UsageError("Missing required argument: message (-m)");
        return true;
      }) as never,
  handler: async (argv) => {
    try {
      await runRevision(argv);
    } finally {
      closeQuestions();
    }
  },
};
