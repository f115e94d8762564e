/**
 * A column dropped and added again (`recreateColumn`) takes with it the indexes and constraints that
 * include it, and PostgreSQL refuses to drop it under a foreign key that references it. These are
 * the ops around it, and the column changes between two definitions.
 */
import type { Column, QualifiedName } from "../model/schema";
import { aroundViews } from "./around-views";
import type { ColumnChanges, ColumnDependents, MigrationOp } from "./types";

export const NO_DEPENDENTS: ColumnDependents = { primaryKey: null, uniques: [], checks: [], exclusions: [], indexes: [], foreignKeys: [], views: [] };

/**
 * Drops before the column goes (views first: they may read anything; then foreign keys: they rest on
 * the keys), creates after it is back (keys first, views last).
 */
export const aroundRecreate = (table: QualifiedName, dependents: ColumnDependents): { before: MigrationOp[]; after: MigrationOp[] } => ({
  before: [
    ...aroundViews(dependents.views).before,
    ...dependents.foreignKeys.map(({ table: on, foreignKey }): MigrationOp => ({ kind: "dropForeignKey", table: on, name: foreignKey.name, existing: foreignKey })),
    ...dependents.indexes.map((index): MigrationOp => ({ kind: "dropIndex", table, name: index.name, existing: index })),
    ...dependents.uniques.map((unique): MigrationOp => ({ kind: "dropUniqueConstraint", table, name: unique.name, existing: unique })),
    ...dependents.checks.map((check): MigrationOp => ({ kind: "dropCheckConstraint", table, name: check.name, existing: check })),
    ...dependents.exclusions.map((exclusion): MigrationOp => ({ kind: "dropExclusionConstraint", table, name: exclusion.name, existing: exclusion })),
    ...(dependents.primaryKey ? [{ kind: "dropPrimaryKey", table, name: dependents.primaryKey.name, existing: dependents.primaryKey } as const] : []),
  ],
  after: [
    ...(dependents.primaryKey ? [{ kind: "createPrimaryKey", table, primaryKey: dependents.primaryKey } as const] : []),
    ...dependents.uniques.map((constraint): MigrationOp => ({ kind: "createUniqueConstraint", table, constraint })),
    ...dependents.checks.map((constraint): MigrationOp => ({ kind: "createCheckConstraint", table, constraint })),
    ...dependents.exclusions.map((constraint): MigrationOp => ({ kind: "createExclusionConstraint", table, constraint })),
    ...dependents.indexes.map((index): MigrationOp => ({ kind: "createIndex", table, index })),
    ...dependents.foreignKeys.map(({ table: on, foreignKey }): MigrationOp => ({ kind: "createForeignKey", table: on, foreignKey })),
    ...aroundViews(dependents.views).after,
  ],
});

const ATTRIBUTES = ["type", "nullable", "default", "comment", "serial", "identity", "collation"] as const;

/** Every attribute but the generation expression that differs between two definitions of a column. */
export const changesBetween = (from: Column, to: Column): ColumnChanges =>
  Object.fromEntries(ATTRIBUTES.filter((attribute) => from[attribute] !== to[attribute]).map((attribute) => [attribute, { from: from[attribute], to: to[attribute] }]));

/** The column once `changes` are made to it. */
export const withChanges = (column: Column, changes: ColumnChanges): Column => ({
  ...column,
  ...Object.fromEntries(Object.entries(changes).map(([attribute, change]) => [attribute, (change as { to: unknown }).to])),
});
