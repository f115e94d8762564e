/**
 * The shape of a corpus case: plain data that `test/integration/corpus.test.ts` runs through the same
 * four checks. A case either lists EntitySchema definitions or names a DataSource module of decorated
 * classes; everything else is expectations.
 */
import type { EntitySchemaOptions } from "typeorm";
import type { Column } from "../../src/model/schema";

/** The four checks every set goes through, by the name its `knownGap` entries use. */
export type CheckName =
  /** From an empty database, revision + upgrade builds the schema TypeORM's synchronize builds. */
  | "sameAsSynchronize"
  /** On a database TypeORM's synchronize built, autogen finds nothing to change. */
  | "noChangesAfterSynchronize"
  /** `downgrade base` leaves no table, enum, view or free sequence behind. */
  | "downgradeToEmpty"
  /** The generated migration applied to another (differently named) database converges there too. */
  | "otherDatabase";

export type EntitySchemaData = EntitySchemaOptions<unknown>;

export type SetSource =
  | {
      readonly kind: "entitySchemas";
      /**
       * Written into a generated JavaScript module; functions (`default: () => "now()"`) are written as
       * their source text, so they must not close over anything.
       */
      readonly schemas: readonly EntitySchemaData[];
      readonly dataSourceOptions?: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: "dataSourceModule";
      /** Absolute path of a module exporting a TypeORM DataSource (decorated classes). */
      readonly file: string;
    };

/** A column autogen's migration must build, checked field by field against the introspected column. */
export interface ExpectedColumn extends Partial<Column> {
  /** `schema.table`. */
  readonly table: string;
  readonly name: string;
}

/**
 * TypeORM's synchronize gets this set wrong. Check 1 then asserts exactly how it differs, and check 2
 * asserts the operations that repair it; `expectColumns` on the set says what autogen builds instead.
 */
export interface SynchronizeIsWrong {
  readonly reason: string;
  /** Synchronize throws an error whose message contains this text. Check 2 cannot run then. */
  readonly error?: string;
  /** Otherwise, the exact `differences` lines between autogen's schema (a) and synchronize's (b). */
  readonly differences?: readonly string[];
  /** What autogen plans on the database synchronize built (default: the repairs named above). */
  readonly opsAfterSynchronize?: readonly string[];
}

export interface CorpusSet {
  readonly name: string;
  /** What the set exercises, for readers of the corpus (and of failures). */
  readonly features: readonly string[];
  readonly source: SetSource;
  /** Explicit facts about the schema autogen builds, beyond equality with synchronize. */
  readonly expectColumns?: readonly ExpectedColumn[];
  readonly synchronizeIsWrong?: SynchronizeIsWrong;
  /**
   * SQL a user runs by hand for objects the entities mark `synchronize: false`. It runs on the database
   * synchronize built (check 2) and on the other database (check 4) before autogen compares them, which
   * must then leave those objects alone.
   */
  readonly handMadeSql?: readonly string[];
  /**
   * Checks that fail because autogen lacks a feature or has a bug, each with the precise reason. They
   * run as `it.failing`, so fixing src/ turns them red until the marker is removed.
   */
  readonly knownGap?: Partial<Record<CheckName, string>>;
}
