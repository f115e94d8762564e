/**
 * Findings about the lint run itself: suppressions that are wrong or unused, and revisions lint could
 * not read fully. They carry no handlers; the engine reports them.
 */
import type { LintRule } from "../rule";

export const invalidSuppression: LintRule = {
  id: "invalid-suppression",
  severity: "error",
  summary: "A suppression comment without a reason, or naming an unknown rule.",
  help:
    "Write `// autogen-lint-ignore <rule>[, <rule>]: <reason>` on the line(s) directly above the `await op.<call>(...)`, " +
    "or `// autogen-lint-ignore-file <rule>: <reason>` anywhere for the whole file. The reason is what a reviewer reads " +
    "instead of the finding, so it is required; a suppression without one suppresses nothing.",
};

export const unusedSuppression: LintRule = {
  id: "unused-suppression",
  severity: "warning",
  summary: "A suppression comment that suppresses nothing.",
  help:
    "The rule no longer fires there (the operation changed), or the comment is not directly above an `await op.<call>(...)`. " +
    "Remove it, or move it above the call it is meant for.",
};

export const perOpSuppressionUnavailable: LintRule = {
  id: "per-op-suppression-unavailable",
  severity: "warning",
  summary: "Operations could not be matched to `op` calls in the file, so per-operation suppressions cannot apply.",
  help:
    "Lint pairs each recorded operation with an `await op.<call>(...)` of upgrade() in order; loops, conditionals and " +
    "helper functions break the pairing. Findings then point at upgrade() itself; suppress them with " +
    "`// autogen-lint-ignore-file <rule>: <reason>`.",
};

export const upgradeNotRecorded: LintRule = {
  id: "upgrade-not-recorded",
  severity: "warning",
  summary: "upgrade() failed while being recorded without a database, so only its first operations were checked.",
  help:
    "Lint replays upgrade(op) with no database; a migration that reads the database (op.query) or throws cannot be replayed " +
    "to its end. Branch on op.isOffline to give the offline replay the operations, or review the rest by hand.",
};
