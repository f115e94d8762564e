/**
 * Online-safe forms of operations on tables that already hold data. The comparator plans what must
 * change; this rewrites how, so production keeps serving while the migration runs:
 *
 * - an index is built or dropped CONCURRENTLY (no write lock), outside the transaction; a unique
 *   constraint or primary key builds its index that way and is then attached with USING INDEX;
 * - a foreign key or check is added NOT VALID (a brief lock) and validated afterwards in its own
 *   transaction, which scans under a lock that lets reads and writes go on;
 * - SET NOT NULL first gets a validated `CHECK (col IS NOT NULL)`, which lets PostgreSQL (12+) skip
 *   its full-table scan under ACCESS EXCLUSIVE, and the check is dropped after.
 *
 * Tables and materialized views created by the same plan are new, so they keep the plain forms.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 */
import { truncateIdentifier } from "../model/identifiers";
import { qualifiedKey } from "../model/keys";
import type { QualifiedName } from "../model/schema";
import type { MigrationOp } from "../ops/types";
import { quoteIdent } from "../sql/quote";

export interface SafeFormOptions {
  readonly concurrentIndexes: boolean;
  readonly notValidConstraints: boolean;
  readonly safeNotNull: boolean;
}

export const ALL_SAFE_FORMS: SafeFormOptions = { concurrentIndexes: true, notValidConstraints: true, safeNotNull: true };

const validate = (table: QualifiedName, name: string): MigrationOp => ({ kind: "validateConstraint", table, name });

export const toSafeForms = (ops: readonly MigrationOp[], options: SafeFormOptions): MigrationOp[] => {
  // A materialized view created (or re-created) by the plan is as new as a created table.
  const created = new Set(
    ops.flatMap((op) => (op.kind === "createTable" ? [qualifiedKey(op.table)] : op.kind === "createView" ? [qualifiedKey(op.view)] : [])),
  );
  const existing = (table: QualifiedName) => !created.has(qualifiedKey(table));
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
    if (op.kind === "alterColumn" && options.safeNotNull && op.changes.nullable?.to === false && existing(op.table)) {
      const { nullable, ...others } = op.changes;
      const check = { name: truncateIdentifier(`${op.table.name}_${op.column}_not_null`), expression: `${quoteIdent(op.column)} IS NOT NULL` };
      const rest: MigrationOp[] = Object.keys(others).length > 0 ? [{ ...op, changes: others }] : [];
      return [
        ...rest,
        { kind: "createCheckConstraint", table: op.table, constraint: check, notValid: true },
        validate(op.table, check.name),
        { kind: "alterColumn", table: op.table, column: op.column, changes: { nullable } },
        { kind: "dropCheckConstraint", table: op.table, name: check.name, existing: check },
      ];
    }
    return [op];
  });
};
