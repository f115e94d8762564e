/**
 * Catalog rows of what views read (VIEW_DEPENDENCIES_QUERY, VIEW_READERS_QUERY), one per relation and
 * column, folded into a view's `dependsOn`: one entry per relation, its columns sorted.
 */
import { byQualifiedName, compareText, qualifiedKey } from "../../model/keys";
import type { ViewDependency } from "../../model/schema";

export interface ViewReadRow {
  readonly schema: string;
  readonly name: string;
  readonly column: string | null;
  readonly whole_row: boolean;
}

export const groupBy = <T,>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
};

export const toViewDependencies = (rows: readonly ViewReadRow[]): ViewDependency[] =>
  [...groupBy(rows, (row) => qualifiedKey(row)).values()]
    .map((relation) => ({
      schema: relation[0]!.schema,
      name: relation[0]!.name,
      columns: relation.flatMap((row) => (row.column === null ? [] : [row.column])).sort(compareText),
      wholeRow: relation.some((row) => row.whole_row),
    }))
    .sort(byQualifiedName);
