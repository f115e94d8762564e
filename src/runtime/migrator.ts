/**
 * Applies a plan of steps to a live database. The plan is computed only after the advisory lock is
 * held, so a runner that waited for another one sees the state that one left and applies nothing twice.
 */
import { createHash } from "node:crypto";
import type { Client } from "pg";
import type { QualifiedName } from "../model/schema";
import { emitAllSql } from "../sql/emit";
import { AutogenError, describeCause } from "../errors";
import type { Direction, RevisionGraph, Step } from "./graph";
import { applyHeadChange, headChange } from "./heads";
import { Operations } from "./operations";
import type { MigrationScript } from "./scripts";
import { ExecutingSink, StatementFailedError, type TransactionControl } from "./sinks";
import { ensureVersionTable, logStep, readHeads, writeHeadChange } from "./version-table";
import { quoteQualified } from "../sql/quote";

export type TransactionMode = "all" | "each";

export class MigrationFailedError extends AutogenError {
  constructor(
    readonly revision: string,
    readonly direction: Direction,
    readonly operation: string | null,
    readonly postgresMessage: string,
    readonly rolledBack: string,
    cause: unknown,
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
  readonly transactionMode: TransactionMode;
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

/** The checksum of what a step ran: its SQL, so reformatting a file does not change it. */
export const checksumOfSql = (statements: readonly string[]): string =>
  createHash("sha256").update(statements.join(";\n")).digest("hex");

/** One lock per version table: every runner that writes it (upgrade, downgrade, stamp) takes it. */
export const migrationLockKey = (table: QualifiedName): string => `autogen:${quoteQualified(table)}`;

export const withMigrationLock = async <T>(client: Client, table: QualifiedName, action: () => Promise<T>): Promise<T> => {
  await client.query("SELECT pg_advisory_lock(hashtext($1))", [migrationLockKey(table)]);
  try {
    return await action();
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext($1))", [migrationLockKey(table)]);
  }
};

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

export const migrate = (request: MigrateRequest): Promise<MigrateResult> =>
  withMigrationLock(request.client, request.versionTable, () => runLocked(request));

const runLocked = async (request: MigrateRequest): Promise<MigrateResult> => {
  const { client, graph, versionTable } = request;
  const perStep = request.transactionMode === "each";
  const transactions: TransactionControl = {
    outsideTransaction: async (block) => {
      await client.query("COMMIT");
      try {
        await block();
      } finally {
        await client.query("BEGIN");
      }
    },
  };
  await client.query("BEGIN");
  const applied: AppliedStep[] = [];
  let heads: string[] = [];
  try {
    await ensureVersionTable(client, versionTable);
    heads = await readHeads(client, versionTable);
    const plan = request.plan(graph, heads);
    for (const step of plan) {
      const script = request.scripts.get(step.revision.id)!;
      const sink = new ExecutingSink(client, transactions);
      const op = new Operations(sink, request.defaultSchema, request.args);
      const started = performance.now();
      try {
        if (!script.transactional) await transactions.outsideTransaction(() => runStep(script, step.direction, op));
        else await runStep(script, step.direction, op);
      } catch (error) {
        const failure = error instanceof StatementFailedError ? error : null;
        const rolledBack = perStep
          ? `Rolled back revision ${step.revision.id}; ${applied.length} earlier step(s) of this run stay applied.`
          : "Rolled back: the database and the version table are as they were before this run.";
        throw new MigrationFailedError(
          step.revision.id,
          step.direction,
          failure?.operation ?? null,
          failure ? `${failure.postgresMessage}\n  SQL: ${failure.statement}` : describeCause(error),
          rolledBack,
          error,
        );
      }
      const change = headChange(heads, step, graph);
      await writeHeadChange(client, versionTable, change);
      heads = applyHeadChange(heads, change);
      const durationMs = performance.now() - started;
      await logStep(client, versionTable, {
        revision: step.revision.id,
        direction: step.direction,
        checksum: checksumOfSql(emitAllSql(sink.applied)),
        durationMs,
      });
      applied.push({ revision: step.revision.id, direction: step.direction, durationMs });
      if (perStep) {
        await client.query("COMMIT");
        await client.query("BEGIN");
      }
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  return { applied, heads };
};

const runStep = (script: MigrationScript, direction: Direction, op: Operations): Promise<void> =>
  direction === "up" ? script.upgrade(op) : script.downgrade(op);
