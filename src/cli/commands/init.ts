import type { CommandModule } from "yargs";
import { initCommand } from "../../commands/init";
import { listTemplates } from "../../commands/templates";
import { output, type GlobalArgs } from "../shared";

export const init: CommandModule<GlobalArgs, GlobalArgs & { "data-source": string; template?: string }> = {
  command: "init",
  describe: "Create autogen.config.ts, migrations/ and templates/migration.ts",
  builder: (y) =>
    y
      .option("data-source", { type: "string", describe: "Module exporting your DataSource", default: "src/data-source.ts" })
      .option("template", { type: "string", describe: "Migration template to start from (see list-templates)" }),
  handler: (argv) => {
    const result = initCommand({ cwd: argv.cwd, dataSource: argv["data-source"], template: argv.template });
    output(argv, result, () => result.created.map((file) => `Created ${file}`));
  },
};

export const listTemplatesModule: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "list-templates",
  describe: "List the migration templates init can start from",
  handler: (argv) => {
    const templates = listTemplates();
    output(argv, templates, () => templates.map((template) => `${template.name.padEnd(16)} ${template.description}`));
  },
};
