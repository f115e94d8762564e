import type { CommandModule } from "yargs";
import { revisionCommand } from "../../commands/revision";
import { formatRevision } from "../format";
import { commonOptions, output, type GlobalArgs } from "../shared";

interface Args extends GlobalArgs {
  message: string;
  empty: boolean;
  "rev-id"?: string;
}

export const revision: CommandModule<GlobalArgs, Args> = {
  command: "revision",
  describe: "Compare the entities with the database and write a migration",
  builder: (y) =>
    y
      .option("message", { alias: "m", type: "string", demandOption: true, describe: "What the migration does" })
      .option("empty", { type: "boolean", default: false, describe: "Write an empty migration to fill in by hand" })
      .option("rev-id", { type: "string", describe: "Use this revision id instead of a random one" }),
  handler: async (argv) => {
    const result = await revisionCommand({ ...commonOptions(argv), message: argv.message, empty: argv.empty, revisionId: argv["rev-id"] });
    output(argv, result, () => formatRevision(result));
  },
};
