/**
 * The schema model: plain readonly data that both sides of a comparison are reduced to.
 *
 * Every SQL-bearing field (types, defaults, expressions, predicates) holds text exactly as PostgreSQL
 * prints it when read back with `search_path = pg_catalog`, so user types are always schema-qualified and
 * two models compare with plain equality.
 */

export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

export type Identity = "always" | "by default";

export interface Column {
  readonly name: string;
  /** Type as `format_type()` prints it: `character varying(255)`, `numeric(10,2)`, `public.order_status[]`. */
  readonly type: string;
  readonly nullable: boolean;
  /** Default expression as `pg_get_expr()` prints it, or null. Serial columns keep theirs in `serial`. */
  readonly default: string | null;
  /** A column backed by a sequence it owns (`serial`/`bigserial`/`smallserial`). */
  readonly serial: boolean;
  readonly identity: Identity | null;
  /** Expression of a `GENERATED ALWAYS AS (...) STORED` column. */
  readonly generated: string | null;
  readonly collation: string | null;
  readonly comment: string | null;
}

export interface PrimaryKey {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface UniqueConstraint {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface CheckConstraint {
  readonly name: string;
  /** The boolean expression as `pg_get_expr()` prints it, without the `CHECK` keyword. */
  readonly expression: string;
}

/** `EXCLUDE USING gist (room WITH =, during WITH &&)`: the whole definition, as PostgreSQL prints it. */
export interface ExclusionConstraint {
  readonly name: string;
  readonly definition: string;
}

export type ReferentialAction = "NO ACTION" | "RESTRICT" | "CASCADE" | "SET NULL" | "SET DEFAULT";

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: QualifiedName;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}

export interface Index {
  readonly name: string;
  readonly unique: boolean;
  /**
   * Key parts as SQL, as PostgreSQL prints them: a column name (quoted only where it must be), or an
   * expression, followed by `DESC` / `NULLS FIRST|LAST` where those differ from the default.
   */
  readonly keys: readonly string[];
  /** Access method: btree, gin, gist, brin, hash, spgist. */
  readonly method: string;
  /** Partial index predicate as `pg_get_expr()` prints it. */
  readonly where: string | null;
}

export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey: PrimaryKey | null;
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly exclusions: readonly ExclusionConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly indexes: readonly Index[];
  readonly comment: string | null;
}

export interface EnumType {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
}

/**
 * A relation a view reads, as pg_depend records it for the view's rewrite rule: the columns it names,
 * or none when it reads whole rows (`SELECT t FROM t`) or when only the relation is known (TypeORM's
 * `dependsOn`, before the shadow database has read the real dependencies).
 */
export interface ViewDependency extends QualifiedName {
  readonly columns: readonly string[];
  /** Whole rows are read, so every column counts. */
  readonly wholeRow: boolean;
}

export interface View {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  /**
   * The query: as `pg_get_viewdef()` prints it (without the trailing semicolon) once read from a
   * database, as the entity declares it before normalization.
   */
  readonly definition: string;
  /** Indexes of a materialized view; a plain view has none. */
  readonly indexes: readonly Index[];
  /** What the view reads, which orders creation and says which table changes force a rebuild. Not compared. */
  readonly dependsOn: readonly ViewDependency[];
}

export interface Extension {
  readonly name: string;
  readonly schema: string;
}

export interface SchemaModel {
  /** Schemas the model manages; everything else in the database is out of scope. */
  readonly schemas: readonly string[];
  readonly extensions: readonly Extension[];
  readonly enums: readonly EnumType[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
}

export const emptyModel = (schemas: readonly string[]): SchemaModel => ({
  schemas,
  extensions: [],
  enums: [],
  tables: [],
  views: [],
});
