/**
 * Shadow databases: scratch databases on the target's server (so PostgreSQL prints everything the
 * same way), created for one task and always dropped.
 */
import { randomBytes } from "node:crypto";
import type { Client } from "pg";
import { AutogenError, describeCause } from "../errors";
import { quoteIdent } from "../sql/quote";
import { connect, serverVersionNum } from "./connect";
import { maskSecrets, withDatabase } from "./url";

export class ShadowDatabaseError extends AutogenError {}

export const SHADOW_PREFIX = "autogen_shadow_";

export const withShadowDatabase = async <T>(
  serverUrl: string,
  action: (client: Client, url: string) => Promise<T>,
): Promise<T> => {
  const name = `${SHADOW_PREFIX}${randomBytes(6).toString("hex")}`;
  const admin = await connect(serverUrl);
  try {
    try {
      // template0: a user's additions to template1 must not leak into the shadow.
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
    } catch (error) {
      throw new ShadowDatabaseError(
        `Cannot create the shadow database ${name}: ${maskSecrets(describeCause(error), serverUrl)}. ` +
          "autogen needs CREATEDB on the target server to normalize the entity model.",
      );
    }
    const url = withDatabase(serverUrl, name);
    try {
      const client = await connect(url);
      try {
        return await action(client, url);
      } finally {
        await client.end();
      }
    } finally {
      const force = (await serverVersionNum(admin)) >= 130000 ? " WITH (FORCE)" : "";
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
    }
  } finally {
    await admin.end();
  }
};
