/**
 * Where `op` calls go: executed on a connection, written as SQL text, or recorded as data.
 */
import type { Queryable } from "../db/queryable";
import { describeOp } from "../ops/describe";
import type { MigrationOp } from "../ops/types";
import { emitSql } from "../sql/emit";
import type { OpSink, QueryRow } from "./operations";
import type { Direction } from "./graph";
import { AutogenError, UsageError, describeCause } from "../errors";

/** A statement PostgreSQL rejected, with the operation it came from. */
export class StatementFailedError extends AutogenError {
  constructor(
    readonly operation: string,
    readonly statement: string,
    readonly postgresMessage: string,
    cause: unknown,
  ) {
    super(`${operation} failed: ${postgresMessage}\n  SQL: ${statement}`, { cause });
  }
}

/** `op.query` in `--sql` mode: there is no database to read, so the script cannot be written. */
export class OfflineModeError extends AutogenError {
  constructor(
    readonly revision: string,
    readonly direction: Direction,
    readonly query: string,
  ) {
    super(
      `Revision ${revision} ${direction === "up" ? "upgrade" : "downgrade"} reads the database (op.query) and cannot be ` +
        `rendered offline with --sql: there is no database to answer it. Run it online, or branch on op.isOffline ` +
        `and write SQL that does not depend on the rows.`,
    );
  }
}

export interface TransactionControl {
  /** Ends the surrounding transaction, runs `block` in autocommit mode, then opens a new one. */
  outsideTransaction(block: () => Promise<void>): Promise<void>;
}

export class ExecutingSink implements OpSink {
  readonly offline = false;
  /** Operations applied so far, for messages and checksums. */
  readonly applied: MigrationOp[] = [];

  constructor(
    private readonly db: Queryable,
    private readonly transactions: TransactionControl,
  ) {}

  async apply(op: MigrationOp): Promise<void> {
    for (const statement of emitSql(op)) {
      try {
        await this.db.query(statement);
      } catch (error) {
        throw new StatementFailedError(describeOp(op), statement, describeCause(error), error);
      }
    }
    this.applied.push(op);
  }

  autocommit(block: () => Promise<void>): Promise<void> {
    return this.transactions.outsideTransaction(block);
  }

  async query(sql: string, params: readonly unknown[]): Promise<QueryRow[]> {
    try {
      return (await this.db.query(sql, params)).rows;
    } catch (error) {
      throw new StatementFailedError("query", sql, describeCause(error), error);
    }
  }
}

/** What an offline script is written to: statements, and transaction boundaries it manages. */
export interface SqlScriptOutput extends TransactionControl {
  statement(sql: string): void;
}

/** Offline `--sql`: statements become script text; autocommit blocks close and reopen the transaction. */
export class SqlScriptSink implements OpSink {
  readonly offline = true;
  /** Operations written so far, for the checksum the script records (the same one `upgrade` records). */
  readonly applied: MigrationOp[] = [];

  constructor(
    private readonly output: SqlScriptOutput,
    private readonly step: { readonly revision: string; readonly direction: Direction },
  ) {}

  async apply(op: MigrationOp): Promise<void> {
    for (const statement of emitSql(op)) this.output.statement(statement);
    this.applied.push(op);
  }

  autocommit(block: () => Promise<void>): Promise<void> {
    return this.output.outsideTransaction(block);
  }

  async query(sql: string): Promise<QueryRow[]> {
    throw new OfflineModeError(this.step.revision, this.step.direction, sql);
  }
}

export class RecordingSink implements OpSink {
  readonly ops: MigrationOp[] = [];

  /** `offline` is what `op.isOffline` answers: a replay pretends to be where the step really ran. */
  constructor(readonly offline = true) {}

  async apply(op: MigrationOp): Promise<void> {
    this.ops.push(op);
  }

  async autocommit(block: () => Promise<void>): Promise<void> {
    await block();
  }

  async query(sql: string): Promise<QueryRow[]> {
    throw new UsageError(`op.query("${sql}") needs a database, but operations are only being recorded here.`);
  }
}
