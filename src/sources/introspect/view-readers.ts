/**
 * The views reading the managed schemas' relations, whether autogen manages them or not: one query,
 * whatever the number of views.
 */
import type { Queryable } from "../../db/queryable";
import { byQualifiedName, compareText, qualifiedKey } from "../../model/keys";
import type { QualifiedName, ViewDependency } from "../../model/schema";
import { VIEW_READERS_QUERY } from "./catalog-queries";

export interface ViewReader extends QualifiedName {
  readonly dependsOn: readonly ViewDependency[];
}

interface Row { view_schema: string; view_name: string; schema: string; name: string; column: string | null; whole_row: boolean }

export const readViewReaders = async (db: Queryable, schemas: readonly string[]): Promise<ViewReader[]> => {
  const rows = (await db.query(VIEW_READERS_QUERY, [[...schemas]])).rows as unknown as Row[];
  const readers = new Map<string, { view: QualifiedName; reads: Map<string, { relation: QualifiedName; columns: Set<string>; wholeRow: boolean }> }>();
  for (const row of rows) {
    const view = { schema: row.view_schema, name: row.view_name };
    const reader = readers.get(qualifiedKey(view)) ?? { view, reads: new Map() };
    readers.set(qualifiedKey(view), reader);
    const relation = { schema: row.schema, name: row.name };
    const read = reader.reads.get(qualifiedKey(relation)) ?? { relation, columns: new Set<string>(), wholeRow: false };
    reader.reads.set(qualifiedKey(relation), read);
    if (row.column !== null) read.columns.add(row.column);
    if (row.whole_row) read.wholeRow = true;
  }
  return [...readers.values()]
    .map(({ view, reads }) => ({
      ...view,
      dependsOn: [...reads.values()]
        .map(({ relation, columns, wholeRow }) => ({ ...relation, columns: [...columns].sort(compareText), wholeRow }))
        .sort(byQualifiedName),
    }))
    .sort(byQualifiedName);
};
