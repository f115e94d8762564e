/**
 * Where `op` calls go: executed on a connection, written as SQL text, or recorded as data.
 */
import type { Queryable } from "../db/queryable";
import { describeOp } from "../ops/describe";
import type { MigrationOp } from "../ops/types";
import { emitSql } from "../sql/emit";
import type { OpSink } from "./operations";
import { AutogenError, describeCause } from "../errors";

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

export interface TransactionControl {
  /** Ends the surrounding transaction, runs `block` in autocommit mode, then opens a new one. */
  outsideTransaction(block: () => Promise<void>): Promise<void>;
}

export class ExecutingSink implements OpSink {
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
}

/** Offline `--sql`: statements become script text; autocommit blocks close and reopen the transaction. */
export class SqlScriptSink implements OpSink {
  readonly lines: string[] = [];

  constructor(private readonly inTransaction: boolean) {}

  async apply(op: MigrationOp): Promise<void> {
    for (const statement of emitSql(op)) this.lines.push(`${statement};`);
  }

  async autocommit(block: () => Promise<void>): Promise<void> {
    if (this.inTransaction) this.lines.push("COMMIT;");
    await block();
    if (this.inTransaction) this.lines.push("BEGIN;");
  }
}

export class RecordingSink implements OpSink {
  readonly ops: MigrationOp[] = [];

  async apply(op: MigrationOp): Promise<void> {
    this.ops.push(op);
  }

  async autocommit(block: () => Promise<void>): Promise<void> {
    await block();
  }
}
