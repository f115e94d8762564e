import type { CommandModule } from "yargs";
import { ensureVersionCommand, ensureVersionSqlCommand, type EnsureVersionResult } from "../../commands/ensure-version";
import { commonOptions, lockTimeoutOption, output, printSql, type GlobalArgs } from "../shared";

const formatEnsureVersion = (result: EnsureVersionResult): string[] =>
  result.created.length === 0
    ? [`The version table ${result.versionTable} and its log ${result.logTable} already exist.`]
    : result.created.map((table) => `Created ${table}`);

export const ensureVersion: CommandModule<GlobalArgs, GlobalArgs & { sql: boolean; "lock-timeout"?: number }> = {
  command: "ensure-version",
  describe: "Create the version table and its log if they are missing",
  builder: (y) =>
    y
      .option("sql", { type: "boolean", default: false, describe: "Print the DDL instead of running it, without connecting" })
      .option("lock-timeout", lockTimeoutOption),
  handler: async (argv) => {
    if (argv.sql) {
      printSql(argv, (await ensureVersionSqlCommand(commonOptions(argv))).sql);
      return;
    }
    const result = await ensureVersionCommand({ ...commonOptions(argv), lockTimeoutSeconds: argv["lock-timeout"] });
    output(argv, result, () => formatEnsureVersion(result));
  },
};
