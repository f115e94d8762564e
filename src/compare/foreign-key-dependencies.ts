/**
 * A foreign key depends on the primary key, unique constraint or unique index that backs its
 * referenced columns: PostgreSQL refuses to drop that key while the foreign key exists. When the plan
 * drops such a key (to rename or rebuild it), every foreign key resting on it is dropped first and
 * created again afterwards, even though the foreign key itself did not change.
 */
import { indexBy, qualifiedKey } from "../model/keys";
import type { ForeignKey, SchemaModel, Table } from "../model/schema";
import { diffNamed } from "./table-parts";

export const foreignKeyKey = (table: Table | { schema: string; name: string }, foreignKey: { readonly name: string }): string =>
  `${qualifiedKey(table)}\u0000${foreignKey.name}`;

const sameColumnSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((column) => b.includes(column));

const droppedKeyColumns = (before: Table, after: Table): (readonly string[])[] => [
  ...diffNamed(before.primaryKey ? [before.primaryKey] : [], after.primaryKey ? [after.primaryKey] : []).dropped.map((key) => key.columns),
  ...diffNamed(before.uniques, after.uniques).dropped.map((unique) => unique.columns),
  // Only a plain-column unique index without a predicate can back a foreign key.
  ...diffNamed(before.indexes, after.indexes)
    .dropped.filter((index) => index.unique && index.where === null)
    .map((index) => index.keys),
];

/** Keys (`foreignKeyKey`) of current foreign keys that must be rebuilt around a dropped key. */
export const foreignKeysResting = (current: SchemaModel, target: SchemaModel): Set<string> => {
  const targetTables = indexBy(target.tables, qualifiedKey);
  const droppedKeys = new Map<string, (readonly string[])[]>();
  for (const before of current.tables) {
    const after = targetTables.get(qualifiedKey(before));
    if (after) droppedKeys.set(qualifiedKey(before), droppedKeyColumns(before, after));
  }
  const resting = new Set<string>();
  for (const table of current.tables) {
    for (const foreignKey of table.foreignKeys) {
      const keys = droppedKeys.get(qualifiedKey(foreignKey.referencedTable)) ?? [];
      if (keys.some((columns) => sameColumnSet(columns, foreignKey.referencedColumns))) resting.add(foreignKeyKey(table, foreignKey));
    }
  }
  return resting;
};
