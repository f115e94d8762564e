/** Human-readable output for each command; `--json` prints the command's result instead. */
import path from "node:path";
import type { RevisionResult } from "../commands/revision";
import type { CurrentResult, HistoryEntry } from "../commands/status";
import type { MigrateResult } from "../runtime/migrator";
import { describeOp } from "../ops/describe";
import type { MigrationOp } from "../ops/types";
import { planHazards } from "../ops/hazards";

const relative = (file: string): string => path.relative(process.cwd(), file) || file;

export const formatOps = (ops: readonly MigrationOp[]): string[] => {
  const hazards = planHazards(ops);
  return ops.flatMap((op, at) => [`  ${describeOp(op)}`, ...hazards[at]!.map((hazard) => `      ! ${hazard.kind}: ${hazard.message}`)]);
};

export const formatRevision = (result: RevisionResult): string[] => {
  if (result.kind === "noChanges") return ["No changes detected: the database matches the entities. Nothing written."];
  const lines = [`Generated ${relative(result.file)} (${result.ops.length} operation${result.ops.length === 1 ? "" : "s"})`];
  lines.push(...formatOps(result.ops));
  if (result.hazards.length > 0) {
    lines.push("", `${result.hazards.length} hazard(s) marked with // REVIEW in the file: read them before applying.`);
  }
  return lines;
};

export const formatMigrate = (result: MigrateResult, direction: "up" | "down"): string[] => {
  if (result.applied.length === 0) return [`Nothing to ${direction === "up" ? "upgrade" : "downgrade"}; at ${result.heads.join(", ") || "base"}.`];
  return [
    ...result.applied.map(
      (step) => `${step.direction === "up" ? "Upgraded" : "Downgraded"} ${step.revision} (${step.durationMs.toFixed(0)} ms)`,
    ),
    `Now at ${result.heads.join(", ") || "base"}.`,
  ];
};

export const formatCurrent = (result: CurrentResult, verbose: boolean): string[] => {
  const lines = verbose ? [`Database: ${result.database}`] : [];
  if (result.heads.length === 0) return [...lines, "base (no migrations applied)"];
  return [
    ...lines,
    ...result.heads.map(
      (head) =>
        `${head.id}${head.isHead ? " (head)" : ""}${head.message ? ` ${head.message}` : ""}${head.message === null ? " (no migration file declares this revision)" : ""}`,
    ),
  ];
};

export const formatHistory = (entries: readonly HistoryEntry[], verbose: boolean): string[] =>
  entries.flatMap((entry) => {
    const { revision } = entry;
    const parents = revision.parents.length === 0 ? "<base>" : revision.parents.join(", ");
    const marks = [entry.isHead ? "(head)" : null, entry.isCurrent ? "(current)" : null].filter(Boolean).join(" ");
    const line = `${parents} -> ${revision.id}${marks ? ` ${marks}` : ""}, ${revision.message}`;
    return verbose && revision.path ? [line, `    ${relative(revision.path)}`] : [line];
  });
