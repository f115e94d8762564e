/**
 * `ensure-version`: creates the version table and its log if they are missing, and nothing else, so a
 * DBA can set them up (or review their DDL with --sql) before the first migration runs.
 */
import type { QualifiedName } from "../model/schema";
import { lockTimeoutMsOf, withMigrationLock } from "../runtime/lock";
import { SqlScript } from "../runtime/offline-sql";
import { ensureVersionTable, logTableOf, versionTableDdl, versionTableExists } from "../runtime/version-table";
import { loadProjectConfig, withDatabase, type CommandOptions } from "./context";

export interface EnsureVersionResult {
  /** `schema.name` of each table this run created; empty when both existed. */
  readonly created: readonly string[];
  readonly versionTable: string;
  readonly logTable: string;
}

const nameOf = (table: QualifiedName): string => `${table.schema}.${table.name}`;

export const ensureVersionCommand = async (options: CommandOptions & { lockTimeoutSeconds?: number }): Promise<EnsureVersionResult> => {
  const config = loadProjectConfig(options);
  const tables = [config.versionTable, logTableOf(config.versionTable)];
  // Under the migrator's lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
  return withDatabase(config, options, ({ client }) =>
    withMigrationLock(
      client,
      config.versionTable,
      async () => {
        const missing: QualifiedName[] = [];
        for (const table of tables) if (!(await versionTableExists(client, table))) missing.push(table);
        await ensureVersionTable(client, config.versionTable);
        return { created: missing.map(nameOf), versionTable: nameOf(tables[0]!), logTable: nameOf(tables[1]!) };
      },
      options.lockTimeoutSeconds === undefined ? config.lockTimeoutMs : lockTimeoutMsOf(options.lockTimeoutSeconds, "--lock-timeout"),
    ),
  );
};

/** The DDL `ensure-version` runs, without connecting. */
export const ensureVersionSqlCommand = async (options: CommandOptions): Promise<{ readonly sql: string }> => {
  const config = loadProjectConfig(options);
  const script = new SqlScript();
  script.comment("autogen ensure-version (offline script)");
  versionTableDdl(config.versionTable).forEach((statement) => script.statement(statement));
  return { sql: script.text() };
};
