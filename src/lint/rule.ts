/**
 * What a lint rule is: an id, a severity, a text explaining why and the safer form, and analyzers over
 * the planned operations of one revision (as Atlas's sqlcheck runs analyzers over planned changes).
 *
 * Rules register handlers only for the operation kinds they care about, so a kind added to the
 * vocabulary later is neutral here until a rule learns about it.
 */
import type { QualifiedName } from "../model/schema";
import type { MigrationOp, OpKind, OpOfKind } from "../ops/types";
import type { TransactionMode } from "../runtime/transaction-policy";
import type { SqlStatement } from "./execute-sql";
import type { TableLock } from "./locks";
import type { LintModel } from "./model";

export type Severity = "error" | "warning";

export interface LintOptions {
  /**
   * The PostgreSQL major version the migrations run on. Some hazards changed across releases
   * (non-volatile defaults stopped rewriting in 11; ADD VALUE became possible in a transaction in 12).
   */
  readonly pgVersion: number;
  /** The runner sets `lock_timeout` itself, so migrations need not (turns `missing-lock-timeout` off). */
  readonly assumeLockTimeout: boolean;
  /** Opt-in rules to run. */
  readonly enable: readonly string[];
  /** Rules not to run. */
  readonly disable: readonly string[];
  /** How upgrades run; with `none`, no operation is inside a transaction. */
  readonly transactionMode: TransactionMode;
  /** Schema of bare table names in `op.execute` SQL, as in the `op` calls. */
  readonly defaultSchema: string;
}

/** An operation as recorded from `upgrade(op)`, with where it ran. */
export interface RecordedOp {
  readonly op: MigrationOp;
  /** Inside `op.autocommitBlock(...)`: outside any transaction, each statement committing by itself. */
  readonly inAutocommit: boolean;
}

export interface OpContext {
  /** The schema just before this operation: earlier revisions, then this revision's earlier operations. */
  readonly model: LintModel;
  /** Created earlier in the same revision: empty, and used by no running code yet. */
  isNewTable(table: QualifiedName): boolean;
  isNewEnum(name: QualifiedName): boolean;
  /** Runs inside a transaction: a transactional migration, outside `op.autocommitBlock`, mode not `none`. */
  readonly inTransaction: boolean;
  /** Constraints (`table\0name` keys) added NOT VALID in the transaction this operation runs in. */
  readonly addedNotValidInThisTransaction: ReadonlySet<string>;
  readonly options: LintOptions;
}

export type OpHandlers = { readonly [K in OpKind]?: (op: OpOfKind<K>, context: OpContext) => readonly string[] };

export type StatementKind = SqlStatement["kind"];
export type StatementOfKind<K extends StatementKind> = Extract<SqlStatement, { kind: K }>;
export type StatementHandlers = {
  readonly [K in StatementKind]?: (statement: StatementOfKind<K>, context: OpContext) => readonly string[];
};

/** What a whole revision did, for rules that look beyond one operation. */
export interface RevisionFacts {
  readonly ops: readonly RecordedOp[];
  /** The recognised statements of each `op.execute`, by operation index. */
  readonly statements: ReadonlyMap<number, readonly SqlStatement[]>;
  /** The schema once the revision has run. */
  readonly modelAfter: LintModel;
  /** Created by the revision and still present at its end. */
  isNewTable(table: QualifiedName): boolean;
  /** Locks the revision takes on tables that existed before it, in the order taken. */
  readonly locks: readonly TableLock[];
  /** Index of the operation whose SQL first sets a non-zero `lock_timeout`, or null. */
  readonly lockTimeoutAt: number | null;
  readonly options: LintOptions;
}

export interface RevisionHit {
  /** The operation the finding is about (its line in the file), or null for the revision as a whole. */
  readonly opIndex: number | null;
  readonly message: string;
}

export interface LintRule {
  /** kebab-case, used in output, `--enable`/`--disable` and suppression comments. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule catches. */
  readonly summary: string;
  /** Why it matters, and the safer form. */
  readonly help: string;
  /** Off unless named with `--enable`. */
  readonly optIn?: boolean;
  readonly ops?: OpHandlers;
  readonly statements?: StatementHandlers;
  readonly revision?: (facts: RevisionFacts) => readonly RevisionHit[];
}
