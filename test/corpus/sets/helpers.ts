/** Small builders shared by the EntitySchema sets. */
import type { CorpusSet, EntitySchemaData } from "../types";

export const serialKey = { type: "int", primary: true, generated: "increment" } as const;

type Columns = EntitySchemaData["columns"];

/** An entity named like its table, with a serial `id` unless `columns` declares its own key. */
export const entity = (tableName: string, columns: Columns, extra: Partial<EntitySchemaData> = {}): EntitySchemaData => {
  const declaresKey = Object.values(columns as Record<string, { primary?: boolean }>).some((column) => column?.primary);
  return {
    name: extra.name ?? tableName,
    tableName,
    columns: declaresKey ? columns : { id: serialKey, ...columns },
    ...extra,
  };
};

export const schemaSet = (
  name: string,
  features: readonly string[],
  schemas: readonly EntitySchemaData[],
  rest: Omit<Partial<CorpusSet>, "name" | "features" | "source"> & { dataSourceOptions?: Record<string, unknown> } = {},
): CorpusSet => {
  const { dataSourceOptions, ...expectations } = rest;
  return { name, features, source: { kind: "entitySchemas", schemas, dataSourceOptions }, ...expectations };
};


