/**
 * Comparison runs on what PostgreSQL prints, but migration files carry what the developer wrote.
 * PostgreSQL's deparser is not a fixed point for every expression (re-applying the printed form of
 * `"status" IN ('a', 'b')` on a varchar column prints differently again), so a migration that applied
 * the printed text could build something that no longer compares equal to the entities. Applying the
 * declared text goes through exactly the parse the shadow database and TypeORM's synchronize go
 * through, and reads better in review.
 */
import { truncateIdentifier } from "../model/identifiers";
import { qualifiedKey } from "../model/keys";
import type { CheckConstraint, Column, ExclusionConstraint, Index, QualifiedName, SchemaModel, Table } from "../model/schema";
import type { MigrationOp } from "../ops/types";

export const withDeclaredSources = (ops: readonly MigrationOp[], declared: SchemaModel): MigrationOp[] => {
  const tables = new Map(declared.tables.map((table) => [qualifiedKey(table), table]));
  const views = new Map(declared.views.map((view) => [qualifiedKey(view), view]));
  const declaredTable = (table: QualifiedName): Table | undefined => tables.get(qualifiedKey(table));

  const column = (table: QualifiedName, normalized: Column): Column => {
    const source = declaredTable(table)?.columns.find((candidate) => candidate.name === normalized.name);
    if (!source) return normalized;
    return {
      ...normalized,
      default: normalized.default === null ? null : (source.default ?? normalized.default),
      generated: normalized.generated === null ? null : (source.generated ?? normalized.generated),
    };
  };
  const check = (table: QualifiedName, normalized: CheckConstraint): CheckConstraint => {
    const source = declaredTable(table)?.checks.find((candidate) => truncateIdentifier(candidate.name) === normalized.name);
    return source ? { ...normalized, expression: source.expression } : normalized;
  };
  const exclusion = (table: QualifiedName, normalized: ExclusionConstraint): ExclusionConstraint => {
    const source = declaredTable(table)?.exclusions.find((candidate) => truncateIdentifier(candidate.name) === normalized.name);
    return source ? { ...normalized, definition: source.definition } : normalized;
  };
  const index = (table: QualifiedName, normalized: Index): Index => {
    // A materialized view's indexes are declared on the view entity.
    const indexes = declaredTable(table)?.indexes ?? views.get(qualifiedKey(table))?.indexes;
    const source = indexes?.find((candidate) => truncateIdentifier(candidate.name) === normalized.name);
    return source && normalized.where !== null && source.where !== null ? { ...normalized, where: source.where } : normalized;
  };

  return ops.map((op): MigrationOp => {
    switch (op.kind) {
      case "createTable":
        return {
          ...op,
          table: {
            ...op.table,
            columns: op.table.columns.map((candidate) => column(op.table, candidate)),
            checks: op.table.checks.map((candidate) => check(op.table, candidate)),
            exclusions: op.table.exclusions.map((candidate) => exclusion(op.table, candidate)),
          },
        };
      case "addColumn":
      case "recreateColumn":
        return { ...op, column: column(op.table, op.column) };
      case "alterColumn": {
        const declaredColumn = declaredTable(op.table)?.columns.find((candidate) => candidate.name === op.column);
        const { default: defaultChange, generated } = op.changes;
        const source = defaultChange && defaultChange.to !== null ? declaredColumn?.default : undefined;
        const expression = generated && generated.to !== null ? declaredColumn?.generated : undefined;
        if (!source && !expression) return op;
        return {
          ...op,
          changes: {
            ...op.changes,
            ...(source ? { default: { from: defaultChange!.from, to: source } } : {}),
            ...(expression ? { generated: { from: generated!.from, to: expression } } : {}),
          },
        };
      }
      case "createCheckConstraint":
        return { ...op, constraint: check(op.table, op.constraint) };
      case "createExclusionConstraint":
        return { ...op, constraint: exclusion(op.table, op.constraint) };
      case "createIndex":
        return { ...op, index: index(op.table, op.index) };
      case "createView": {
        const source = views.get(qualifiedKey(op.view));
        return source ? { ...op, view: { ...op.view, definition: source.definition } } : op;
      }
      default:
        return op;
    }
  });
};
