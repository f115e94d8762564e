import type { CommandModule } from "yargs";
import { currentCommand, historyCommand } from "../../commands/status";
import { formatCurrent, formatHistory } from "../format";
import { commonOptions, output, type GlobalArgs } from "../shared";

export const current: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "current",
  describe: "Show the revision(s) the database is at",
  handler: async (argv) => {
    const result = await currentCommand(commonOptions(argv));
    output(argv, result, () => formatCurrent(result, argv.verbose));
  },
};

export const history: CommandModule<GlobalArgs, GlobalArgs & { "indicate-current": boolean }> = {
  command: "history",
  describe: "List revisions, newest first, marking the current one",
  builder: (y) => y.option("indicate-current", { type: "boolean", default: true, describe: "Ask the database which revision is current" }),
  handler: async (argv) => {
    const entries = await historyCommand({ ...commonOptions(argv), indicateCurrent: argv["indicate-current"] });
    output(argv, entries, () => formatHistory(entries, argv.verbose));
  },
};
