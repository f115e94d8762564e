/**
 * The table locks an operation takes, for the lock-timeout rule. Only modes that block ordinary
 * traffic are listed: ACCESS EXCLUSIVE blocks reads and writes, SHARE and SHARE ROW EXCLUSIVE block
 * writes. Anything queued behind such a lock waits too, which is why a migration waiting for one must
 * give up quickly (`lock_timeout`) rather than stall the application.
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
 */
import type { QualifiedName } from "../model/schema";
import type { MigrationOp, OpKind, OpOfKind } from "../ops/types";
import type { SqlStatement } from "./execute-sql";
import type { LintModel } from "./model";

export type LockMode = "ACCESS EXCLUSIVE" | "SHARE ROW EXCLUSIVE" | "SHARE";

export interface TableLock {
  readonly opIndex: number;
  readonly table: QualifiedName;
  readonly mode: LockMode;
}

type Lock = Omit<TableLock, "opIndex">;

const exclusive = (table: QualifiedName): Lock[] => [{ table, mode: "ACCESS EXCLUSIVE" }];

const opLocks: { readonly [K in OpKind]?: (op: OpOfKind<K>) => Lock[] } = {
  dropTable: (op) => exclusive(op.name),
  archiveTable: (op) => exclusive(op.name),
  archiveColumn: (op) => exclusive(op.table),
  restoreColumn: (op) => exclusive(op.table),
  renameTable: (op) => exclusive(op.name),
  addColumn: (op) => exclusive(op.table),
  dropColumn: (op) => exclusive(op.table),
  alterColumn: (op) => exclusive(op.table),
  recreateColumn: (op) => exclusive(op.table),
  renameColumn: (op) => exclusive(op.table),
  createPrimaryKey: (op) => exclusive(op.table),
  dropPrimaryKey: (op) => exclusive(op.table),
  createUniqueConstraint: (op) => exclusive(op.table),
  dropUniqueConstraint: (op) => exclusive(op.table),
  createCheckConstraint: (op) => exclusive(op.table),
  dropCheckConstraint: (op) => exclusive(op.table),
  createExclusionConstraint: (op) => exclusive(op.table),
  dropExclusionConstraint: (op) => exclusive(op.table),
  // A foreign key locks both ends: the referencing table is scanned, the referenced one gets a trigger.
  createForeignKey: (op) => [
    { table: op.table, mode: "SHARE ROW EXCLUSIVE" },
    { table: op.foreignKey.referencedTable, mode: "SHARE ROW EXCLUSIVE" },
  ],
  dropForeignKey: (op) => exclusive(op.table),
  renameConstraint: (op) => exclusive(op.table),
  createIndex: (op) => (op.concurrently ? [] : [{ table: op.table, mode: "SHARE" }]),
  dropIndex: (op) => (op.concurrently ? [] : exclusive(op.table)),
  // ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE (PostgreSQL 12+), which blocks no reads or writes.
  renameIndex: () => [],
  replaceEnum: (op) => op.columns.flatMap((use) => exclusive(use.table)),
};

export const locksOfOp = (op: MigrationOp): Lock[] => {
  const locks = opLocks[op.kind] as ((op: MigrationOp) => Lock[]) | undefined;
  return locks?.(op) ?? [];
};

export const locksOfStatement = (statement: SqlStatement, model: LintModel): Lock[] => {
  switch (statement.kind) {
    case "createIndex":
      return statement.concurrently ? [] : [{ table: statement.table, mode: "SHARE" }];
    case "dropIndex":
      if (statement.concurrently) return [];
      return statement.indexes.flatMap((index) => {
        const table = model.tableOfIndex(index);
        return table ? exclusive(table) : [];
      });
    case "addConstraint":
      return statement.constraint === "foreign key"
        ? [
            { table: statement.table, mode: "SHARE ROW EXCLUSIVE" },
            ...(statement.referencedTable ? [{ table: statement.referencedTable, mode: "SHARE ROW EXCLUSIVE" as const }] : []),
          ]
        : exclusive(statement.table);
    case "dropConstraint":
    case "setNotNull":
    case "dropNotNull":
      return exclusive(statement.table);
    case "detachPartition":
      return statement.concurrently ? [] : exclusive(statement.table);
    // Almost every ALTER TABLE form takes ACCESS EXCLUSIVE; assuming so is the cautious answer.
    case "unanalysed":
      return statement.table ? exclusive(statement.table) : [];
    default:
      return [];
  }
};
