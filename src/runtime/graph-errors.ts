/**
 * Errors raised while building or navigating the revision graph. Each names the revisions involved and
 * says what the user can do about it.
 */
import { AutogenError } from "../errors";
import type { Direction } from "./graph";

const list = (ids: readonly string[]): string => ids.join(", ");
const describeHeads = (heads: readonly string[]): string => (heads.length === 0 ? "base" : list(heads));

export class MultipleHeadsError extends AutogenError {
  constructor(
    readonly heads: readonly string[],
    readonly target: string = "head",
  ) {
    super(
      `"${target}" is ambiguous: there are ${heads.length} heads (${list(heads)}). ` +
        `Name one of them, use "heads" to target every head, or run "autogen merge" to join them.`,
    );
  }
}

export class UnknownRevisionError extends AutogenError {
  constructor(readonly id: string) {
    super(`No revision or branch label matches "${id}". Run "autogen history" to list revisions.`);
  }
}

export class AmbiguousRevisionError extends AutogenError {
  constructor(
    readonly prefix: string,
    readonly candidates: readonly string[],
  ) {
    super(`"${prefix}" matches several revisions (${list(candidates)}). Type more characters of the id.`);
  }
}

export class DuplicateRevisionError extends AutogenError {
  constructor(
    readonly id: string,
    readonly paths: readonly (string | null)[],
  ) {
    super(
      `Revision id ${id} is declared more than once (${paths.map((path) => path ?? "<no file>").join(", ")}). ` +
        `Give one of them a new id and update the revisions that point at it.`,
    );
  }
}

export class MissingParentError extends AutogenError {
  constructor(
    readonly revision: string,
    readonly parent: string,
    readonly relation: "parent" | "dependsOn",
    readonly path: string | null,
  ) {
    const field = relation === "parent" ? "downRevision" : "dependsOn";
    super(
      `Revision ${revision}${path === null ? "" : ` (${path})`} names ${parent} in ${field}, ` +
        `but no migration declares ${parent}. Restore the missing migration or correct ${field}.`,
    );
  }
}

export class RevisionCycleError extends AutogenError {
  /** `cycle[i]` names `cycle[i + 1]` (and the last names the first) as a parent or dependency. */
  constructor(readonly cycle: readonly string[]) {
    super(
      `Revisions form a cycle: ${[...cycle, cycle[0]].join(" -> ")}. ` +
        `Correct downRevision or dependsOn in one of them so that history runs one way.`,
    );
  }
}

export class DuplicateBranchLabelError extends AutogenError {
  constructor(
    readonly label: string,
    readonly revisions: readonly string[],
  ) {
    super(
      `Branch label "${label}" is declared by several revisions (${list(revisions)}). ` +
        `A label names one branch: keep it on the first revision of that branch only.`,
    );
  }
}

export class InvalidBranchLabelError extends AutogenError {
  constructor(
    readonly label: string,
    readonly revision: string,
    readonly reason: string,
  ) {
    super(`Branch label "${label}" on revision ${revision} cannot be used: ${reason}. Choose another label.`);
  }
}

export class RelativeTargetError extends AutogenError {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`Cannot resolve "${target}": ${reason}.`);
  }
}

export class UnknownDatabaseRevisionError extends AutogenError {
  constructor(readonly id: string) {
    super(
      `The database records revision ${id}, but no migration declares it. Restore the migration file, ` +
        `or run "autogen stamp --purge <revision>" with the revision the database really is at.`,
    );
  }
}

export class NotAppliedTargetError extends AutogenError {
  constructor(
    readonly target: string,
    readonly revisions: readonly string[],
    readonly currentHeads: readonly string[],
  ) {
    super(
      `Cannot downgrade to "${target}": ${list(revisions)} ${revisions.length === 1 ? "is" : "are"} not applied ` +
        `(the database is at ${describeHeads(currentHeads)}). Use "autogen upgrade" to move forward.`,
    );
  }
}

export class StepNotApplicableError extends AutogenError {
  constructor(
    readonly revision: string,
    readonly direction: Direction,
    readonly currentHeads: readonly string[],
    readonly reason: string,
  ) {
    super(
      `Cannot ${direction === "up" ? "apply" : "revert"} revision ${revision} while the database is at ` +
        `${describeHeads(currentHeads)}: ${reason}. Run "autogen current" to see where the database is.`,
    );
  }
}
