/**
 * Helpers for the reliability suite: throwaway projects of hand-written migrations, the built CLI run
 * as a child process (also spawned and killed), and snapshots of what a database holds (schema through
 * autogen's introspection, the version table, its log) so a test can say "nothing changed" or "this is
 * exactly revision H" with one comparison.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import type { SchemaModel } from "../../src/model/schema";
import { CLI, REPO, runCli, shown, type CliResult, type RunOptions } from "../e2e/support";
import { differences, readSchema } from "../support/models";
import { createTestDatabase, serverUrl, type TestDatabase } from "../support/database";

export { CLI, REPO, runCli, shown, type CliResult };

/** Set AUTOGEN_RELIABILITY_FULL=1 for the full-size runs whose figures docs/reliability.md reports. */
export const FULL = process.env.AUTOGEN_RELIABILITY_FULL === "1";

/** The key `migrationLockKey` (src/runtime/lock.ts) derives for the default version table. */
export const LOCK_KEY = 'autogen:"public"."autogen_version"';

export interface MigrationSpec {
  readonly id: string;
  readonly parent: string | readonly string[] | null;
  /** Body lines of `upgrade(op)`. */
  readonly upgrade: readonly string[];
  readonly downgrade?: readonly string[];
  /** `export const transactional = false` when false. */
  readonly transactional?: boolean;
  readonly message?: string;
  /** Extra top-level lines (after the exports), e.g. helper constants. */
  readonly preamble?: readonly string[];
}

export const migrationSource = (spec: MigrationSpec): string =>
  [
    "/**",
    ` * ${spec.message ?? `reliability ${spec.id}`}`,
    " */",
    'import type { Operations } from "typeorm-autogen";',
    "",
    `export const revision = ${JSON.stringify(spec.id)};`,
    `export const downRevision = ${JSON.stringify(spec.parent)};`,
    ...(spec.transactional === false ? ["export const transactional = false;"] : []),
    ...(spec.preamble ?? []),
    "",
    "export async function upgrade(op: Operations): Promise<void> {",
    ...spec.upgrade.map((line) => `  ${line}`),
    "}",
    "",
    "export async function downgrade(op: Operations): Promise<void> {",
    ...(spec.downgrade ?? []).map((line) => `  ${line}`),
    "}",
    "",
  ].join("\n");

/** Ids that sort in chain order: `r0001`, `r0002`, ... (a prefix keeps different suites apart). */
export const revisionId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(4, "0")}`;

export interface ReliabilityProject {
  readonly dir: string;
  file(relative: string): string;
  write(relative: string, text: string): string;
  read(relative: string): string;
  /** Writes `migrations/<id>.ts`; returns its path. */
  writeMigration(spec: MigrationSpec): string;
  /** Writes the config (autogen.config.js) with `extra` keys merged in. */
  writeConfig(extra?: Record<string, unknown>): void;
  /** Rewrites the DataSource module with these EntitySchema definitions. */
  useEntities(entities: readonly Record<string, unknown>[]): void;
  cli(args: readonly string[], options?: RunOptions): Promise<CliResult>;
  remove(): void;
}

/**
 * A project with an `autogen.config.js` and a DataSource module built from EntitySchema definitions
 * (plain data, so `check` has entities to compare with); migrations are written by the test.
 */
export const createReliabilityProject = (entities: readonly Record<string, unknown>[] = []): ReliabilityProject => {
  const dir = path.join(REPO, ".autogen", "test-projects", `reliability-${randomBytes(5).toString("hex")}`);
  mkdirSync(path.join(dir, "migrations"), { recursive: true });
  const file = (relative: string) => path.join(dir, relative);
  const write = (relative: string, text: string): string => {
    mkdirSync(path.dirname(file(relative)), { recursive: true });
    writeFileSync(file(relative), text);
    return file(relative);
  };
  const writeConfig = (extra: Record<string, unknown> = {}): void => {
    write("autogen.config.js", `module.exports = ${JSON.stringify({ dataSource: "data-source.js", migrations: "migrations", ...extra }, null, 2)};\n`);
  };
  const useEntities = (schemas: readonly Record<string, unknown>[]): void => {
    write(
      "data-source.js",
      [
        'const { DataSource, EntitySchema } = require("typeorm");',
        `const schemas = ${JSON.stringify(schemas, null, 2)};`,
        'module.exports = new DataSource({ type: "postgres", entities: schemas.map((s) => new EntitySchema(s)) });',
        "",
      ].join("\n"),
    );
  };
  useEntities(entities);
  writeConfig();
  return {
    dir,
    file,
    write,
    read: (relative) => readFileSync(file(relative), "utf8"),
    writeMigration: (spec) => write(path.join("migrations", `${spec.id}.ts`), migrationSource(spec)),
    writeConfig,
    useEntities,
    cli: (args, options) => runCli(dir, args, options),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};

/** Asserts the exit code; on mismatch the error shows everything the CLI printed. */
export const expectExit = (result: CliResult, code: number): CliResult => {
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${shown(result)}`);
  return result;
};

export interface SpawnedCli {
  readonly child: ChildProcess;
  readonly startedAt: number;
  /** Resolves when the process ends, with its exit code (null when killed) and signal. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; endedAt: number }>;
}

/** Starts the CLI without waiting for it, so a test can kill it or run several at once. */
export const spawnCli = (cwd: string, args: readonly string[], env: Record<string, string> = {}): SpawnedCli => {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  const startedAt = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; endedAt: number }>(
    (resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, endedAt: performance.now() })),
  );
  return { child, startedAt, done };
};

export interface LogRow {
  readonly revision: string;
  readonly direction: string;
  readonly checksum: string | null;
}

/** Everything a migration run may change: the user's schema, the version table, its log. */
export interface DatabaseState {
  readonly schema: SchemaModel;
  readonly versions: readonly string[];
  readonly log: readonly LogRow[];
}

const tableExists = async (client: Client, name: string): Promise<boolean> =>
  (await client.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [name])).rows[0].present;

export const versionRows = async (client: Client): Promise<string[]> =>
  (await tableExists(client, "public.autogen_version"))
    ? (await client.query<{ version_num: string }>("SELECT version_num FROM autogen_version ORDER BY version_num")).rows.map((row) => row.version_num)
    : [];

export const logRows = async (client: Client): Promise<LogRow[]> =>
  (await tableExists(client, "public.autogen_version_log"))
    ? (await client.query<LogRow>("SELECT revision, direction, checksum FROM autogen_version_log ORDER BY id")).rows
    : [];

export const databaseState = async (client: Client): Promise<DatabaseState> => ({
  schema: await readSchema(client),
  versions: await versionRows(client),
  log: await logRows(client),
});

/** Equal states, with a readable schema difference when they are not. */
export const expectSameState = (actual: DatabaseState, expected: DatabaseState): void => {
  expect(differences(actual.schema, expected.schema)).toEqual([]);
  expect(actual.schema).toEqual(expected.schema);
  expect(actual.versions).toEqual(expected.versions);
  expect(actual.log).toEqual(expected.log);
};

/** A connection to the server's maintenance database, for roles, locks and pg_stat_activity. */
export const adminClient = async (): Promise<Client> => {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  return client;
};

/** Sessions of `database` holding the autogen migration lock. */
export const lockHolderPids = async (admin: Client, database: string): Promise<number[]> =>
  (
    await admin.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND l.granted AND d.datname = $1
         AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext($2)::bigint`,
      [database, LOCK_KEY],
    )
  ).rows.map((row) => row.pid);

/** Mulberry32: a small seeded PRNG, so a run's random choices can be replayed from its seed. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  readonly mean: number;
}

export const summarize = (values: readonly number[]): Summary => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return {
    n: sorted.length,
    min: sorted[0] ?? NaN,
    median: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
  };
};

export const formatSummary = (label: string, values: readonly number[], unit = "ms"): string => {
  const s = summarize(values);
  const f = (value: number) => value.toFixed(0);
  return `${label}: n=${s.n} min=${f(s.min)} median=${f(s.median)} p95=${f(s.p95)} max=${f(s.max)} mean=${f(s.mean)} ${unit}`;
};

/**
 * Figures go to stderr (jest shows them) and, when AUTOGEN_RELIABILITY_REPORT names a file, are
 * appended to it as JSON lines for docs/reliability.md.
 */
export const report = (suite: string, figures: Record<string, unknown>): void => {
  process.stderr.write(`\n[reliability] ${suite}: ${JSON.stringify(figures)}\n`);
  const target = process.env.AUTOGEN_RELIABILITY_REPORT;
  if (target) writeFileSync(target, `${JSON.stringify({ suite, at: new Date().toISOString(), ...figures })}\n`, { flag: "a" });
};

export type ClonedDatabase = TestDatabase;

/**
 * A copy of `template` (which must have no open connections): a database already at some state,
 * without running the CLI again.
 */
export const cloneDatabase = (template: string, prefix = "autogen_rel"): Promise<ClonedDatabase> => createTestDatabase(prefix, template);
