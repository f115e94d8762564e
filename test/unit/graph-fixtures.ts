/** Literal revision graphs shared by the graph and head-bookkeeping tests. */
import { RevisionGraph, type RevisionNode } from "../../src/runtime/graph";

export const rev = (
  id: string,
  parents: string[] = [],
  extra: { branchLabels?: string[]; dependsOn?: string[]; path?: string | null } = {},
): RevisionNode => ({
  id,
  parents,
  branchLabels: extra.branchLabels ?? [],
  dependsOn: extra.dependsOn ?? [],
  message: `revision ${id}`,
  path: extra.path === undefined ? `migrations/${id}.ts` : extra.path,
});

/** diamond: a - b - c - m - n, with b - d - m (m merges c and d). */
export const diamond = (): RevisionGraph =>
  RevisionGraph.build([rev("a"), rev("b", ["a"]), rev("c", ["b"]), rev("d", ["b"]), rev("m", ["c", "d"]), rev("n", ["m"])]);

/** threeWay: a - b, then x, y, z from b; m1 merges x and y; m2 merges m1 and z. */
export const threeWay = (): RevisionGraph =>
  RevisionGraph.build([
    rev("a"),
    rev("b", ["a"]),
    rev("x", ["b"]),
    rev("y", ["b"]),
    rev("z", ["b"]),
    rev("m1", ["x", "y"]),
    rev("m2", ["m1", "z"]),
  ]);

export const caught = (action: () => unknown): Error => {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the action to throw");
};
