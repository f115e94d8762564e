/**
 * The operation vocabulary: the comparator produces these, the renderer writes them as `op.<kind>(...)`
 * calls, the runtime `op` API rebuilds them from those calls, and the SQL emitter turns them into DDL.
 * A kind is named exactly like the `op` method that replays it.
 *
 * Destructive operations carry `existing`, the full definition of what they destroy, so that their
 * reverse is exact. Operations rebuilt from a migration file may lack it; reversing them then fails
 * loudly instead of guessing.
 */
import type {
  CheckConstraint,
  Column,
  EnumType,
  ExclusionConstraint,
  Extension,
  ForeignKey,
  Identity,
  Index,
  PrimaryKey,
  QualifiedName,
  Table,
  UniqueConstraint,
} from "../model/schema";

/** A change of one attribute: never a sentinel, always both sides. */
export interface Change<T> {
  readonly from: T;
  readonly to: T;
}

export interface ColumnChanges {
  readonly type?: Change<string>;
  readonly nullable?: Change<boolean>;
  readonly default?: Change<string | null>;
  readonly comment?: Change<string | null>;
  /** Backed by an owned sequence (`serial`), or not. */
  readonly serial?: Change<boolean>;
  readonly identity?: Change<Identity | null>;
  readonly collation?: Change<string | null>;
  /**
   * A stored generated column's expression: changed (`SET EXPRESSION`, PostgreSQL 17+) or dropped
   * (`DROP EXPRESSION`, 13+, keeping the values). A plain column cannot become generated in place:
   * that is `recreateColumn`.
   */
  readonly generated?: Change<string | null>;
}

/**
 * What PostgreSQL drops with a column: the key, unique, check and exclusion constraints and indexes
 * of its table that include it, and the foreign keys that include or reference it (with the table
 * each is on), which it refuses to drop the column under.
 */
export interface ColumnDependents {
  readonly primaryKey: PrimaryKey | null;
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly exclusions: readonly ExclusionConstraint[];
  readonly indexes: readonly Index[];
  readonly foreignKeys: readonly { readonly table: QualifiedName; readonly foreignKey: ForeignKey }[];
}

export interface CreateSchemaOp { readonly kind: "createSchema"; readonly schema: string }
export interface DropSchemaOp { readonly kind: "dropSchema"; readonly schema: string }

export interface CreateExtensionOp { readonly kind: "createExtension"; readonly extension: Extension }
export interface DropExtensionOp { readonly kind: "dropExtension"; readonly extension: Extension }

export interface CreateEnumOp { readonly kind: "createEnum"; readonly enumType: EnumType }
export interface DropEnumOp {
  readonly kind: "dropEnum";
  readonly name: QualifiedName;
  /** A type created in the same plan that may be this one renamed: flagged for the reviewer. */
  readonly possibleRename?: string;
  readonly existing?: EnumType;
}
/** A column whose type is an enum (or an array of it), as a type swap must rewrite it. */
export interface EnumColumnUse {
  readonly table: QualifiedName;
  readonly column: string;
  readonly array: boolean;
  /** The column's default, dropped before the swap and set again after it. */
  readonly default: string | null;
  /**
   * The default set after the swap instead, when the plan changes it: the old one may hold a value
   * the new type no longer has, and the new one a value only the new type has.
   */
  readonly defaultAfter?: string | null;
}

/** `ALTER TYPE ... ADD VALUE`, placed to keep the declared order. */
export interface AddEnumValueOp {
  readonly kind: "addEnumValue";
  readonly name: QualifiedName;
  readonly value: string;
  readonly before: string | null;
  readonly after: string | null;
  /** The type's values before this op and the columns using it: what a reverse swap needs. */
  readonly existing?: { readonly values: readonly string[]; readonly columns: readonly EnumColumnUse[] };
}

/**
 * `ALTER TYPE ... RENAME VALUE` (PostgreSQL 10+): the label changes in place, so every row holding it
 * reads the new one and nothing is rewritten.
 */
export interface RenameEnumValueOp {
  readonly kind: "renameEnumValue";
  readonly name: QualifiedName;
  readonly value: string;
  readonly newValue: string;
}

/** `ALTER TYPE ... RENAME TO`: columns refer to the type, not its name, so they follow it unchanged. */
export interface RenameEnumOp {
  readonly kind: "renameEnum";
  readonly name: QualifiedName;
  readonly newName: string;
}

/**
 * Replaces an enum type's values where ADD VALUE cannot (removing or reordering values): the type is
 * renamed aside, created anew, every column using it converted through text, and the old type dropped.
 * `mapping` converts removed values still stored in rows; without it such rows make the swap fail.
 */
export interface ReplaceEnumOp {
  readonly kind: "replaceEnum";
  readonly name: QualifiedName;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly columns: readonly EnumColumnUse[];
  readonly mapping: Readonly<Record<string, string>>;
  /** Removed values that may be renames of added ones (old -> new): flagged for the reviewer. */
  readonly possibleRenames?: Readonly<Record<string, string>>;
}

/** Creates the table with its columns, primary key, unique and check constraints; indexes and foreign keys are separate ops. */
export interface CreateTableOp { readonly kind: "createTable"; readonly table: Table }
export interface DropTableOp {
  readonly kind: "dropTable";
  readonly name: QualifiedName;
  /** A table created in the same plan that may be this one renamed: flagged for the reviewer. */
  readonly possibleRename?: string;
  /** Columns, keys, checks and indexes; foreign keys are always dropped by their own ops first. */
  readonly existing?: Table;
}
export interface RenameTableOp {
  readonly kind: "renameTable";
  readonly name: QualifiedName;
  readonly newName: string;
}
export interface SetTableCommentOp {
  readonly kind: "setTableComment";
  readonly table: QualifiedName;
  readonly comment: Change<string | null>;
}

export interface AddColumnOp { readonly kind: "addColumn"; readonly table: QualifiedName; readonly column: Column }
export interface DropColumnOp {
  readonly kind: "dropColumn";
  readonly table: QualifiedName;
  readonly column: string;
  /** A column added in the same plan that may be this one renamed: flagged for the reviewer. */
  readonly possibleRename?: string;
  readonly existing?: Column;
}
export interface AlterColumnOp {
  readonly kind: "alterColumn";
  readonly table: QualifiedName;
  readonly column: string;
  readonly changes: ColumnChanges;
  /** Conversion expression for a type change; defaults to a cast of the column to the new type. */
  readonly using?: string;
  /** The column's type after the change; a collation change restates it (`TYPE t COLLATE c`). */
  readonly columnType?: string;
  /**
   * With `generated` dropped: the column before and what includes it. DROP EXPRESSION has no inverse
   * in place, so the reverse drops the column and adds it again as generated, around which these are
   * dropped and created again.
   */
  readonly existing?: { readonly column: Column; readonly dependents: ColumnDependents };
}
/**
 * Drops a column and adds it again under the same name, for what PostgreSQL cannot change in place: a
 * plain column becoming a stored generated one, or a new generation expression before PostgreSQL 17.
 * The values are computed anew. Indexes and constraints that include the column go with it, so the
 * plan drops them before and creates them again after, each by its own op.
 */
export interface RecreateColumnOp {
  readonly kind: "recreateColumn";
  readonly table: QualifiedName;
  /** The definition it is added again with. */
  readonly column: Column;
  readonly existing?: Column;
}

export interface RenameColumnOp {
  readonly kind: "renameColumn";
  readonly table: QualifiedName;
  readonly column: string;
  readonly newName: string;
}

export interface CreatePrimaryKeyOp {
  readonly kind: "createPrimaryKey";
  readonly table: QualifiedName;
  readonly primaryKey: PrimaryKey;
  /** Build its index CONCURRENTLY first, then attach it (`USING INDEX`): only inside `op.autocommitBlock`. */
  readonly concurrently?: boolean;
}
export interface DropPrimaryKeyOp {
  readonly kind: "dropPrimaryKey";
  readonly table: QualifiedName;
  readonly name: string;
  readonly existing?: PrimaryKey;
}

export interface CreateUniqueConstraintOp {
  readonly kind: "createUniqueConstraint";
  readonly table: QualifiedName;
  readonly constraint: UniqueConstraint;
  /** Build its index CONCURRENTLY first, then attach it (`USING INDEX`): only inside `op.autocommitBlock`. */
  readonly concurrently?: boolean;
}
export interface DropUniqueConstraintOp {
  readonly kind: "dropUniqueConstraint";
  readonly table: QualifiedName;
  readonly name: string;
  readonly existing?: UniqueConstraint;
}

export interface CreateCheckConstraintOp {
  readonly kind: "createCheckConstraint";
  readonly table: QualifiedName;
  readonly constraint: CheckConstraint;
  /** Added without checking existing rows (a brief lock); `validateConstraint` checks them later. */
  readonly notValid?: boolean;
}
export interface DropCheckConstraintOp {
  readonly kind: "dropCheckConstraint";
  readonly table: QualifiedName;
  readonly name: string;
  readonly existing?: CheckConstraint;
}

export interface CreateExclusionConstraintOp {
  readonly kind: "createExclusionConstraint";
  readonly table: QualifiedName;
  readonly constraint: ExclusionConstraint;
}
export interface DropExclusionConstraintOp {
  readonly kind: "dropExclusionConstraint";
  readonly table: QualifiedName;
  readonly name: string;
  readonly existing?: ExclusionConstraint;
}

export interface CreateForeignKeyOp {
  readonly kind: "createForeignKey";
  readonly table: QualifiedName;
  readonly foreignKey: ForeignKey;
  /** Added without checking existing rows (a brief lock); `validateConstraint` checks them later. */
  readonly notValid?: boolean;
}
export interface DropForeignKeyOp {
  readonly kind: "dropForeignKey";
  readonly table: QualifiedName;
  readonly name: string;
  readonly existing?: ForeignKey;
}

export interface CreateIndexOp {
  readonly kind: "createIndex";
  readonly table: QualifiedName;
  readonly index: Index;
  /** `CONCURRENTLY`: no write lock while it builds; must run outside a transaction (`op.autocommitBlock`). */
  readonly concurrently?: boolean;
}
export interface DropIndexOp {
  readonly kind: "dropIndex";
  readonly table: QualifiedName;
  readonly name: string;
  readonly existing?: Index;
  readonly concurrently?: boolean;
}

/**
 * Checks the existing rows against a constraint added NOT VALID. Only a SHARE UPDATE EXCLUSIVE lock:
 * reads and writes go on while it scans. Not a schema change, so its reverse is nothing.
 */
export interface ValidateConstraintOp {
  readonly kind: "validateConstraint";
  readonly table: QualifiedName;
  readonly name: string;
}

/** Hand-written SQL from `op.execute`; never produced by the comparator, never reversible. */
export interface ExecuteOp { readonly kind: "execute"; readonly sql: string }

export type MigrationOp =
  | CreateSchemaOp
  | DropSchemaOp
  | CreateExtensionOp
  | DropExtensionOp
  | CreateEnumOp
  | DropEnumOp
  | AddEnumValueOp
  | RenameEnumValueOp
  | ReplaceEnumOp
  | RenameEnumOp
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | SetTableCommentOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | RecreateColumnOp
  | RenameColumnOp
  | CreatePrimaryKeyOp
  | DropPrimaryKeyOp
  | CreateUniqueConstraintOp
  | DropUniqueConstraintOp
  | CreateCheckConstraintOp
  | DropCheckConstraintOp
  | CreateExclusionConstraintOp
  | DropExclusionConstraintOp
  | CreateForeignKeyOp
  | DropForeignKeyOp
  | CreateIndexOp
  | DropIndexOp
  | ValidateConstraintOp
  | ExecuteOp;

export type OpKind = MigrationOp["kind"];
export type OpOfKind<K extends OpKind> = Extract<MigrationOp, { kind: K }>;

/** One handler per op kind; adding a kind without its handler is a compile error wherever this is used. */
export type PerOpKind<R> = { readonly [K in OpKind]: (op: OpOfKind<K>) => R };

export const dispatch = <R>(handlers: PerOpKind<R>, op: MigrationOp): R =>
  (handlers[op.kind] as (op: MigrationOp) => R)(op);
