import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AutogenError } from "../errors";
import { defaultTemplatePath } from "./package-files";
import { templatePath } from "./templates";

export interface InitOptions {
  readonly cwd: string;
  /** Path of the module exporting the DataSource, relative to the project. */
  readonly dataSource?: string;
  /** Which shipped template becomes the project's migration template (`autogen list-templates`). */
  readonly template?: string;
}

const configText = (dataSource: string): string => `import { defineConfig } from "typeorm-autogen";

export default defineConfig({
  // The module that exports your application's TypeORM DataSource: autogen reads its entities and
  // naming strategy, never its connection settings.
  dataSource: ${JSON.stringify(dataSource)},
  migrations: "migrations",
  template: "templates/migration.ts",
  versionTable: "autogen_version",
  // The database: --url, then DATABASE_URL, then this; with none, an embedded server under .autogen/.
  // url: "postgres://user@localhost:5432/app",
});
`;

export const initCommand = (options: InitOptions): { readonly created: readonly string[] } => {
  const cwd = path.resolve(options.cwd);
  if (options.template) templatePath(options.template);
  const configFile = path.join(cwd, "autogen.config.ts");
  if (existsSync(configFile)) throw new AutogenError(`${configFile} already exists; autogen is initialised here.`);
  const created: string[] = [];
  writeFileSync(configFile, configText(options.dataSource ?? "src/data-source.ts"));
  created.push(configFile);
  const migrations = path.join(cwd, "migrations");
  if (!existsSync(migrations)) {
    mkdirSync(migrations, { recursive: true });
    created.push(migrations);
  }
  const template = path.join(cwd, "templates", "migration.ts");
  if (!existsSync(template)) {
    mkdirSync(path.dirname(template), { recursive: true });
    copyFileSync(options.template ? templatePath(options.template) : defaultTemplatePath(), template);
    created.push(template);
  }
  return { created };
};
