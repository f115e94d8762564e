#!/usr/bin/env node
/**
 * The `autogen` command: yargs wiring and output only; every command is a plain function in
 * src/commands, usable as a library.
 */
import yargs from "yargs/yargs";
import { checkCommand } from "../commands/check";
import { initCommand } from "../commands/init";
import { downgradeCommand, upgradeCommand } from "../commands/migrate";
import { revisionCommand } from "../commands/revision";
import { currentCommand, historyCommand } from "../commands/status";
import { maskSecrets } from "../db/url";
import { AutogenError } from "../errors";
import { formatCurrent, formatHistory, formatMigrate, formatOps, formatRevision } from "./format";

interface GlobalArgs {
  config?: string;
  url?: string;
  json: boolean;
  verbose: boolean;
  cwd: string;
}

const print = (lines: readonly string[]) => {
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
};

const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** `-x key=value` pairs, as Alembic takes them. */
const parseArgs = (pairs: readonly string[] | undefined): Record<string, string> =>
  Object.fromEntries(
    (pairs ?? []).map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) throw new AutogenError(`-x takes key=value, got "${pair}".`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

const common = (argv: GlobalArgs) => ({ cwd: argv.cwd, configFile: argv.config, url: argv.url });

let exitCode = 0;

const main = async (argv: string[]): Promise<void> => {
  await yargs(argv)
    .scriptName("autogen")
    .usage("$0 <command> [options]\n\nSchema migrations for TypeORM and PostgreSQL, generated from your entities.")
    .option("config", { type: "string", describe: "Path of autogen.config.ts (default: ./autogen.config.ts)" })
    .option("url", { type: "string", describe: "Database URL (else DATABASE_URL, the config's url, or the embedded server)" })
    .option("json", { type: "boolean", default: false, describe: "Print the result as JSON" })
    .option("verbose", { alias: "v", type: "boolean", default: false, describe: "Print more detail" })
    .option("cwd", { type: "string", default: process.cwd(), describe: "Project directory", hidden: true })
    .command(
      "init",
      "Create autogen.config.ts, migrations/ and templates/migration.ts",
      (y) => y.option("data-source", { type: "string", describe: "Module exporting your DataSource", default: "src/data-source.ts" }),
      (argv) => {
        const result = initCommand({ cwd: argv.cwd, dataSource: argv["data-source"] });
        if (argv.json) printJson(result);
        else print(result.created.map((file) => `Created ${file}`));
      },
    )
    .command(
      "revision",
      "Compare the entities with the database and write a migration",
      (y) =>
        y
          .option("message", { alias: "m", type: "string", demandOption: true, describe: "What the migration does" })
          .option("empty", { type: "boolean", default: false, describe: "Write an empty migration to fill in by hand" })
          .option("rev-id", { type: "string", describe: "Use this revision id instead of a random one" }),
      async (argv) => {
        const result = await revisionCommand({ ...common(argv), message: argv.message, empty: argv.empty, revisionId: argv["rev-id"] });
        if (argv.json) printJson(result);
        else print(formatRevision(result));
      },
    )
    .command(
      "upgrade [target]",
      "Apply migrations up to a target (head, +N, a revision)",
      (y) =>
        y
          .positional("target", { type: "string", default: "head" })
          .option("x", { type: "string", array: true, describe: "key=value passed to migrations as op.args" })
          .option("transaction", { choices: ["all", "each"] as const, default: "all" as const, describe: "One transaction for the run, or one per migration" }),
      async (argv) => {
        const result = await upgradeCommand({ ...common(argv), target: argv.target!, args: parseArgs(argv.x), transactionMode: argv.transaction });
        if (argv.json) printJson(result);
        else print(formatMigrate(result, "up"));
      },
    )
    .command(
      "downgrade <target>",
      "Revert migrations down to a target (-N, a revision, base)",
      (y) =>
        y
          .positional("target", { type: "string", demandOption: true })
          .option("x", { type: "string", array: true, describe: "key=value passed to migrations as op.args" })
          .option("transaction", { choices: ["all", "each"] as const, default: "all" as const }),
      async (argv) => {
        const result = await downgradeCommand({ ...common(argv), target: argv.target!, args: parseArgs(argv.x), transactionMode: argv.transaction });
        if (argv.json) printJson(result);
        else print(formatMigrate(result, "down"));
      },
    )
    .command(
      "current",
      "Show the revision(s) the database is at",
      (y) => y,
      async (argv) => {
        const result = await currentCommand(common(argv));
        if (argv.json) printJson(result);
        else print(formatCurrent(result, argv.verbose));
      },
    )
    .command(
      "history",
      "List revisions, newest first, marking the current one",
      (y) => y.option("indicate-current", { type: "boolean", default: true, describe: "Ask the database which revision is current" }),
      async (argv) => {
        const entries = await historyCommand({ ...common(argv), indicateCurrent: argv["indicate-current"] });
        if (argv.json) printJson(entries.map((entry) => ({ ...entry, revision: { ...entry.revision } })));
        else print(formatHistory(entries, argv.verbose));
      },
    )
    .command(
      "check",
      "Exit 1 if the entities differ from the database (entities changed but no migration)",
      (y) => y,
      async (argv) => {
        const { ops } = await checkCommand(common(argv));
        if (argv.json) printJson({ upToDate: ops.length === 0, ops });
        else print(ops.length === 0 ? ["No changes: the database matches the entities."] : ["The entities differ from the database:", ...formatOps(ops)]);
        if (ops.length > 0) exitCode = 1;
      },
    )
    .demandCommand(1, "Name a command; see autogen --help.")
    .strict()
    .fail((message, error) => {
      throw error ?? new AutogenError(message);
    })
    .help()
    .parseAsync();
};

const secretSource = (argv: readonly string[]): string | null => {
  const flag = argv.findIndex((arg) => arg === "--url" || arg.startsWith("--url="));
  if (flag >= 0) return argv[flag].startsWith("--url=") ? argv[flag].slice(6) : (argv[flag + 1] ?? null);
  return process.env.DATABASE_URL ?? null;
};

const argv = process.argv.slice(2);
main(argv)
  .then(() => {
    process.exitCode = exitCode;
  })
  .catch((error: unknown) => {
    const url = secretSource(argv);
    if (error instanceof AutogenError) {
      process.stderr.write(`autogen: ${maskSecrets(error.message, url)}\n`);
      process.exitCode = 1;
    } else {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`autogen: internal error (this is a bug; please report it):\n${maskSecrets(text, url)}\n`);
      process.exitCode = 70;
    }
  });
