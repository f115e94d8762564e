import { defineConfig } from "typeorm-autogen";

// The demo project's configuration: this repository's own entities/ and migrations/.
export default defineConfig({
  dataSource: "entities/data-source.ts",
  migrations: "migrations",
  template: "templates/migration.ts",
  versionTable: "autogen_version",
});
