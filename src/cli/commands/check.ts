import type { CommandModule } from "yargs";
import { checkCommand } from "../../commands/check";
import { formatOps } from "../format";
import { commonOptions, output, setExitCode, type GlobalArgs } from "../shared";

export const check: CommandModule<GlobalArgs, GlobalArgs & { "allow-edited": boolean }> = {
  command: "check",
  describe:
    "Exit 1 if the entities differ from the database, interrupted work left something behind, applied migrations were edited, or the database is behind its migrations",
  builder: (y) => y.option("allow-edited", { type: "boolean", default: false, describe: "Do not fail on applied migrations edited since" }),
  handler: async (argv) => {
    const { ops, leftovers } = await checkCommand({ ...commonOptions(argv), allowEdited: argv["allow-edited"] });
    const clean = ops.length === 0 && leftovers.length === 0;
    output(argv, { upToDate: clean, ops, leftovers }, () => [
      ...(ops.length === 0 ? ["No changes: the database matches the entities."] : ["The entities differ from the database:", ...formatOps(ops)]),
      ...leftovers.flatMap((leftover) => [`Left behind: ${leftover.object} ${leftover.problem}.`, `  To fix: ${leftover.remedy}.`]),
    ]);
    if (!clean) setExitCode(1);
  },
};
