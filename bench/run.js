#!/usr/bin/env node
// `npm run bench`: autogen's no-change check beside TypeORM's own `migration:generate --check` and
// `pg_dump --schema-only`, on the same database, for synthetic models of 50, 200 and 1000 entities
// (each ~9 columns, 2 indexes, 1 unique constraint, 1 foreign key). Prints a markdown table.
//
// Database: DATABASE_URL, else the local server at 127.0.0.1:5432. Sizes: BENCH_SIZES=50,200.
// Each figure is the median of BENCH_RUNS runs (default 3) of a whole process, as a user would run it.
const { execFileSync, spawnSync } = require("node:child_process");
const { mkdirSync, rmSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { Client } = require("pg");

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const TYPEORM_CLI = path.join(ROOT, "node_modules", "typeorm", "cli.js");
const SERVER = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const SIZES = (process.env.BENCH_SIZES || "50,200,1000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS || 3);

const withDatabase = (url, name) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

const admin = async (sql) => {
  const client = new Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** EntitySchema definitions as plain data: entity i references entity i-1. */
const entities = (count) =>
  Array.from({ length: count }, (_, i) => ({
    name: `Entity${i}`,
    tableName: `entity_${i}`,
    columns: {
      id: { type: "int", primary: true, generated: "increment" },
      name: { type: "varchar", length: 100 },
      code: { type: "varchar", length: 20 },
      amount: { type: "numeric", precision: 12, scale: 2, default: 0 },
      active: { type: "boolean", default: true },
      data: { type: "jsonb", nullable: true },
      note: { type: "text", nullable: true },
      createdAt: { type: "timestamptz", name: "created_at", createDate: true },
    },
    relations: i === 0 ? {} : { parent: { type: "many-to-one", target: `Entity${i - 1}`, joinColumn: { name: "parent_id" }, onDelete: "CASCADE" } },
    indices: [
      { name: `IDX_entity_${i}_name`, columns: ["name"] },
      { name: `IDX_entity_${i}_live`, columns: ["createdAt"], where: `"active"` },
    ],
    uniques: [{ name: `UQ_entity_${i}_code`, columns: ["code"] }],
  }));

const writeProject = (dir, count, url) => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "migrations"), { recursive: true });
  writeFileSync(
    path.join(dir, "data-source.js"),
    `const { DataSource, EntitySchema } = require("typeorm");\n` +
      `module.exports = new DataSource({ type: "postgres", url: ${JSON.stringify(url)}, entities: ${JSON.stringify(entities(count))}.map((s) => new EntitySchema(s)) });\n`,
  );
  writeFileSync(path.join(dir, "autogen.config.js"), `module.exports = { dataSource: "data-source.js", migrations: "migrations" };\n`);
};

const time = (command, args, options) => {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 28, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr };
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const repeat = (label, run, expectStatus) => {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const result = run();
    if (expectStatus !== undefined && result.status !== expectStatus) {
      throw new Error(`${label} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
    times.push(result.ms);
  }
  return median(times);
};

/** autogen's stages, in-process, from the built library: where the time of a check goes. */
const stages = async (dir, url) => {
  const { loadConfig } = require(path.join(ROOT, "dist", "config", "config.js"));
  const { loadDataSource } = require(path.join(ROOT, "dist", "sources", "entities", "load-data-source.js"));
  const { entitiesToModel } = require(path.join(ROOT, "dist", "sources", "entities", "to-model.js"));
  const { introspect } = require(path.join(ROOT, "dist", "sources", "introspect", "introspect.js"));
  const { normalizeTarget } = require(path.join(ROOT, "dist", "normalize", "normalize-target.js"));
  const { compareSchemas } = require(path.join(ROOT, "dist", "compare", "compare-schemas.js"));
  const config = loadConfig(dir);
  const t = () => Number(process.hrtime.bigint()) / 1e6;
  let start = t();
  const dataSource = await loadDataSource(config.dataSourcePath);
  const declared = entitiesToModel(dataSource, "public");
  const entitiesMs = t() - start;
  const client = new Client({ connectionString: url });
  await client.connect();
  let queries = 0;
  const counted = { query: (text, values) => ((queries += 1), client.query(text, values)) };
  start = t();
  const current = await introspect(counted, { schemas: ["public"], excludeTable: (table) => table.name.startsWith("autogen_version") });
  const introspectMs = t() - start;
  await client.end();
  start = t();
  const uncached = await normalizeTarget(url, declared, null);
  const shadowMs = t() - start;
  start = t();
  const cached = await normalizeTarget(url, declared, path.join(dir, ".autogen", "cache"));
  const cachedMs = t() - start;
  start = t();
  const ops = compareSchemas(current, cached.model);
  const compareMs = t() - start;
  if (ops.length !== 0 || compareSchemas(current, uncached.model).length !== 0) throw new Error(`expected no changes, got ${ops.length}`);
  // Catalog queries proper: the count less BEGIN, SET LOCAL and COMMIT.
  return { entitiesMs, introspectMs, shadowMs, cachedMs, compareMs, catalogQueries: queries - 3, tables: current.tables.length };
};

const main = async () => {
  const rows = [];
  const pgDumpAvailable = spawnSync("pg_dump", ["--version"]).status === 0;
  for (const count of SIZES) {
    const name = `autogen_bench_${count}`;
    const url = withDatabase(SERVER, name);
    const dir = path.join(ROOT, ".autogen", "bench", String(count));
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
    writeProject(dir, count, url);
    const env = { ...process.env, DATABASE_URL: url };
    const cold = time(process.execPath, [CLI, "revision", "-m", "initial", "--rev-id", "00000000beef"], { cwd: dir, env });
    if (cold.status !== 0) throw new Error(cold.stderr);
    execFileSync(process.execPath, [CLI, "upgrade", "head"], { cwd: dir, env });
    const autogenCheck = repeat("autogen check", () => time(process.execPath, [CLI, "check"], { cwd: dir, env }), 0);
    const typeormCheck = repeat(
      "typeorm migration:generate --check",
      () => time(process.execPath, [TYPEORM_CLI, "migration:generate", "-d", "data-source.js", "--check", "migrations/Noop"], { cwd: dir, env }),
      0,
    );
    const pgDump = pgDumpAvailable ? repeat("pg_dump", () => time("pg_dump", ["--schema-only", "-d", url], { env }), 0) : null;
    const stage = await stages(dir, url);
    rows.push({ count, coldRevision: cold.ms, autogenCheck, typeormCheck, pgDump, ...stage });
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  }
  const f = (ms) => (ms === null ? "n/a" : `${Math.round(ms)} ms`);
  const lines = [
    `Server: ${new URL(SERVER).host}; median of ${RUNS} runs per whole-process figure.`,
    "",
    "| entities | autogen `check` (warm cache) | TypeORM `migration:generate --check` | speed-up | `pg_dump --schema-only` | autogen first `revision` (cold) |",
    "|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.count} | ${f(r.autogenCheck)} | ${f(r.typeormCheck)} | ${(r.typeormCheck / r.autogenCheck).toFixed(1)}x | ${f(r.pgDump)} | ${f(r.coldRevision)} |`),
    "",
    "Stages inside one autogen check (in-process):",
    "",
    "| entities | load entities | introspection | catalog queries | introspection / pg_dump | normalize via shadow DB (uncached) | normalize (cached) | compare |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.count} | ${f(r.entitiesMs)} | ${f(r.introspectMs)} | ${r.catalogQueries} | ${r.pgDump === null ? "n/a" : (r.introspectMs / r.pgDump).toFixed(2)} | ${f(r.shadowMs)} | ${f(r.cachedMs)} | ${f(r.compareMs)} |`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
};

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack || error}\n`);
  process.exitCode = 1;
});
