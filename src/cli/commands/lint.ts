import path from "node:path";
import type { CommandModule } from "yargs";
import type { LintResult } from "../../commands/lint";
import { RULES } from "../../lint/catalog";
import type { LintFinding } from "../../lint/engine";
import { commonOptions, output, parseArgs, setExitCode, type GlobalArgs } from "../shared";

interface Args extends GlobalArgs {
  "rev-range"?: string;
  pending: boolean;
  strict: boolean;
  enable?: string[];
  disable?: string[];
  "assume-lock-timeout"?: boolean;
  "pg-version"?: number;
  "list-rules": boolean;
  x?: string | string[];
}

const relative = (file: string | null): string => (file === null ? "<unknown file>" : path.relative(process.cwd(), file) || file);

/** `--enable a,b --enable c` and `--enable a b` both name three rules. */
const ruleList = (values: readonly string[] | undefined): string[] =>
  (values ?? []).flatMap((value) => value.split(",")).map((value) => value.trim()).filter((value) => value.length > 0);

const location = (finding: LintFinding): string => `${relative(finding.file)}${finding.line === null ? "" : `:${finding.line}`}`;

const formatReport = (result: LintResult, verbose: boolean): string[] => {
  const lines = result.findings.map(
    (finding) => `${location(finding)}: ${finding.severity} [${finding.rule}] ${finding.revision}: ${finding.message}`,
  );
  if (verbose) {
    lines.push(...result.suppressed.map((finding) => `${location(finding)}: suppressed [${finding.rule}] ${finding.revision}: ${finding.message} (reason: ${finding.reason})`));
  }
  const fired = [...new Set(result.findings.map((finding) => finding.rule))];
  if (fired.length > 0) {
    lines.push("", ...fired.flatMap((id) => [`${id}: ${RULES.find((rule) => rule.id === id)!.help}`]));
  }
  const suppressed = result.suppressed.length > 0 ? `, ${result.suppressed.length} suppressed` : "";
  lines.push(
    ...(lines.length > 0 ? [""] : []),
    `${result.errors} error(s), ${result.warnings} warning(s)${suppressed} in ${result.revisions.length} revision(s) (rules for PostgreSQL ${result.pgVersion}).`,
  );
  return lines;
};

export const lint: CommandModule<GlobalArgs, Args> = {
  command: "lint",
  describe: "Check migrations for operations that lock or rewrite tables in use, or break running code; exit 1 on errors",
  builder: (y) =>
    y
      .option("rev-range", { alias: "r", type: "string", describe: "Only revisions in FROM:TO (e.g. ae10:head, ae10:, :ae10)" })
      .option("pending", { type: "boolean", default: false, describe: "Only revisions the database has not applied (reads the version table)" })
      .option("strict", { type: "boolean", default: false, describe: "Exit 1 on warnings too" })
      .option("enable", { type: "string", array: true, describe: "Turn on opt-in rules (comma-separated or repeated)" })
      .option("disable", { type: "string", array: true, describe: "Turn rules off (comma-separated or repeated)" })
      .option("assume-lock-timeout", {
        type: "boolean",
        describe:
          "The runner sets lock_timeout for every migration, so migrations need not (turns off missing-lock-timeout); default: whether the config's safety.lockTimeout does",
      })
      .option("pg-version", { type: "number", describe: "PostgreSQL major version the migrations run on (default: the server's with --pending, else 12)" })
      .option("list-rules", { type: "boolean", default: false, describe: "List the rules and exit" })
      .option("x", { type: "string", describe: "key=value passed to migrations as op.args while recording (repeat -x for more)" }) as never,
  handler: async (argv) => {
    if (argv["list-rules"]) {
      const rules = RULES.map(({ id, severity, summary, help, optIn }) => ({ id, severity, optIn: optIn ?? false, summary, help }));
      output(argv, rules, () => rules.map((rule) => `${rule.id.padEnd(34)} ${rule.severity.padEnd(7)} ${rule.summary}${rule.optIn ? " (opt-in)" : ""}`));
      return;
    }
    // The lint engine loads the TypeScript compiler (a third of a second): only `lint` pays for it.
    const { lintCommand } = require("../../commands/lint") as typeof import("../../commands/lint");
    const result = await lintCommand({
      ...commonOptions(argv),
      range: argv["rev-range"],
      pending: argv.pending,
      enable: ruleList(argv.enable),
      disable: ruleList(argv.disable),
      assumeLockTimeout: argv["assume-lock-timeout"],
      pgVersion: argv["pg-version"],
      args: parseArgs(argv.x === undefined ? undefined : ([] as string[]).concat(argv.x)),
    });
    output(argv, result, () => formatReport(result, argv.verbose));
    if (result.errors > 0 || (argv.strict && result.warnings > 0)) setExitCode(1);
  },
};
