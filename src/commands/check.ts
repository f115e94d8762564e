import type { MigrationOp } from "../ops/types";
import { readHeads } from "../runtime/version-table";
import { autogenerate } from "./autogenerate";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";
import { requireDatabaseAtHead } from "./at-head";

/** The CI gate: are there entity changes without a migration? Empty `ops` means no. */
export const checkCommand = async (options: CommandOptions): Promise<{ readonly ops: readonly MigrationOp[] }> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  return withDatabase(config, options, async (db) => {
    requireDatabaseAtHead(await readHeads(db.client, config.versionTable), history);
    return { ops: (await autogenerate(config, db)).ops };
  });
};
