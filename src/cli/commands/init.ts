import type { CommandModule } from "yargs";
import { initCommand } from "../../commands/init";
import { output, type GlobalArgs } from "../shared";

export const init: CommandModule<GlobalArgs, GlobalArgs & { "data-source": string }> = {
  command: "init",
  describe: "Create autogen.config.ts, migrations/ and templates/migration.ts",
  builder: (y) => y.option("data-source", { type: "string", describe: "Module exporting your DataSource", default: "src/data-source.ts" }),
  handler: (argv) => {
    const result = initCommand({ cwd: argv.cwd, dataSource: argv["data-source"] });
    output(argv, result, () => result.created.map((file) => `Created ${file}`));
  },
};
