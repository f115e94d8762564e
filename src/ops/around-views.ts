/**
 * Views to take down around a change PostgreSQL refuses under them (dropping or retyping a column
 * they read): dropped readers first, created again dependencies first, each materialized view with
 * its indexes. `views` is in creation order.
 */
import type { View } from "../model/schema";
import type { MigrationOp } from "./types";

export const aroundViews = (views: readonly View[]): { before: MigrationOp[]; after: MigrationOp[] } => ({
  before: [...views]
    .reverse()
    .map((view): MigrationOp => ({ kind: "dropView", name: { schema: view.schema, name: view.name }, materialized: view.materialized, existing: view })),
  after: views.flatMap((view): MigrationOp[] => [
    { kind: "createView", view: { ...view, indexes: [] } },
    ...view.indexes.map((index): MigrationOp => ({ kind: "createIndex", table: { schema: view.schema, name: view.name }, index })),
  ]),
});
