/**
 * `heads`, `branches` and `show`: questions about the revision graph that need no database.
 */
import { AutogenError } from "../errors";
import { describeOp } from "../ops/describe";
import type { RevisionGraph, RevisionNode } from "../runtime/graph";
import { Operations } from "../runtime/operations";
import { RecordingSink } from "../runtime/sinks";
import { loadHistory, loadProjectConfig, type CommandOptions } from "./context";

export interface RevisionSummary {
  readonly id: string;
  readonly message: string;
  readonly parents: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly path: string | null;
}

const summary = (revision: RevisionNode): RevisionSummary => ({
  id: revision.id,
  message: revision.message,
  parents: revision.parents,
  branchLabels: revision.branchLabels,
  dependsOn: revision.dependsOn,
  path: revision.path,
});

const childrenOf = (graph: RevisionGraph): Map<string, string[]> => {
  const children = new Map<string, string[]>();
  for (const revision of graph.revisions) {
    for (const parent of revision.parents) children.set(parent, [...(children.get(parent) ?? []), revision.id]);
  }
  return children;
};

/** Everything upgrading to a revision applies before it: its ancestors and dependencies, transitively. */
const requiredBy = (graph: RevisionGraph, id: string): Set<string> => {
  const required = new Set<string>();
  const pending = [...graph.get(id).parents, ...graph.get(id).dependsOn];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (required.has(next)) continue;
    required.add(next);
    const revision = graph.get(next);
    pending.push(...revision.parents, ...revision.dependsOn);
  }
  return required;
};

/**
 * The heads; with `resolveDependencies`, a head that another head requires (itself or through an
 * ancestor's `dependsOn`) is not one, since upgrading that other head applies it anyway.
 */
export const headsCommand = (options: CommandOptions & { resolveDependencies?: boolean }): RevisionSummary[] => {
  const { graph } = loadHistory(loadProjectConfig(options));
  let heads = graph.heads();
  if (options.resolveDependencies) {
    const required = new Set(heads.flatMap((id) => [...requiredBy(graph, id)]));
    heads = heads.filter((id) => !required.has(id));
  }
  return heads.map((id) => summary(graph.get(id)));
};

export interface BranchPoint {
  readonly revision: RevisionSummary;
  readonly children: readonly RevisionSummary[];
}

/** Revisions with more than one child: where the history forks. */
export const branchesCommand = (options: CommandOptions): BranchPoint[] => {
  const { graph } = loadHistory(loadProjectConfig(options));
  const children = childrenOf(graph);
  return graph.revisions
    .filter((revision) => (children.get(revision.id)?.length ?? 0) > 1)
    .map((revision) => ({ revision: summary(revision), children: children.get(revision.id)!.map((id) => summary(graph.get(id))) }));
};

export interface ShownRevision extends RevisionSummary {
  readonly children: readonly string[];
  readonly isHead: boolean;
  /** The operations its upgrade performs, recorded without a database. */
  readonly upgradeOperations: readonly string[];
  /** Set when the upgrade could not be recorded offline (it reads the database, say). */
  readonly upgradeNotRecorded: string | null;
}

export const showCommand = async (options: CommandOptions & { revision: string }): Promise<ShownRevision> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  const ids = history.graph.resolve(options.revision, []);
  if (ids.length !== 1) {
    throw new AutogenError(`"${options.revision}" names ${ids.length} revisions (${ids.join(", ")}); show takes one.`);
  }
  const revision = history.graph.get(ids[0]);
  const script = history.byId.get(revision.id)!;
  const sink = new RecordingSink();
  let upgradeNotRecorded: string | null = null;
  try {
    await script.upgrade(new Operations(sink, config.defaultSchema));
  } catch (error) {
    upgradeNotRecorded = error instanceof Error ? error.message : String(error);
  }
  return {
    ...summary(revision),
    children: childrenOf(history.graph).get(revision.id) ?? [],
    isHead: history.graph.heads().includes(revision.id),
    upgradeOperations: sink.ops.map(describeOp),
    upgradeNotRecorded,
  };
};
