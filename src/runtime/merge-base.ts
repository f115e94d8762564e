/**
 * Where branches about to be merged part: the revisions every one of them contains (the merge base)
 * and, for each, what it adds since then. Dependencies count as contained, as they do when upgrading.
 */
import { AutogenError } from "../errors";
import type { RevisionGraph } from "./graph";

export class MergeOfAncestorError extends AutogenError {
  constructor(
    readonly ancestor: string,
    readonly descendant: string,
  ) {
    super(
      `${ancestor} is already part of ${descendant}'s history, so there is nothing to join: ` +
        "merge revisions that lie on different branches (see `autogen history`).",
    );
  }
}

export interface DivergedBranch {
  readonly tip: string;
  /** Revisions since the merge base, in the order an upgrade applies them. */
  readonly revisions: readonly string[];
}

export interface Divergence {
  /** The newest revisions every branch contains; empty when the branches share nothing (separate bases). */
  readonly base: readonly string[];
  readonly branches: readonly DivergedBranch[];
}

export const divergence = (graph: RevisionGraph, tips: readonly string[]): Divergence => {
  const lineages = tips.map((tip) => graph.appliedRevisions([tip]));
  tips.forEach((tip, i) => {
    const descendant = tips.find((other, j) => j !== i && lineages[j]!.has(tip));
    if (descendant !== undefined) throw new MergeOfAncestorError(tip, descendant);
  });
  const common = new Set([...lineages[0]!].filter((id) => lineages.every((lineage) => lineage.has(id))));
  // The common history is closed under ancestry, so its newest members are those nothing in it builds on.
  const beneath = new Set(
    [...common].flatMap((id) => {
      const node = graph.get(id);
      return [...node.parents, ...node.dependsOn];
    }),
  );
  const applyOrder = graph
    .history()
    .reverse()
    .map((node) => node.id);
  return {
    base: applyOrder.filter((id) => common.has(id) && !beneath.has(id)).sort(),
    branches: tips.map((tip, i) => ({
      tip,
      revisions: applyOrder.filter((id) => lineages[i]!.has(id) && !common.has(id)),
    })),
  };
};
