/** `upgrade` and `downgrade`: online against a database, or offline (`--sql`) as one SQL script. */
import type { ResolvedConfig } from "../config/config";
import { UsageError } from "../errors";
import { lockTimeoutMsOf } from "../runtime/lock";
import type { Direction } from "../runtime/graph";
import { migrate, type MigrateResult, type TransactionMode } from "../runtime/migrator";
import { parseSqlRange, renderOfflineScript, type OfflineScript } from "../runtime/offline-sql";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";

export interface MigrateOptions extends CommandOptions {
  readonly target: string;
  readonly args?: Readonly<Record<string, string>>;
  /** `--tag`: a free-form value migrations read as `op.tag`. */
  readonly tag?: string;
  readonly transactionMode?: TransactionMode;
  /** Seconds to wait for another runner's lock; the config's `lockTimeout` otherwise. */
  readonly lockTimeoutSeconds?: number;
  /** Run even though an applied migration's file changed since it was applied. */
  readonly allowEdited?: boolean;
  /** Told when a run that timed out on a lock is tried again. */
  readonly onRetry?: (attempt: number, error: Error) => void;
}

/** A range only makes sense offline: online, the start is what the version table holds. */
const refuseRange = (target: string): void => {
  if (target.includes(":")) {
    throw new UsageError(
      `"${target}" is a FROM:TO range, which only --sql takes: online, migrations start from what the database ` +
        "records. Name the target alone, or add --sql to print the script.",
    );
  }
};

/** What online and offline runs share: the history, where versions are kept, and the migrations' inputs. */
const runSettings = (options: MigrateOptions, config: ResolvedConfig) => {
  const history = loadHistory(config);
  return {
    graph: history.graph,
    scripts: history.byId,
    versionTable: config.versionTable,
    defaultSchema: config.defaultSchema,
    args: options.args ?? {},
    tag: options.tag,
    transactionMode: options.transactionMode ?? config.transactionMode,
    timeouts: { lockTimeout: config.safety.lockTimeout, statementTimeout: config.safety.statementTimeout },
  };
};

const run = async (options: MigrateOptions, direction: Direction): Promise<MigrateResult> => {
  refuseRange(options.target);
  const config = loadProjectConfig(options);
  const settings = runSettings(options, config);
  return withDatabase(config, options, (db) =>
    migrate({
      ...settings,
      client: db.client,
      verifyChecksums: !options.allowEdited,
      lockTimeoutMs: options.lockTimeoutSeconds === undefined ? config.lockTimeoutMs : lockTimeoutMsOf(options.lockTimeoutSeconds, "--lock-timeout"),
      lockRetries: config.safety.lockRetries,
      onRetry: options.onRetry,
      plan: (graph, heads) =>
        direction === "up" ? graph.upgradePlan(heads, options.target) : graph.downgradePlan(heads, options.target),
    }),
  );
};

export const upgradeCommand = (options: MigrateOptions): Promise<MigrateResult> => run(options, "up");

export const downgradeCommand = (options: MigrateOptions): Promise<MigrateResult> => run(options, "down");

/** Never opens a connection: the start of the range stands in for the version table. */
const renderSql = async (options: MigrateOptions, direction: Direction): Promise<OfflineScript> => {
  const range = parseSqlRange(options.target, direction);
  return renderOfflineScript({ ...runSettings(options, loadProjectConfig(options)), direction, range });
};

/** `upgrade [FROM:]TO --sql`: FROM defaults to base. */
export const upgradeSqlCommand = (options: MigrateOptions): Promise<OfflineScript> => renderSql(options, "up");

/** `downgrade FROM:TO --sql`: FROM is required. */
export const downgradeSqlCommand = (options: MigrateOptions): Promise<OfflineScript> => renderSql(options, "down");
