/**
 * The views reading the managed schemas' relations, whether autogen manages them or not: one query,
 * whatever the number of views.
 */
import type { Queryable } from "../../db/queryable";
import { byQualifiedName } from "../../model/keys";
import type { QualifiedName, ViewDependency } from "../../model/schema";
import { VIEW_READERS_QUERY } from "./catalog-queries";
import { groupBy, toViewDependencies, type ViewReadRow } from "./view-dependencies";

export interface ViewReader extends QualifiedName {
  readonly dependsOn: readonly ViewDependency[];
}

interface ViewReaderRow extends ViewReadRow {
  readonly view_schema: string;
  readonly view_name: string;
}

export const readViewReaders = async (db: Queryable, schemas: readonly string[]): Promise<ViewReader[]> => {
  const rows = (await db.query(VIEW_READERS_QUERY, [[...schemas]])).rows as unknown as ViewReaderRow[];
  return [...groupBy(rows, (row) => `${row.view_schema}\u0000${row.view_name}`).values()]
    .map((reads) => ({ schema: reads[0]!.view_schema, name: reads[0]!.view_name, dependsOn: toViewDependencies(reads) }))
    .sort(byQualifiedName);
};
