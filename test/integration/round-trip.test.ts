/**
 * From an empty database, `revision` + `upgrade` must build exactly what TypeORM's own synchronize
 * builds for the same entities (the independent oracle); a second `revision` finds nothing; and
 * `downgrade base` leaves no user object behind.
 */
import path from "node:path";
import { DataSource } from "typeorm";
import { autogenerate } from "../../src/commands/autogenerate";
import { loadProjectConfig } from "../../src/commands/context";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { smallSets } from "../corpus/small-sets";
import { createTestDatabase } from "../support/database";
import { differences, readSchema } from "../support/models";
import { createTestProject, type TestProject } from "../support/project";

const DEMO_DATA_SOURCE = path.resolve(__dirname, "..", "..", "entities", "data-source.ts");

const synchronizeWithTypeorm = async (dataSourceFile: string, url: string): Promise<void> => {
  const exported = require(dataSourceFile) as Record<string, DataSource>;
  const declared = Object.values(exported).find((value) => value instanceof DataSource) ?? (exported as unknown as DataSource);
  const dataSource = new DataSource({ ...declared.options, url, synchronize: false, logging: false } as never);
  await dataSource.initialize();
  try {
    await dataSource.synchronize();
  } finally {
    await dataSource.destroy();
  }
};

interface Case {
  readonly name: string;
  readonly setUp: (project: TestProject) => { configFile: string; dataSourceFile: string };
}

const cases: Case[] = [
  {
    name: "demo entities",
    setUp: (project) => ({ configFile: project.useDataSourceModule(DEMO_DATA_SOURCE), dataSourceFile: DEMO_DATA_SOURCE }),
  },
  ...smallSets.map(
    (set): Case => ({
      name: set.name,
      setUp: (project) => {
        const configFile = project.useEntitySchemas(set.schemas, set.dataSourceOptions);
        return { configFile, dataSourceFile: configFile.replace("autogen.config.", "data-source.") };
      },
    }),
  ),
];

describe.each(cases)("round trip: $name", ({ setUp }) => {
  it("builds what synchronize builds, converges, and downgrades to nothing", async () => {
    const project = createTestProject();
    const migrated = await createTestDatabase();
    const synchronized = await createTestDatabase();
    try {
      const { configFile, dataSourceFile } = setUp(project);
      const options = { cwd: project.dir, configFile, url: migrated.url };

      const written = await revisionCommand({ ...options, message: "initial", revisionId: "000000000001" });
      expect(written.kind).toBe("written");
      await upgradeCommand({ ...options, target: "head" });

      await synchronizeWithTypeorm(dataSourceFile, synchronized.url);
      const ours = await readSchema(migrated.client);
      const theirs = await readSchema(synchronized.client);
      expect(ours.tables.length).toBeGreaterThan(0);
      expect(differences(ours, theirs)).toEqual([]);

      expect(await revisionCommand({ ...options, message: "again", revisionId: "000000000002" })).toEqual({ kind: "noChanges" });
      // What `check` sees on a database TypeORM built: nothing to do.
      const config = loadProjectConfig(options);
      const database = { client: synchronized.client, url: synchronized.url, source: "--url" as const, displayUrl: "", shadowServerUrl: async () => synchronized.url, close: async () => undefined };
      expect((await autogenerate(config, database)).ops).toEqual([]);

      await downgradeCommand({ ...options, target: "base" });
      const empty = await readSchema(migrated.client);
      expect(empty.tables).toEqual([]);
      expect(empty.enums).toEqual([]);
    } finally {
      await migrated.drop();
      await synchronized.drop();
      project.remove();
    }
  });
});
