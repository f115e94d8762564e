/**
 * Replaying `upgrade(op)` with no database to get its operations, as `show` does, while noting which
 * ones ran inside `op.autocommitBlock` (outside the transaction), which several rules depend on.
 */
import { describeCause, UsageError } from "../errors";
import type { MigrationOp } from "../ops/types";
import { Operations, type OpSink, type QueryRow } from "../runtime/operations";
import type { MigrationScript } from "../runtime/scripts";
import type { RecordedOp } from "./rule";

class LintRecordingSink implements OpSink {
  readonly offline = true;
  readonly ops: RecordedOp[] = [];
  private autocommitDepth = 0;

  async apply(op: MigrationOp): Promise<void> {
    this.ops.push({ op, inAutocommit: this.autocommitDepth > 0 });
  }

  async autocommit(block: () => Promise<void>): Promise<void> {
    this.autocommitDepth += 1;
    try {
      await block();
    } finally {
      this.autocommitDepth -= 1;
    }
  }

  async query(sql: string): Promise<QueryRow[]> {
    throw new UsageError(`op.query("${sql}") needs a database, but lint only records the operations.`);
  }
}

export interface RecordedUpgrade {
  readonly ops: readonly RecordedOp[];
  /** Why the replay stopped early, or null when upgrade() ran to its end. */
  readonly notRecorded: string | null;
}

export const recordUpgrade = async (
  script: Pick<MigrationScript, "upgrade">,
  defaultSchema: string,
  args: Readonly<Record<string, string>> = {},
): Promise<RecordedUpgrade> => {
  const sink = new LintRecordingSink();
  try {
    await script.upgrade(new Operations(sink, defaultSchema, args));
    return { ops: sink.ops, notRecorded: null };
  } catch (error) {
    return { ops: sink.ops, notRecorded: describeCause(error) };
  }
};
