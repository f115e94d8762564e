/**
 * Column types that work today and hurt later: limits that need a locked ALTER to raise, 32-bit keys
 * that run out, timestamps without a time zone. They apply wherever a column gets a type: a new table,
 * a new column, or a type change.
 */
import type { QualifiedName } from "../../model/schema";
import type { OpContext, OpHandlers, LintRule } from "../rule";
import { columnLabel } from "../names";
import { isSerialTypeName, isThirtyTwoBitOrLess, parseTypeName, type TypeName } from "../../model/sql-types";

interface TypedColumn {
  readonly table: QualifiedName;
  readonly column: string;
  readonly typeText: string;
  readonly type: TypeName;
  readonly serial: boolean;
  readonly identity: boolean;
  /**
   * An id that grows with the table: a single-column primary key, or a value generated from a sequence.
   * Members of composite keys (a junction table's references, a line number) are not counted.
   */
  readonly key: boolean;
}

const typed = (table: QualifiedName, column: string, typeText: string, flags: { serial: boolean; identity: boolean; soleKey: boolean }): TypedColumn => {
  const serial = flags.serial || isSerialTypeName(typeText);
  return { table, column, typeText, type: parseTypeName(typeText), serial, identity: flags.identity, key: flags.soleKey || serial || flags.identity };
};

const isSoleKey = (primaryKey: readonly string[] | undefined, column: string): boolean => primaryKey?.length === 1 && primaryKey[0] === column;

/** Builds handlers that look at every column given a type by createTable, addColumn or alterColumn. */
const onTypedColumns = (check: (column: TypedColumn) => string | null): OpHandlers => ({
  createTable: (op) =>
    op.table.columns
      .map((column) =>
        check(typed(op.table, column.name, column.type, { serial: column.serial, identity: column.identity !== null, soleKey: isSoleKey(op.table.primaryKey?.columns, column.name) })),
      )
      .filter((message): message is string => message !== null),
  addColumn: (op) => {
    const message = check(typed(op.table, op.column.name, op.column.type, { serial: op.column.serial, identity: op.column.identity !== null, soleKey: false }));
    return message === null ? [] : [message];
  },
  alterColumn: (op, context: OpContext) => {
    if (!op.changes.type) return [];
    const soleKey = isSoleKey(context.model.table(op.table)?.primaryKey?.columns, op.column);
    const message = check(typed(op.table, op.column, op.changes.type.to, { serial: false, identity: false, soleKey }));
    return message === null ? [] : [message];
  },
});

export const preferText: LintRule = {
  id: "prefer-text",
  severity: "warning",
  summary: "A varchar(n) column, where text would do.",
  help:
    "In PostgreSQL varchar(n) stores exactly like text; the limit only adds a check, and lowering it later rewrites the " +
    "table under an ACCESS EXCLUSIVE lock (raising it is free). Use text, with `CHECK (char_length(col) <= n)` if the " +
    "limit matters; a CHECK can be replaced NOT VALID without locking readers.",
  ops: onTypedColumns((column) =>
    column.type.base === "varchar" && column.type.modifiers.length > 0
      ? `declares ${columnLabel(column.table, column.column)} as ${column.typeText}: prefer text (with a CHECK if the limit matters)`
      : null,
  ),
};

export const avoidChar: LintRule = {
  id: "avoid-char",
  severity: "warning",
  summary: "A char(n) column.",
  help:
    "char(n) pads values with spaces to n characters, compares ignoring them, and is no faster than text. Use text (or " +
    "varchar), with a CHECK on the length if it matters.",
  ops: onTypedColumns((column) =>
    column.type.base === "char" ? `declares ${columnLabel(column.table, column.column)} as ${column.typeText}: blank-padded; prefer text` : null,
  ),
};

export const preferTimestamptz: LintRule = {
  id: "prefer-timestamptz",
  severity: "warning",
  summary: "A timestamp without time zone column.",
  help:
    "timestamp without time zone drops the offset of every value written, so the same instant sent from two time zones " +
    "is stored as two different times. Use timestamp with time zone (timestamptz), which stores an instant and converts " +
    "on output.",
  ops: onTypedColumns((column) =>
    column.type.base === "timestamp" ? `declares ${columnLabel(column.table, column.column)} as ${column.typeText}: prefer timestamp with time zone` : null,
  ),
};

const widthOf = (type: TypeName): string => (type.base === "smallint" ? "16-bit" : "32-bit");

export const preferBigintKey: LintRule = {
  id: "prefer-bigint-key",
  severity: "warning",
  summary: "A 32-bit (or 16-bit) single-column primary key or generated id.",
  help:
    "integer ids run out at 2,147,483,647 (smallint at 32,767), and widening a key later rewrites the table and every " +
    "table referencing it. Use bigint for keys and generated ids: `op.column(\"id\", \"bigint\", { identity: \"always\" })`.",
  ops: onTypedColumns((column) =>
    column.key && isThirtyTwoBitOrLess(column.type)
      ? `declares key ${columnLabel(column.table, column.column)} as ${column.serial ? `${column.typeText} serial` : column.typeText} (${widthOf(column.type)}): prefer bigint`
      : null,
  ),
};

export const preferBigintColumn: LintRule = {
  id: "prefer-bigint-column",
  severity: "warning",
  optIn: true,
  summary: "A 32-bit or 16-bit integer column other than an id.",
  help:
    "Counters, foreign keys to growing tables and members of composite keys can outgrow integer as well, and widening " +
    "them rewrites the table. Off " +
    "by default, since most integer columns never approach the limit; turn it on with --enable prefer-bigint-column.",
  ops: onTypedColumns((column) =>
    !column.key && isThirtyTwoBitOrLess(column.type)
      ? `declares ${columnLabel(column.table, column.column)} as ${column.typeText} (${widthOf(column.type)}): prefer bigint`
      : null,
  ),
};

export const preferIdentity: LintRule = {
  id: "prefer-identity",
  severity: "warning",
  summary: "A serial column, where an identity column would do.",
  help:
    "serial creates a separately owned sequence whose permissions, ownership and dump behaviour surprise people, and lets " +
    "inserts bypass it silently. Use an identity column: `op.column(\"id\", \"bigint\", { identity: \"always\" })` " +
    "(TypeORM: @PrimaryGeneratedColumn(\"identity\", { generatedIdentity: \"ALWAYS\" })).",
  ops: onTypedColumns((column) => (column.serial ? `declares ${columnLabel(column.table, column.column)} as serial: prefer an identity column` : null)),
};
