/**
 * Replays branches about to be merged into shadow databases, once in each order (the history up to the
 * merge base, then one branch after the other), to find what reading the operations cannot: a branch
 * that fails on top of the other, or two orders that end in different schemas.
 */
import { withoutArchives } from "../safety/archive";
import type { Client } from "pg";
import { compareSchemas } from "../compare/compare-schemas";
import { UnsupportedChangeError } from "../compare/errors";
import { withShadowDatabase } from "../db/shadow";
import type { QualifiedName, SchemaModel } from "../model/schema";
import { describeOp } from "../ops/describe";
import { introspect } from "../sources/introspect/introspect";
import type { RevisionGraph } from "./graph";
import { migrate, MigrationFailedError } from "./migrator";
import type { MigrationScript } from "./scripts";

export interface ReplayRequest {
  /** A server where shadow databases can be created. */
  readonly serverUrl: string;
  readonly graph: RevisionGraph;
  readonly scripts: ReadonlyMap<string, MigrationScript>;
  readonly versionTable: QualifiedName;
  readonly defaultSchema: string;
  /** Tables left out of the comparison: the version tables and the configured exclusions. */
  readonly excludeTable: (table: QualifiedName) => boolean;
}

export interface ReplayFailure {
  readonly revision: string;
  readonly operation: string | null;
  /** PostgreSQL's message (or the error the migration threw). */
  readonly message: string;
}

export interface ReplayedOrder {
  /** Branch tips, in the order they were applied. */
  readonly order: readonly string[];
  readonly failure: ReplayFailure | null;
}

/** The operations that would turn the schema `from` one order ends in into the one `to` ends in. */
export interface OrderDifference {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly changes: readonly string[];
}

export interface ReplayResult {
  readonly orders: readonly ReplayedOrder[];
  /** Empty when every order succeeded with the same schema, or when some order failed. */
  readonly differences: readonly OrderDifference[];
}

const userSchemas = async (client: Client): Promise<string[]> =>
  (
    await client.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%' ORDER BY nspname",
    )
  ).rows.map((row) => row.name);

interface OrderOutcome {
  readonly failure: ReplayFailure | null;
  /** The schema the order ended in; null when it failed. */
  readonly model: SchemaModel | null;
}

const replayOrder = (request: ReplayRequest, order: readonly string[]): Promise<OrderOutcome> =>
  withShadowDatabase(request.serverUrl, async (client) => {
    try {
      for (const tip of order) {
        await migrate({
          client,
          graph: request.graph,
          scripts: request.scripts,
          versionTable: request.versionTable,
          defaultSchema: request.defaultSchema,
          args: {},
          transactionMode: "all",
          plan: (graph, heads) => graph.upgradePlan(heads, tip),
        });
      }
    } catch (error) {
      if (!(error instanceof MigrationFailedError)) throw error;
      const message = error.postgresMessage.split("\n")[0]!;
      return { failure: { revision: error.revision, operation: error.operation, message }, model: null };
    }
    return { failure: null, model: withoutArchives(await introspect(client, { schemas: await userSchemas(client), excludeTable: request.excludeTable })) };
  });

/** What the comparator says about two schemas; a change it refuses to plan (enum values reordered) is a difference too. */
const changesBetween = (from: SchemaModel, to: SchemaModel): string[] => {
  try {
    return compareSchemas(from, to).map(describeOp);
  } catch (error) {
    if (error instanceof UnsupportedChangeError) return [`${error.object}: ${error.change}`];
    throw error;
  }
};

/** Tips in the given order, then reversed (for two branches, every order). */
export const replayBranches = async (request: ReplayRequest, tips: readonly string[]): Promise<ReplayResult> => {
  const orders = [[...tips], [...tips].reverse()];
  // Settled, not Promise.all: a failure must not return while the other shadow database is still in use.
  const settled = await Promise.allSettled(orders.map((order) => replayOrder(request, order)));
  const outcomes: OrderOutcome[] = [];
  for (const result of settled) {
    if (result.status === "rejected") throw result.reason;
    outcomes.push(result.value);
  }
  const replayed = orders.map((order, at) => ({ order, failure: outcomes[at]!.failure }));
  const [first, second] = outcomes.map((outcome) => outcome.model);
  if (!first || !second) return { orders: replayed, differences: [] };
  // Both ways: a comparison that misses something one way round still sees it the other way.
  const differences = [
    { from: orders[0]!, to: orders[1]!, changes: changesBetween(first, second) },
    { from: orders[1]!, to: orders[0]!, changes: changesBetween(second, first) },
  ].filter((difference) => difference.changes.length > 0);
  return { orders: replayed, differences };
};
