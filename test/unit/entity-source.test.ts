/**
 * Entity declarations that can never converge are refused with what to write instead, before any
 * database is involved (TypeORM builds the metadata without connecting).
 */
import { DataSource, EntitySchema, type EntitySchemaColumnOptions } from "typeorm";
import { EntityModelError, entitiesToModel } from "../../src/sources/entities/to-model";

const modelOf = async (column: EntitySchemaColumnOptions) => {
  const dataSource = new DataSource({
    type: "postgres",
    entities: [new EntitySchema({ name: "Event", tableName: "events", columns: { id: { type: "int", primary: true }, at: column } })],
  });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return entitiesToModel(dataSource, "public");
};

describe("time-dependent literal defaults", () => {
  it.each([
    [{ type: "timestamptz", default: "now()" }, 'default "now()" is a string', 'default: () => "now()"'],
    [{ type: "timestamp", default: "NOW" }, 'default "NOW" is a string', 'default: () => "now()"'],
    [{ type: "date", default: "today" }, 'default "today" is a string', 'default: () => "CURRENT_DATE"'],
    [{ type: "date", default: "tomorrow" }, "", 'default: () => "CURRENT_DATE + 1"'],
    [{ type: "time", default: " now ( ) " }, "", 'default: () => "now()"'],
  ] as const)("refuses %j, naming the column and the expression to write", async (column, said, fix) => {
    const attempt = modelOf(column as EntitySchemaColumnOptions);
    await expect(attempt).rejects.toThrow(EntityModelError);
    await expect(attempt).rejects.toThrow("Column public.events.at");
    await expect(attempt).rejects.toThrow(said);
    await expect(attempt).rejects.toThrow(fix);
  });

  it.each([
    [{ type: "timestamptz", default: () => "now()" }, "now()"],
    [{ type: "timestamptz", default: "2026-01-01 00:00:00+00" }, "'2026-01-01 00:00:00+00'"],
    [{ type: "text", default: "now()" }, "'now()'"],
  ] as const)("keeps %j", async (column, expected) => {
    const model = await modelOf(column as EntitySchemaColumnOptions);
    expect(model.tables[0]!.columns.find((candidate) => candidate.name === "at")!.default).toBe(expected);
  });
});
