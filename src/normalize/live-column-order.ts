/**
 * A view's `SELECT *` is expanded by PostgreSQL in the table's physical column order, which for a table
 * that already exists is the live one: columns added later, or added again by `recreateColumn`, stand
 * last whatever the entity's order. Building the shadow's tables with the live order for the columns
 * they already have keeps such views' normalized text equal to the live text. Column order is otherwise
 * no part of the comparison.
 */
import { qualifiedKey } from "../model/keys";
import type { SchemaModel, Table } from "../model/schema";

export const withLiveColumnOrder = (declared: SchemaModel, live: SchemaModel): SchemaModel => {
  const liveTables = new Map(live.tables.map((table) => [qualifiedKey(table), table]));
  const ordered = (table: Table): Table => {
    const existing = liveTables.get(qualifiedKey(table));
    if (!existing) return table;
    const position = new Map(existing.columns.map((column, index) => [column.name, index]));
    const rank = (name: string, declaredIndex: number) => position.get(name) ?? existing.columns.length + declaredIndex;
    const columns = table.columns
      .map((column, index) => ({ column, rank: rank(column.name, index) }))
      .sort((a, b) => a.rank - b.rank)
      .map(({ column }) => column);
    return { ...table, columns };
  };
  return { ...declared, tables: declared.tables.map(ordered) };
};
