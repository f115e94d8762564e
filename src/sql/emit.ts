/**
 * Operation -> SQL statements. The only producer of DDL: the runtime, offline `--sql` and the shadow
 * database all go through here, so what is reviewed is what runs.
 */
import type { ForeignKey, Index, QualifiedName, Table } from "../model/schema";
import { truncateIdentifier } from "../model/identifiers";
import { dispatch, type MigrationOp, type PerOpKind, type ReplaceEnumOp } from "../ops/types";
import { alterColumnStatements } from "./alter-column";
import { archiveColumnStatements, archiveTableStatements, restoreColumnStatements, restoreTableStatements } from "./archive";
import { columnDefinition } from "./column-definition";
import { columnComment, createIndexStatement, createTableStatements, tableComment } from "./create-table";
import { quoteIdent, quoteIdentList, quoteLiteral, quoteLiteralOrNull, quoteQualified } from "./quote";

const alterTable = (table: QualifiedName, action: string): string => `ALTER TABLE ${quoteQualified(table)} ${action}`;

const foreignKeyClause = (fk: ForeignKey): string => {
  const parts = [
    `FOREIGN KEY (${quoteIdentList(fk.columns)})`,
    `REFERENCES ${quoteQualified(fk.referencedTable)}(${quoteIdentList(fk.referencedColumns)})`,
    `ON DELETE ${fk.onDelete}`,
    `ON UPDATE ${fk.onUpdate}`,
  ];
  if (fk.deferrable) parts.push(fk.initiallyDeferred ? "DEFERRABLE INITIALLY DEFERRED" : "DEFERRABLE INITIALLY IMMEDIATE");
  return parts.join(" ");
};

/** The name the old type is renamed to while its columns are converted; cut to 63 bytes like any name. */
const asideName = (name: string): string => truncateIdentifier(`${name.slice(0, 40)}__autogen_old`);

const mappingEntries = (mapping: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(mapping).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** `CASE value WHEN 'old' THEN 'new' ... ELSE value END`, or the value itself without a mapping. */
const mapped = (value: string, mapping: Readonly<Record<string, string>>): string => {
  const entries = mappingEntries(mapping);
  if (entries.length === 0) return value;
  return `CASE ${value} ${entries.map(([from, to]) => `WHEN ${quoteLiteral(from)} THEN ${quoteLiteral(to)}`).join(" ")} ELSE ${value} END`;
};

/** The same for an array, element by element; USING allows no subquery, so no unnest. */
const mappedArray = (value: string, mapping: Readonly<Record<string, string>>): string =>
  mappingEntries(mapping).reduce((inner, [from, to]) => `array_replace(${inner}, ${quoteLiteral(from)}, ${quoteLiteral(to)})`, value);

const replaceEnumStatements = (op: ReplaceEnumOp): string[] => {
  const type = quoteQualified(op.name);
  const statements = [
    `ALTER TYPE ${type} RENAME TO ${quoteIdent(asideName(op.name.name))}`,
    `CREATE TYPE ${type} AS ENUM (${op.to.map(quoteLiteral).join(", ")})`,
  ];
  for (const use of op.columns) {
    const column = `ALTER COLUMN ${quoteIdent(use.column)}`;
    const text = `${quoteIdent(use.column)}::text`;
    const using = use.array
      ? `${mappedArray(`${quoteIdent(use.column)}::text[]`, op.mapping)}::${type}[]`
      : `(${mapped(text, op.mapping)})::${type}`;
    if (use.default !== null) statements.push(alterTable(use.table, `${column} DROP DEFAULT`));
    statements.push(alterTable(use.table, `${column} TYPE ${type}${use.array ? "[]" : ""} USING ${using}`));
    const defaultAfter = use.defaultAfter === undefined ? use.default : use.defaultAfter;
    if (defaultAfter !== null) statements.push(alterTable(use.table, `${column} SET DEFAULT ${defaultAfter}`));
  }
  statements.push(`DROP TYPE ${quoteQualified({ schema: op.name.schema, name: asideName(op.name.name) })}`);
  return statements;
};

/**
 * A key built without blocking writes: its unique index concurrently, then attached as the
 * constraint, which takes only a brief lock (the index keeps the constraint's name).
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX
 */
const attachedConcurrently = (table: QualifiedName, name: string, columns: readonly string[], kind: "UNIQUE" | "PRIMARY KEY"): string[] => [
  `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(name)} ON ${quoteQualified(table)} (${quoteIdentList(columns)})`,
  alterTable(table, `ADD CONSTRAINT ${quoteIdent(name)} ${kind} USING INDEX ${quoteIdent(name)}`),
];

const emitters: PerOpKind<string[]> = {
  createSchema: (op) => [`CREATE SCHEMA ${quoteIdent(op.schema)}`],
  dropSchema: (op) => [`DROP SCHEMA ${quoteIdent(op.schema)}`],
  createExtension: (op) => [
    `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(op.extension.name)} WITH SCHEMA ${quoteIdent(op.extension.schema)}`,
  ],
  dropExtension: (op) => [`DROP EXTENSION ${quoteIdent(op.extension.name)}`],
  createEnum: (op) => [`CREATE TYPE ${quoteQualified(op.enumType)} AS ENUM (${op.enumType.values.map(quoteLiteral).join(", ")})`],
  dropEnum: (op) => [`DROP TYPE ${quoteQualified(op.name)}`],
  addEnumValue: (op) => {
    const placement =
      op.before !== null ? ` BEFORE ${quoteLiteral(op.before)}` : op.after !== null ? ` AFTER ${quoteLiteral(op.after)}` : "";
    return [`ALTER TYPE ${quoteQualified(op.name)} ADD VALUE ${quoteLiteral(op.value)}${placement}`];
  },
  renameEnumValue: (op) => [`ALTER TYPE ${quoteQualified(op.name)} RENAME VALUE ${quoteLiteral(op.value)} TO ${quoteLiteral(op.newValue)}`],
  replaceEnum: (op) => replaceEnumStatements(op),
  renameEnum: (op) => [`ALTER TYPE ${quoteQualified(op.name)} RENAME TO ${quoteIdent(op.newName)}`],
  createTable: (op) => createTableStatements(op.table),
  dropTable: (op) => [`DROP TABLE ${quoteQualified(op.name)}`],
  archiveTable: (op) => archiveTableStatements(op),
  restoreTable: (op) => restoreTableStatements(op),
  renameTable: (op) => [alterTable(op.name, `RENAME TO ${quoteIdent(op.newName)}`)],
  setTableComment: (op) => [tableComment(op.table, op.comment.to)],
  addColumn: (op) => {
    const statements = [alterTable(op.table, `ADD COLUMN ${columnDefinition(op.column)}`)];
    if (op.column.comment !== null) statements.push(columnComment(op.table, op.column.name, op.column.comment));
    return statements;
  },
  dropColumn: (op) => [alterTable(op.table, `DROP COLUMN ${quoteIdent(op.column)}`)],
  archiveColumn: (op) => archiveColumnStatements(op),
  restoreColumn: (op) => restoreColumnStatements(op),
  alterColumn: (op) => alterColumnStatements(op),
  // One statement, so that the column is never missing in between (even outside a transaction).
  recreateColumn: (op) => {
    const statements = [alterTable(op.table, `DROP COLUMN ${quoteIdent(op.column.name)}, ADD COLUMN ${columnDefinition(op.column)}`)];
    if (op.column.comment !== null) statements.push(columnComment(op.table, op.column.name, op.column.comment));
    return statements;
  },
  renameColumn: (op) => [alterTable(op.table, `RENAME COLUMN ${quoteIdent(op.column)} TO ${quoteIdent(op.newName)}`)],
  createPrimaryKey: (op) =>
    op.concurrently
      ? attachedConcurrently(op.table, op.primaryKey.name, op.primaryKey.columns, "PRIMARY KEY")
      : [alterTable(op.table, `ADD CONSTRAINT ${quoteIdent(op.primaryKey.name)} PRIMARY KEY (${quoteIdentList(op.primaryKey.columns)})`)],
  dropPrimaryKey: (op) => [alterTable(op.table, `DROP CONSTRAINT ${quoteIdent(op.name)}`)],
  createUniqueConstraint: (op) =>
    op.concurrently
      ? attachedConcurrently(op.table, op.constraint.name, op.constraint.columns, "UNIQUE")
      : [alterTable(op.table, `ADD CONSTRAINT ${quoteIdent(op.constraint.name)} UNIQUE (${quoteIdentList(op.constraint.columns)})`)],
  dropUniqueConstraint: (op) => [alterTable(op.table, `DROP CONSTRAINT ${quoteIdent(op.name)}`)],
  createCheckConstraint: (op) => [
    alterTable(op.table, `ADD CONSTRAINT ${quoteIdent(op.constraint.name)} CHECK (${op.constraint.expression})${op.notValid ? " NOT VALID" : ""}`),
  ],
  dropCheckConstraint: (op) => [alterTable(op.table, `DROP CONSTRAINT ${quoteIdent(op.name)}`)],
  createExclusionConstraint: (op) => [alterTable(op.table, `ADD CONSTRAINT ${quoteIdent(op.constraint.name)} ${op.constraint.definition}`)],
  dropExclusionConstraint: (op) => [alterTable(op.table, `DROP CONSTRAINT ${quoteIdent(op.name)}`)],
  createForeignKey: (op) => [
    alterTable(op.table, `ADD CONSTRAINT ${quoteIdent(op.foreignKey.name)} ${foreignKeyClause(op.foreignKey)}${op.notValid ? " NOT VALID" : ""}`),
  ],
  dropForeignKey: (op) => [alterTable(op.table, `DROP CONSTRAINT ${quoteIdent(op.name)}`)],
  renameConstraint: (op) => [alterTable(op.table, `RENAME CONSTRAINT ${quoteIdent(op.name)} TO ${quoteIdent(op.newName)}`)],
  createIndex: (op) => [createIndexStatement(op.table, op.index, op.concurrently)],
  // A concurrent drop commits on its own: when a later step of the same run fails, the run is tried
  // again with the index already gone, so that drop must not fail.
  dropIndex: (op) => [`DROP INDEX ${op.concurrently ? "CONCURRENTLY IF EXISTS " : ""}${quoteQualified({ schema: op.table.schema, name: op.name })}`],
  renameIndex: (op) => [`ALTER INDEX ${quoteQualified({ schema: op.table.schema, name: op.name })} RENAME TO ${quoteIdent(op.newName)}`],
  // A materialized view is filled by its query here (WITH DATA is the default).
  createView: (op) => [`CREATE ${op.view.materialized ? "MATERIALIZED " : ""}VIEW ${quoteQualified(op.view)} AS ${op.view.definition}`],
  dropView: (op) => [`DROP ${op.materialized ? "MATERIALIZED " : ""}VIEW ${quoteQualified(op.name)}`],
  validateConstraint: (op) => [alterTable(op.table, `VALIDATE CONSTRAINT ${quoteIdent(op.name)}`)],
  execute: (op) => [op.sql],
};

export const emitSql = (op: MigrationOp): string[] => dispatch(emitters, op);

export const emitAllSql = (ops: readonly MigrationOp[]): string[] => ops.flatMap(emitSql);
