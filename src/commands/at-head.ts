import { AutogenError } from "../errors";
import { UnknownDatabaseRevisionError } from "../runtime/graph-errors";
import type { History } from "./context";

export class DatabaseNotUpToDateError extends AutogenError {
  constructor(
    readonly databaseHeads: readonly string[],
    readonly scriptHeads: readonly string[],
  ) {
    const at = databaseHeads.length === 0 ? "has no migrations applied" : `is at ${databaseHeads.join(", ")}`;
    super(
      `The database ${at}, but the migrations' head is ${scriptHeads.join(", ")}. ` +
        "Comparing now would repeat the pending migrations: run `autogen upgrade head` first.",
    );
  }
}

/**
 * Comparing entities with a database that is behind its migrations would generate the pending work
 * again; one at a revision no file declares cannot be reasoned about at all.
 */
export const requireDatabaseAtHead = (databaseHeads: readonly string[], history: History): void => {
  const unknown = databaseHeads.find((id) => !history.byId.has(id));
  if (unknown !== undefined) throw new UnknownDatabaseRevisionError(unknown);
  const scriptHeads = history.graph.heads();
  if ([...databaseHeads].sort().join() !== [...scriptHeads].sort().join()) {
    throw new DatabaseNotUpToDateError(databaseHeads, scriptHeads);
  }
};
