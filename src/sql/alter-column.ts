/**
 * ALTER COLUMN, in the order PostgreSQL needs: what blocks a change goes first (an old default typed
 * for the old type, a serial's sequence before an identity), then the type, the identity, the new
 * default, nullability and the comment.
 */
import type { QualifiedName } from "../model/schema";
import { truncateIdentifier } from "../model/identifiers";
import { parseTypeReference } from "../model/type-names";
import type { AlterColumnOp } from "../ops/types";
import { quoteIdent, quoteLiteral, quoteQualified } from "./quote";
import { serialTypeFor } from "./column-definition";
import { UsageError } from "../errors";

const alter = (table: QualifiedName, action: string): string => `ALTER TABLE ${quoteQualified(table)} ${action}`;

/** The sequence behind a serial or identity column, found at run time: its name is PostgreSQL's choice. */
export const ownedSequence = (table: QualifiedName, column: string): string =>
  `pg_get_serial_sequence(${quoteLiteral(quoteQualified(table))}, ${quoteLiteral(column)})`;

/** Next value after the largest one in use, so inserts do not collide with existing rows. */
export const restartAfterMax = (table: QualifiedName, column: string, sequence: string): string =>
  `SELECT setval(${sequence}, COALESCE(MAX(${quoteIdent(column)}), 0) + 1, false) FROM ${quoteQualified(table)}`;

/** A serial's sequence has no name autogen can know offline: the DO block looks it up as it runs. */
const dropOwnedSequence = (table: QualifiedName, column: string): string =>
  `DO ${quoteLiteral(`BEGIN EXECUTE 'DROP SEQUENCE ' || ${ownedSequence(table, column)}; END`)}`;

const serialSequenceName = (table: QualifiedName, column: string): QualifiedName => ({
  schema: table.schema,
  name: truncateIdentifier(`${table.name}_${column}_seq`),
});

/**
 * The conversion when none is given: a cast to the new type. PostgreSQL has no cast from one enum
 * type to another (nor between most user-defined types), but every type converts to and from text,
 * so a change between two types of the schema goes through text, element by element for arrays.
 */
const defaultUsing = (column: string, from: string, to: string): string => {
  const source = parseTypeReference(from);
  const target = parseTypeReference(to);
  if (source !== null && target !== null && source.array === target.array) {
    return `${quoteIdent(column)}::text${source.array ? "[]" : ""}::${to}`;
  }
  return `${quoteIdent(column)}::${to}`;
};

export const alterColumnStatements = (op: AlterColumnOp): string[] => {
  const { table } = op;
  const column = `ALTER COLUMN ${quoteIdent(op.column)}`;
  const { type, nullable, comment, serial, identity, collation, generated } = op.changes;
  const defaultChange = op.changes.default;
  const statements: string[] = [];

  if (generated && generated.from === null) {
    throw new UsageError(
      `alterColumn of ${quoteQualified(table)}.${quoteIdent(op.column)}: PostgreSQL cannot make an existing column generated in place. ` +
        "Drop it and add it again with op.recreateColumn(...), dropping the indexes and constraints on it before and creating them after.",
    );
  }
  // A generated column takes no default or identity: the expression goes first, and keeps the values.
  // https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-EXPRESSION
  if (generated && generated.to === null) statements.push(alter(table, `${column} DROP EXPRESSION`));
  if (serial && !serial.to) {
    statements.push(alter(table, `${column} DROP DEFAULT`), dropOwnedSequence(table, op.column));
  }
  if (identity && identity.from !== null && identity.to === null) statements.push(alter(table, `${column} DROP IDENTITY`));
  // The old default is typed for the old type and may not cast to the new one, so it goes first
  // and the new default is set once the column has its new type.
  if (type && defaultChange && defaultChange.from !== null) statements.push(alter(table, `${column} DROP DEFAULT`));
  if (type || collation) {
    const newType = type?.to ?? op.columnType;
    if (newType === undefined) throw new Error(`bug: alterColumn of ${op.column} changes the collation without the column's type`);
    const collate = collation ? ` COLLATE ${collation.to === null ? '"default"' : quoteIdent(collation.to)}` : "";
    const using = type ? ` USING ${op.using ?? defaultUsing(op.column, type.from, type.to)}` : "";
    statements.push(alter(table, `${column} TYPE ${newType}${collate}${using}`));
  }
  // PostgreSQL 17+; it rewrites the table and rebuilds the indexes on the column itself.
  if (generated && generated.from !== null && generated.to !== null) statements.push(alter(table, `${column} SET EXPRESSION AS (${generated.to})`));
  if (identity && identity.from === null && identity.to !== null) {
    statements.push(
      alter(table, `${column} ADD GENERATED ${identity.to.toUpperCase()} AS IDENTITY`),
      restartAfterMax(table, op.column, ownedSequence(table, op.column)),
    );
  }
  if (identity && identity.from !== null && identity.to !== null) {
    statements.push(alter(table, `${column} SET GENERATED ${identity.to.toUpperCase()}`));
  }
  if (serial && serial.to) {
    const sequence = quoteQualified(serialSequenceName(table, op.column));
    const columnType = type?.to ?? op.columnType;
    serialTypeFor(columnType ?? "integer");
    statements.push(
      `CREATE SEQUENCE ${sequence}${columnType ? ` AS ${columnType}` : ""} OWNED BY ${quoteQualified(table)}.${quoteIdent(op.column)}`,
      alter(table, `${column} SET DEFAULT nextval(${quoteLiteral(sequence)}::regclass)`),
      restartAfterMax(table, op.column, quoteLiteral(sequence)),
    );
  }
  if (defaultChange && (defaultChange.to !== null || !type)) {
    statements.push(alter(table, defaultChange.to === null ? `${column} DROP DEFAULT` : `${column} SET DEFAULT ${defaultChange.to}`));
  }
  if (nullable) statements.push(alter(table, `${column} ${nullable.to ? "DROP" : "SET"} NOT NULL`));
  if (comment) {
    statements.push(`COMMENT ON COLUMN ${quoteQualified(table)}.${quoteIdent(op.column)} IS ${comment.to === null ? "NULL" : quoteLiteral(comment.to)}`);
  }
  return statements;
};
