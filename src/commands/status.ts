/** `current` and `history`: where the database is, and the chain of revisions. */
import type { RevisionNode } from "../runtime/graph";
import { readHeads } from "../runtime/version-table";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";

export interface CurrentResult {
  readonly heads: readonly { readonly id: string; readonly message: string | null; readonly isHead: boolean }[];
  readonly database: string;
}

export const currentCommand = async (options: CommandOptions): Promise<CurrentResult> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  const scriptHeads = new Set(history.graph.heads());
  return withDatabase(config, options, async (db) => {
    const heads = await readHeads(db.client, config.versionTable);
    return {
      database: db.displayUrl,
      heads: heads.map((id) => ({ id, message: history.byId.get(id)?.message ?? null, isHead: scriptHeads.has(id) })),
    };
  });
};

export interface HistoryEntry {
  readonly revision: RevisionNode;
  readonly isHead: boolean;
  readonly isCurrent: boolean;
}

/** Newest first. The current revision is marked when a database is reachable (`indicateCurrent`). */
export const historyCommand = async (options: CommandOptions & { indicateCurrent?: boolean }): Promise<HistoryEntry[]> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  const current = options.indicateCurrent === false ? [] : await withDatabase(config, options, (db) => readHeads(db.client, config.versionTable));
  const heads = new Set(history.graph.heads());
  return history.graph.history().map((revision) => ({
    revision,
    isHead: heads.has(revision.id),
    isCurrent: current.includes(revision.id),
  }));
};
