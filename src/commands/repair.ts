/**
 * `repair`: after a deliberate edit of an applied migration, record the checksums its files now
 * produce, so upgrade, current and check stop reporting them. The schema is not touched.
 */
import { quoteQualified } from "../sql/quote";
import { findEditedMigrations, type EditedMigration } from "../runtime/checksums";
import { withMigrationLock } from "../runtime/lock";
import { inTransaction } from "../runtime/migrator";
import { logTableOf, readHeads } from "../runtime/version-table";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";

export const repairCommand = async (options: CommandOptions): Promise<{ readonly repaired: readonly EditedMigration[] }> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  return withDatabase(config, options, (db) =>
    withMigrationLock(
      db.client,
      config.versionTable,
      () =>
        inTransaction(db.client, async () => {
          const heads = await readHeads(db.client, config.versionTable);
          const edited = await findEditedMigrations(db.client, config.versionTable, history.graph, history.byId, heads, config.defaultSchema);
          for (const entry of edited) {
            // The latest upgrade row is the one verification reads.
            const result = await db.client.query(
              `UPDATE ${quoteQualified(logTableOf(config.versionTable))} SET checksum = $2
               WHERE id = (SELECT max(id) FROM ${quoteQualified(logTableOf(config.versionTable))} WHERE revision = $1 AND direction = 'up')`,
              [entry.revision, entry.actual],
            );
            if (result.rowCount !== 1) throw new Error(`bug: no upgrade row to repair for ${entry.revision}`);
          }
          return { repaired: edited };
        }),
      config.lockTimeoutMs,
    ),
  );
};
