/** Rules about how a whole revision waits for locks. */
import { describeOp } from "../../ops/describe";
import { tableLabel } from "../names";
import type { LintRule } from "../rule";

export const missingLockTimeout: LintRule = {
  id: "missing-lock-timeout",
  severity: "warning",
  summary: "A revision that locks existing tables without setting lock_timeout first.",
  help:
    "A DDL statement waiting for its lock (behind one long query) makes every later query on the table queue behind it: " +
    "a short ALTER becomes an outage. autogen's runner sets lock_timeout for every migration from the config's " +
    "safety.lockTimeout (5s unless set); with that turned off (\"0\"), start the migration with " +
    "`await op.execute(\"SET lock_timeout = '5s'\")` so it gives up instead, and retry. A runner of your own that sets " +
    "it: pass --assume-lock-timeout.",
  revision: (facts) => {
    if (facts.options.assumeLockTimeout) return [];
    const first = facts.locks.find((lock) => facts.lockTimeoutAt === null || lock.opIndex < facts.lockTimeoutAt);
    if (first === undefined) return [];
    return [
      {
        opIndex: first.opIndex,
        message: `takes ${first.mode} locks on existing tables, first on ${tableLabel(first.table)} (${describeOp(facts.ops[first.opIndex].op)}), without SET lock_timeout before it`,
      },
    ];
  },
};
