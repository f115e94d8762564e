/**
 * Temporary autogen projects for tests: a real config file and a real DataSource module, driven
 * through the same command functions the CLI calls. Projects live under the repository's
 * .autogen/test-projects so their modules resolve `typeorm` from its node_modules.
 *
 * Each model version gets its own file names: Node (and jest) cache modules by path.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { EntitySchemaOptions } from "typeorm";

const REPO = path.resolve(__dirname, "..", "..");

export interface TestProject {
  readonly dir: string;
  readonly migrationsDir: string;
  /** Points the project at a set of EntitySchema definitions (plain data); returns the config file. */
  useEntitySchemas(schemas: readonly EntitySchemaOptions<unknown>[], dataSourceOptions?: Record<string, unknown>): string;
  /** Points the project at an existing DataSource module (e.g. the demo's entities/data-source.ts). */
  useDataSourceModule(file: string): string;
  remove(): void;
}

export const createTestProject = (): TestProject => {
  const dir = path.join(REPO, ".autogen", "test-projects", randomBytes(5).toString("hex"));
  const migrationsDir = path.join(dir, "migrations");
  mkdirSync(migrationsDir, { recursive: true });
  let version = 0;
  const writeConfig = (dataSourceFile: string): string => {
    const configFile = path.join(dir, `autogen.config.${version}.js`);
    writeFileSync(
      configFile,
      `module.exports = ${JSON.stringify({ dataSource: dataSourceFile, migrations: "migrations" }, null, 2)};\n`,
    );
    return configFile;
  };
  return {
    dir,
    migrationsDir,
    useEntitySchemas: (schemas, dataSourceOptions = {}) => {
      version += 1;
      const file = path.join(dir, `data-source.${version}.js`);
      writeFileSync(
        file,
        [
          `const { DataSource, EntitySchema } = require("typeorm");`,
          `const schemas = ${JSON.stringify(schemas, null, 2)};`,
          `module.exports = new DataSource(Object.assign({ type: "postgres", entities: schemas.map((s) => new EntitySchema(s)) }, ${JSON.stringify(dataSourceOptions)}));`,
          "",
        ].join("\n"),
      );
      return writeConfig(file);
    },
    useDataSourceModule: (file) => {
      version += 1;
      return writeConfig(file);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};
