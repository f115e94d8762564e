/**
 * `stamp` moves the version table without running migrations, along the graph as upgrade and downgrade
 * would; `--purge` recovers from a revision no file declares; `--sql` prints the same row changes;
 * `ensure-version` creates the tables. Stamping waits for the migration lock like upgrade does.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { ensureVersionCommand, ensureVersionSqlCommand } from "../../src/commands/ensure-version";
import { upgradeCommand } from "../../src/commands/migrate";
import { planStamp, StampFromUnknownRevisionError, stampCommand, stampSqlCommand } from "../../src/commands/stamp";
import { currentCommand } from "../../src/commands/status";
import { RevisionGraph } from "../../src/runtime/graph";
import { migrationLockKey } from "../../src/runtime/lock";
import { applyScript, APPLIED_WITH } from "../support/psql";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createTestProject, type TestProject } from "../support/project";

/** Each revision creates a table named after it, so running a migration (which stamp must not) shows. */
const migration = (id: string, parent: string | null) => `/**
 * create table_${id}
 */
import type { Operations } from "typeorm-autogen";

export const revision = ${JSON.stringify(id)};
export const downRevision = ${JSON.stringify(parent)};

export async function upgrade(op: Operations): Promise<void> {
  await op.execute("CREATE TABLE table_${id} ()");
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute("DROP TABLE table_${id}");
}
`;

/** linear: a1 - b2 - c3; forked adds d4 on b2, so its heads are c3 and d4. */
const GRAPHS = {
  linear: { a1: null, b2: "a1", c3: "b2" },
  forked: { a1: null, b2: "a1", c3: "b2", d4: "b2" },
} as const;

interface Setup {
  readonly db: TestDatabase;
  readonly options: { cwd: string; configFile: string; url: string };
  readonly rows: () => Promise<string[]>;
  readonly userTables: () => Promise<string[]>;
}

const withProject = async (graph: keyof typeof GRAPHS, action: (setup: Setup) => Promise<void>): Promise<void> => {
  const project: TestProject = createTestProject();
  const configFile = project.useEntitySchemas([]);
  for (const [id, parent] of Object.entries(GRAPHS[graph])) {
    writeFileSync(path.join(project.migrationsDir, `${id}.ts`), migration(id, parent));
  }
  const db = await createTestDatabase("autogen_stamp");
  const query = async (sql: string, column: string) => (await db.client.query(sql)).rows.map((row) => String(row[column]));
  try {
    await action({
      db,
      options: { cwd: project.dir, configFile, url: db.url },
      rows: () => query("SELECT version_num FROM autogen_version ORDER BY version_num", "version_num"),
      userTables: () => query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'table_%' ORDER BY 1", "tablename"),
    });
  } finally {
    await db.drop();
    project.remove();
  }
};

describe("stamp", () => {
  it("stamp head on an empty database: current shows head, upgrade head then applies nothing", async () => {
    await withProject("linear", async ({ options, rows, userTables }) => {
      expect(await stampCommand({ ...options, target: "head" })).toEqual({ previousHeads: [], heads: ["c3"] });
      expect(await rows()).toEqual(["c3"]);
      expect(await userTables()).toEqual([]);
      expect((await currentCommand(options)).heads).toEqual([{ id: "c3", message: "create table_c3", isHead: true }]);
      expect((await upgradeCommand({ ...options, target: "head" })).applied).toEqual([]);
      expect(await userTables()).toEqual([]);
    });
  });

  it("stamps a middle revision, then base, and upgrade resumes from what was stamped", async () => {
    await withProject("linear", async ({ options, rows, userTables }) => {
      await upgradeCommand({ ...options, target: "head" });
      expect(await stampCommand({ ...options, target: "b2" })).toEqual({ previousHeads: ["c3"], heads: ["b2"] });
      expect(await rows()).toEqual(["b2"]);
      expect(await userTables()).toEqual(["table_a1", "table_b2", "table_c3"]);

      expect(await stampCommand({ ...options, target: "base" })).toEqual({ previousHeads: ["b2"], heads: [] });
      expect(await rows()).toEqual([]);
      expect(await userTables()).toEqual(["table_a1", "table_b2", "table_c3"]);

      await stampCommand({ ...options, target: "a1" });
      // b2's table exists already, so the upgrade fails there: it ran b2 and nothing before it.
      await expect(upgradeCommand({ ...options, target: "b2" })).rejects.toThrow(/Revision b2 upgrade failed.*"table_b2" already exists/s);
      expect(await rows()).toEqual(["a1"]);
    });
  });

  it("refuses to move from a revision no file declares, and --purge replaces every row", async () => {
    await withProject("linear", async ({ db, options, rows }) => {
      await stampCommand({ ...options, target: "a1" });
      await db.client.query("INSERT INTO autogen_version VALUES ('f00dfeed0000')");
      const refused = stampCommand({ ...options, target: "head" });
      await expect(refused).rejects.toThrow(StampFromUnknownRevisionError);
      await expect(stampCommand({ ...options, target: "head" })).rejects.toThrow(
        'The database records revision f00dfeed0000, which no migration declares, so stamp cannot move from it. Run "autogen stamp head --purge"',
      );
      expect(await rows()).toEqual(["a1", "f00dfeed0000"]);

      expect(await stampCommand({ ...options, target: "head", purge: true })).toEqual({
        previousHeads: ["a1", "f00dfeed0000"],
        heads: ["c3"],
      });
      expect(await rows()).toEqual(["c3"]);
    });
  });

  it("stamps every head of a forked graph, and back down to the fork point", async () => {
    await withProject("forked", async ({ options, rows, userTables }) => {
      await expect(stampCommand({ ...options, target: "head" })).rejects.toThrow(/there are 2 heads/);
      expect(await stampCommand({ ...options, target: "heads" })).toEqual({ previousHeads: [], heads: ["c3", "d4"] });
      expect(await rows()).toEqual(["c3", "d4"]);
      expect((await upgradeCommand({ ...options, target: "heads" })).applied).toEqual([]);

      expect(await stampCommand({ ...options, target: "b2" })).toEqual({ previousHeads: ["c3", "d4"], heads: ["b2"] });
      expect(await rows()).toEqual(["b2"]);
      // Stamping one branch leaves the other where it is, as upgrading that branch would.
      expect(await stampCommand({ ...options, target: "d4" })).toEqual({ previousHeads: ["b2"], heads: ["d4"] });
      expect(await stampCommand({ ...options, target: "c3" })).toEqual({ previousHeads: ["d4"], heads: ["c3", "d4"] });
      expect(await userTables()).toEqual([]);
    });
  });

  it("waits for the migration lock that upgrade and downgrade hold", async () => {
    await withProject("linear", async ({ db, options, rows }) => {
      await ensureVersionCommand(options);
      const holder = new Client({ connectionString: db.url });
      await holder.connect();
      try {
        await holder.query("SELECT pg_advisory_lock(hashtext($1))", [migrationLockKey({ schema: "public", name: "autogen_version" })]);
        const stamping = stampCommand({ ...options, target: "head" });
        const waiting = async () =>
          (await holder.query("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database " +
              "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()")).rows[0].n;
        for (let tries = 0; (await waiting()) === 0; tries++) {
          if (tries > 200) throw new Error("stamp never asked for the migration lock");
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect(await rows()).toEqual([]);
        await holder.query("SELECT pg_advisory_unlock_all()");
        await stamping;
        expect(await rows()).toEqual(["c3"]);
      } finally {
        await holder.end();
      }
    });
  });
});

describe("planStamp", () => {
  const rev = (id: string, parents: string[], dependsOn: string[] = []) => ({
    id,
    parents,
    dependsOn,
    branchLabels: [],
    message: "",
    path: null,
  });
  // n2 depends on b without merging it, so b keeps a row of its own once n2 is stamped.
  const graph = RevisionGraph.build([rev("a", []), rev("b", ["a"]), rev("c", ["b"]), rev("n1", []), rev("n2", ["n1"], ["b"])]);

  it.each<[string[], string, object[], string[]]>([
    [[], "c", [{ kind: "insert", add: "c" }], ["c"]],
    [["c"], "a", [{ kind: "update", from: "c", to: "a" }], ["a"]],
    [["a"], "base", [{ kind: "delete", remove: "a" }], []],
    [[], "n2", [{ kind: "insert", add: "b" }, { kind: "insert", add: "n2" }], ["b", "n2"]],
    [["c", "n2"], "n1", [{ kind: "update", from: "n2", to: "n1" }], ["c", "n1"]],
    [["c"], "c", [], ["c"]],
  ])("from %j to %s", (heads, target, changes, after) => {
    expect(planStamp(graph, heads, target)).toEqual({ changes, heads: after });
  });
});

describe("stamp --sql and ensure-version", () => {
  it(`prints the row changes; applied with ${APPLIED_WITH}, they stamp like the online command`, async () => {
    await withProject("forked", async ({ db, options, rows, userTables }) => {
      const { sql } = await stampSqlCommand({ ...options, target: "heads" });
      expect(sql).toBe(
        [
          "-- autogen stamp base:heads (offline script)",
          "BEGIN;",
          ...(await ensureVersionSqlCommand(options)).sql.trimEnd().split("\n\n").slice(1),
          `INSERT INTO "public"."autogen_version" (version_num) VALUES ('c3');`,
          `INSERT INTO "public"."autogen_version" (version_num) VALUES ('d4');`,
          "COMMIT;",
        ].join("\n\n") + "\n",
      );
      await applyScript(db, sql);
      expect(await rows()).toEqual(["c3", "d4"]);
      expect(await userTables()).toEqual([]);

      const down = await stampSqlCommand({ ...options, target: "heads:a1" });
      expect(down.sql).toContain(`UPDATE "public"."autogen_version" SET version_num = 'a1' WHERE version_num = 'c3';`);
      expect(down.sql).toContain(`DELETE FROM "public"."autogen_version" WHERE version_num = 'd4';`);
      await applyScript(db, down.sql);
      expect(await rows()).toEqual(["a1"]);

      await db.client.query("INSERT INTO autogen_version VALUES ('f00dfeed0000')");
      const purge = await stampSqlCommand({ ...options, target: "c3", purge: true });
      expect(purge.sql).toContain(`\n\nDELETE FROM "public"."autogen_version";\n\nINSERT INTO "public"."autogen_version" (version_num) VALUES ('c3');\n\nCOMMIT;\n`);
      await applyScript(db, purge.sql);
      expect(await rows()).toEqual(["c3"]);
      await expect(stampSqlCommand({ ...options, target: "a1:c3", purge: true })).rejects.toThrow(/needs no FROM/);
    });
  });

  it("ensure-version creates the version table and its log once", async () => {
    await withProject("linear", async ({ options, rows }) => {
      expect(await ensureVersionCommand(options)).toEqual({
        created: ["public.autogen_version", "public.autogen_version_log"],
        versionTable: "public.autogen_version",
        logTable: "public.autogen_version_log",
      });
      expect(await rows()).toEqual([]);
      expect((await ensureVersionCommand(options)).created).toEqual([]);
    });
  });
});
