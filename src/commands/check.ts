import { AutogenError } from "../errors";
import type { MigrationOp } from "../ops/types";
import { EditedMigrationError, findEditedMigrations } from "../runtime/checksums";
import { refuseUnfilledBackfills } from "../runtime/backfill-check";
import { findLeftovers, type Leftover } from "../runtime/leftovers";
import { readHeads } from "../runtime/version-table";
import { autogenerate } from "./autogenerate";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";
import { requireDatabaseAtHead } from "./at-head";

export interface CheckResult {
  /** Entity changes without a migration; empty when the database matches the entities. */
  readonly ops: readonly MigrationOp[];
  /** What interrupted non-transactional work left behind, with how to finish or undo it. */
  readonly leftovers: readonly Leftover[];
}

/** The CI gate: entity changes without a migration, edited applied migrations, leftovers. */
export const checkCommand = async (options: CommandOptions & { allowEdited?: boolean }): Promise<CheckResult> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  refuseUnfilledBackfills(history.scripts, "check");
  return withDatabase(config, options, async (db) => {
    const heads = await readHeads(db.client, config.versionTable);
    try {
      requireDatabaseAtHead(heads, history);
    } catch (error) {
      // An interrupted concurrent build leaves the database behind *and* an INVALID index: say both.
      const leftovers = await findLeftovers(db.client, [config.defaultSchema, ...(config.includeSchemas ?? [])]);
      if (leftovers.length === 0 || !(error instanceof Error)) throw error;
      throw new AutogenError(
        [error.message, ...leftovers.flatMap((leftover) => [`Left behind: ${leftover.object} ${leftover.problem}.`, `  To fix: ${leftover.remedy}.`])].join("\n"),
        { cause: error },
      );
    }
    if (!options.allowEdited) {
      const edited = await findEditedMigrations(db.client, config.versionTable, history.graph, history.byId, heads, config.defaultSchema);
      if (edited.length > 0) throw new EditedMigrationError(edited);
    }
    const { ops, current } = await autogenerate(config, db);
    return { ops, leftovers: await findLeftovers(db.client, current.schemas) };
  });
};
