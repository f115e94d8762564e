/**
 * Tables autogen can see but must not touch: TypeORM's own bookkeeping (a project moving from
 * TypeORM's migrations still has them), entities marked `synchronize: false`, and excluded globs.
 */
import { writeFileSync } from "node:fs";
import { checkCommand } from "../../src/commands/check";
import { createTestDatabase } from "../support/database";
import { describeAll } from "../support/models";
import { createTestProject } from "../support/project";

it("leaves TypeORM's tables, synchronize:false entities and excluded tables alone", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const configFile = project.useEntitySchemas(
      [
        { name: "Kept", tableName: "kept", columns: { id: { type: "int", primary: true } } },
        { name: "Legacy", tableName: "legacy_report", synchronize: false, columns: { id: { type: "int", primary: true } } },
      ],
      { migrationsTableName: "typeorm_migrations" },
    );
    await db.client.query(`
      CREATE TABLE kept (id int CONSTRAINT "PK_kept" PRIMARY KEY);
      CREATE TABLE legacy_report (anything text);
      CREATE TABLE typeorm_migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL);
      CREATE TABLE typeorm_metadata (type varchar NOT NULL, name varchar);
      CREATE TABLE audit_2026_01 (id int);
      CREATE TABLE stray (id int);
    `);
    const options = { cwd: project.dir, configFile, url: db.url };
    // Only the stray table is autogen's to drop; the PK name is TypeORM's hash, so it is rebuilt too.
    const before = describeAll((await checkCommand(options)).ops);
    expect(before.filter((op) => op.startsWith("dropTable"))).toEqual(["dropTable public.audit_2026_01", "dropTable public.stray"]);

    writeFileSync(configFile, `module.exports = ${JSON.stringify({ ...require(configFile), excludeTables: ["audit_*"] })};\n`);
    jest.resetModules();
    const after = describeAll((await checkCommand(options)).ops);
    expect(after.filter((op) => op.startsWith("dropTable"))).toEqual(["dropTable public.stray"]);
  } finally {
    await db.drop();
    project.remove();
  }
});
