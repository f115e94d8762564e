import { displayName } from "../model/keys";
import type { QualifiedName } from "../model/schema";
import { dispatch, type MigrationOp, type PerOpKind } from "./types";

const on = (table: QualifiedName, part?: string): string => (part === undefined ? displayName(table) : `${displayName(table)}.${part}`);

const subjects: PerOpKind<string> = {
  createSchema: (op) => op.schema,
  dropSchema: (op) => op.schema,
  createExtension: (op) => op.extension.name,
  dropExtension: (op) => op.extension.name,
  createEnum: (op) => on(op.enumType),
  dropEnum: (op) => on(op.name),
  addEnumValue: (op) => `${on(op.name)} '${op.value}'`,
  renameEnumValue: (op) => `${on(op.name)} '${op.value}' -> '${op.newValue}'`,
  replaceEnum: (op) => `${on(op.name)} (${op.from.join(", ")}) -> (${op.to.join(", ")})`,
  renameEnum: (op) => `${on(op.name)} -> ${op.newName}`,
  createTable: (op) => on(op.table),
  dropTable: (op) => on(op.name),
  archiveTable: (op) => `${on(op.name)} -> ${op.archive}`,
  restoreTable: (op) => `${on(op.table)} <- ${op.archive}`,
  renameTable: (op) => `${on(op.name)} -> ${op.newName}`,
  setTableComment: (op) => on(op.table),
  addColumn: (op) => on(op.table, op.column.name),
  dropColumn: (op) => on(op.table, op.column),
  archiveColumn: (op) => `${on(op.table, op.column)} -> ${op.archive}`,
  restoreColumn: (op) => `${on(op.table, op.column.name)} <- ${op.archive}`,
  alterColumn: (op) => `${on(op.table, op.column)} (${Object.keys(op.changes).join(", ")})`,
  recreateColumn: (op) => on(op.table, op.column.name),
  renameColumn: (op) => `${on(op.table, op.column)} -> ${op.newName}`,
  createPrimaryKey: (op) => `${on(op.table)} ${op.primaryKey.name}`,
  dropPrimaryKey: (op) => `${on(op.table)} ${op.name}`,
  createUniqueConstraint: (op) => `${on(op.table)} ${op.constraint.name}`,
  dropUniqueConstraint: (op) => `${on(op.table)} ${op.name}`,
  createCheckConstraint: (op) => `${on(op.table)} ${op.constraint.name}`,
  dropCheckConstraint: (op) => `${on(op.table)} ${op.name}`,
  createExclusionConstraint: (op) => `${on(op.table)} ${op.constraint.name}`,
  dropExclusionConstraint: (op) => `${on(op.table)} ${op.name}`,
  createForeignKey: (op) => `${on(op.table)} ${op.foreignKey.name} -> ${displayName(op.foreignKey.referencedTable)}`,
  dropForeignKey: (op) => `${on(op.table)} ${op.name}`,
  renameConstraint: (op) => `${on(op.table)} ${op.name} -> ${op.newName}`,
  renameIndex: (op) => `${on(op.table)} ${op.name} -> ${op.newName}`,
  createIndex: (op) => `${on(op.table)} ${op.index.name}`,
  dropIndex: (op) => `${on(op.table)} ${op.name}`,
  createView: (op) => `${on(op.view)}${op.view.materialized ? " (materialized)" : ""}`,
  dropView: (op) => `${on(op.name)}${op.materialized ? " (materialized)" : ""}`,
  validateConstraint: (op) => `${on(op.table)} ${op.name}`,
  execute: (op) => JSON.stringify(op.sql.length > 60 ? `${op.sql.slice(0, 57)}...` : op.sql),
};

/** A short name for messages: `addColumn public.users.email`. */
export const describeOp = (op: MigrationOp): string => `${op.kind} ${dispatch(subjects, op)}`;
