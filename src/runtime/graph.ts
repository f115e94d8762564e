/**
 * The revision graph: migrations, their parents and dependencies form a DAG held in memory. Targets
 * (`head`, `heads`, `base`, `+2`, `-1`, `ae10+2`, `billing@head`, id prefixes) resolve here from values
 * alone, so every rule about where `upgrade` and `downgrade` go is testable without files or a database.
 */
import { compareText } from "../model/keys";
import {
  AmbiguousRevisionError,
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  InvalidBranchLabelError,
  MissingParentError,
  MultipleHeadsError,
  NotAppliedTargetError,
  RelativeTargetError,
  RevisionCycleError,
  UnknownDatabaseRevisionError,
  UnknownRevisionError,
} from "./graph-errors";

export interface RevisionNode {
  readonly id: string;
  /** `downRevision`: empty for a base, two or more for a merge point. */
  readonly parents: readonly string[];
  readonly branchLabels: readonly string[];
  /** Revisions of other branches that must be applied first, without merging their branch. */
  readonly dependsOn: readonly string[];
  readonly message: string;
  /** The file the revision came from, for messages only. */
  readonly path: string | null;
}

export type Direction = "up" | "down";

export interface Step {
  readonly revision: RevisionNode;
  readonly direction: Direction;
}

/**
 * The revisions a target names: an upgrade applies them and their ancestors, a downgrade removes what
 * was built on them. `within` confines a downgrade to one branch (`label@base`, `label@-1`), so sibling
 * branches growing from the same branch point are left alone.
 */
interface Target {
  readonly ids: readonly string[];
  readonly within: ReadonlySet<string> | null;
}

/** Words with a meaning of their own in targets; a label spelled like them could never be reached. */
const RESERVED_LABELS = new Set(["base", "head", "heads", "current"]);
const RELATIVE = /^[+-]\d+$/;

const sorted = (ids: Iterable<string>): string[] => [...new Set(ids)].sort(compareText);

const reach = (starts: Iterable<string>, next: (id: string) => readonly string[]): Set<string> => {
  const seen = new Set<string>();
  const pending = [...starts];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...next(id));
  }
  return seen;
};

/**
 * Depth-first post-order over `next` (predecessors), so each revision comes after everything it needs.
 * Iterative because long histories would overflow the call stack. Visiting from sorted starts and in
 * declared parent order makes the order a function of the graph alone.
 */
const postOrder = (
  starts: readonly string[],
  next: (id: string) => readonly string[],
  include: (id: string) => boolean,
): string[] => {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const start of starts) {
    if (seen.has(start) || !include(start)) continue;
    seen.add(start);
    const stack = [{ id: start, visited: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const predecessors = next(frame.id);
      if (frame.visited < predecessors.length) {
        const predecessor = predecessors[frame.visited++]!;
        if (!seen.has(predecessor) && include(predecessor)) {
          seen.add(predecessor);
          stack.push({ id: predecessor, visited: 0 });
        }
      } else {
        order.push(frame.id);
        stack.pop();
      }
    }
  }
  return order;
};

export class RevisionGraph {
  /** Sorted by id. */
  readonly revisions: readonly RevisionNode[];
  private readonly byId: ReadonlyMap<string, RevisionNode>;
  private readonly children = new Map<string, string[]>();
  private readonly successors = new Map<string, string[]>();
  private readonly labelOwners = new Map<string, string>();

  private constructor(revisions: readonly RevisionNode[]) {
    this.revisions = [...revisions].sort((a, b) => compareText(a.id, b.id));
    this.byId = new Map(this.revisions.map((node) => [node.id, node]));
    for (const node of this.revisions) {
      this.children.set(node.id, []);
      this.successors.set(node.id, []);
    }
    for (const node of this.revisions) {
      for (const parent of new Set(node.parents)) this.children.get(parent)!.push(node.id);
      for (const predecessor of new Set(this.predecessors(node.id))) this.successors.get(predecessor)!.push(node.id);
      for (const label of node.branchLabels) this.labelOwners.set(label, node.id);
    }
  }

  static build(revisions: readonly RevisionNode[]): RevisionGraph {
    checkUniqueIds(revisions);
    const byId = new Map(revisions.map((node) => [node.id, node]));
    const ordered = [...revisions].sort((a, b) => compareText(a.id, b.id));
    checkReferences(ordered, byId);
    checkLabels(ordered, byId);
    const cycle = findCycle(ordered, byId);
    if (cycle !== null) throw new RevisionCycleError(cycle);
    return new RevisionGraph(revisions);
  }

  get(id: string): RevisionNode {
    const node = this.byId.get(id);
    if (node === undefined) throw new UnknownRevisionError(id);
    return node;
  }

  /** Revisions no other revision names as parent; a `dependsOn` does not end a branch. */
  heads(): string[] {
    return this.revisions.filter((node) => this.children.get(node.id)!.length === 0).map((node) => node.id);
  }

  bases(): string[] {
    return this.revisions.filter((node) => node.parents.length === 0).map((node) => node.id);
  }

  /** Every revision the database has applied when the version table holds `currentHeads`. */
  appliedRevisions(currentHeads: readonly string[]): ReadonlySet<string> {
    this.checkCurrent(currentHeads);
    return reach(currentHeads, this.predecessors);
  }

  resolve(target: string, currentHeads: readonly string[]): string[] {
    return [...this.target(target, currentHeads).ids];
  }

  upgradePlan(currentHeads: readonly string[], target: string): Step[] {
    const { ids } = this.target(target, currentHeads);
    const applied = this.appliedRevisions(currentHeads);
    return postOrder(ids, this.predecessors, (id) => !applied.has(id)).map((id) => this.step(id, "up"));
  }

  downgradePlan(currentHeads: readonly string[], target: string): Step[] {
    const { ids, within } = this.target(target, currentHeads);
    const applied = this.appliedRevisions(currentHeads);
    if (within === null) {
      const unapplied = ids.filter((id) => !applied.has(id));
      if (unapplied.length > 0) throw new NotAppliedTargetError(target, unapplied, sorted(currentHeads));
    }
    const kept = reach(ids, this.predecessors);
    const above = ids.length === 0 ? applied : reach(ids, this.successorsOf);
    const doomed = [...applied].filter((id) => above.has(id) && !kept.has(id) && (within?.has(id) ?? true));
    // Whatever builds on a removed revision goes too, even outside the branch being downgraded.
    const removed = new Set([...reach(doomed, this.successorsOf)].filter((id) => applied.has(id)));
    return postOrder(this.tops(removed), this.predecessors, (id) => removed.has(id))
      .reverse()
      .map((id) => this.step(id, "down"));
  }

  history(): RevisionNode[] {
    return postOrder(this.heads(), this.predecessors, () => true)
      .reverse()
      .map((id) => this.get(id));
  }

  /** `from` null means base and `to` null means every head; both ends are included. */
  range(from: string | null, to: string | null, currentHeads: readonly string[]): RevisionNode[] {
    this.checkCurrent(currentHeads);
    const lower = from === null ? null : this.target(from, currentHeads);
    const upper = to === null ? null : this.target(to, currentHeads);
    const above = lower === null || lower.ids.length === 0 ? null : reach(lower.ids, this.successorsOf);
    const below = upper === null ? null : reach(upper.ids, this.predecessors);
    const within = lower?.within ?? null;
    return this.history().filter(
      ({ id }) => (above?.has(id) ?? true) && (below?.has(id) ?? true) && (within?.has(id) ?? true),
    );
  }

  private readonly predecessors = (id: string): readonly string[] => {
    const node = this.get(id);
    return [...node.parents, ...node.dependsOn];
  };

  private readonly successorsOf = (id: string): readonly string[] => this.successors.get(id) ?? [];

  private step(id: string, direction: Direction): Step {
    return { revision: this.get(id), direction };
  }

  private checkCurrent(currentHeads: readonly string[]): void {
    for (const id of currentHeads) if (!this.byId.has(id)) throw new UnknownDatabaseRevisionError(id);
  }

  /** The members of `ids` that no other member builds on. */
  private tops(ids: Iterable<string>): string[] {
    const members = sorted(ids);
    const beneath = reach(members.flatMap(this.predecessors), this.predecessors);
    return members.filter((id) => !beneath.has(id));
  }

  private target(expression: string, currentHeads: readonly string[]): Target {
    this.checkCurrent(currentHeads);
    const at = (ids: Iterable<string>): Target => ({ ids: sorted(ids), within: null });
    switch (expression) {
      case "base":
        return at([]);
      case "heads":
        return at(this.heads());
      case "head":
        return at(this.onlyHead(this.heads(), expression));
      case "current":
        return at(currentHeads);
    }
    if (this.byId.has(expression) || this.labelOwners.has(expression)) return at([this.revisionRef(expression)]);
    if (RELATIVE.test(expression)) {
      return at(this.walk(expression, this.tops(currentHeads), Number(expression), null));
    }
    const branch = /^([^@]+)@(.+)$/.exec(expression);
    if (branch !== null) return this.branchTarget(expression, branch[1]!, branch[2]!, currentHeads);
    const offset = /^(.+?)([+-]\d+)$/.exec(expression);
    if (offset !== null) {
      return at(this.walk(expression, [this.revisionRef(offset[1]!)], Number(offset[2]), null));
    }
    return at([this.revisionRef(expression)]);
  }

  /** `<label or revision>@head|base|+N|-N`: the branch is everything built on the anchor revision. */
  private branchTarget(expression: string, ref: string, suffix: string, currentHeads: readonly string[]): Target {
    const anchor = this.labelOwners.get(ref) ?? this.revisionId(ref);
    const { members, root } = this.branch(anchor);
    if (suffix === "head") {
      return { ids: this.onlyHead(this.heads().filter((id) => members.has(id)), expression), within: null };
    }
    if (suffix === "base") return { ids: sorted(this.get(root).parents), within: members };
    if (!RELATIVE.test(suffix)) throw new UnknownRevisionError(expression);
    const steps = Number(suffix);
    const applied = this.appliedRevisions(currentHeads);
    if (steps >= 0) {
      // Climbing may start below the branch (on the branch point's line), but never strays onto a sibling.
      const lineage = new Set([...members, ...reach(this.get(root).parents, (id) => this.get(id).parents)]);
      const start = this.tops([...applied].filter((id) => lineage.has(id)));
      return { ids: this.walk(expression, start, steps, lineage), within: null };
    }
    const start = this.tops([...applied].filter((id) => members.has(id)));
    if (start.length === 0) throw new RelativeTargetError(expression, `no revision of branch ${ref} is applied`);
    return { ids: this.walk(expression, start, steps, null), within: members };
  }

  /**
   * Like an Alembic branch label: the anchor, everything built on it, and the chain below it down to the
   * nearest branch point or merge point (shared history belongs to no single branch).
   */
  private branch(anchor: string): { members: Set<string>; root: string } {
    const members = reach([anchor], (id) => this.children.get(id)!);
    let root = this.get(anchor);
    while (root.parents.length === 1) {
      const parent = this.get(root.parents[0]!);
      if (parent.parents.length > 1 || this.children.get(parent.id)!.length > 1) break;
      members.add(parent.id);
      root = parent;
    }
    return { members, root: root.id };
  }

  /** Moves `steps` revisions up (children) or down (parents) from `from`; an empty position is base. */
  private walk(
    expression: string,
    from: readonly string[],
    steps: number,
    within: ReadonlySet<string> | null,
  ): string[] {
    const origin = from.length === 0 ? "base" : from.join(", ");
    let position = sorted(from);
    const sign = steps < 0 ? "-" : "+";
    for (let taken = 0; taken < Math.abs(steps); taken++) {
      if (position.length > 1) {
        const where = taken === 0 ? "it starts from several revisions" : `step ${taken} reaches several revisions`;
        throw new RelativeTargetError(
          expression,
          `${where} (${position.join(", ")}); start from one of them with "<revision>${sign}N" ` +
            `or "<branch label>@${sign}N"`,
        );
      }
      const [here] = position;
      if (steps < 0) {
        if (here === undefined) {
          const reason = taken === 0 ? "nothing lies below base" : `only ${taken} step(s) down lead from ${origin}`;
          throw new RelativeTargetError(expression, reason);
        }
        position = sorted(this.get(here).parents);
        continue;
      }
      const next = (here === undefined ? this.bases() : this.children.get(here)!).filter(
        (id) => within?.has(id) ?? true,
      );
      if (next.length === 0) {
        const end = `nothing lies above ${here ?? "base"}`;
        const reason = taken === 0 ? end : `only ${taken} step(s) up lead from ${origin}; ${end}`;
        throw new RelativeTargetError(expression, reason);
      }
      if (next.length > 1) {
        throw new RelativeTargetError(
          expression,
          `${here ?? "base"} is followed by several revisions (${next.join(", ")}); ` +
            `name the branch with "<branch label>@+N" or start from one of them with "<revision>+N"`,
        );
      }
      position = next;
    }
    return position;
  }

  private onlyHead(heads: readonly string[], expression: string): string[] {
    if (heads.length > 1) throw new MultipleHeadsError(heads, expression);
    return [...heads];
  }

  /** An exact id, a branch label (meaning its head), or an id prefix. */
  private revisionRef(ref: string): string {
    if (this.byId.has(ref)) return ref;
    const owner = this.labelOwners.get(ref);
    if (owner === undefined) return this.revisionId(ref);
    const { members } = this.branch(owner);
    return this.onlyHead(
      this.heads().filter((id) => members.has(id)),
      ref,
    )[0]!;
  }

  private revisionId(ref: string): string {
    if (this.byId.has(ref)) return ref;
    const candidates = this.revisions.filter((node) => node.id.startsWith(ref)).map((node) => node.id);
    if (candidates.length === 0) throw new UnknownRevisionError(ref);
    if (candidates.length > 1) throw new AmbiguousRevisionError(ref, candidates);
    return candidates[0]!;
  }
}

const checkUniqueIds = (revisions: readonly RevisionNode[]): void => {
  const paths = new Map<string, (string | null)[]>();
  for (const node of revisions) paths.set(node.id, [...(paths.get(node.id) ?? []), node.path]);
  const duplicate = sorted(paths.keys()).find((id) => paths.get(id)!.length > 1);
  if (duplicate !== undefined) throw new DuplicateRevisionError(duplicate, paths.get(duplicate)!);
};

const checkReferences = (ordered: readonly RevisionNode[], byId: ReadonlyMap<string, RevisionNode>): void => {
  for (const node of ordered) {
    for (const parent of node.parents) {
      if (!byId.has(parent)) throw new MissingParentError(node.id, parent, "parent", node.path);
    }
    for (const dependency of node.dependsOn) {
      if (!byId.has(dependency)) throw new MissingParentError(node.id, dependency, "dependsOn", node.path);
    }
  }
};

const checkLabels = (ordered: readonly RevisionNode[], byId: ReadonlyMap<string, RevisionNode>): void => {
  const owners = new Map<string, string[]>();
  for (const node of ordered) {
    for (const label of node.branchLabels) {
      const invalid = RESERVED_LABELS.has(label)
        ? "it is a reserved word in targets"
        : /[@:\s]/.test(label) || /^[+-]/.test(label)
          ? 'targets cannot contain "@", ":" or whitespace, or start with "+" or "-"'
          : byId.has(label)
            ? "it is also a revision id"
            : null;
      if (invalid !== null) throw new InvalidBranchLabelError(label, node.id, invalid);
      owners.set(label, [...(owners.get(label) ?? []), node.id]);
    }
  }
  const duplicate = sorted(owners.keys()).find((label) => new Set(owners.get(label)).size > 1);
  if (duplicate !== undefined) throw new DuplicateBranchLabelError(duplicate, sorted(owners.get(duplicate)!));
};

/** A cycle through parents and dependencies, starting at its smallest id, or null. */
const findCycle = (ordered: readonly RevisionNode[], byId: ReadonlyMap<string, RevisionNode>): string[] | null => {
  const finished = new Set<string>();
  const predecessors = (id: string) => [...byId.get(id)!.parents, ...byId.get(id)!.dependsOn];
  for (const { id: start } of ordered) {
    if (finished.has(start)) continue;
    const stack = [{ id: start, visited: 0 }];
    const onStack = new Set([start]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const next = predecessors(frame.id);
      if (frame.visited < next.length) {
        const predecessor = next[frame.visited++]!;
        if (onStack.has(predecessor)) {
          const path = stack.map((entry) => entry.id);
          const cycle = path.slice(path.indexOf(predecessor));
          const first = cycle.indexOf(sorted(cycle)[0]!);
          return [...cycle.slice(first), ...cycle.slice(0, first)];
        }
        if (!finished.has(predecessor)) {
          stack.push({ id: predecessor, visited: 0 });
          onStack.add(predecessor);
        }
      } else {
        stack.pop();
        onStack.delete(frame.id);
        finished.add(frame.id);
      }
    }
  }
  return null;
};
