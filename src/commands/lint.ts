/**
 * `lint`: checks migration files for operations that lock or rewrite tables in use, break code still
 * running against the old schema, or store trouble for later. Each revision's `upgrade(op)` is replayed
 * without a database; only `--pending` (and a range naming `current`) reads the version table.
 */
import { readFileSync } from "node:fs";
import { serverVersionNum } from "../db/connect";
import { UsageError } from "../errors";
import { activeRules } from "../lint/catalog";
import { lintHistory, type LintReport, type RevisionInput } from "../lint/engine";
import { recordUpgrade } from "../lint/record";
import { readMigrationSource, type MigrationSource } from "../lint/source-map";
import type { RevisionNode } from "../runtime/graph";
import { readHeads } from "../runtime/version-table";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";

/**
 * The release lint assumes when it is not told (and reads no database): the oldest whose behaviour
 * the rules distinguish last (ADD VALUE in a transaction became possible in 12).
 */
export const DEFAULT_PG_VERSION = 12;

export interface LintCommandOptions extends CommandOptions {
  /** `FROM:TO`, either side optional, as `history -r` takes it. */
  readonly range?: string;
  /** Only the revisions the database has not applied. */
  readonly pending?: boolean;
  readonly enable?: readonly string[];
  readonly disable?: readonly string[];
  /**
   * The runner sets `lock_timeout` itself, so migrations need not (turns `missing-lock-timeout` off).
   * Unset: the config decides (`safety.lockTimeout`).
   */
  readonly assumeLockTimeout?: boolean;
  /** PostgreSQL major version; with `pending`, the server's when not given. */
  readonly pgVersion?: number;
  /** `-x key=value` arguments, as `upgrade` passes them to migrations. */
  readonly args?: Readonly<Record<string, string>>;
}

export interface LintResult extends LintReport {
  readonly pgVersion: number;
}

const parseRange = (range: string): { from: string | null; to: string | null } => {
  const parts = range.split(":");
  if (parts.length !== 2) throw new UsageError(`-r takes FROM:TO (either side may be empty), got "${range}".`);
  return { from: parts[0] || null, to: parts[1] || null };
};

/**
 * Whether the config has the runner set `lock_timeout` for every migration (`safety.lockTimeout`, on
 * unless "0"). Read by shape, not type: lint only needs this one answer from that part of the config.
 */
const configSetsLockTimeout = (config: object): boolean => {
  const safety = (config as { safety?: { lockTimeout?: unknown } }).safety;
  return typeof safety?.lockTimeout === "string" && !/^\s*0+\s*(ms|s|min|h)?\s*$/i.test(safety.lockTimeout);
};

const readSource = (file: string | null): MigrationSource | null => {
  if (file === null) return null;
  try {
    return readMigrationSource(file, readFileSync(file, "utf8"));
  } catch {
    return null;
  }
};

export const lintCommand = async (options: LintCommandOptions): Promise<LintResult> => {
  if (options.pending && options.range !== undefined) throw new UsageError("--pending and -r both choose the revisions to lint; pass one of them.");
  if (options.pgVersion !== undefined && (!Number.isInteger(options.pgVersion) || options.pgVersion < 9)) {
    throw new UsageError(`--pg-version takes a PostgreSQL major version such as 15, got ${options.pgVersion}.`);
  }
  activeRules(options.enable ?? [], options.disable ?? []);
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  const { graph } = history;
  const range = options.range === undefined ? null : parseRange(options.range);
  const needsDatabase = options.pending === true || range?.from === "current" || range?.to === "current";
  const server = needsDatabase
    ? await withDatabase(config, options, async (db) => ({
        heads: await readHeads(db.client, config.versionTable),
        pgVersion: Math.floor((await serverVersionNum(db.client)) / 10000),
      }))
    : null;
  const heads = server?.heads ?? [];

  let selected: readonly RevisionNode[];
  if (options.pending) {
    const applied = graph.appliedRevisions(heads);
    selected = graph.history().filter((node) => !applied.has(node.id));
  } else if (range !== null) selected = graph.range(range.from, range.to, heads);
  else selected = graph.revisions;

  const revisions = new Map<string, RevisionInput>();
  for (const script of history.scripts) {
    const recorded = await recordUpgrade(script, config.defaultSchema, options.args ?? {});
    revisions.set(script.id, {
      node: script,
      ops: recorded.ops,
      notRecorded: recorded.notRecorded,
      transactional: script.transactional,
      source: readSource(script.path),
    });
  }
  const pgVersion = options.pgVersion ?? server?.pgVersion ?? DEFAULT_PG_VERSION;
  const report = lintHistory({
    graph,
    revisions,
    selected: new Set(selected.map((node) => node.id)),
    options: {
      pgVersion,
      assumeLockTimeout: options.assumeLockTimeout ?? configSetsLockTimeout(config),
      enable: options.enable ?? [],
      disable: options.disable ?? [],
      transactionMode: config.transactionMode,
      defaultSchema: config.defaultSchema,
    },
  });
  return { ...report, pgVersion };
};
