/**
 * How a run uses transactions. `all`: one transaction for the whole run, so a failure anywhere leaves
 * the database and the version table as they were. `each`: one per migration, so the migrations before
 * a failure stay applied and recorded. `none`: no transaction; each statement commits by itself.
 * Autocommit blocks and migrations marked `transactional = false` step outside the transaction in
 * every mode.
 */
import type { Queryable } from "../db/queryable";
import type { TransactionControl } from "./sinks";

export type TransactionMode = "all" | "each" | "none";

export const TRANSACTION_MODES: readonly TransactionMode[] = ["all", "each", "none"];

export interface TransactionPolicy extends TransactionControl {
  start(): Promise<void>;
  /** After a migration and its version-table row are written. */
  stepDone(): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
  /** What a failure leaves behind, for the error message. */
  afterFailure(revision: string, appliedBefore: number): string;
}

export const transactionPolicy = (db: Queryable, mode: TransactionMode): TransactionPolicy => {
  const transactional = mode !== "none";
  return {
    start: async () => {
      if (transactional) await db.query("BEGIN");
    },
    stepDone: async () => {
      if (mode !== "each") return;
      await db.query("COMMIT");
      await db.query("BEGIN");
    },
    finish: async () => {
      if (transactional) await db.query("COMMIT");
    },
    abort: async () => {
      if (transactional) await db.query("ROLLBACK").catch(() => undefined);
    },
    outsideTransaction: async (block) => {
      if (!transactional) return block();
      await db.query("COMMIT");
      try {
        await block();
      } finally {
        await db.query("BEGIN");
      }
    },
    afterFailure: (revision, appliedBefore) => {
      if (mode === "all") return "Rolled back: the database and the version table are as they were before this run.";
      if (mode === "each") return `Rolled back revision ${revision}; the ${appliedBefore} migration(s) before it in this run stay applied and recorded.`;
      return `Transaction mode "none": statements of revision ${revision} that ran before the failure stay applied; the version table still records the revision before it.`;
    },
  };
};
