/**
 * Live catalog -> SchemaModel. The same reader serves the live database and the shadow database, so
 * both sides of a comparison are spelled by PostgreSQL in the same way.
 */
import type {
  CheckConstraint,
  Column,
  ExclusionConstraint,
  ForeignKey,
  Index,
  PrimaryKey,
  ReferentialAction,
  SchemaModel,
  Table,
  UniqueConstraint,
  View,
} from "../../model/schema";
import { byName, byQualifiedName, compareText } from "../../model/keys";
import type { Queryable } from "../../db/queryable";
import { groupBy, toViewDependencies, type ViewReadRow } from "./view-dependencies";
import {
  COLUMNS_QUERY,
  CONSTRAINTS_QUERY,
  ENUMS_QUERY,
  EXTENSIONS_QUERY,
  INDEXES_QUERY,
  SCHEMAS_QUERY,
  TABLES_QUERY,
  VIEW_DEPENDENCIES_QUERY,
  VIEWS_QUERY,
} from "./catalog-queries";

interface TableRow { oid: string; schema: string; name: string; comment: string | null }
interface ColumnRow {
  table_oid: string; name: string; type: string; nullable: boolean; default_expression: string | null;
  identity: string; generated: string; collation: string | null; comment: string | null; owns_sequence: boolean;
}
interface ConstraintRow {
  table_oid: string; name: string; type: string; columns: string[]; referenced_schema: string | null;
  referenced_table: string | null; referenced_columns: string[]; on_delete: string; on_update: string;
  deferrable: boolean; initially_deferred: boolean; expression: string | null; definition: string | null;
}
interface ViewRow { oid: string; schema: string; name: string; materialized: boolean; definition: string }
interface ViewDependencyRow extends ViewReadRow { view_oid: string }
interface IndexRow { table_oid: string; name: string; unique: boolean; method: string; keys: string[]; predicate: string | null }

/** pg_constraint's one-letter referential action codes. */
const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

const byTable = <T extends { table_oid: string }>(rows: readonly T[]): Map<string, T[]> => groupBy(rows, (row) => row.table_oid);

const toColumn = (row: ColumnRow): Column => {
  const serial = row.owns_sequence && row.default_expression !== null && row.default_expression.startsWith("nextval(");
  const generated = row.generated === "s";
  return {
    name: row.name,
    type: row.type,
    nullable: row.nullable,
    default: serial || generated ? null : row.default_expression,
    serial,
    identity: row.identity === "a" ? "always" : row.identity === "d" ? "by default" : null,
    generated: generated ? row.default_expression : null,
    collation: row.collation,
    comment: row.comment,
  };
};

const toForeignKey = (row: ConstraintRow): ForeignKey => ({
  name: row.name,
  columns: row.columns,
  referencedTable: { schema: row.referenced_schema!, name: row.referenced_table! },
  referencedColumns: row.referenced_columns,
  onDelete: ACTIONS[row.on_delete],
  onUpdate: ACTIONS[row.on_update],
  deferrable: row.deferrable,
  initiallyDeferred: row.initially_deferred,
});

const toTable = (row: TableRow, columns: ColumnRow[], constraints: ConstraintRow[], indexes: IndexRow[]): Table => {
  let primaryKey: PrimaryKey | null = null;
  const uniques: UniqueConstraint[] = [];
  const checks: CheckConstraint[] = [];
  const exclusions: ExclusionConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  for (const constraint of constraints) {
    if (constraint.type === "p") primaryKey = { name: constraint.name, columns: constraint.columns };
    else if (constraint.type === "u") uniques.push({ name: constraint.name, columns: constraint.columns });
    else if (constraint.type === "c") checks.push({ name: constraint.name, expression: constraint.expression! });
    else if (constraint.type === "f") foreignKeys.push(toForeignKey(constraint));
    else if (constraint.type === "x") exclusions.push({ name: constraint.name, definition: constraint.definition! });
  }
  return {
    schema: row.schema,
    name: row.name,
    columns: columns.map(toColumn),
    primaryKey,
    uniques: uniques.sort(byName),
    checks: checks.sort(byName),
    exclusions: exclusions.sort(byName),
    foreignKeys: foreignKeys.sort(byName),
    indexes: indexes.map(toIndex).sort(byName),
    comment: row.comment,
  };
};

const toIndex = (index: IndexRow): Index => ({
  name: index.name,
  unique: index.unique,
  keys: index.keys,
  method: index.method,
  where: index.predicate,
});

/** The printed query without the leading space and trailing semicolon pg_get_viewdef adds. */
const viewQuery = (printed: string): string => printed.trim().replace(/;$/, "");

const toView = (row: ViewRow, dependencies: ViewDependencyRow[], indexes: IndexRow[]): View => ({
  schema: row.schema,
  name: row.name,
  materialized: row.materialized,
  definition: viewQuery(row.definition),
  indexes: indexes.map(toIndex).sort(byName),
  dependsOn: toViewDependencies(dependencies),
});

export interface IntrospectOptions {
  readonly schemas: readonly string[];
  /** Tables and views to leave out of the model (the version tables, excluded globs). */
  readonly excludeTable?: (table: { schema: string; name: string }) => boolean;
}

/**
 * Reads the model in one read-only transaction, so the queries see one snapshot. The connection must
 * not be inside a transaction already.
 */
export const introspect = async (db: Queryable, options: IntrospectOptions): Promise<SchemaModel> => {
  const schemas = [...options.schemas];
  await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await db.query("SET LOCAL search_path = pg_catalog");
    const run = async <R>(text: string, values: unknown[] = [schemas]) =>
      (await db.query(text, values)).rows as unknown as R[];
    const schemaRows = await run<{ name: string }>(SCHEMAS_QUERY);
    const extensionRows = await run<{ name: string; schema: string }>(EXTENSIONS_QUERY, []);
    const enumRows = await run<{ schema: string; name: string; values: string[] }>(ENUMS_QUERY);
    const tableRows = await run<TableRow>(TABLES_QUERY);
    const columnsByTable = byTable(await run<ColumnRow>(COLUMNS_QUERY));
    const constraintsByTable = byTable(await run<ConstraintRow>(CONSTRAINTS_QUERY));
    const indexesByTable = byTable(await run<IndexRow>(INDEXES_QUERY));
    const viewRows = await run<ViewRow>(VIEWS_QUERY);
    const dependenciesByView = groupBy(await run<ViewDependencyRow>(VIEW_DEPENDENCIES_QUERY), (row) => row.view_oid);
    const tables = tableRows
      .filter((row) => !options.excludeTable?.(row))
      .map((row) =>
        toTable(row, columnsByTable.get(row.oid) ?? [], constraintsByTable.get(row.oid) ?? [], indexesByTable.get(row.oid) ?? []),
      );
    return {
      schemas: schemaRows.map((row) => row.name).sort(compareText),
      extensions: extensionRows.map((row) => ({ name: row.name, schema: row.schema })).sort(byName),
      enums: enumRows.map((row) => ({ schema: row.schema, name: row.name, values: row.values })).sort(byQualifiedName),
      tables: tables.sort(byQualifiedName),
      views: viewRows
        .filter((row) => !options.excludeTable?.(row))
        .map((row) => toView(row, dependenciesByView.get(row.oid) ?? [], indexesByTable.get(row.oid) ?? []))
        .sort(byQualifiedName),
    };
  } finally {
    await db.query("COMMIT");
  }
};
