/**
 * What every command starts from: the project's config, and (for commands that need one) an open
 * database connection chosen by --url, DATABASE_URL, the config's url, or the embedded server.
 */
import path from "node:path";
import type { Client } from "pg";
import { loadConfig, type ResolvedConfig } from "../config/config";
import { connect } from "../db/connect";
import { startEmbeddedServer } from "../db/embedded";
import { chooseShadowServer, type ShadowServer } from "../db/shadow-server";
import { chooseUrl, maskUrl, type UrlSource } from "../db/url";
import { RevisionGraph } from "../runtime/graph";
import { loadMigrationScripts, type MigrationScript } from "../runtime/scripts";

export interface CommandOptions {
  /** Project directory (where autogen.config.ts is). */
  readonly cwd: string;
  readonly configFile?: string;
  readonly url?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface Database {
  readonly client: Client;
  /** The server URL (shadow databases are created beside it). */
  readonly url: string;
  readonly source: UrlSource;
  /** For messages: the URL with its password masked. */
  readonly displayUrl: string;
  /** The server to create shadow databases on: the target's, or an embedded one when the role may not. */
  shadowServerUrl(): Promise<string>;
  close(): Promise<void>;
}

export const loadProjectConfig = (options: CommandOptions): ResolvedConfig =>
  loadConfig(path.resolve(options.cwd), options.configFile);

export const openDatabase = async (config: ResolvedConfig, options: CommandOptions): Promise<Database> => {
  const chosen = chooseUrl(options.url, options.env ?? process.env, config.url);
  const embedded = chosen.url === null ? await startEmbeddedServer(config.projectDir) : null;
  const url = chosen.url ?? embedded!.url;
  let client: Client;
  try {
    client = await connect(url);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  // Chosen once, on first use: most commands never need a shadow database.
  let shadow: Promise<ShadowServer> | null = null;
  return {
    client,
    url,
    source: chosen.source,
    displayUrl: chosen.source === "embedded" ? `embedded server (${path.join(config.projectDir, ".autogen")})` : maskUrl(url),
    shadowServerUrl: async () => (await (shadow ??= chooseShadowServer(client, url, config.projectDir))).url,
    close: async () => {
      await client.end().catch(() => undefined);
      await (await shadow?.catch(() => null))?.stop();
      await embedded?.stop();
    },
  };
};

export const withDatabase = async <T>(
  config: ResolvedConfig,
  options: CommandOptions,
  action: (db: Database) => Promise<T>,
): Promise<T> => {
  const db = await openDatabase(config, options);
  try {
    return await action(db);
  } finally {
    await db.close();
  }
};

export interface History {
  readonly scripts: readonly MigrationScript[];
  readonly byId: ReadonlyMap<string, MigrationScript>;
  readonly graph: RevisionGraph;
}

export const loadHistory = (config: ResolvedConfig): History => {
  const scripts = loadMigrationScripts(config.migrationsDir);
  return {
    scripts,
    byId: new Map(scripts.map((script) => [script.id, script])),
    graph: RevisionGraph.build(scripts),
  };
};
