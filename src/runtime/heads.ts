/**
 * The version table keeps one row per applied head. For each step this decides which rows change, so the
 * table can check that exactly the expected rows were touched (as Alembic's head bookkeeping does).
 */
import { compareText } from "../model/keys";
import type { RevisionGraph, Step } from "./graph";
import { StepNotApplicableError } from "./graph-errors";

export type HeadChange =
  /** A new branch starts, from base or from a revision that is not a head. */
  | { readonly kind: "insert"; readonly add: string }
  /** The last revision of a branch is reverted and its parent stays covered by another head. */
  | { readonly kind: "delete"; readonly remove: string }
  /** Moved along a branch. */
  | { readonly kind: "update"; readonly from: string; readonly to: string }
  /** Several heads become one merge revision: delete all rows but one, update that one. */
  | { readonly kind: "merge"; readonly from: readonly string[]; readonly to: string }
  /** A merge (or a revision whose dependencies no other head covers) is reverted back to several heads. */
  | { readonly kind: "unmerge"; readonly from: string; readonly to: readonly string[] };

const sorted = (ids: Iterable<string>): string[] => [...new Set(ids)].sort(compareText);

export function headChange(currentHeads: readonly string[], step: Step, graph: RevisionGraph): HeadChange {
  const { id, parents, dependsOn } = step.revision;
  const heads = sorted(currentHeads);
  const refuse = (reason: string) => new StepNotApplicableError(id, step.direction, heads, reason);
  const applied = graph.appliedRevisions(heads);

  if (step.direction === "up") {
    if (applied.has(id)) throw refuse("it is already applied");
    const missing = sorted([...parents, ...dependsOn].filter((needed) => !applied.has(needed)));
    if (missing.length > 0) throw refuse(`${missing.join(", ")} must be applied first`);
    // Dependencies keep their own rows: depending on a branch does not merge it.
    const replaced = sorted(parents.filter((parent) => heads.includes(parent)));
    if (replaced.length === 0) return { kind: "insert", add: id };
    if (replaced.length === 1) return { kind: "update", from: replaced[0]!, to: id };
    return { kind: "merge", from: replaced, to: id };
  }

  if (!heads.includes(id)) {
    throw refuse(applied.has(id) ? "later revisions built on it are still applied" : "it is not applied");
  }
  const others = heads.filter((head) => head !== id);
  const stillApplied = graph.appliedRevisions(others);
  if (stillApplied.has(id)) throw refuse("another current head depends on it");
  // A parent or dependency still below another head needs no row of its own.
  const restored = sorted([...parents, ...dependsOn].filter((below) => !stillApplied.has(below)));
  if (restored.length === 0) return { kind: "delete", remove: id };
  if (restored.length === 1) return { kind: "update", from: id, to: restored[0]! };
  return { kind: "unmerge", from: id, to: restored };
}

/** The heads after `change`; a change that does not fit `heads` is a bookkeeping bug, not a user error. */
export function applyHeadChange(heads: readonly string[], change: HeadChange): string[] {
  const rows = new Set(heads);
  const remove = (id: string) => {
    if (rows.delete(id)) return;
    const among = heads.length === 0 ? "no heads" : heads.join(", ");
    throw new Error(`bug: ${change.kind} expects head ${id} among ${among}`);
  };
  const add = (id: string) => {
    if (rows.has(id)) throw new Error(`bug: ${change.kind} adds head ${id}, which is already a head`);
    rows.add(id);
  };
  switch (change.kind) {
    case "insert":
      add(change.add);
      break;
    case "delete":
      remove(change.remove);
      break;
    case "update":
      remove(change.from);
      add(change.to);
      break;
    case "merge":
      change.from.forEach(remove);
      add(change.to);
      break;
    case "unmerge":
      remove(change.from);
      change.to.forEach(add);
      break;
  }
  return sorted(rows);
}
