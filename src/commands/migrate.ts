import { migrate, type MigrateResult, type TransactionMode } from "../runtime/migrator";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";

export interface MigrateOptions extends CommandOptions {
  readonly target: string;
  readonly args?: Readonly<Record<string, string>>;
  readonly transactionMode?: TransactionMode;
}

const run = async (options: MigrateOptions, direction: "up" | "down"): Promise<MigrateResult> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  return withDatabase(config, options, (db) =>
    migrate({
      client: db.client,
      graph: history.graph,
      scripts: history.byId,
      versionTable: config.versionTable,
      defaultSchema: config.defaultSchema,
      args: options.args ?? {},
      transactionMode: options.transactionMode ?? "all",
      plan: (graph, heads) =>
        direction === "up" ? graph.upgradePlan(heads, options.target) : graph.downgradePlan(heads, options.target),
    }),
  );
};

export const upgradeCommand = (options: MigrateOptions): Promise<MigrateResult> => run(options, "up");

export const downgradeCommand = (options: MigrateOptions): Promise<MigrateResult> => run(options, "down");
