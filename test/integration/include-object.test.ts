/** `includeObject` in the config leaves what it refuses alone on both sides, as Alembic's hook does. */
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
