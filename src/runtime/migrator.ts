/**
 * Applies a plan of steps to a live database. The plan is computed only after the advisory lock is
 * held, so a runner that waited for another one sees the state that one left and applies nothing twice.
 */
import type { Client } from "pg";
import type { QualifiedName } from "../model/schema";
import { emitAllSql } from "../sql/emit";
import { AutogenError, describeCause } from "../errors";
import type { Direction, RevisionGraph, Step } from "./graph";
import { applyHeadChange, headChange } from "./heads";
import { Operations } from "./operations";
import type { MigrationScript } from "./scripts";
import { checksumOfSql, EditedMigrationError, findEditedMigrations } from "./checksums";
import { refuseUnfilledBackfills } from "./backfill-check";
import { withMigrationLock } from "./lock";
import { isLockTimeout, withStatementTimeouts, type StatementTimeouts } from "./statement-timeouts";
import { ExecutingSink, StatementFailedError } from "./sinks";
import { transactionPolicy, type TransactionMode } from "./transaction-policy";
import { ensureVersionTable, logStep, readHeads, writeHeadChange } from "./version-table";

export type { TransactionMode } from "./transaction-policy";

export class MigrationFailedError extends AutogenError {
  constructor(
    readonly revision: string,
    readonly direction: Direction,
    readonly operation: string | null,
    readonly postgresMessage: string,
    readonly rolledBack: string,
    cause: unknown,
    /** Whether the run can be tried again without redoing committed work. */
    readonly retryable = false,
  ) {
    super(
      `Revision ${revision} ${direction === "up" ? "upgrade" : "downgrade"} failed${operation ? ` at ${operation}` : ""}: ${postgresMessage}\n${rolledBack}`,
      { cause },
    );
  }
}

export interface MigrateRequest {
  readonly client: Client;
  readonly graph: RevisionGraph;
  readonly scripts: ReadonlyMap<string, MigrationScript>;
  readonly versionTable: QualifiedName;
  readonly defaultSchema: string;
  readonly args: Readonly<Record<string, string>>;
  /** `--tag`, handed to migrations as `op.tag`. */
  readonly tag?: string;
  readonly transactionMode: TransactionMode;
  /** Refuse to run when an applied migration's file changed since (the commands turn this on; --allow-edited turns it off). */
  readonly verifyChecksums?: boolean;
  readonly lockTimeoutMs?: number;
  /** lock_timeout and statement_timeout for the migrations (not for waiting on the migration lock). */
  readonly timeouts?: StatementTimeouts;
  /** How many times a run that failed on lock_timeout is tried again, after 1 s, 2 s, 4 s... */
  readonly lockRetries?: number;
  /** Told of each retry, for the CLI to print. */
  readonly onRetry?: (attempt: number, error: MigrationFailedError) => void;
  /** Computes the plan from the heads read under the lock. */
  readonly plan: (graph: RevisionGraph, currentHeads: readonly string[]) => Step[];
}

export interface AppliedStep {
  readonly revision: string;
  readonly direction: Direction;
  readonly durationMs: number;
}

export interface MigrateResult {
  readonly applied: readonly AppliedStep[];
  readonly heads: readonly string[];
}

/** Runs `action` in one transaction: all of it, or (on any error) none of it. */
export const inTransaction = async <T>(client: Client, action: () => Promise<T>): Promise<T> => {
  await client.query("BEGIN");
  try {
    const result = await action();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the plan under the migration lock. A run that timed out waiting for a table lock is tried
 * again with backoff: in mode `all` it was rolled back whole, in `each` the next try resumes after
 * the last migration that committed, since the plan is computed anew from the version table.
 */
export const migrate = async (request: MigrateRequest): Promise<MigrateResult> => {
  const retries = request.lockRetries ?? 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await withMigrationLock(
        request.client,
        request.versionTable,
        () => (request.timeouts ? withStatementTimeouts(request.client, request.timeouts, () => runLocked(request)) : runLocked(request)),
        request.lockTimeoutMs,
      );
    } catch (error) {
      if (!(error instanceof MigrationFailedError) || !error.retryable || !isLockTimeout(error) || attempt >= retries) throw error;
      request.onRetry?.(attempt + 1, error);
      await sleep(1000 * 2 ** attempt);
    }
  }
};

const runLocked = async (request: MigrateRequest): Promise<MigrateResult> => {
  const { client, graph, versionTable } = request;
  const transactions = transactionPolicy(client, request.transactionMode);
  await transactions.start();
  const applied: AppliedStep[] = [];
  let heads: string[] = [];
  try {
    await ensureVersionTable(client, versionTable);
    heads = await readHeads(client, versionTable);
    if (request.verifyChecksums) {
      const edited = await findEditedMigrations(client, versionTable, graph, request.scripts, heads, request.defaultSchema);
      if (edited.length > 0) throw new EditedMigrationError(edited);
    }
    const plan = request.plan(graph, heads);
    refuseUnfilledBackfills(
      plan.filter((step) => step.direction === "up").map((step) => request.scripts.get(step.revision.id)!),
      "upgrade",
    );
    for (const step of plan) {
      const script = request.scripts.get(step.revision.id)!;
      const sink = new ExecutingSink(client, { outsideTransaction: (block) => transactions.outsideTransaction(block, step.revision.id) });
      const op = new Operations(sink, request.defaultSchema, request.args, request.tag ?? null);
      const started = performance.now();
      const record = async () => {
        const change = headChange(heads, step, graph);
        await writeHeadChange(client, versionTable, change);
        heads = applyHeadChange(heads, change);
        const durationMs = performance.now() - started;
        await logStep(client, versionTable, {
          revision: step.revision.id,
          direction: step.direction,
          checksum: checksumOfSql(emitAllSql(sink.applied)),
          durationMs,
          args: request.args,
          offline: false,
        });
        applied.push({ revision: step.revision.id, direction: step.direction, durationMs });
      };
      try {
        // A step outside the transaction records itself outside it too: a later failure that rolls
        // the transaction back must not un-record work that stays done.
        if (!script.transactional) {
          await transactions.outsideTransaction(async () => {
            await runStep(script, step.direction, op);
            await record();
          }, step.revision.id);
        } else {
          await runStep(script, step.direction, op);
        }
      } catch (error) {
        const failure = error instanceof StatementFailedError ? error : null;
        throw new MigrationFailedError(
          step.revision.id,
          step.direction,
          failure?.operation ?? null,
          failure ? `${failure.postgresMessage}\n  SQL: ${failure.statement}` : describeCause(error),
          transactions.afterFailure(step.revision.id, applied.length),
          error,
          transactions.safeToRetry(step.revision.id),
        );
      }
      if (script.transactional) await record();
      await transactions.stepDone();
    }
    await transactions.finish();
  } catch (error) {
    await transactions.abort();
    throw error;
  }
  return { applied, heads };
};

const runStep = (script: MigrationScript, direction: Direction, op: Operations): Promise<void> =>
  direction === "up" ? script.upgrade(op) : script.downgrade(op);
