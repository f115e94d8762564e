import type { CommandModule } from "yargs";
import { repairCommand } from "../../commands/repair";
import { commonOptions, output, type GlobalArgs } from "../shared";

export const repair: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "repair",
  describe: "Record the current checksums of applied migrations edited on purpose",
  handler: async (argv) => {
    const result = await repairCommand(commonOptions(argv));
    output(argv, result, () =>
      result.repaired.length === 0
        ? ["Nothing to repair: every applied migration matches its recorded checksum."]
        : result.repaired.map((entry) => `Recorded the new checksum of ${entry.revision} (${entry.path}).`),
    );
  },
};
