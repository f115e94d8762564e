/**
 * Names with quotes, spaces, capitals, unicode, reserved words and more than 63 bytes, on tables,
 * columns, indexes, constraints, enum types and enum values: revision, upgrade, check, downgrade.
 * Every identifier is quoted by one function; this proves it end to end on a real server.
 */
import type { EntitySchemaOptions } from "typeorm";
import { checkCommand } from "../../src/commands/check";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { truncateIdentifier } from "../../src/model/identifiers";
import { createTestDatabase } from "../support/database";
import { readSchema } from "../support/models";
import { createTestProject } from "../support/project";

const TABLE = `Order "Items"; DROP TABLE x --`;
const LONG = `${"Lång_".repeat(14)}end`; // 78 bytes: cut to 63 by PostgreSQL
const ENUM_VALUES = ["it's", `"quoted"`, "sp ace", "ünï", "back\\slash", "semi;colon"];

const schemas = (withExtra: boolean): EntitySchemaOptions<unknown>[] => [
  {
    name: "Parent",
    tableName: "select",
    columns: { id: { type: "int", primary: true, generated: "increment", name: "Id" } },
  },
  {
    name: "Hostile",
    tableName: TABLE,
    columns: {
      id: { type: "int", primary: true, generated: "increment", name: "from" },
      spaced: { type: "varchar", length: 30, name: "with space", default: "a'b" },
      unicode: { type: "text", name: "Ünïcödé", nullable: true, comment: `comment with 'quotes', "doubles"\r\nand a newline` },
      long: { type: "int", name: LONG, nullable: true },
      mood: { type: "enum", enum: ENUM_VALUES, enumName: `Mood "Type"`, default: "it's" },
      parentId: { type: "int", name: "Parent Id", nullable: true },
      ...(withExtra ? { extra: { type: "boolean", name: "where", default: false } } : {}),
    },
    relations: { parent: { type: "many-to-one", target: "Parent", joinColumn: { name: "Parent Id", foreignKeyConstraintName: `FK "to" ${LONG}` } } },
    indices: [{ name: `IDX "spaced" ${LONG}`, columns: ["spaced", "unicode"], where: `"with space" <> 'x''y'` }],
    uniques: [{ name: `UQ 'long' ${LONG}`, columns: ["long"] }],
    checks: [{ name: `CHK "from"`, expression: `"from" > 0 AND "with space" <> ''` }],
  },
];

it("round-trips hostile names through revision, upgrade, check and downgrade", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const v1 = { cwd: project.dir, configFile: project.useEntitySchemas(schemas(false)), url: db.url };
    await revisionCommand({ ...v1, message: "hostile", revisionId: "00000000b001" });
    await upgradeCommand({ ...v1, target: "head" });
    expect((await checkCommand(v1)).ops).toEqual([]);

    const model = await readSchema(db.client);
    const hostile = model.tables.find((table) => table.name === TABLE)!;
    expect(hostile.columns.map((column) => column.name).sort()).toEqual(["Parent Id", "from", "mood", "with space", truncateIdentifier(LONG), "Ünïcödé"].sort());
    expect(hostile.indexes.map((index) => index.name)).toEqual([truncateIdentifier(`IDX "spaced" ${LONG}`)]);
    expect(hostile.foreignKeys.map((fk) => fk.name)).toEqual([truncateIdentifier(`FK "to" ${LONG}`)]);
    expect(model.enums.map((enumType) => enumType.values)).toEqual([ENUM_VALUES]);
    await db.client.query(`INSERT INTO "select" DEFAULT VALUES`);
    await db.client.query(`INSERT INTO "${TABLE.replace(/"/g, '""')}" ("Parent Id", "mood") VALUES (1, $1)`, [`"quoted"`]);

    const v2 = { ...v1, configFile: project.useEntitySchemas(schemas(true)) };
    const second = await revisionCommand({ ...v2, message: "add where", revisionId: "00000000b002" });
    expect(second.kind === "written" && second.ops.map((op) => op.kind)).toEqual(["addColumn"]);
    await upgradeCommand({ ...v2, target: "head" });
    expect((await checkCommand(v2)).ops).toEqual([]);

    await downgradeCommand({ ...v2, target: "base" });
    const empty = await readSchema(db.client);
    expect([empty.tables, empty.enums]).toEqual([[], []]);
  } finally {
    await db.drop();
    project.remove();
  }
});
