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
  View,
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
 * of its table that include it; and what it refuses to drop the column under: the foreign keys that
 * include or reference it (with the table each is on) and the views reading it.
 */
export interface ColumnDependents {
  readonly primaryKey: PrimaryKey | null;
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly exclusions: readonly ExclusionConstraint[];
  readonly indexes: readonly Index[];
  readonly foreignKeys: readonly { readonly table: QualifiedName; readonly foreignKey: ForeignKey }[];
  /**
   * Views reading the column, and the views reading those, in creation order: PostgreSQL refuses to
   * drop a column a view reads.
   */
  readonly views: readonly View[];
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

/**
 * What a type swap cannot carry through, so it is dropped before the swap and created again after:
 * indexes and constraints holding a constant of the type (PostgreSQL rebuilds them with the constant
 * still of the renamed old type, and finds no operator between the two), and views reading a column
 * of the type or casting to it (PostgreSQL refuses to retype a column a view reads), with the views
 * reading those, in creation order.
 */
export interface SwapDependents {
  readonly parts: readonly {
    readonly table: QualifiedName;
    readonly indexes: readonly Index[];
    readonly checks: readonly CheckConstraint[];
    readonly exclusions: readonly ExclusionConstraint[];
  }[];
  readonly views: readonly View[];
}

/** `ALTER TYPE ... ADD VALUE`, placed to keep the declared order. */
export interface AddEnumValueOp {
  readonly kind: "addEnumValue";
  readonly name: QualifiedName;
  readonly value: string;
  readonly before: string | null;
  readonly after: string | null;
  /**
   * The type's values before this op, the columns using it and what a swap of it must rebuild: a
   * value cannot be removed in place, so the reverse is a swap back.
   */
  readonly existing?: { readonly values: readonly string[]; readonly columns: readonly EnumColumnUse[]; readonly dependents: SwapDependents };
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
/**
 * `revision --archive`: the table's rows are copied into `archive` (same schema, marked by its comment
 * so later comparisons leave it alone), then the table is dropped. Reversed by `restoreTable`.
 */
export interface ArchiveTableOp {
  readonly kind: "archiveTable";
  readonly name: QualifiedName;
  readonly archive: string;
  readonly possibleRename?: string;
  /** As for dropTable: foreign keys are dropped by their own ops first. */
  readonly existing?: Table;
}
/** Recreates an archived table (columns, keys, checks, indexes), copies its rows back and drops the archive. */
export interface RestoreTableOp {
  readonly kind: "restoreTable";
  readonly table: Table;
  readonly archive: string;
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
/**
 * `revision --archive`: the column's values are copied into `archive` beside the table's primary key
 * (`key`), then the column is dropped. Reversed by `restoreColumn`.
 */
export interface ArchiveColumnOp {
  readonly kind: "archiveColumn";
  readonly table: QualifiedName;
  readonly column: string;
  readonly archive: string;
  /** The primary key's columns: what matches an archived value to its row again. */
  readonly key: readonly string[];
  readonly possibleRename?: string;
  readonly existing?: Column;
}
/** Adds an archived column back, fills it from the archive by primary key, then drops the archive. */
export interface RestoreColumnOp {
  readonly kind: "restoreColumn";
  readonly table: QualifiedName;
  readonly column: Column;
  readonly archive: string;
  readonly key: readonly string[];
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
  /**
   * Scaffolding of a safe SET NOT NULL, dropped again within the same upgrade: its reverse is nothing,
   * so the downgrade is a plain DROP NOT NULL rather than a check re-added with a full scan.
   */
  readonly temporary?: true;
}
export interface DropCheckConstraintOp {
  readonly kind: "dropCheckConstraint";
  readonly table: QualifiedName;
  readonly name: string;
  readonly existing?: CheckConstraint;
  /** The end of a safe SET NOT NULL's scaffolding (see CreateCheckConstraintOp.temporary). */
  readonly temporary?: true;
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
 * `ALTER TABLE ... RENAME CONSTRAINT`: a primary key, unique, check, exclusion or foreign key keeps
 * its definition and changes only its name; an index-backed one renames its index too. Nothing is
 * checked or built again, and the foreign keys resting on a renamed key stay where they are.
 * https://www.postgresql.org/docs/current/sql-altertable.html (RENAME CONSTRAINT)
 */
export interface RenameConstraintOp {
  readonly kind: "renameConstraint";
  readonly table: QualifiedName;
  readonly name: string;
  readonly newName: string;
}

/**
 * `ALTER INDEX ... RENAME TO`: the index keeps its definition and its built contents. `table` is the
 * one it is on; the index lives in that table's schema.
 */
export interface RenameIndexOp {
  readonly kind: "renameIndex";
  readonly table: QualifiedName;
  readonly name: string;
  readonly newName: string;
}

/**
 * A view or materialized view, created from its query; a materialized view's indexes are `createIndex`
 * ops on its name. A changed view is dropped and created again: `CREATE OR REPLACE VIEW` only allows
 * appending columns, and a materialized view has no OR REPLACE at all.
 */
export interface CreateViewOp { readonly kind: "createView"; readonly view: View }
export interface DropViewOp {
  readonly kind: "dropView";
  readonly name: QualifiedName;
  /** `DROP MATERIALIZED VIEW` and `DROP VIEW` do not drop each other's kind. */
  readonly materialized: boolean;
  /** The query and the indexes of a materialized view, so the reverse recreates both. */
  readonly existing?: View;
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

/**
 * Hand-written SQL from `op.execute`; never reversible. The comparator produces one kind only: the
 * backfill placeholder of a new NOT NULL column (src/safety/backfill.ts), marked by `backfill` while
 * the plan is in memory. A file replays it as a plain `op.execute`, recognised by its SQL's marker.
 */
export interface ExecuteOp {
  readonly kind: "execute";
  readonly sql: string;
  /** Set only on a generated backfill placeholder: the column it must fill. */
  readonly backfill?: { readonly table: QualifiedName; readonly column: string };
}

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
  | ArchiveTableOp
  | RestoreTableOp
  | RenameTableOp
  | SetTableCommentOp
  | AddColumnOp
  | DropColumnOp
  | ArchiveColumnOp
  | RestoreColumnOp
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
  | RenameConstraintOp
  | CreateIndexOp
  | DropIndexOp
  | RenameIndexOp
  | CreateViewOp
  | DropViewOp
  | ValidateConstraintOp
  | ExecuteOp;

export type OpKind = MigrationOp["kind"];
export type OpOfKind<K extends OpKind> = Extract<MigrationOp, { kind: K }>;

/** One handler per op kind; adding a kind without its handler is a compile error wherever this is used. */
export type PerOpKind<R> = { readonly [K in OpKind]: (op: OpOfKind<K>) => R };

export const dispatch = <R>(handlers: PerOpKind<R>, op: MigrationOp): R =>
  (handlers[op.kind] as (op: MigrationOp) => R)(op);
