/**
 * How a run uses transactions. `all`: one transaction for the whole run, so a failure anywhere leaves
 * the database and the version table as they were. `each`: one per migration, so the migrations before
 * a failure stay applied and recorded. `none`: no transaction; each statement commits by itself.
 * Autocommit blocks and migrations marked `transactional = false` step outside the transaction in
 * every mode.
 */
import type { Queryable } from "../db/queryable";

export type TransactionMode = "all" | "each" | "none";

export const TRANSACTION_MODES: readonly TransactionMode[] = ["all", "each", "none"];

export interface TransactionPolicy {
  /** Ends the transaction, runs `block` in autocommit mode, then opens a new one; notes which revision did. */
  outsideTransaction(block: () => Promise<void>, revision: string): Promise<void>;
  start(): Promise<void>;
  /** After a migration and its version-table row are written. */
  stepDone(): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
  /** What a failure leaves behind, for the error message. */
  afterFailure(revision: string, appliedBefore: number): string;
  /**
   * Whether running again from the version table would redo nothing already committed: false when
   * nothing is transactional, or work of the failing run (mode all) or migration (each) was committed.
   */
  safeToRetry(revision: string): boolean;
}

export const transactionPolicy = (db: Queryable, mode: TransactionMode): TransactionPolicy => {
  const transactional = mode !== "none";
  // Work committed outside the transaction survives a rollback; the failure message must say so.
  const committedOutside = new Set<string>();
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
    outsideTransaction: async (block, revision) => {
      if (!transactional) return block();
      committedOutside.add(revision);
      await db.query("COMMIT");
      try {
        await block();
      } finally {
        await db.query("BEGIN");
      }
    },
    safeToRetry: (revision) => (mode === "all" ? committedOutside.size === 0 : mode === "each" ? !committedOutside.has(revision) : false),
    afterFailure: (revision, appliedBefore) => {
      if (mode === "all" && committedOutside.size === 0) return "Rolled back: the database and the version table are as they were before this run.";
      if (mode === "all") {
        return (
          `Rolled back the run's transaction, but work done outside it stays: the autocommit blocks or non-transactional steps of ${[...committedOutside].join(", ")}. ` +
          "Run `autogen current` and `autogen check` to see where the database stands."
        );
      }
      if (mode === "each") return `Rolled back revision ${revision}; the ${appliedBefore} migration(s) before it in this run stay applied and recorded.`;
      return `Transaction mode "none": statements of revision ${revision} that ran before the failure stay applied; the version table still records the revision before it.`;
    },
  };
};
