/** CREATE TABLE and CREATE INDEX, shared by createTable, createIndex and restoreTable. */
import type { Index, QualifiedName, Table } from "../model/schema";
import { columnDefinition } from "./column-definition";
import { quoteIdent, quoteIdentList, quoteLiteralOrNull, quoteQualified } from "./quote";

export const columnComment = (table: QualifiedName, column: string, comment: string | null): string =>
  `COMMENT ON COLUMN ${quoteQualified(table)}.${quoteIdent(column)} IS ${quoteLiteralOrNull(comment)}`;

export const tableComment = (table: QualifiedName, comment: string | null): string =>
  `COMMENT ON TABLE ${quoteQualified(table)} IS ${quoteLiteralOrNull(comment)}`;

export const createIndexStatement = (table: QualifiedName, index: Index, concurrently = false): string => {
  const unique = index.unique ? "UNIQUE " : "";
  const where = index.where === null ? "" : ` WHERE ${index.where}`;
  const mode = concurrently ? "CONCURRENTLY " : "";
  return `CREATE ${unique}INDEX ${mode}${quoteIdent(index.name)} ON ${quoteQualified(table)} USING ${index.method} (${index.keys.join(", ")})${where}`;
};

export const createTableStatements = (table: Table): string[] => {
  const elements = table.columns.map(columnDefinition);
  if (table.primaryKey) {
    elements.push(`CONSTRAINT ${quoteIdent(table.primaryKey.name)} PRIMARY KEY (${quoteIdentList(table.primaryKey.columns)})`);
  }
  for (const unique of table.uniques) {
    elements.push(`CONSTRAINT ${quoteIdent(unique.name)} UNIQUE (${quoteIdentList(unique.columns)})`);
  }
  for (const check of table.checks) elements.push(`CONSTRAINT ${quoteIdent(check.name)} CHECK (${check.expression})`);
  for (const exclusion of table.exclusions) elements.push(`CONSTRAINT ${quoteIdent(exclusion.name)} ${exclusion.definition}`);
  const statements = [`CREATE TABLE ${quoteQualified(table)} (\n  ${elements.join(",\n  ")}\n)`];
  if (table.comment !== null) statements.push(tableComment(table, table.comment));
  for (const column of table.columns) {
    if (column.comment !== null) statements.push(columnComment(table, column.name, column.comment));
  }
  return statements;
};

