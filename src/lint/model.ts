/**
 * What lint knows of the schema at a point in the history: the tables, their columns, keys, checks and
 * indexes, built by replaying recorded operations. It answers questions such as "does this table exist
 * already?" and "is this foreign key's column indexed?" without a database.
 *
 * It is deliberately partial: operation kinds it does not model leave it unchanged, and a table it has
 * never seen is treated as existing (it may predate the migrations), which is the cautious answer.
 */
import { qualifiedKey } from "../model/keys";
import type { QualifiedName } from "../model/schema";
import { formatTypeReference, parseTypeReference } from "../model/type-names";
import type { MigrationOp, OpKind, OpOfKind } from "../ops/types";
import type { SqlStatement } from "./execute-sql";
import { keyColumn } from "./execute-sql";

export interface ModelColumn {
  readonly type: string;
  readonly nullable: boolean;
}

export interface ModelIndex {
  readonly name: string;
  /** Key parts that are plain columns; null for an expression. */
  readonly columns: readonly (string | null)[];
  readonly unique: boolean;
  readonly partial: boolean;
  readonly method: string;
}

export interface ModelCheck {
  readonly expression: string | null;
  readonly validated: boolean;
}

export interface ModelTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: Map<string, ModelColumn>;
  primaryKey: { readonly name: string; readonly columns: readonly string[] } | null;
  readonly uniques: Map<string, readonly string[]>;
  readonly checks: Map<string, ModelCheck>;
  readonly foreignKeys: Map<string, readonly string[]>;
  readonly indexes: Map<string, ModelIndex>;
}

const cloneTable = (table: ModelTable): ModelTable => ({
  schema: table.schema,
  name: table.name,
  columns: new Map(table.columns),
  primaryKey: table.primaryKey,
  uniques: new Map(table.uniques),
  checks: new Map(table.checks),
  foreignKeys: new Map(table.foreignKeys),
  indexes: new Map(table.indexes),
});

const emptyTable = (name: QualifiedName): ModelTable => ({
  schema: name.schema,
  name: name.name,
  columns: new Map(),
  primaryKey: null,
  uniques: new Map(),
  checks: new Map(),
  foreignKeys: new Map(),
  indexes: new Map(),
});

const renamed = (columns: readonly string[], from: string, to: string): string[] => columns.map((column) => (column === from ? to : column));

export class LintModel {
  private constructor(
    readonly tables: Map<string, ModelTable>,
    readonly enums: Set<string>,
  ) {}

  static empty(): LintModel {
    return new LintModel(new Map(), new Set());
  }

  clone(): LintModel {
    return new LintModel(new Map([...this.tables].map(([key, table]) => [key, cloneTable(table)])), new Set(this.enums));
  }

  table(name: QualifiedName): ModelTable | undefined {
    return this.tables.get(qualifiedKey(name));
  }

  /** The table an index belongs to; index names are unique within a schema. */
  tableOfIndex(index: QualifiedName): ModelTable | undefined {
    for (const table of this.tables.values()) {
      if (table.schema === index.schema && table.indexes.has(index.name)) return table;
    }
    return undefined;
  }

  apply(op: MigrationOp): void {
    const effect = effects[op.kind] as ((model: LintModel, op: MigrationOp) => void) | undefined;
    effect?.(this, op);
  }

  applyStatement(statement: SqlStatement): void {
    const effect = statementEffects[statement.kind] as ((model: LintModel, statement: SqlStatement) => void) | undefined;
    effect?.(this, statement);
  }
}

/** The table, created empty on first mention so that later facts about it are kept. */
const touch = (model: LintModel, name: QualifiedName): ModelTable => {
  const key = qualifiedKey(name);
  let table = model.tables.get(key);
  if (table === undefined) {
    table = emptyTable(name);
    model.tables.set(key, table);
  }
  return table;
};

const createTable = (model: LintModel, name: QualifiedName): ModelTable => {
  const table = emptyTable(name);
  model.tables.set(qualifiedKey(name), table);
  return table;
};

const renameColumn = (table: ModelTable, from: string, to: string): void => {
  const column = table.columns.get(from);
  if (column) {
    table.columns.delete(from);
    table.columns.set(to, column);
  }
  if (table.primaryKey) table.primaryKey = { ...table.primaryKey, columns: renamed(table.primaryKey.columns, from, to) };
  for (const [key, columns] of table.uniques) table.uniques.set(key, renamed(columns, from, to));
  for (const [key, columns] of table.foreignKeys) table.foreignKeys.set(key, renamed(columns, from, to));
  for (const [key, index] of table.indexes) {
    table.indexes.set(key, { ...index, columns: index.columns.map((column) => (column === from ? to : column)) });
  }
};

type StatementKind = SqlStatement["kind"];
type StatementOfKind<K extends StatementKind> = Extract<SqlStatement, { kind: K }>;

/** How recognised `op.execute` statements change the model; the others leave it as it is. */
const statementEffects: { readonly [K in StatementKind]?: (model: LintModel, statement: StatementOfKind<K>) => void } = {
  createTable: (model, statement) => {
    createTable(model, statement.table);
  },
  createIndex: (model, statement) => {
    if (statement.name === null) return;
    touch(model, statement.table).indexes.set(statement.name, {
      name: statement.name,
      columns: statement.columns,
      unique: statement.unique,
      partial: statement.partial,
      method: statement.method,
    });
  },
  dropIndex: (model, statement) => {
    for (const index of statement.indexes) model.tableOfIndex(index)?.indexes.delete(index.name);
  },
  addConstraint: (model, statement) => {
    const table = touch(model, statement.table);
    const name = statement.name ?? `${statement.constraint} (${statement.columns.join(", ")})`;
    if (statement.constraint === "check") table.checks.set(name, { expression: statement.expression, validated: !statement.notValid });
    if (statement.constraint === "foreign key") table.foreignKeys.set(name, statement.columns);
    // `USING INDEX` turns the index into the constraint's own: it is renamed to the constraint.
    const adopted = statement.usingIndex === null ? undefined : table.indexes.get(statement.usingIndex);
    const columns = adopted ? adopted.columns.filter((column): column is string => column !== null) : statement.columns;
    if (statement.constraint === "unique") table.uniques.set(name, columns);
    if (statement.constraint === "primary key") table.primaryKey = { name, columns };
    if (adopted) table.indexes.delete(adopted.name);
  },
  validateConstraint: (model, statement) => {
    const table = touch(model, statement.table);
    const check = table.checks.get(statement.name);
    if (check) table.checks.set(statement.name, { ...check, validated: true });
  },
  dropConstraint: (model, statement) => {
    const table = touch(model, statement.table);
    table.checks.delete(statement.name);
    table.foreignKeys.delete(statement.name);
    table.uniques.delete(statement.name);
    if (table.primaryKey?.name === statement.name) table.primaryKey = null;
  },
  setNotNull: (model, statement) => {
    const table = touch(model, statement.table);
    const column = table.columns.get(statement.column);
    if (column) table.columns.set(statement.column, { ...column, nullable: false });
  },
  dropNotNull: (model, statement) => {
    const table = touch(model, statement.table);
    const column = table.columns.get(statement.column);
    if (column) table.columns.set(statement.column, { ...column, nullable: true });
  },
};

/**
 * How each operation changes the model. Kinds without an entry (comments, schemas, extensions, kinds
 * added to the vocabulary later) leave it as it is.
 */
const effects: { readonly [K in OpKind]?: (model: LintModel, op: OpOfKind<K>) => void } = {
  createEnum: (model, op) => {
    model.enums.add(qualifiedKey(op.enumType));
  },
  dropEnum: (model, op) => {
    model.enums.delete(qualifiedKey(op.name));
  },
  renameEnum: (model, op) => {
    if (model.enums.delete(qualifiedKey(op.name))) model.enums.add(qualifiedKey({ schema: op.name.schema, name: op.newName }));
    // Columns refer to the type itself, so they now print its new name.
    for (const table of model.tables.values()) {
      for (const [name, column] of table.columns) {
        const reference = parseTypeReference(column.type);
        if (reference === null || qualifiedKey(reference) !== qualifiedKey(op.name)) continue;
        table.columns.set(name, { ...column, type: formatTypeReference({ ...reference, name: op.newName }) });
      }
    }
  },
  createTable: (model, op) => {
    const table = createTable(model, op.table);
    for (const column of op.table.columns) table.columns.set(column.name, { type: column.type, nullable: column.nullable });
    table.primaryKey = op.table.primaryKey;
    for (const unique of op.table.uniques) table.uniques.set(unique.name, unique.columns);
    for (const check of op.table.checks) table.checks.set(check.name, { expression: check.expression, validated: true });
    for (const fk of op.table.foreignKeys) table.foreignKeys.set(fk.name, fk.columns);
    for (const index of op.table.indexes) {
      table.indexes.set(index.name, { name: index.name, columns: index.keys.map(keyColumn), unique: index.unique, partial: index.where !== null, method: index.method });
    }
  },
  dropTable: (model, op) => {
    model.tables.delete(qualifiedKey(op.name));
  },
  archiveTable: (model, op) => {
    model.tables.delete(qualifiedKey(op.name));
  },
  restoreTable: (model, op) => {
    effects.createTable!(model, { kind: "createTable", table: op.table });
  },
  renameTable: (model, op) => {
    const table = model.table(op.name);
    if (!table) return;
    model.tables.delete(qualifiedKey(op.name));
    model.tables.set(qualifiedKey({ schema: op.name.schema, name: op.newName }), { ...cloneTable(table), name: op.newName });
  },
  addColumn: (model, op) => {
    touch(model, op.table).columns.set(op.column.name, { type: op.column.type, nullable: op.column.nullable });
  },
  dropColumn: (model, op) => {
    touch(model, op.table).columns.delete(op.column);
  },
  archiveColumn: (model, op) => {
    touch(model, op.table).columns.delete(op.column);
  },
  restoreColumn: (model, op) => {
    touch(model, op.table).columns.set(op.column.name, { type: op.column.type, nullable: op.column.nullable });
  },
  alterColumn: (model, op) => {
    const table = touch(model, op.table);
    const column = table.columns.get(op.column);
    const type = op.changes.type?.to ?? column?.type;
    const nullable = op.changes.nullable?.to ?? column?.nullable;
    if (type !== undefined && nullable !== undefined) table.columns.set(op.column, { type, nullable });
  },
  recreateColumn: (model, op) => {
    touch(model, op.table).columns.set(op.column.name, { type: op.column.type, nullable: op.column.nullable });
  },
  renameColumn: (model, op) => renameColumn(touch(model, op.table), op.column, op.newName),
  createPrimaryKey: (model, op) => {
    touch(model, op.table).primaryKey = op.primaryKey;
  },
  dropPrimaryKey: (model, op) => {
    touch(model, op.table).primaryKey = null;
  },
  createUniqueConstraint: (model, op) => {
    touch(model, op.table).uniques.set(op.constraint.name, op.constraint.columns);
  },
  dropUniqueConstraint: (model, op) => {
    touch(model, op.table).uniques.delete(op.name);
  },
  createCheckConstraint: (model, op) => {
    touch(model, op.table).checks.set(op.constraint.name, { expression: op.constraint.expression, validated: !op.notValid });
  },
  validateConstraint: (model, op) => {
    const table = touch(model, op.table);
    const check = table.checks.get(op.name);
    if (check) table.checks.set(op.name, { ...check, validated: true });
  },
  dropCheckConstraint: (model, op) => {
    touch(model, op.table).checks.delete(op.name);
  },
  createForeignKey: (model, op) => {
    touch(model, op.table).foreignKeys.set(op.foreignKey.name, op.foreignKey.columns);
  },
  dropForeignKey: (model, op) => {
    touch(model, op.table).foreignKeys.delete(op.name);
  },
  createIndex: (model, op) => {
    touch(model, op.table).indexes.set(op.index.name, {
      name: op.index.name,
      columns: op.index.keys.map(keyColumn),
      unique: op.index.unique,
      partial: op.index.where !== null,
      method: op.index.method,
    });
  },
  dropIndex: (model, op) => {
    touch(model, op.table).indexes.delete(op.name);
  },
  renameIndex: (model, op) => {
    const table = touch(model, op.table);
    const index = table.indexes.get(op.name);
    if (!index) return;
    table.indexes.delete(op.name);
    table.indexes.set(op.newName, { ...index, name: op.newName });
  },
  renameConstraint: (model, op) => {
    const table = touch(model, op.table);
    if (table.primaryKey?.name === op.name) table.primaryKey = { ...table.primaryKey, name: op.newName };
    for (const parts of [table.uniques, table.checks, table.foreignKeys] as Map<string, unknown>[]) {
      if (!parts.has(op.name)) continue;
      parts.set(op.newName, parts.get(op.name));
      parts.delete(op.name);
    }
  },
  // A materialized view holds rows and indexes like a table, and shares the tables' namespace; a new
  // one is empty of indexes, so rules about indexing a populated table see it as new.
  createView: (model, op) => {
    if (op.view.materialized) createTable(model, op.view);
  },
  dropView: (model, op) => {
    model.tables.delete(qualifiedKey(op.name));
  },
};

/**
 * Whether an index, key or unique constraint lets PostgreSQL find the rows of `columns` without a
 * scan: its leading key parts must be exactly those columns, in any order, and it must cover every row.
 */
export const coversColumns = (table: ModelTable, columns: readonly string[]): boolean => {
  const wanted = new Set(columns);
  const leads = (keys: readonly (string | null)[]): boolean =>
    keys.length >= wanted.size && keys.slice(0, wanted.size).every((key) => key !== null && wanted.has(key)) && new Set(keys.slice(0, wanted.size)).size === wanted.size;
  if (table.primaryKey && leads(table.primaryKey.columns)) return true;
  for (const unique of table.uniques.values()) if (leads(unique)) return true;
  for (const index of table.indexes.values()) {
    if (!index.partial && index.method === "btree" && leads(index.columns)) return true;
  }
  return false;
};

/**
 * A validated CHECK proving the column holds no NULL, which lets `SET NOT NULL` skip its full scan
 * (PostgreSQL 12+): `col IS NOT NULL`, as written or as PostgreSQL prints it.
 */
export const hasNotNullCheck = (table: ModelTable, column: string): boolean => {
  const quoted = `"${column.replace(/"/g, '""')}"`;
  const forms = new Set([`${column} IS NOT NULL`, `${quoted} IS NOT NULL`].map((form) => form.toLowerCase()));
  for (const check of table.checks.values()) {
    if (!check.validated || check.expression === null) continue;
    let expression = check.expression.trim();
    while (expression.startsWith("(") && expression.endsWith(")")) expression = expression.slice(1, -1).trim();
    if (forms.has(expression.replace(/\s+/g, " ").toLowerCase())) return true;
  }
  return false;
};
