/**
 * Offline `--sql`: the script `upgrade --sql` prints, applied with psql to an empty database, must leave
 * the same schema, data and version table as `upgrade` run online; `downgrade --sql` must undo it.
 * Migrations that read the database cannot be rendered and say so; `op.isOffline` lets them branch.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Client } from "pg";
import { downgradeCommand, downgradeSqlCommand, upgradeCommand, upgradeSqlCommand } from "../../src/commands/migrate";
import { OfflineRangeError } from "../../src/runtime/offline-sql";
import { OfflineModeError } from "../../src/runtime/sinks";
import { applyScript, APPLIED_WITH } from "../support/psql";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { differences, readSchema } from "../support/models";
import { createTestProject, type TestProject } from "../support/project";

const ROOT = path.resolve(__dirname, "..", "..");
const versionRows = async (client: Client): Promise<string[]> =>
  (await client.query<{ version_num: string }>("SELECT version_num FROM autogen_version ORDER BY version_num")).rows.map(
    (row) => row.version_num,
  );

/** What the log records, apart from when and how long: the checksums must agree online and offline. */
const logRows = async (client: Client) =>
  (await client.query("SELECT revision, direction, checksum FROM autogen_version_log ORDER BY id")).rows;

const withDatabases = async (count: number, action: (dbs: TestDatabase[]) => Promise<void>): Promise<void> => {
  const dbs = await Promise.all(Array.from({ length: count }, () => createTestDatabase("autogen_offline")));
  try {
    await action(dbs);
  } finally {
    await Promise.all(dbs.map((db) => db.drop()));
  }
};

const migration = (id: string, parent: string | null, body: { up: string[]; down: string[]; extra?: string }): string => `/**
 * ${id} by hand
 */
import type { Operations } from "typeorm-autogen";

export const revision = ${JSON.stringify(id)};
export const downRevision = ${JSON.stringify(parent)};
${body.extra ?? ""}
export async function upgrade(op: Operations): Promise<void> {
${body.up.map((line) => `  ${line}`).join("\n")}
}

export async function downgrade(op: Operations): Promise<void> {
${body.down.map((line) => `  ${line}`).join("\n")}
}
`;

interface HandProject {
  readonly project: TestProject;
  readonly options: { cwd: string; configFile: string };
}

const handProject = (files: Record<string, string>): HandProject => {
  const project = createTestProject();
  const configFile = project.useEntitySchemas([]);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(project.migrationsDir, name), text);
  return { project, options: { cwd: project.dir, configFile } };
};

describe("upgrade --sql on the demo history", () => {
  const demo = { cwd: ROOT };

  it(`applied with ${APPLIED_WITH}, builds the same schema and version table as an online upgrade`, async () => {
    const script = await upgradeSqlCommand({ ...demo, target: "base:head" });
    expect(script.steps).toEqual([
      { revision: "3f9c1e7a2b10", direction: "up" },
      { revision: "8d2e4b6a9c01", direction: "up" },
    ]);
    expect(script.heads).toEqual(["8d2e4b6a9c01"]);
    await withDatabases(2, async ([offline, online]) => {
      await applyScript(offline, script.sql);
      await upgradeCommand({ ...demo, url: online.url, target: "head" });
      expect(differences(await readSchema(offline.client), await readSchema(online.client))).toEqual([]);
      expect((await readSchema(offline.client)).tables.length).toBeGreaterThan(0);
      expect(await versionRows(offline.client)).toEqual(await versionRows(online.client));
      expect(await versionRows(offline.client)).toEqual(["8d2e4b6a9c01"]);
      expect(await logRows(offline.client)).toEqual(await logRows(online.client));
      const durations = await offline.client.query("SELECT duration_ms FROM autogen_version_log");
      expect(durations.rows).toEqual([{ duration_ms: null }, { duration_ms: null }]);
    });
  });

  it("is one transaction by default, one per migration with --transaction each, and the same every time", async () => {
    const all = (await upgradeSqlCommand({ ...demo, target: "head" })).sql;
    expect(all).toBe((await upgradeSqlCommand({ ...demo, target: "base:head" })).sql);
    expect(all).toBe((await upgradeSqlCommand({ ...demo, target: "head" })).sql);
    const lines = all.split("\n");
    // The session's timeouts first (config safety.lockTimeout / statementTimeout), then one transaction.
    expect(lines.slice(0, 8)).toEqual([
      "-- autogen upgrade base:head (offline script)",
      "",
      "SET lock_timeout = '5s';",
      "",
      "SET statement_timeout = '0';",
      "",
      "BEGIN;",
      "",
    ]);
    expect(lines[8]).toMatch(/^CREATE TABLE IF NOT EXISTS "public"\."autogen_version" /);
    // The demo's second revision builds its index CONCURRENTLY in an autocommit block, which closes
    // the script's transaction and opens a new one after it.
    expect(lines.filter((line) => line === "BEGIN;")).toHaveLength(2);
    expect(all).toContain("COMMIT;\n\nCREATE INDEX CONCURRENTLY");
    expect(all.endsWith("\nCOMMIT;\n")).toBe(true);
    expect(all).toContain("-- Running upgrade base -> 3f9c1e7a2b10: initial schema\n");
    expect(all).toContain("-- Running upgrade 3f9c1e7a2b10 -> 8d2e4b6a9c01: add product stock\n");
    expect(all).toContain(`INSERT INTO "public"."autogen_version" (version_num) VALUES ('3f9c1e7a2b10');`);
    expect(all).toContain(
      `UPDATE "public"."autogen_version" SET version_num = '8d2e4b6a9c01' WHERE version_num = '3f9c1e7a2b10';`,
    );

    const each = (await upgradeSqlCommand({ ...demo, target: "base:head", transactionMode: "each" })).sql;
    // One transaction per migration, and the autocommit block splits the second one in two.
    expect(each.split("\n").filter((line) => line === "BEGIN;")).toHaveLength(3);
    expect(each.split("\n").filter((line) => line === "COMMIT;")).toHaveLength(3);
    // The tables the script records into come first, outside the per-migration transactions.
    expect(each.indexOf("CREATE TABLE IF NOT EXISTS")).toBeLessThan(each.indexOf("BEGIN;"));
  });

  it(`starts a range at a middle revision: 3f9c:head on a database at 3f9c, applied with ${APPLIED_WITH}`, async () => {
    const script = await upgradeSqlCommand({ ...demo, target: "3f9c:head" });
    expect(script.steps).toEqual([{ revision: "8d2e4b6a9c01", direction: "up" }]);
    expect(script.sql).not.toContain("CREATE TABLE \"public\".\"users\"");
    await withDatabases(2, async ([partial, online]) => {
      await upgradeCommand({ ...demo, url: partial.url, target: "3f9c1e7a2b10" });
      await applyScript(partial, script.sql);
      await upgradeCommand({ ...demo, url: online.url, target: "head" });
      expect(differences(await readSchema(partial.client), await readSchema(online.client))).toEqual([]);
      expect(await versionRows(partial.client)).toEqual(["8d2e4b6a9c01"]);
    });
  });

  it(`downgrade head:base --sql, applied with ${APPLIED_WITH} after an online upgrade, leaves nothing`, async () => {
    const script = await downgradeSqlCommand({ ...demo, target: "head:base" });
    expect(script.steps.map((step) => step.revision)).toEqual(["8d2e4b6a9c01", "3f9c1e7a2b10"]);
    expect(script.sql).toContain("-- Running downgrade 8d2e4b6a9c01 -> 3f9c1e7a2b10: add product stock\n");
    expect(script.sql).toContain("-- Running downgrade 3f9c1e7a2b10 -> base: initial schema\n");
    await withDatabases(2, async ([db, empty]) => {
      await upgradeCommand({ ...demo, url: db.url, target: "head" });
      await applyScript(db, script.sql);
      const left = await readSchema(db.client);
      expect(left.tables).toEqual([]);
      expect(differences(left, await readSchema(empty.client))).toEqual([]);
      expect(await versionRows(db.client)).toEqual([]);
      expect((await logRows(db.client)).map((row) => `${row.revision} ${row.direction}`)).toEqual([
        "3f9c1e7a2b10 up",
        "8d2e4b6a9c01 up",
        "8d2e4b6a9c01 down",
        "3f9c1e7a2b10 down",
      ]);
    });
  });

  it("refuses a downgrade without a range, and a range online", async () => {
    await expect(downgradeSqlCommand({ ...demo, target: "base" })).rejects.toThrow(OfflineRangeError);
    await expect(downgradeSqlCommand({ ...demo, target: "base" })).rejects.toThrow(/write FROM:TO, for example "head:base"/);
    await expect(upgradeSqlCommand({ ...demo, target: ":head" })).rejects.toThrow(/write the range as FROM:TO/);
    await expect(upgradeSqlCommand({ ...demo, target: "current:head" })).rejects.toThrow(/reads no database/);
    await expect(upgradeCommand({ ...demo, url: "postgres://nobody@127.0.0.1:1/x", target: "base:head" })).rejects.toThrow(
      /only --sql takes/,
    );
  });
});

describe("upgrade --sql with autocommit blocks, non-transactional migrations and op.execute", () => {
  const files = {
    "a1_items.ts": migration("a1", null, {
      up: [
        'await op.createEnum("mood", ["ok"]);',
        'await op.createTable("items", [op.column("id", "integer", { nullable: false }), op.column("name", "text"), op.column("mood", "public.mood")], { primaryKey: { name: "items_pkey", columns: ["id"] } });',
        String.raw`await op.execute("INSERT INTO items (id, name) VALUES (1, 'it''s'), (2, 'back\\slash'), (3, '" + (op.args.owner ?? "nobody").replace(/'/g, "''") + "')");`,
      ],
      down: ['await op.dropTable("items");', 'await op.dropEnum("mood");'],
    }),
    "b2_concurrently.ts": migration("b2", "a1", {
      up: [
        "await op.autocommitBlock(async () => {",
        `  await op.execute("ALTER TYPE mood ADD VALUE 'great'");`,
        '  await op.execute("CREATE INDEX CONCURRENTLY items_name ON items (name)");',
        "});",
        `await op.execute("UPDATE items SET mood = 'great' WHERE id = 1 -- the new value is usable once committed");`,
      ],
      down: ['await op.execute("UPDATE items SET mood = NULL");', 'await op.dropIndex("items", "items_name");'],
    }),
    "c3_not_transactional.ts": migration("c3", "b2", {
      extra: "export const transactional = false;\n",
      up: ['await op.execute("CREATE INDEX CONCURRENTLY items_mood ON items (mood);");'],
      down: ['await op.execute("DROP INDEX CONCURRENTLY items_mood");'],
    }),
  };

  const items = async (client: Client) => (await client.query("SELECT id, name, mood FROM items ORDER BY id")).rows;

  it.each(["all", "each"] as const)(
    `--transaction %s, applied with ${APPLIED_WITH}, matches the online upgrade: schema, data, version table`,
    async (transactionMode) => {
      const { project, options } = handProject(files);
      try {
        const args = { owner: "o'neil" };
        const script = await upgradeSqlCommand({ ...options, target: "head", args, transactionMode });
        // CREATE INDEX CONCURRENTLY refuses to run in a transaction: each must follow a COMMIT.
        expect(script.sql).toMatch(/COMMIT;\n\nALTER TYPE mood ADD VALUE 'great';\n\nCREATE INDEX CONCURRENTLY items_name ON items \(name\);\n\nBEGIN;/);
        expect(script.sql).toMatch(/COMMIT;\n\nCREATE INDEX CONCURRENTLY items_mood ON items \(mood\);\n\nBEGIN;/);
        // A trailing line comment must not swallow the statement's terminator.
        expect(script.sql).toContain("WHERE id = 1 -- the new value is usable once committed\n;");
        await withDatabases(2, async ([offline, online]) => {
          await applyScript(offline, script.sql);
          await upgradeCommand({ ...options, url: online.url, target: "head", args, transactionMode });
          expect(differences(await readSchema(offline.client), await readSchema(online.client))).toEqual([]);
          expect(await items(offline.client)).toEqual(await items(online.client));
          expect(await items(offline.client)).toEqual([
            { id: 1, name: "it's", mood: "great" },
            { id: 2, name: "back\\slash", mood: null },
            { id: 3, name: "o'neil", mood: null },
          ]);
          expect(await versionRows(offline.client)).toEqual(["c3"]);
          expect(await logRows(offline.client)).toEqual(await logRows(online.client));

          await applyScript(offline, (await downgradeSqlCommand({ ...options, target: "c3:base", transactionMode })).sql);
          await downgradeCommand({ ...options, url: online.url, target: "base", transactionMode });
          expect(differences(await readSchema(offline.client), await readSchema(online.client))).toEqual([]);
          expect((await readSchema(offline.client)).tables).toEqual([]);
          expect(await versionRows(offline.client)).toEqual([]);
        });
      } finally {
        project.remove();
      }
    },
  );
});

describe("migrations that read the database", () => {
  const files = {
    "q0_branch.ts": migration("q0", null, {
      up: [
        'await op.createTable("counters", [op.column("n", "integer")]);',
        'await op.execute("INSERT INTO counters VALUES (1), (2), (3)");',
        'await op.execute(op.isOffline ? "CREATE TABLE written_offline ()" : "CREATE TABLE run_online ()");',
      ],
      down: ['await op.dropTable("counters");'],
    }),
    "q1_reads.ts": migration("q1", "q0", {
      up: [
        'const [{ n }] = await op.query<{ n: number }>("SELECT count(*)::int AS n FROM counters WHERE n > $1", [0]);',
        "await op.execute(`CREATE TABLE snapshot_${n} ()`);",
      ],
      down: ["await op.execute(\"DROP TABLE snapshot_3\");"],
    }),
  };

  it("op.query fails in --sql mode naming the revision; online it returns rows", async () => {
    const { project, options } = handProject(files);
    try {
      const failure = upgradeSqlCommand({ ...options, target: "head" });
      await expect(failure).rejects.toThrow(OfflineModeError);
      await expect(upgradeSqlCommand({ ...options, target: "head" })).rejects.toThrow(
        "Revision q1 upgrade reads the database (op.query) and cannot be rendered offline with --sql",
      );
      await withDatabases(1, async ([db]) => {
        await upgradeCommand({ ...options, url: db.url, target: "head" });
        const tables = await db.client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
        expect(tables.rows.map((row) => row.tablename)).toEqual([
          "autogen_version",
          "autogen_version_log",
          "counters",
          "run_online",
          "snapshot_3",
        ]);
      });
    } finally {
      project.remove();
    }
  });

  it("op.isOffline lets a migration write SQL that does not depend on the rows", async () => {
    const { project, options } = handProject(files);
    try {
      const script = await upgradeSqlCommand({ ...options, target: "base:q0" });
      expect(script.sql).toContain("CREATE TABLE written_offline ();");
      expect(script.sql).not.toContain("run_online");
    } finally {
      project.remove();
    }
  });
});
