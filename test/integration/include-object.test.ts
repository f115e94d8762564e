/** `includeObject` and `includeSchemas` in the config decide what autogen manages, as Alembic's hooks do. */
import { writeFileSync } from "node:fs";
import { checkCommand } from "../../src/commands/check";
import { createTestDatabase } from "../support/database";
import { describeAll } from "../support/models";
import { createTestProject } from "../support/project";

it("neither creates, drops nor alters what includeObject refuses", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const configFile = project.useEntitySchemas([
      { name: "Item", tableName: "items", columns: { id: { type: "int", primary: true }, name: { type: "text" }, note: { type: "text", nullable: true } } },
      { name: "Draft", tableName: "drafts", columns: { id: { type: "int", primary: true } } },
    ]);
    await db.client.query(`CREATE TABLE items (id int CONSTRAINT "PK_items" PRIMARY KEY, name varchar(10), legacy_flag boolean); CREATE TABLE audit_trail (id int)`);
    const options = { cwd: project.dir, configFile, url: db.url };
    const everything = describeAll((await checkCommand(options)).ops);
    expect(everything).toEqual(expect.arrayContaining(["createTable public.drafts", "dropTable public.audit_trail", "dropColumn public.items.legacy_flag", "addColumn public.items.note"]));

    const config = require(configFile) as Record<string, unknown>;
    writeFileSync(
      configFile,
      `module.exports = ${JSON.stringify(config).slice(0, -1)}, includeObject: (object) => !(object.kind === "table" && ["drafts", "audit_trail"].includes(object.name)) && !(object.kind === "column" && object.name === "legacy_flag") };\n`,
    );
    jest.resetModules();
    const filtered = describeAll((await checkCommand(options)).ops);
    expect(filtered.filter((op) => /drafts|audit_trail|legacy_flag/.test(op))).toEqual([]);
    expect(filtered).toContain("addColumn public.items.note");
  } finally {
    await db.drop();
    project.remove();
  }
});

it("manages a schema no entity uses only when includeSchemas names it", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const configFile = project.useEntitySchemas([{ name: "Item", tableName: "items", columns: { id: { type: "int", primary: true } } }]);
    await db.client.query(`CREATE TABLE items (id int CONSTRAINT "PK_ba5885359424c15ca6b9e79bcf6" PRIMARY KEY); CREATE SCHEMA legacy; CREATE TABLE legacy.orders (id int)`);
    const options = { cwd: project.dir, configFile, url: db.url };
    expect(describeAll((await checkCommand(options)).ops)).toEqual([]);

    const config = require(configFile) as Record<string, unknown>;
    writeFileSync(configFile, `module.exports = ${JSON.stringify({ ...config, includeSchemas: ["legacy"] })};\n`);
    jest.resetModules();
    expect(describeAll((await checkCommand(options)).ops)).toEqual(["dropTable legacy.orders"]);

    // The key's earlier name is refused with the new one, never silently ignored.
    writeFileSync(configFile, `module.exports = ${JSON.stringify({ ...config, schemas: ["legacy"] })};\n`);
    jest.resetModules();
    await expect(checkCommand(options)).rejects.toThrow('"schemas" is now called "includeSchemas"');
  } finally {
    await db.drop();
    project.remove();
  }
});
