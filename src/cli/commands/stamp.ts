import type { CommandModule } from "yargs";
import { stampCommand, stampSqlCommand, type StampResult } from "../../commands/stamp";
import { commonOptions, lockTimeoutOption, output, printSql, type GlobalArgs } from "../shared";

interface Args extends GlobalArgs {
  target: string;
  purge: boolean;
  sql: boolean;
  "lock-timeout"?: number;
}

const describeHeads = (heads: readonly string[]): string => (heads.length === 0 ? "base" : heads.join(", "));

const formatStamp = (result: StampResult): string[] => [
  `Stamped ${describeHeads(result.heads)} (was ${describeHeads(result.previousHeads)}); no migration was run.`,
];

export const stamp: CommandModule<GlobalArgs, Args> = {
  command: "stamp <target>",
  describe: "Set the version table to a target (head, heads, base, a revision) without running migrations",
  builder: (y) =>
    y
      .positional("target", { type: "string", demandOption: true })
      .option("purge", {
        type: "boolean",
        default: false,
        describe: "Delete every row of the version table first (when it names a revision no file declares)",
      })
      .option("sql", {
        type: "boolean",
        default: false,
        describe: "Print the SQL instead of running it, without connecting; the target may be a range FROM:TO (default FROM: base)",
      })
      .option("lock-timeout", lockTimeoutOption) as never,
  handler: async (argv) => {
    const options = { ...commonOptions(argv), target: argv.target, purge: argv.purge, lockTimeoutSeconds: argv["lock-timeout"] };
    if (argv.sql) {
      printSql(argv, (await stampSqlCommand(options)).sql);
      return;
    }
    const result = await stampCommand(options);
    output(argv, result, () => formatStamp(result));
  },
};
