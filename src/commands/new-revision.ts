/**
 * A new revision's identity, checked before any work: its id (given, injected or random) must be
 * valid and unused, and the graph with it added must still be sound (labels unique and allowed).
 */
import { randomBytes } from "node:crypto";
import { AutogenError } from "../errors";
import { RevisionGraph } from "../runtime/graph";
import { checkRevisionId } from "../runtime/revision-id";
import type { History } from "./context";

export class RevisionIdTakenError extends AutogenError {
  constructor(
    readonly revision: string,
    readonly file: string,
  ) {
    super(`Revision id ${revision} is already used by ${file}.`);
  }
}

const randomRevisionId = (): string => randomBytes(6).toString("hex");

export interface NewRevisionRequest {
  readonly revisionId?: string;
  /** Injected for deterministic ids; random otherwise. */
  readonly newRevisionId?: () => string;
  readonly parents: readonly string[];
  readonly dependsOn: readonly string[];
  readonly branchLabels?: readonly string[];
  readonly message: string;
}

export const claimRevision = (history: History, request: NewRevisionRequest): { revision: string; branchLabels: string[] } => {
  const revision = checkRevisionId(request.revisionId ?? (request.newRevisionId ?? randomRevisionId)(), "--rev-id");
  const taken = history.byId.get(revision);
  if (taken !== undefined) throw new RevisionIdTakenError(revision, taken.path);
  const branchLabels = [...new Set(request.branchLabels ?? [])];
  RevisionGraph.build([
    ...history.scripts,
    { id: revision, parents: request.parents, branchLabels, dependsOn: request.dependsOn, message: request.message, path: null },
  ]);
  return { revision, branchLabels };
};
