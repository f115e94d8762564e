/**
 * `stamp`: sets the version table to a target without running any migration, for a database whose
 * schema was built another way (TypeORM's synchronize, a restored dump, an offline script applied by
 * hand). Rows move along the graph with the same head bookkeeping `upgrade` uses, so a stamped
 * database is indistinguishable from a migrated one.
 */
import { AutogenError, UsageError } from "../errors";
import { compareText } from "../model/keys";
import type { RevisionGraph, Step } from "../runtime/graph";
import { UnknownDatabaseRevisionError } from "../runtime/graph-errors";
import { applyHeadChange, headChange, type HeadChange } from "../runtime/heads";
import { lockTimeoutMsOf, withMigrationLock } from "../runtime/lock";
import { inTransaction } from "../runtime/migrator";
import { parseSqlRange, SqlScript, versionRowsAt } from "../runtime/offline-sql";
import {
  ensureVersionTable,
  headChangeSql,
  purgeVersionsSql,
  readHeads,
  versionTableDdl,
  writeHeadChange,
} from "../runtime/version-table";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";

export class StampFromUnknownRevisionError extends AutogenError {
  constructor(
    readonly revision: string,
    readonly target: string,
  ) {
    super(
      `The database records revision ${revision}, which no migration declares, so stamp cannot move from it. ` +
        `Run "autogen stamp ${target} --purge" to replace every row of the version table.`,
    );
  }
}

export interface StampPlan {
  /** Net row edits, each touching exactly one row. */
  readonly changes: readonly HeadChange[];
  readonly heads: readonly string[];
}

/**
 * The rows the table holds at `target` when reached from `currentHeads`. Revisions the target needs
 * are marked applied; revisions above it are marked reverted; heads on unrelated branches stay, as
 * they would through `upgrade` and `downgrade`. A stamp never needs both directions: the applied set
 * always holds every ancestor of what it holds, so a target that still lacks an ancestor has nothing
 * applied above it.
 */
const stampedHeads = (graph: RevisionGraph, currentHeads: readonly string[], target: string): string[] => {
  const up = graph.upgradePlan(currentHeads, target);
  const steps: Step[] = up.length > 0 ? up : graph.downgradePlan(currentHeads, target);
  return steps.reduce<string[]>((heads, step) => applyHeadChange(heads, headChange(heads, step, graph)), [...currentHeads]);
};

/**
 * Walking the graph decides where the rows end; only the net difference is written, so stamping a long
 * history is one statement per changed row rather than one per revision in between.
 */
export const planStamp = (graph: RevisionGraph, currentHeads: readonly string[], target: string): StampPlan => {
  const heads = stampedHeads(graph, currentHeads, target);
  const removed = [...currentHeads].filter((id) => !heads.includes(id)).sort(compareText);
  const added = heads.filter((id) => !currentHeads.includes(id));
  const paired = Math.min(removed.length, added.length);
  const changes: HeadChange[] = [
    ...removed.slice(0, paired).map((from, index): HeadChange => ({ kind: "update", from, to: added[index]! })),
    ...removed.slice(paired).map((remove): HeadChange => ({ kind: "delete", remove })),
    ...added.slice(paired).map((add): HeadChange => ({ kind: "insert", add })),
  ];
  return { changes, heads };
};

export interface StampOptions extends CommandOptions {
  /** Seconds to wait for another runner's lock; the config's `lockTimeout` otherwise. */
  readonly lockTimeoutSeconds?: number;
  readonly target: string;
  /** Delete every row first: the database may be at a revision no file declares. */
  readonly purge?: boolean;
}

export interface StampResult {
  readonly previousHeads: readonly string[];
  readonly heads: readonly string[];
}

const refuseRange = (target: string): void => {
  if (target.includes(":")) {
    throw new UsageError(`"${target}" is a FROM:TO range, which only --sql takes: online, stamp starts from what the database records.`);
  }
};

export const stampCommand = async (options: StampOptions): Promise<StampResult> => {
  refuseRange(options.target);
  const config = loadProjectConfig(options);
  const { graph } = loadHistory(config);
  const table = config.versionTable;
  return withDatabase(config, options, ({ client }) =>
    withMigrationLock(
      client,
      table,
      () =>
        inTransaction(client, async () => {
          await ensureVersionTable(client, table);
          const previousHeads = await readHeads(client, table);
          if (options.purge) await client.query(purgeVersionsSql(table));
          const start = options.purge ? [] : previousHeads;
          let plan: StampPlan;
          try {
            plan = planStamp(graph, start, options.target);
          } catch (error) {
            if (error instanceof UnknownDatabaseRevisionError) throw new StampFromUnknownRevisionError(error.id, options.target);
            throw error;
          }
          for (const change of plan.changes) await writeHeadChange(client, table, change);
          return { previousHeads, heads: plan.heads };
        }),
      options.lockTimeoutSeconds === undefined ? config.lockTimeoutMs : lockTimeoutMsOf(options.lockTimeoutSeconds, "--lock-timeout"),
    ),
  );
};

/**
 * `stamp [FROM:]TO --sql`: the statements, without connecting. FROM (default base) stands in for the
 * rows the table holds; with --purge the script deletes every row instead, so FROM means nothing.
 */
export const stampSqlCommand = async (options: StampOptions): Promise<{ readonly sql: string }> => {
  const range = parseSqlRange(options.target, "up");
  if (options.purge && options.target.includes(":")) {
    throw new UsageError(`--purge deletes every row before stamping, so "${options.target}" needs no FROM: give the target alone.`);
  }
  const config = loadProjectConfig(options);
  const { graph } = loadHistory(config);
  const table = config.versionTable;
  const start = options.purge ? [] : versionRowsAt(graph, range.from);
  const plan = planStamp(graph, start, range.to);
  const script = new SqlScript();
  script.comment(`autogen stamp ${options.purge ? range.to : `${range.from}:${range.to}`}${options.purge ? " --purge" : ""} (offline script)`);
  script.begin();
  versionTableDdl(table).forEach((statement) => script.statement(statement));
  if (options.purge) script.statement(purgeVersionsSql(table));
  plan.changes.flatMap((change) => headChangeSql(table, change)).forEach((statement) => script.statement(statement));
  script.commit();
  return { sql: script.text() };
};
