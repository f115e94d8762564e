/** `current` and `history`: where the database is, and the chain of revisions. */
import { AutogenError } from "../errors";
import type { RevisionNode } from "../runtime/graph";
import { findEditedMigrations, type EditedMigration } from "../runtime/checksums";
import { readHeads } from "../runtime/version-table";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";

export interface CurrentResult {
  readonly heads: readonly { readonly id: string; readonly message: string | null; readonly isHead: boolean }[];
  readonly database: string;
  /** Whether the database is at every head of the migrations and nothing else. */
  readonly atHeads: boolean;
  /** Applied migrations whose files would now run different SQL than they did. */
  readonly edited: readonly EditedMigration[];
}

export const currentCommand = async (options: CommandOptions): Promise<CurrentResult> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  const scriptHeads = new Set(history.graph.heads());
  return withDatabase(config, options, async (db) => {
    const heads = await readHeads(db.client, config.versionTable);
    const known = heads.every((id) => history.byId.has(id));
    return {
      database: db.displayUrl,
      edited: known ? await findEditedMigrations(db.client, config.versionTable, history.graph, history.byId, heads, config.defaultSchema) : [],
      atHeads: heads.length === scriptHeads.size && heads.every((id) => scriptHeads.has(id)),
      heads: heads.map((id) => ({ id, message: history.byId.get(id)?.message ?? null, isHead: scriptHeads.has(id) })),
    };
  });
};

export interface HistoryEntry {
  readonly revision: RevisionNode;
  readonly isHead: boolean;
  readonly isCurrent: boolean;
}

export interface HistoryOptions extends CommandOptions {
  /** Ask the database which revisions are current, to mark them. */
  readonly indicateCurrent?: boolean;
  /** `FROM:TO`, either side optional (`ae10:`, `:head`, `current:`), as Alembic takes it. */
  readonly range?: string;
}

const parseRange = (range: string): { from: string | null; to: string | null } => {
  const parts = range.split(":");
  if (parts.length !== 2) throw new AutogenError(`-r takes FROM:TO (either side may be empty), got "${range}".`);
  return { from: parts[0] || null, to: parts[1] || null };
};

/** Newest first, optionally limited to a range; the current revisions marked when asked. */
export const historyCommand = async (options: HistoryOptions): Promise<HistoryEntry[]> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  const range = options.range === undefined ? null : parseRange(options.range);
  const needsDatabase = options.indicateCurrent !== false || range?.from === "current" || range?.to === "current";
  const current = needsDatabase ? await withDatabase(config, options, (db) => readHeads(db.client, config.versionTable)) : [];
  const heads = new Set(history.graph.heads());
  const revisions = range === null ? history.graph.history() : history.graph.range(range.from, range.to, current);
  return revisions.map((revision) => ({
    revision,
    isHead: heads.has(revision.id),
    isCurrent: current.includes(revision.id),
  }));
};
