import type { Client } from "pg";
import { compareSchemas } from "../../src/compare/compare-schemas";
import type { SchemaModel } from "../../src/model/schema";
import type { MigrationOp } from "../../src/ops/types";
import { describeOp } from "../../src/ops/describe";
import { introspect } from "../../src/sources/introspect/introspect";

const VERSION_TABLES = new Set(["autogen_version", "autogen_version_log"]);

/** The user's schema as autogen reads it, without autogen's own bookkeeping tables. */
export const readSchema = (client: Client, schemas: readonly string[] = ["public"]): Promise<SchemaModel> =>
  introspect(client, { schemas, excludeTable: (table) => VERSION_TABLES.has(table.name) });

/** Differences between two databases' models, both directions, as readable lines; [] when equal. */
export const differences = (a: SchemaModel, b: SchemaModel): string[] => [
  ...compareSchemas(a, b).map((op) => `a->b ${describeOp(op)}`),
  ...compareSchemas(b, a).map((op) => `b->a ${describeOp(op)}`),
];

export const describeAll = (ops: readonly MigrationOp[]): string[] => ops.map(describeOp);

/** Columns in name order: TypeORM's synchronize and autogen may order columns differently. */
export const withSortedColumns = (model: SchemaModel): SchemaModel => ({
  ...model,
  tables: model.tables.map((table) => ({
    ...table,
    columns: [...table.columns].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
  })),
});
