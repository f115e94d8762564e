/**
 * What `merge` found out about the branches it joins, and the REVIEW paragraphs that go both to the
 * terminal and into the merge revision's doc comment.
 */
import type { Overlap } from "../runtime/branch-overlap";
import type { ReplayResult } from "../runtime/branch-replay";
import type { DivergedBranch } from "../runtime/merge-base";

export type ReplayReport = { readonly kind: "skipped"; readonly reason: string } | ({ readonly kind: "replayed" } & ReplayResult);

/** A revision whose changes the overlap analysis cannot see. */
export interface UnanalysedRevision {
  readonly revision: string;
  readonly reason: string;
}

export interface MergeReport {
  readonly base: readonly string[];
  readonly branches: readonly DivergedBranch[];
  readonly overlaps: readonly Overlap[];
  readonly unanalysed: readonly UnanalysedRevision[];
  readonly replay: ReplayReport;
  /** One paragraph per conflict; empty when the branches are independent. */
  readonly review: readonly string[];
  /** Limits of the analysis (raw SQL, a skipped replay): worth knowing, not conflicts. */
  readonly notes: readonly string[];
}

const then = (order: readonly string[]): string => order.join(" then ");

const overlapParagraph = (overlap: Overlap): string => {
  const by = overlap.sides.length === 2 ? "both branches" : `${overlap.sides.length} branches`;
  const touches = overlap.sides.flatMap((side) => side.touches.map((touch) => `  ${touch.revision}: ${touch.operation}`));
  return [`REVIEW (overlap): ${by} touch ${overlap.object}`, ...touches].join("\n");
};

const replayParagraphs = (replay: ReplayReport): string[] => {
  if (replay.kind === "skipped") return [];
  const failures = replay.orders.flatMap(({ order, failure }) =>
    failure === null
      ? []
      : [
          `REVIEW (replay fails): applying ${then(order)} fails at revision ${failure.revision}` +
            `${failure.operation === null ? "" : ` (${failure.operation})`}: ${failure.message}`,
        ],
  );
  if (replay.differences.length === 0) return failures;
  const [first] = replay.differences;
  const difference = [
    `REVIEW (order matters): ${then(first!.from)} and ${then(first!.to)} end in different schemas`,
    ...replay.differences.flatMap(({ from, to, changes }) => changes.map((change) => `  ${then(from)} -> ${then(to)}: ${change}`)),
  ].join("\n");
  return [...failures, difference];
};

export const buildMergeReport = (found: Omit<MergeReport, "review" | "notes">): MergeReport => ({
  ...found,
  review: [...found.overlaps.map(overlapParagraph), ...replayParagraphs(found.replay)],
  notes: [
    ...found.unanalysed.map((entry) => `NOTE: revision ${entry.revision} ${entry.reason}.`),
    ...(found.replay.kind === "skipped" ? [`NOTE: the shadow replay was skipped: ${found.replay.reason}.`] : []),
  ],
});
