/**
 * The `op` object migration files call. Each method builds the same MigrationOp the comparator
 * produces and hands it to a sink: online (run it), offline (print its SQL) or recording (collect it).
 */
import type { CheckConstraint, Column, EnumType, Identity, Index, QualifiedName, ReferentialAction, Table } from "../model/schema";
import type { Change, MigrationOp } from "../ops/types";
import { quoteLiteral } from "../sql/quote";
import { UsageError } from "../errors";

/** A table or type: a bare name lives in the default schema. */
export type ObjectRef = string | QualifiedName;

const SQL_EXPRESSION = Symbol("autogen.sql");

/** Raw SQL, used verbatim; created by `op.sql(...)`. */
export interface SqlExpression {
  readonly [SQL_EXPRESSION]: true;
  readonly sql: string;
}

/** A default: raw SQL via op.sql(...), or a value written as a literal. */
export type DefaultValue = SqlExpression | string | number | boolean | null;

export interface ColumnOptions {
  readonly nullable?: boolean;
  readonly default?: DefaultValue;
  readonly serial?: boolean;
  readonly identity?: Identity;
  readonly generated?: SqlExpression;
  readonly collation?: string;
  readonly comment?: string;
}

export interface CreateTableOptions {
  readonly primaryKey?: { readonly name: string; readonly columns: readonly string[] };
  readonly uniques?: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly checks?: readonly { readonly name: string; readonly expression: string }[];
  /** Full definitions: `EXCLUDE USING gist (room WITH =, during WITH &&)`. */
  readonly exclusions?: readonly { readonly name: string; readonly definition: string }[];
  readonly comment?: string;
}

/** What restoreTable recreates besides createTable's parts: the indexes, as createIndex takes them. */
export interface RestoreTableOptions extends CreateTableOptions {
  readonly indexes?: readonly ({ readonly name: string; readonly keys: readonly string[] } & Omit<IndexOptions, "concurrently">)[];
}

export interface ReplaceEnumChange {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly columns: readonly {
    readonly table: ObjectRef;
    readonly column: string;
    readonly array?: boolean;
    readonly default?: SqlExpression | null;
    /** Set after the swap instead of `default`, when it changes too. */
    readonly defaultAfter?: SqlExpression | null;
  }[];
  readonly mapping?: Readonly<Record<string, string>>;
}

export interface AlterColumnChanges {
  readonly type?: Change<string>;
  readonly nullable?: Change<boolean>;
  readonly default?: Change<DefaultValue>;
  readonly comment?: Change<string | null>;
  readonly serial?: Change<boolean>;
  readonly identity?: Change<Identity | null>;
  readonly collation?: Change<string | null>;
  /** A generated column's expression: a new one (PostgreSQL 17+), or none to keep the values as a plain column. */
  readonly generated?: Change<SqlExpression | null>;
}

export interface AlterColumnOptions {
  /** How to convert existing values for a type change (default: a cast to the new type). */
  readonly using?: SqlExpression;
  /** The column's type, which a collation change must restate. */
  readonly columnType?: string;
}

export interface ForeignKeyOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** Skip checking existing rows now; `op.validateConstraint` checks them without blocking writes. */
  readonly notValid?: boolean;
}

export interface IndexOptions {
  readonly unique?: boolean;
  readonly method?: string;
  readonly where?: SqlExpression | string;
  /** Build without blocking writes; only inside `op.autocommitBlock`. */
  readonly concurrently?: boolean;
}

/** A row returned by `op.query`, keyed by column name. */
export type QueryRow = Record<string, unknown>;

/** Where operations go. */
export interface OpSink {
  /** True when no database is connected (`--sql`, recording): `op.query` cannot answer. */
  readonly offline: boolean;
  apply(op: MigrationOp): Promise<void>;
  /** Runs `block` outside any transaction (CREATE INDEX CONCURRENTLY and the like). */
  autocommit(block: () => Promise<void>): Promise<void>;
  /** Reads the database; a sink without a connection throws an error naming the migration. */
  query(sql: string, params: readonly unknown[]): Promise<QueryRow[]>;
}

const isSqlExpression = (value: unknown): value is SqlExpression =>
  typeof value === "object" && value !== null && SQL_EXPRESSION in value;

const defaultSql = (value: DefaultValue | undefined): string | null => {
  if (value === undefined || value === null) return null;
  if (isSqlExpression(value)) return value.sql;
  if (typeof value === "string") return quoteLiteral(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  throw new UsageError(`A default must be op.sql("..."), a string, a finite number or a boolean; got ${String(value)}.`);
};

const textOf = (value: SqlExpression | string): string => (isSqlExpression(value) ? value.sql : value);

const indexOf = (name: string, keys: readonly string[], options: IndexOptions): Index => ({
  name,
  unique: options.unique ?? false,
  keys: [...keys],
  method: options.method ?? "btree",
  where: options.where === undefined ? null : textOf(options.where),
});

export class Operations {
  constructor(
    private readonly sink: OpSink,
    private readonly defaultSchema: string,
    /** `-x key=value` arguments from the command line. */
    readonly args: Readonly<Record<string, string>> = {},
    /** `--tag`: a free-form value from the command line, as Alembic's tag argument. */
    readonly tag: string | null = null,
  ) {}

  private ref(object: ObjectRef): QualifiedName {
    if (typeof object === "string") return { schema: this.defaultSchema, name: object };
    return { schema: object.schema, name: object.name };
  }

  private run(op: MigrationOp): Promise<void> {
    return this.sink.apply(op);
  }

  sql(expression: string): SqlExpression {
    return { [SQL_EXPRESSION]: true, sql: expression };
  }

  column(name: string, type: string, options: ColumnOptions = {}): Column {
    return {
      name,
      type,
      nullable: options.nullable ?? true,
      default: defaultSql(options.default),
      serial: options.serial ?? false,
      identity: options.identity ?? null,
      generated: options.generated ? options.generated.sql : null,
      collation: options.collation ?? null,
      comment: options.comment ?? null,
    };
  }

  /**
   * True while rendering `--sql` (or recording), when nothing is executed: a data migration can then
   * write SQL that does not depend on what the database holds, instead of calling `query`.
   */
  get isOffline(): boolean {
    return this.sink.offline;
  }

  /** Runs `sql` as written; in `--sql` mode it is copied into the script verbatim. */
  execute(sql: string): Promise<void> {
    return this.run({ kind: "execute", sql });
  }

  /**
   * Reads the database (`$1`-style parameters) and returns the rows, for migrations whose changes depend
   * on the data. Not an operation: it changes nothing, so it is neither rendered nor checksummed. An
   * offline `--sql` run cannot answer it and fails, naming the migration.
   */
  query<Row extends QueryRow = QueryRow>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.sink.query(sql, params) as Promise<Row[]>;
  }

  autocommitBlock(block: () => Promise<void>): Promise<void> {
    return this.sink.autocommit(block);
  }

  createSchema(schema: string): Promise<void> {
    return this.run({ kind: "createSchema", schema });
  }

  dropSchema(schema: string): Promise<void> {
    return this.run({ kind: "dropSchema", schema });
  }

  createExtension(name: string, options: { schema?: string } = {}): Promise<void> {
    return this.run({ kind: "createExtension", extension: { name, schema: options.schema ?? this.defaultSchema } });
  }

  dropExtension(name: string, options: { schema?: string } = {}): Promise<void> {
    return this.run({ kind: "dropExtension", extension: { name, schema: options.schema ?? this.defaultSchema } });
  }

  createEnum(name: ObjectRef, values: readonly string[]): Promise<void> {
    const enumType: EnumType = { ...this.ref(name), values: [...values] };
    return this.run({ kind: "createEnum", enumType });
  }

  dropEnum(name: ObjectRef): Promise<void> {
    return this.run({ kind: "dropEnum", name: this.ref(name) });
  }

  addEnumValue(name: ObjectRef, value: string, placement: { before?: string; after?: string } = {}): Promise<void> {
    return this.run({ kind: "addEnumValue", name: this.ref(name), value, before: placement.before ?? null, after: placement.after ?? null });
  }

  /** Renames a value in place (PostgreSQL 10+): rows holding it keep it under the new label. */
  renameEnumValue(name: ObjectRef, value: string, newValue: string): Promise<void> {
    return this.run({ kind: "renameEnumValue", name: this.ref(name), value, newValue });
  }

  /** Renames the type; the columns using it follow, nothing is rewritten. */
  renameEnum(name: ObjectRef, newName: string): Promise<void> {
    return this.run({ kind: "renameEnum", name: this.ref(name), newName });
  }

  /**
   * Removes or reorders enum values by swapping the type: every column listed is converted through
   * text; `mapping` rewrites removed values still stored in rows.
   */
  replaceEnum(name: ObjectRef, change: ReplaceEnumChange): Promise<void> {
    return this.run({
      kind: "replaceEnum",
      name: this.ref(name),
      from: [...change.from],
      to: [...change.to],
      columns: change.columns.map((use) => ({
        table: this.ref(use.table),
        column: use.column,
        array: use.array ?? false,
        default: use.default === undefined || use.default === null ? null : use.default.sql,
        ...(use.defaultAfter === undefined ? {} : { defaultAfter: use.defaultAfter === null ? null : use.defaultAfter.sql }),
      })),
      mapping: { ...(change.mapping ?? {}) },
    });
  }

  private table(name: ObjectRef, columns: readonly Column[], options: RestoreTableOptions): Table {
    const checks: CheckConstraint[] = (options.checks ?? []).map((check) => ({ name: check.name, expression: check.expression }));
    return {
      ...this.ref(name),
      columns: [...columns],
      primaryKey: options.primaryKey ? { name: options.primaryKey.name, columns: [...options.primaryKey.columns] } : null,
      uniques: (options.uniques ?? []).map((unique) => ({ name: unique.name, columns: [...unique.columns] })),
      checks,
      exclusions: (options.exclusions ?? []).map((exclusion) => ({ name: exclusion.name, definition: exclusion.definition })),
      foreignKeys: [],
      indexes: (options.indexes ?? []).map((index) => indexOf(index.name, index.keys, index)),
      comment: options.comment ?? null,
    };
  }

  createTable(name: ObjectRef, columns: readonly Column[], options: CreateTableOptions = {}): Promise<void> {
    return this.run({ kind: "createTable", table: this.table(name, columns, options) });
  }

  /**
   * Copies the table's rows to `archive` (marked so autogen leaves it alone), then drops the table:
   * a drop that `restoreTable` can undo with the data.
   */
  archiveTable(name: ObjectRef, archive: string): Promise<void> {
    return this.run({ kind: "archiveTable", name: this.ref(name), archive });
  }

  /** Recreates an archived table with its keys and indexes, copies the rows back and drops `archive`. */
  restoreTable(name: ObjectRef, archive: string, columns: readonly Column[], options: RestoreTableOptions = {}): Promise<void> {
    return this.run({ kind: "restoreTable", table: this.table(name, columns, options), archive });
  }

  dropTable(name: ObjectRef): Promise<void> {
    return this.run({ kind: "dropTable", name: this.ref(name) });
  }

  renameTable(name: ObjectRef, newName: string): Promise<void> {
    return this.run({ kind: "renameTable", name: this.ref(name), newName });
  }

  setTableComment(table: ObjectRef, comment: Change<string | null>): Promise<void> {
    return this.run({ kind: "setTableComment", table: this.ref(table), comment });
  }

  addColumn(table: ObjectRef, column: Column): Promise<void> {
    return this.run({ kind: "addColumn", table: this.ref(table), column });
  }

  dropColumn(table: ObjectRef, column: string): Promise<void> {
    return this.run({ kind: "dropColumn", table: this.ref(table), column });
  }

  /** Copies the column's values with the primary key (`key`) to `archive`, then drops the column. */
  archiveColumn(table: ObjectRef, column: string, archive: string, options: { key: readonly string[] }): Promise<void> {
    return this.run({ kind: "archiveColumn", table: this.ref(table), column, archive, key: [...options.key] });
  }

  /** Adds an archived column back, fills each row from `archive` by primary key, and drops `archive`. */
  restoreColumn(table: ObjectRef, column: Column, archive: string, options: { key: readonly string[] }): Promise<void> {
    return this.run({ kind: "restoreColumn", table: this.ref(table), column, archive, key: [...options.key] });
  }

  alterColumn(table: ObjectRef, column: string, changes: AlterColumnChanges, options: AlterColumnOptions = {}): Promise<void> {
    const defaultChange = changes.default && { from: defaultSql(changes.default.from), to: defaultSql(changes.default.to) };
    const expression = (value: SqlExpression | null) => (value === null ? null : value.sql);
    const generatedChange = changes.generated && { from: expression(changes.generated.from), to: expression(changes.generated.to) };
    const normalized = Object.fromEntries(
      Object.entries({ ...changes, default: defaultChange, generated: generatedChange }).filter(([, change]) => change !== undefined),
    );
    return this.run({
      kind: "alterColumn",
      table: this.ref(table),
      column,
      changes: normalized,
      ...(options.using ? { using: options.using.sql } : {}),
      ...(options.columnType ? { columnType: options.columnType } : {}),
    });
  }

  /**
   * Drops the column and adds it again with `column`'s definition, for what cannot change in place
   * (a plain column becoming generated); indexes and constraints on it must be dropped before and
   * created again after.
   */
  recreateColumn(table: ObjectRef, column: Column): Promise<void> {
    return this.run({ kind: "recreateColumn", table: this.ref(table), column });
  }

  renameColumn(table: ObjectRef, column: string, newName: string): Promise<void> {
    return this.run({ kind: "renameColumn", table: this.ref(table), column, newName });
  }

  /** `concurrently`: build the index without blocking writes, then attach it; only inside `op.autocommitBlock`. */
  createPrimaryKey(table: ObjectRef, name: string, columns: readonly string[], options: { concurrently?: boolean } = {}): Promise<void> {
    return this.run({
      kind: "createPrimaryKey",
      table: this.ref(table),
      primaryKey: { name, columns: [...columns] },
      ...(options.concurrently ? { concurrently: true } : {}),
    });
  }

  dropPrimaryKey(table: ObjectRef, name: string): Promise<void> {
    return this.run({ kind: "dropPrimaryKey", table: this.ref(table), name });
  }

  /** `concurrently`: build the index without blocking writes, then attach it; only inside `op.autocommitBlock`. */
  createUniqueConstraint(table: ObjectRef, name: string, columns: readonly string[], options: { concurrently?: boolean } = {}): Promise<void> {
    return this.run({
      kind: "createUniqueConstraint",
      table: this.ref(table),
      constraint: { name, columns: [...columns] },
      ...(options.concurrently ? { concurrently: true } : {}),
    });
  }

  dropUniqueConstraint(table: ObjectRef, name: string): Promise<void> {
    return this.run({ kind: "dropUniqueConstraint", table: this.ref(table), name });
  }

  createCheckConstraint(table: ObjectRef, name: string, expression: SqlExpression | string, options: { notValid?: boolean } = {}): Promise<void> {
    return this.run({
      kind: "createCheckConstraint",
      table: this.ref(table),
      constraint: { name, expression: textOf(expression) },
      ...(options.notValid ? { notValid: true } : {}),
    });
  }

  /** Checks existing rows against a constraint added with `notValid`, without blocking writes. */
  validateConstraint(table: ObjectRef, name: string): Promise<void> {
    return this.run({ kind: "validateConstraint", table: this.ref(table), name });
  }

  dropCheckConstraint(table: ObjectRef, name: string): Promise<void> {
    return this.run({ kind: "dropCheckConstraint", table: this.ref(table), name });
  }

  /** `definition` is the whole constraint after its name: `op.sql("EXCLUDE USING gist (room WITH =, during WITH &&)")`. */
  createExclusionConstraint(table: ObjectRef, name: string, definition: SqlExpression | string): Promise<void> {
    return this.run({ kind: "createExclusionConstraint", table: this.ref(table), constraint: { name, definition: textOf(definition) } });
  }

  dropExclusionConstraint(table: ObjectRef, name: string): Promise<void> {
    return this.run({ kind: "dropExclusionConstraint", table: this.ref(table), name });
  }

  createForeignKey(
    table: ObjectRef,
    name: string,
    columns: readonly string[],
    referencedTable: ObjectRef,
    referencedColumns: readonly string[],
    options: ForeignKeyOptions = {},
  ): Promise<void> {
    return this.run({
      kind: "createForeignKey",
      table: this.ref(table),
      foreignKey: {
        name,
        columns: [...columns],
        referencedTable: this.ref(referencedTable),
        referencedColumns: [...referencedColumns],
        onDelete: options.onDelete ?? "NO ACTION",
        onUpdate: options.onUpdate ?? "NO ACTION",
        deferrable: options.deferrable ?? false,
        initiallyDeferred: options.initiallyDeferred ?? false,
      },
      ...(options.notValid ? { notValid: true } : {}),
    });
  }

  dropForeignKey(table: ObjectRef, name: string): Promise<void> {
    return this.run({ kind: "dropForeignKey", table: this.ref(table), name });
  }

  /**
   * Renames a primary key, unique, check, exclusion constraint or foreign key in place; a key's index
   * takes the new name too. Nothing is checked or built again.
   */
  renameConstraint(table: ObjectRef, name: string, newName: string): Promise<void> {
    return this.run({ kind: "renameConstraint", table: this.ref(table), name, newName });
  }

  createIndex(table: ObjectRef, name: string, keys: readonly string[], options: IndexOptions = {}): Promise<void> {
    return this.run({
      kind: "createIndex",
      table: this.ref(table),
      index: indexOf(name, keys, options),
      ...(options.concurrently ? { concurrently: true } : {}),
    });
  }

  dropIndex(table: ObjectRef, name: string, options: { concurrently?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropIndex", table: this.ref(table), name, ...(options.concurrently ? { concurrently: true } : {}) });
  }

  /** Renames an index of `table` in place (it stays in the table's schema); nothing is built again. */
  renameIndex(table: ObjectRef, name: string, newName: string): Promise<void> {
    return this.run({ kind: "renameIndex", table: this.ref(table), name, newName });
  }

  /**
   * `definition` is the view's query (`SELECT ...`). A materialized view is filled by running it; its
   * indexes are `op.createIndex` calls on the view's name.
   */
  createView(name: ObjectRef, definition: SqlExpression | string, options: { materialized?: boolean } = {}): Promise<void> {
    return this.run({
      kind: "createView",
      view: { ...this.ref(name), materialized: options.materialized ?? false, definition: textOf(definition), indexes: [], dependsOn: [] },
    });
  }

  dropView(name: ObjectRef, options: { materialized?: boolean } = {}): Promise<void> {
    return this.run({ kind: "dropView", name: this.ref(name), materialized: options.materialized ?? false });
  }
}

/** Every op kind must be replayable from a file: a kind without a method of the same name fails to compile here. */
type KindsWithoutMethod = Exclude<import("../ops/types").OpKind, keyof Operations>;
export const everyOpKindHasAMethod: [KindsWithoutMethod] extends [never] ? true : KindsWithoutMethod = true;
