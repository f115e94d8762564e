import type { CommandModule } from "yargs";
import { downgradeCommand, downgradeSqlCommand, upgradeCommand, upgradeSqlCommand, type MigrateOptions } from "../../commands/migrate";
import { TRANSACTION_MODES, type TransactionMode } from "../../runtime/transaction-policy";
import { formatMigrate } from "../format";
import { commonOptions, lockTimeoutOption, output, parseArgs, printSql, type GlobalArgs } from "../shared";

interface Args extends GlobalArgs {
  target: string;
  x?: string | string[];
  tag?: string;
  transaction?: TransactionMode;
  sql: boolean;
  "lock-timeout"?: number;
  "allow-edited": boolean;
}

const migrateCommand = (direction: "up" | "down"): CommandModule<GlobalArgs, Args> => ({
  command: direction === "up" ? "upgrade [target]" : "downgrade <target>",
  describe: direction === "up" ? "Apply migrations up to a target (head, +N, a revision)" : "Revert migrations down to a target (-N, a revision, base)",
  builder: (y) =>
    y
      .positional("target", { type: "string", default: direction === "up" ? "head" : undefined, demandOption: direction === "down" })
      .option("tag", { type: "string", describe: "A free-form value migrations read as op.tag (Alembic's --tag)" })
      .option("x", { type: "string", describe: "key=value passed to migrations as op.args (repeat -x for more)" })
      .option("transaction", {
        choices: TRANSACTION_MODES,
        describe: "all: one transaction for the run; each: one per migration; none: no transaction (default: the config's transactionMode, else all)",
      })
      .option("lock-timeout", lockTimeoutOption)
      .option("allow-edited", { type: "boolean", default: false, describe: "Run even if an applied migration's file has changed since" })
      .option("sql", {
        type: "boolean",
        default: false,
        describe:
          direction === "up"
            ? "Print the SQL instead of running it, without connecting; the target may be a range FROM:TO (default FROM: base)"
            : "Print the SQL instead of running it, without connecting; the target must be a range FROM:TO, e.g. head:base",
      }) as never,
  handler: async (argv) => {
    const options: MigrateOptions = {
      ...commonOptions(argv),
      target: argv.target,
      args: parseArgs(argv.x === undefined ? undefined : ([] as string[]).concat(argv.x)),
      tag: argv.tag,
      transactionMode: argv.transaction,
      lockTimeoutSeconds: argv["lock-timeout"],
      allowEdited: argv["allow-edited"],
      onRetry: (attempt) => process.stderr.write(`autogen: a migration timed out waiting for a lock; trying again (retry ${attempt})\n`),
    };
    if (argv.sql) {
      const script = await (direction === "up" ? upgradeSqlCommand : downgradeSqlCommand)(options);
      printSql(argv, script.sql);
      return;
    }
    const result = await (direction === "up" ? upgradeCommand : downgradeCommand)(options);
    output(argv, result, () => formatMigrate(result, direction));
  },
});

export const upgrade = migrateCommand("up");
export const downgrade = migrateCommand("down");
