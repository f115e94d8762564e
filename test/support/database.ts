/**
 * One database per test file (or per test), on the server global-setup chose, so files can run in
 * parallel without seeing each other's objects.
 */
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { withDatabase } from "../../src/db/url";

export const serverUrl = (): string => {
  const url = process.env.AUTOGEN_TEST_SERVER_URL;
  if (!url) throw new Error("No test server: jest's global setup did not run (use `npm test`).");
  return url;
};

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly client: Client;
  drop(): Promise<void>;
}

const admin = async <T>(action: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
};

/** `template` may name a test database with no open connections, to start from a copy of its state. */
export const createTestDatabase = async (prefix = "autogen_test", template = "template0"): Promise<TestDatabase> => {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template.replace(/"/g, '""')}"`));
  const url = withDatabase(serverUrl(), name);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    name,
    url,
    client,
    drop: async () => {
      await client.end().catch(() => undefined);
      await admin((adminClient) => adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
};
