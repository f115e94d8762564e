import type { MigrationOp } from "../ops/types";
import { readHeads } from "../runtime/version-table";
import { autogenerate } from "./autogenerate";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";
import { DatabaseNotUpToDateError } from "./revision";

/** The CI gate: are there entity changes without a migration? Empty `ops` means no. */
export const checkCommand = async (options: CommandOptions): Promise<{ readonly ops: readonly MigrationOp[] }> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  return withDatabase(config, options, async (db) => {
    const heads = await readHeads(db.client, config.versionTable);
    const scriptHeads = history.graph.heads();
    if ([...heads].sort().join() !== [...scriptHeads].sort().join()) throw new DatabaseNotUpToDateError(heads, scriptHeads);
    return { ops: (await autogenerate(config, db)).ops };
  });
};
