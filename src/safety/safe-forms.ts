/**
 * Online-safe forms of operations on tables that already hold data. The comparator plans what must
 * change; this rewrites how, so production keeps serving while the migration runs:
 *
 * - an index is built or dropped CONCURRENTLY (no write lock), outside the transaction; a unique
 *   constraint or primary key builds its index that way and is then attached with USING INDEX;
 * - a foreign key or check is added NOT VALID (a brief lock) and validated afterwards in its own
 *   transaction, which scans under a lock that lets reads and writes go on;
 * - SET NOT NULL first gets a validated `CHECK (col IS NOT NULL)`, which lets PostgreSQL (12+) skip
 *   its full-table scan under ACCESS EXCLUSIVE, and the check is dropped after; the check is marked
 *   temporary, so the downgrade is a plain DROP NOT NULL;
 * - a NOT NULL column without a default is added nullable, filled by a backfill placeholder the
 *   reviewer completes (src/safety/backfill.ts), then made NOT NULL as above (unless it is the new
 *   name of an undecided rename, whose hint replaces the add). With a constant default
 *   it stays one ADD COLUMN: PostgreSQL 11+ stores the default without touching the rows.
 *
 * Tables and materialized views created by the same plan are new, so they keep the plain forms.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 */
import { truncateIdentifier } from "../model/identifiers";
import { qualifiedKey } from "../model/keys";
import type { QualifiedName } from "../model/schema";
import { isSerialTypeName } from "../model/sql-types";
import type { AddColumnOp, AlterColumnOp, MigrationOp } from "../ops/types";
import { quoteIdent } from "../sql/quote";
import { backfillPlaceholder } from "./backfill";

export interface SafeFormOptions {
  readonly concurrentIndexes: boolean;
  readonly notValidConstraints: boolean;
  readonly safeNotNull: boolean;
  /** A new NOT NULL column without a default: add nullable, backfill placeholder, SET NOT NULL. */
  readonly backfillRequiredColumns: boolean;
}

export const ALL_SAFE_FORMS: SafeFormOptions = { concurrentIndexes: true, notValidConstraints: true, safeNotNull: true, backfillRequiredColumns: true };

const validate = (table: QualifiedName, name: string): MigrationOp => ({ kind: "validateConstraint", table, name });

export const toSafeForms = (ops: readonly MigrationOp[], options: SafeFormOptions): MigrationOp[] => {
  // A materialized view created (or re-created) by the plan is as new as a created table.
  const created = new Set(
    ops.flatMap((op) => (op.kind === "createTable" ? [qualifiedKey(op.table)] : op.kind === "createView" ? [qualifiedKey(op.view)] : [])),
  );
  const existing = (table: QualifiedName) => !created.has(qualifiedKey(table));
  // The add of an undecided rename stays one op, so the rename hint ("replace this drop and the add")
  // stays exact; it is flagged as a NOT NULL add without a default instead.
  const renameTargets = new Set(
    ops.flatMap((op) =>
      (op.kind === "dropColumn" || op.kind === "archiveColumn") && op.possibleRename !== undefined ? [`${qualifiedKey(op.table)}\u0000${op.possibleRename}`] : [],
    ),
  );
  const possibleRename = (op: AddColumnOp) => renameTargets.has(`${qualifiedKey(op.table)}\u0000${op.column.name}`);
  return ops.flatMap((op): MigrationOp[] => {
    if (op.kind === "createIndex" && options.concurrentIndexes && existing(op.table)) return [{ ...op, concurrently: true }];
    if ((op.kind === "createUniqueConstraint" || op.kind === "createPrimaryKey") && options.concurrentIndexes && existing(op.table)) {
      return [{ ...op, concurrently: true }];
    }
    if (op.kind === "dropIndex" && options.concurrentIndexes && existing(op.table)) return [{ ...op, concurrently: true }];
    if (op.kind === "createForeignKey" && options.notValidConstraints && existing(op.table)) {
      return [{ ...op, notValid: true }, validate(op.table, op.foreignKey.name)];
    }
    if (op.kind === "createCheckConstraint" && options.notValidConstraints && existing(op.table)) {
      return [{ ...op, notValid: true }, validate(op.table, op.constraint.name)];
    }
    if (op.kind === "alterColumn" && options.safeNotNull && op.changes.nullable?.to === false && existing(op.table)) return safeSetNotNull(op);
    if (op.kind === "addColumn" && options.backfillRequiredColumns && needsBackfill(op) && existing(op.table) && !possibleRename(op)) {
      const setNotNull: AlterColumnOp = { kind: "alterColumn", table: op.table, column: op.column.name, changes: { nullable: { from: true, to: false } } };
      return [
        { ...op, column: { ...op.column, nullable: true } },
        backfillPlaceholder(op.table, op.column.name),
        ...(options.safeNotNull ? safeSetNotNull(setNotNull) : [setNotNull]),
      ];
    }
    return [op];
  });
};

/** A NOT NULL column that nothing fills: ADD COLUMN fails as soon as the table has a row. */
const needsBackfill = ({ column }: AddColumnOp): boolean =>
  !column.nullable &&
  column.default === null &&
  !column.serial &&
  !isSerialTypeName(column.type) &&
  column.identity === null &&
  column.generated === null;

const safeSetNotNull = (op: AlterColumnOp): MigrationOp[] => {
  const { nullable, ...others } = op.changes;
  const check = { name: truncateIdentifier(`${op.table.name}_${op.column}_not_null`), expression: `${quoteIdent(op.column)} IS NOT NULL` };
  const rest: MigrationOp[] = Object.keys(others).length > 0 ? [{ ...op, changes: others }] : [];
  return [
    ...rest,
    { kind: "createCheckConstraint", table: op.table, constraint: check, notValid: true, temporary: true },
    validate(op.table, check.name),
    { kind: "alterColumn", table: op.table, column: op.column, changes: { nullable } },
    { kind: "dropCheckConstraint", table: op.table, name: check.name, existing: check, temporary: true },
  ];
};
