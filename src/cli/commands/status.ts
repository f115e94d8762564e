import type { CommandModule } from "yargs";
import { currentCommand, historyCommand } from "../../commands/status";
import { formatCurrent, formatHistory } from "../format";
import { commonOptions, output, setExitCode, type GlobalArgs } from "../shared";

export const current: CommandModule<GlobalArgs, GlobalArgs & { "check-heads": boolean; "allow-edited": boolean }> = {
  command: "current",
  describe: "Show the revision(s) the database is at; exit 1 if applied migrations were edited since (unless --allow-edited)",
  builder: (y) =>
    y
      .option("check-heads", { type: "boolean", default: false, describe: "Exit 1 unless the database is at the migrations' head(s)" })
      .option("allow-edited", { type: "boolean", default: false, describe: "Exit 0 even if applied migrations were edited since" }),
  handler: async (argv) => {
    const result = await currentCommand(commonOptions(argv));
    output(argv, result, () => [
      ...formatCurrent(result, argv.verbose),
      ...(argv["check-heads"] && !result.atHeads ? ["Not at the migrations' head(s): run `autogen upgrade heads`."] : []),
      ...result.edited.map((entry) => `Edited since applied: ${entry.revision} (${entry.path}); run \`autogen repair\` if that was deliberate.`),
    ]);
    if ((argv["check-heads"] && !result.atHeads) || (result.edited.length > 0 && !argv["allow-edited"])) setExitCode(1);
  },
};

export const history: CommandModule<GlobalArgs, GlobalArgs & { "indicate-current": boolean; "rev-range"?: string }> = {
  command: "history",
  describe: "List revisions, newest first, marking the current one",
  builder: (y) =>
    y
      .option("rev-range", { alias: "r", type: "string", describe: "Only revisions in FROM:TO (e.g. ae10:head, base:, current:)" })
      .option("indicate-current", { type: "boolean", default: true, describe: "Ask the database which revision is current" }),
  handler: async (argv) => {
    const entries = await historyCommand({ ...commonOptions(argv), indicateCurrent: argv["indicate-current"], range: argv["rev-range"] });
    output(argv, entries, () => formatHistory(entries, argv.verbose));
  },
};
