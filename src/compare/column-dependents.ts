/**
 * What a column takes with it when it is dropped and added again (`recreateColumn`): PostgreSQL drops
 * the indexes and constraints of its table that include it, and refuses to drop it under a foreign key
 * of another table that references it. The comparison drops those before and creates them again after,
 * like any changed part; and an expression dropped in place records them, since its reverse is a
 * recreation.
 *
 * Expressions are matched by name: a part whose text names the column is counted, even where the name
 * only appears in a string. Rebuilding one part too many costs time; missing one would lose it.
 */
import { qualifiedKey } from "../model/keys";
import type { ForeignKey, QualifiedName, SchemaModel, Table } from "../model/schema";
import type { ColumnDependents } from "../ops/types";
import { quoteIdent } from "../sql/quote";
import { foreignKeyKey } from "./foreign-key-dependencies";

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether SQL text names the column, quoted or (when it can be written so) bare. */
export const mentionsColumn = (text: string, column: string): boolean => {
  if (text.includes(quoteIdent(column))) return true;
  if (!/^[a-z_][a-z0-9_$]*$/.test(column)) return false;
  return new RegExp(`(?<![A-Za-z0-9_$"])${escapeRegExp(column)}(?![A-Za-z0-9_$"])`).test(text);
};

/** The parts of a table that include one of the columns, by kind. */
export const partsIncluding = (table: Table, columns: readonly string[]): Omit<ColumnDependents, "foreignKeys" | "views"> => {
  const mentions = (text: string) => columns.some((column) => mentionsColumn(text, column));
  const lists = (names: readonly string[]) => names.some((name) => columns.includes(name));
  return {
    primaryKey: table.primaryKey && lists(table.primaryKey.columns) ? table.primaryKey : null,
    uniques: table.uniques.filter((unique) => lists(unique.columns)),
    checks: table.checks.filter((check) => mentions(check.expression)),
    exclusions: table.exclusions.filter((exclusion) => mentions(exclusion.definition)),
    indexes: table.indexes.filter((index) => index.keys.some(mentions) || (index.where !== null && mentions(index.where))),
  };
};

/** Foreign keys of the model that include one of the table's columns, or reference one. */
export const foreignKeysIncluding = (model: SchemaModel, table: QualifiedName, columns: readonly string[]): { table: Table; foreignKey: ForeignKey }[] =>
  model.tables.flatMap((holder) =>
    holder.foreignKeys
      .filter(
        (foreignKey) =>
          (qualifiedKey(holder) === qualifiedKey(table) && foreignKey.columns.some((column) => columns.includes(column))) ||
          (qualifiedKey(foreignKey.referencedTable) === qualifiedKey(table) && foreignKey.referencedColumns.some((column) => columns.includes(column))),
      )
      .map((foreignKey) => ({ table: holder, foreignKey })),
  );

export interface Rebuilds {
  /** Per table (`qualifiedKey`), the names of its parts to drop and create again. */
  readonly parts: ReadonlyMap<string, ReadonlySet<string>>;
  /** Foreign keys (`foreignKeyKey`) to drop and create again. */
  readonly foreignKeys: ReadonlySet<string>;
}

/** Everything the recreated columns (`qualifiedKey(table)` -> column names) take with them. */
export const rebuildsAround = (current: SchemaModel, recreated: ReadonlyMap<string, readonly string[]>): Rebuilds => {
  const parts = new Map<string, Set<string>>();
  const foreignKeys = new Set<string>();
  for (const table of current.tables) {
    const columns = recreated.get(qualifiedKey(table)) ?? [];
    if (columns.length === 0) continue;
    const found = partsIncluding(table, columns);
    const names = [...(found.primaryKey ? [found.primaryKey] : []), ...found.uniques, ...found.checks, ...found.exclusions, ...found.indexes].map((part) => part.name);
    parts.set(qualifiedKey(table), new Set(names));
    for (const { table: holder, foreignKey } of foreignKeysIncluding(current, table, columns)) foreignKeys.add(foreignKeyKey(holder, foreignKey));
  }
  return { parts, foreignKeys };
};
