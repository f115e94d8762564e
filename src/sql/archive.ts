/**
 * Archives and restores for `revision --archive` (src/safety/archive.ts).
 *
 * An archive is one DO block: the table is locked in SHARE mode (writes wait, reads go on), copied,
 * marked, and the table or column dropped, all in one statement. Without the lock, rows written
 * between the copy and the drop would be lost; LOCK TABLE works only inside a transaction, and the DO
 * block is one whatever the transaction mode (`--transaction none`, an autocommit block).
 * https://www.postgresql.org/docs/current/sql-lock.html
 *
 * An archive keeps enum values (and arrays of them) as text: a copy of the enum type would depend on
 * it, and the revision that drops the column often drops its type too. Which columns are enums is a
 * fact of the database when the migration runs, not of the op, so the copy's column list is read from
 * the catalog inside the DO block. A restore casts every value back to its column's type, which the
 * downgrade has recreated first.
 */
import type { Column, QualifiedName } from "../model/schema";
import { isSerialTypeName } from "../model/sql-types";
import type { ArchiveColumnOp, ArchiveTableOp, ColumnChanges, RestoreColumnOp, RestoreTableOp } from "../ops/types";
import { archiveComment } from "../safety/archive";
import { alterColumnStatements, ownedSequence, restartAfterMax } from "./alter-column";
import { columnDefinition } from "./column-definition";
import { createIndexStatement, createTableStatements, tableComment } from "./create-table";
import { quoteIdent, quoteIdentList, quoteLiteral, quoteQualified } from "./quote";

/** The statements as one DO block, under a dollar-quote tag that no name inside can end early. */
const atomically = (statements: readonly string[]): string => {
  const body = statements.map((statement) => `  ${statement};`).join("\n");
  let tag = "$autogen$";
  for (let n = 1; body.includes(tag); n += 1) tag = `$autogen${n}$`;
  return `DO ${tag}\nBEGIN\n${body}\nEND\n${tag}`;
};

const archiveOf = (schema: string, archive: string): QualifiedName => ({ schema, name: archive });

/**
 * A PL/pgSQL statement that copies `columns` of `table` (all of them, in table order, when null) into
 * a new table `archive`, enums and arrays of enums as text. `format('%I')` quotes the names the
 * catalog returns.
 */
const copyIntoArchive = (table: QualifiedName, archive: QualifiedName, columns: readonly string[] | null): string => {
  const names = columns === null ? "" : `ARRAY[${columns.map(quoteLiteral).join(", ")}]::name[]`;
  const list = [
    "SELECT string_agg(CASE",
    "WHEN t.typtype = 'e' THEN format('%I::text AS %I', a.attname, a.attname)",
    "WHEN e.typtype = 'e' THEN format('%I::text[] AS %I', a.attname, a.attname)",
    "ELSE format('%I', a.attname) END,",
    `', ' ORDER BY ${columns === null ? "a.attnum" : `array_position(${names}, a.attname)`})`,
    "FROM pg_catalog.pg_attribute AS a",
    "JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid",
    "LEFT JOIN pg_catalog.pg_type AS e ON e.oid = t.typelem AND t.typcategory = 'A'",
    `WHERE a.attrelid = ${quoteLiteral(quoteQualified(table))}::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    ...(columns === null ? [] : [`AND a.attname = ANY (${names})`]),
  ].join(" ");
  return `EXECUTE ${quoteLiteral(`CREATE TABLE ${quoteQualified(archive)} AS SELECT `)} || (${list}) || ${quoteLiteral(` FROM ${quoteQualified(table)}`)}`;
};

/** An archived value as its column's type again; a serial shorthand names no type to cast to. */
const restoredValue = (expression: string, column: Column): string =>
  isSerialTypeName(column.type) ? expression : `${expression}::${column.type}`;

export const archiveTableStatements = (op: ArchiveTableOp): string[] => {
  const table = quoteQualified(op.name);
  const archive = archiveOf(op.name.schema, op.archive);
  return [
    atomically([
      `LOCK TABLE ${table} IN SHARE MODE`,
      copyIntoArchive(op.name, archive, null),
      tableComment(archive, archiveComment(`table ${table}`)),
      `DROP TABLE ${table}`,
    ]),
  ];
};

/**
 * The table as it was (its foreign keys come back through their own ops, after the rows), its rows
 * with their ids as they were, and its sequences moved past the largest id so new rows do not collide.
 */
export const restoreTableStatements = (op: RestoreTableOp): string[] => {
  const name = { schema: op.table.schema, name: op.table.name };
  const archive = quoteQualified(archiveOf(name.schema, op.archive));
  // Stored generated columns are computed again; they cannot be inserted.
  const copied = op.table.columns.filter((column) => column.generated === null);
  const list = quoteIdentList(copied.map((column) => column.name));
  const overriding = copied.some((column) => column.identity !== null) ? " OVERRIDING SYSTEM VALUE" : "";
  const sequenced = copied.filter((column) => column.serial || isSerialTypeName(column.type) || column.identity !== null);
  return [
    ...createTableStatements({ ...op.table, foreignKeys: [], indexes: [] }),
    ...op.table.indexes.map((index) => createIndexStatement(name, index)),
    `INSERT INTO ${quoteQualified(name)} (${list})${overriding} SELECT ${copied.map((column) => restoredValue(quoteIdent(column.name), column)).join(", ")} FROM ${archive}`,
    ...sequenced.map((column) => restartAfterMax(name, column.name, ownedSequence(name, column.name))),
    `DROP TABLE ${archive}`,
  ];
};

export const archiveColumnStatements = (op: ArchiveColumnOp): string[] => {
  const table = quoteQualified(op.table);
  const archive = archiveOf(op.table.schema, op.archive);
  return [
    atomically([
      `LOCK TABLE ${table} IN SHARE MODE`,
      copyIntoArchive(op.table, archive, [...op.key, op.column]),
      tableComment(archive, archiveComment(`column ${table}.${quoteIdent(op.column)}`)),
      `ALTER TABLE ${table} DROP COLUMN ${quoteIdent(op.column)}`,
    ]),
  ];
};

/**
 * The column comes back nullable with its default (so rows inserted since the archive get the default,
 * as they would have), is filled row by row from the archive, and only then gets its sequence or
 * identity and NOT NULL: a NOT NULL added first would fail before the copy. A sequence cannot fill rows
 * the archive does not know, so such rows stay NULL, and a NOT NULL serial or identity column then
 * fails the downgrade (rolled back, naming the column).
 */
export const restoreColumnStatements = (op: RestoreColumnOp): string[] => {
  const { table, column } = op;
  const name = quoteIdent(column.name);
  const archive = quoteQualified(archiveOf(table.schema, op.archive));
  const sequenced = column.serial || column.identity !== null;
  const bare = { ...column, nullable: true, default: sequenced ? null : column.default, serial: false, identity: null, generated: null, comment: null };
  const matches = op.key.map((key) => `restored.${quoteIdent(key)} = archived.${quoteIdent(key)}`).join(" AND ");
  // An identity can only be added to a column that is NOT NULL already.
  const notNullFirst = column.identity !== null && !column.nullable;
  const changes: ColumnChanges = {
    ...(column.serial ? { serial: { from: false, to: true } } : {}),
    ...(column.identity !== null ? { identity: { from: null, to: column.identity } } : {}),
    ...(!column.nullable && !notNullFirst ? { nullable: { from: true, to: false } } : {}),
    ...(column.comment !== null ? { comment: { from: null, to: column.comment } } : {}),
  };
  return [
    `ALTER TABLE ${quoteQualified(table)} ADD COLUMN ${columnDefinition(bare)}`,
    `UPDATE ${quoteQualified(table)} AS restored SET ${name} = ${restoredValue(`archived.${name}`, column)} FROM ${archive} AS archived WHERE ${matches}`,
    ...(notNullFirst ? [`ALTER TABLE ${quoteQualified(table)} ALTER COLUMN ${name} SET NOT NULL`] : []),
    ...(Object.keys(changes).length > 0 ? alterColumnStatements({ kind: "alterColumn", table, column: column.name, changes, columnType: column.type }) : []),
    `DROP TABLE ${archive}`,
  ];
};
