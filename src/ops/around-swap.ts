/**
 * The ops around a type swap that is not itself wrapped by the plan's own drops and creations: the
 * reverse of `addEnumValue`. The views go first and come back last, since they may read the parts'
 * tables; the parts are dropped and created by their own ops, like any changed part.
 */
import { aroundViews } from "./around-views";
import type { MigrationOp, SwapDependents } from "./types";

export const aroundSwap = (dependents: SwapDependents): { before: MigrationOp[]; after: MigrationOp[] } => {
  const views = aroundViews(dependents.views);
  return {
    before: [
      ...views.before,
      ...dependents.parts.flatMap(({ table, indexes, checks, exclusions }): MigrationOp[] => [
        ...indexes.map((index): MigrationOp => ({ kind: "dropIndex", table, name: index.name, existing: index })),
        ...checks.map((check): MigrationOp => ({ kind: "dropCheckConstraint", table, name: check.name, existing: check })),
        ...exclusions.map((exclusion): MigrationOp => ({ kind: "dropExclusionConstraint", table, name: exclusion.name, existing: exclusion })),
      ]),
    ],
    after: [
      ...dependents.parts.flatMap(({ table, indexes, checks, exclusions }): MigrationOp[] => [
        ...checks.map((constraint): MigrationOp => ({ kind: "createCheckConstraint", table, constraint })),
        ...exclusions.map((constraint): MigrationOp => ({ kind: "createExclusionConstraint", table, constraint })),
        ...indexes.map((index): MigrationOp => ({ kind: "createIndex", table, index })),
      ]),
      ...views.after,
    ],
  };
};
