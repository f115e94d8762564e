import type { CommandModule } from "yargs";
import { checkCommand } from "../../commands/check";
import { formatOps } from "../format";
import { commonOptions, output, setExitCode, type GlobalArgs } from "../shared";

export const check: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "check",
  describe: "Exit 1 if the entities differ from the database (entities changed but no migration)",
  handler: async (argv) => {
    const { ops } = await checkCommand(commonOptions(argv));
    output(argv, { upToDate: ops.length === 0, ops }, () =>
      ops.length === 0 ? ["No changes: the database matches the entities."] : ["The entities differ from the database:", ...formatOps(ops)],
    );
    if (ops.length > 0) setExitCode(1);
  },
};
