/**
 * Tiny builders for schema models in unit tests: every field gets the value a plain column, table or
 * model has, so a test spells out only what it is about.
 */
import type { Column, ForeignKey, Index, QualifiedName, SchemaModel, Table } from "../../src/model/schema";
import { dispatch, type MigrationOp, type PerOpKind } from "../../src/ops/types";

export const ref = (name: string, schema = "public"): QualifiedName => ({ schema, name });

export const column = (name: string, type: string, overrides: Partial<Omit<Column, "name" | "type">> = {}): Column => ({
  name,
  type,
  nullable: true,
  default: null,
  serial: false,
  identity: null,
  generated: null,
  collation: null,
  comment: null,
  ...overrides,
});

export const table = (name: string, columns: readonly Column[], overrides: Partial<Omit<Table, "name" | "columns">> = {}): Table => ({
  schema: "public",
  name,
  columns,
  primaryKey: null,
  uniques: [],
  checks: [],
  exclusions: [],
  foreignKeys: [],
  indexes: [],
  comment: null,
  ...overrides,
});

export const model = (tables: readonly Table[], overrides: Partial<Omit<SchemaModel, "tables">> = {}): SchemaModel => ({
  schemas: ["public"],
  extensions: [],
  enums: [],
  tables,
  views: [],
  ...overrides,
});

export const index = (name: string, keys: readonly string[], overrides: Partial<Omit<Index, "name" | "keys">> = {}): Index => ({
  name,
  unique: false,
  keys,
  method: "btree",
  where: null,
  ...overrides,
});

export const foreignKey = (
  name: string,
  columns: readonly string[],
  referencedTable: QualifiedName,
  referencedColumns: readonly string[],
  overrides: Partial<Omit<ForeignKey, "name" | "columns" | "referencedTable" | "referencedColumns">> = {},
): ForeignKey => ({
  name,
  columns,
  referencedTable,
  referencedColumns,
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferrable: false,
  initiallyDeferred: false,
  ...overrides,
});

/** `kind` plus the object an op acts on, e.g. `dropForeignKey public.orders.orders_user_fkey`: how tests find and compare ops regardless of their shape. */
export const opSubject = (op: MigrationOp): string => `${op.kind} ${dispatch(subjects, op)}`;

const qualified = (name: QualifiedName): string => `${name.schema}.${name.name}`;
const part = (table: QualifiedName, name: string): string => `${qualified(table)}.${name}`;

const subjects: PerOpKind<string> = {
  createSchema: (op) => op.schema,
  dropSchema: (op) => op.schema,
  createExtension: (op) => op.extension.name,
  dropExtension: (op) => op.extension.name,
  createEnum: (op) => qualified(op.enumType),
  dropEnum: (op) => qualified(op.name),
  addEnumValue: (op) => part(op.name, op.value),
  renameEnumValue: (op) => part(op.name, op.value),
  replaceEnum: (op) => qualified(op.name),
  renameEnum: (op) => qualified(op.name),
  createTable: (op) => qualified(op.table),
  dropTable: (op) => qualified(op.name),
  archiveTable: (op) => qualified(op.name),
  restoreTable: (op) => qualified(op.table),
  renameTable: (op) => qualified(op.name),
  setTableComment: (op) => qualified(op.table),
  addColumn: (op) => part(op.table, op.column.name),
  dropColumn: (op) => part(op.table, op.column),
  archiveColumn: (op) => part(op.table, op.column),
  restoreColumn: (op) => part(op.table, op.column.name),
  alterColumn: (op) => part(op.table, op.column),
  recreateColumn: (op) => part(op.table, op.column.name),
  renameColumn: (op) => part(op.table, op.column),
  createPrimaryKey: (op) => part(op.table, op.primaryKey.name),
  dropPrimaryKey: (op) => part(op.table, op.name),
  createUniqueConstraint: (op) => part(op.table, op.constraint.name),
  dropUniqueConstraint: (op) => part(op.table, op.name),
  createCheckConstraint: (op) => part(op.table, op.constraint.name),
  dropCheckConstraint: (op) => part(op.table, op.name),
  createExclusionConstraint: (op) => part(op.table, op.constraint.name),
  dropExclusionConstraint: (op) => part(op.table, op.name),
  validateConstraint: (op) => part(op.table, op.name),
  createForeignKey: (op) => part(op.table, op.foreignKey.name),
  dropForeignKey: (op) => part(op.table, op.name),
  renameConstraint: (op) => `${part(op.table, op.name)} -> ${op.newName}`,
  renameIndex: (op) => `${part(op.table, op.name)} -> ${op.newName}`,
  createIndex: (op) => part(op.table, op.index.name),
  dropIndex: (op) => part(op.table, op.name),
  createView: (op) => qualified(op.view),
  dropView: (op) => qualified(op.name),
  execute: (op) => op.sql,
};
