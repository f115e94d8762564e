/**
 * Renames without data loss: hinted, prompted (an injected answer, as the CLI's prompt gives), and
 * unhinted — where the drop and add are written with a REVIEW comment naming the rename to use, and
 * `--strict` refuses. No case loses data unless nobody said it was a rename. Enum types and values
 * rename the same way.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { EntitySchemaOptions } from "typeorm";
import { checkCommand } from "../../src/commands/check";
import { downgradeCommand, upgradeCommand, upgradeSqlCommand } from "../../src/commands/migrate";
import { UnresolvedRenamesError } from "../../src/commands/rename-decisions";
import { describeRename, type RenameCandidate } from "../../src/compare/renames";
import { revisionCommand } from "../../src/commands/revision";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { describeAll } from "../support/models";
import { createTestProject, type TestProject } from "../support/project";

type Schema = EntitySchemaOptions<unknown>;
const pk = { type: "int", primary: true, generated: "increment" } as const;
const people = (nameColumn: string, tableName = "people"): Schema[] => [
  { name: "Person", tableName, columns: { id: pk, [nameColumn]: { type: "varchar", length: 80 }, age: { type: "int", nullable: true } } },
  {
    name: "Pet",
    tableName: "pets",
    columns: { id: pk, ownerId: { type: "int", name: "owner_id" } },
    relations: { owner: { type: "many-to-one", target: "Person", joinColumn: { name: "owner_id" }, onDelete: "CASCADE" } },
  },
];

const setUp = async (): Promise<{ project: TestProject; db: TestDatabase; options: { cwd: string; configFile: string; url: string } }> => {
  const project = createTestProject();
  const db = await createTestDatabase();
  const options = { cwd: project.dir, configFile: project.useEntitySchemas(people("name")), url: db.url };
  await revisionCommand({ ...options, message: "v1", revisionId: "00000000c001" });
  await upgradeCommand({ ...options, target: "head" });
  await db.client.query(`INSERT INTO people (name, age) VALUES ('Ada', 36); INSERT INTO pets (owner_id) VALUES (1)`);
  return { project, db, options };
};

/** A project at v1 with rows in it, removed with its database afterwards whatever the test does. */
const withV1 = async (run: (context: Awaited<ReturnType<typeof setUp>>) => Promise<void>): Promise<void> => {
  const context = await setUp();
  try {
    await run(context);
  } finally {
    await context.db.drop();
    context.project.remove();
  }
};

const enumNames = async (db: TestDatabase): Promise<string[]> =>
  (await db.client.query(`SELECT typname FROM pg_type WHERE typtype = 'e' ORDER BY typname`)).rows.map((row) => row.typname);

const data = async (db: TestDatabase, table: string, column: string) =>
  (await db.client.query(`SELECT "${column}" AS value FROM "${table}" ORDER BY id`)).rows.map((row) => row.value);

describe("renames", () => {
  it("renames a hinted column, keeps its data, and renames it back on downgrade", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      const result = await revisionCommand({ ...v2, message: "rename", revisionId: "00000000c002", renames: { hints: ["people.name=fullName"] } });
      expect(result.kind === "written" && describeAll(result.ops)).toEqual(["renameColumn public.people.name -> fullName"]);
      await upgradeCommand({ ...v2, target: "head" });
      expect(await data(db, "people", "fullName")).toEqual(["Ada"]);
      expect((await checkCommand(v2)).ops).toEqual([]);
      await downgradeCommand({ ...v2, target: "-1" });
      expect(await data(db, "people", "name")).toEqual(["Ada"]);
    });
  });

  it("renames a hinted table; keys named after it are renamed with it, rows and references kept", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("name", "persons")) };
      const result = await revisionCommand({ ...v2, message: "rename table", revisionId: "00000000c002", renames: { hints: ["people=persons"] } });
      const ops = result.kind === "written" ? describeAll(result.ops) : [];
      expect(ops[0]).toBe("renameTable public.people -> persons");
      // TypeORM names the key after its table; the pets' foreign key is named after pets, so it stays,
      // and it keeps resting on the renamed key: nothing is dropped or rebuilt.
      expect(ops.slice(1).map((op) => op.replace(/_[0-9a-f]{20,}/g, "_<hash>"))).toEqual(["renameConstraint public.persons PK_<hash> -> PK_<hash>"]);
      await upgradeCommand({ ...v2, target: "head" });
      expect(await data(db, "persons", "name")).toEqual(["Ada"]);
      expect(await data(db, "pets", "owner_id")).toEqual([1]);
      expect((await checkCommand(v2)).ops).toEqual([]);
      await downgradeCommand({ ...v2, target: "-1" });
      expect(await data(db, "people", "name")).toEqual(["Ada"]);
    });
  });

  it("renames a referenced table with keys, a unique column and an index by renaming each part in place: nothing is rebuilt", async () => {
    const tagsAndPosts = (tableName: string): Schema[] => [
      {
        name: "Tag",
        tableName,
        columns: { id: pk, slug: { type: "varchar", length: 40, unique: true }, title: { type: "varchar", length: 80 } },
        indices: [{ columns: ["title"] }],
      },
      {
        name: "Post",
        tableName: "posts",
        columns: { id: pk, tagId: { type: "int", name: "tag_id" } },
        relations: { tag: { type: "many-to-one", target: "Tag", joinColumn: { name: "tag_id" } } },
      },
    ];
    const project = createTestProject();
    const db = await createTestDatabase();
    try {
      const v1 = { cwd: project.dir, configFile: project.useEntitySchemas(tagsAndPosts("tags")), url: db.url };
      await revisionCommand({ ...v1, message: "v1", revisionId: "00000000d001" });
      await upgradeCommand({ ...v1, target: "head" });
      await db.client.query(`INSERT INTO tags (slug, title) VALUES ('ts', 'TypeScript'), ('pg', 'PostgreSQL'); INSERT INTO posts (tag_id) VALUES (1), (2), (2)`);
      const v2 = { ...v1, configFile: project.useEntitySchemas(tagsAndPosts("labels")) };
      const result = await revisionCommand({ ...v2, message: "labels", revisionId: "00000000d002", renames: { hints: ["tags=labels"] } });
      const ops = writtenOps(result).map((op) => op.replace(/_[0-9a-f]{20,}/g, "_<hash>"));
      expect(ops).toEqual([
        "renameTable public.tags -> labels",
        "renameConstraint public.labels PK_<hash> -> PK_<hash>",
        "renameConstraint public.labels UQ_<hash> -> UQ_<hash>",
        "renameIndex public.labels IDX_<hash> -> IDX_<hash>",
      ]);
      const file = readFileSync(result.kind === "written" ? result.file : "", "utf8");
      for (const rebuild of ["autocommitBlock", "dropPrimaryKey", "createPrimaryKey", "dropForeignKey", "createForeignKey", "validateConstraint", "createIndex"]) {
        expect(file).not.toContain(rebuild);
      }
      // The one thing for the reviewer is the table's new name; the parts' renames touch no row.
      expect(file.match(/REVIEW \([^)]*\)/g)).toEqual(["REVIEW (breaks running code)"]);
      const sql = (await upgradeSqlCommand({ ...v2, target: "00000000d001:head" })).sql.replace(/_[0-9a-f]{20,}/g, "_<hash>");
      expect(sql).toContain(`ALTER TABLE "public"."labels" RENAME CONSTRAINT "PK_<hash>" TO "PK_<hash>";`);
      expect(sql).toContain(`ALTER INDEX "public"."IDX_<hash>" RENAME TO "IDX_<hash>";`);

      await upgradeCommand({ ...v2, target: "head" });
      expect(await data(db, "labels", "slug")).toEqual(["ts", "pg"]);
      expect(await data(db, "posts", "tag_id")).toEqual([1, 2, 2]);
      const foreignKeys = `SELECT conname, confrelid::regclass::text AS referenced, convalidated FROM pg_constraint WHERE conrelid = 'posts'::regclass AND contype = 'f'`;
      expect((await db.client.query(foreignKeys)).rows).toEqual([expect.objectContaining({ referenced: "labels", convalidated: true })]);
      await expect(db.client.query(`INSERT INTO posts (tag_id) VALUES (99)`)).rejects.toThrow(/violates foreign key constraint/);
      await expect(db.client.query(`DELETE FROM labels WHERE id = 1`)).rejects.toThrow(/violates foreign key constraint/);
      await expect(db.client.query(`INSERT INTO labels (slug, title) VALUES ('ts', 'again')`)).rejects.toThrow(/duplicate key value violates unique constraint "UQ_/);
      expect((await checkCommand(v2)).ops).toEqual([]);

      await downgradeCommand({ ...v2, target: "-1" });
      expect(await data(db, "tags", "slug")).toEqual(["ts", "pg"]);
      expect(await data(db, "posts", "tag_id")).toEqual([1, 2, 2]);
      await expect(db.client.query(`INSERT INTO posts (tag_id) VALUES (99)`)).rejects.toThrow(/violates foreign key constraint/);
      // With the rename's file gone, v1 is the head again: the names are all back as v1 derives them.
      rmSync(result.kind === "written" ? result.file : "");
      expect((await checkCommand(v1)).ops).toEqual([]);
    } finally {
      await db.drop();
      project.remove();
    }
  });

  it("renames a hinted foreign key column: its foreign key and index, named after the column, are renamed in place", async () => {
    const comments = (column: string): Schema[] => [
      { name: "Article", tableName: "articles", columns: { id: pk } },
      {
        name: "Comment",
        tableName: "comments",
        columns: { id: pk, articleId: { type: "int", name: column } },
        relations: { article: { type: "many-to-one", target: "Article", joinColumn: { name: column }, onDelete: "CASCADE" } },
        indices: [{ columns: ["articleId"] }],
      },
    ];
    const project = createTestProject();
    const db = await createTestDatabase();
    try {
      const v1 = { cwd: project.dir, configFile: project.useEntitySchemas(comments("article_id")), url: db.url };
      await revisionCommand({ ...v1, message: "v1", revisionId: "00000000d101" });
      await upgradeCommand({ ...v1, target: "head" });
      await db.client.query(`INSERT INTO articles DEFAULT VALUES; INSERT INTO comments (article_id) VALUES (1)`);
      const v2 = { ...v1, configFile: project.useEntitySchemas(comments("post_id")) };
      const result = await revisionCommand({ ...v2, message: "post_id", revisionId: "00000000d102", renames: { hints: ["comments.article_id=post_id"] } });
      expect(writtenOps(result).map((op) => op.replace(/_[0-9a-f]{20,}/g, "_<hash>"))).toEqual([
        "renameColumn public.comments.article_id -> post_id",
        "renameConstraint public.comments FK_<hash> -> FK_<hash>",
        "renameIndex public.comments IDX_<hash> -> IDX_<hash>",
      ]);
      await upgradeCommand({ ...v2, target: "head" });
      expect((await checkCommand(v2)).ops).toEqual([]);
      // Still enforced, with its action: deleting the article takes the comment along.
      await expect(db.client.query(`INSERT INTO comments (post_id) VALUES (99)`)).rejects.toThrow(/violates foreign key constraint "FK_/);
      await db.client.query(`DELETE FROM articles`);
      expect(await data(db, "comments", "post_id")).toEqual([]);
      await downgradeCommand({ ...v2, target: "-1" });
      rmSync(result.kind === "written" ? result.file : "");
      expect((await checkCommand(v1)).ops).toEqual([]);
    } finally {
      await db.drop();
      project.remove();
    }
  });

  it("refuses a hint whose new name the entities do not declare, or whose old name they still do", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      // Backwards: would rename, then drop and recreate, losing the data.
      await expect(revisionCommand({ ...v2, message: "x", revisionId: "00000000c002", renames: { hints: ["people.name=nickname"] } })).rejects.toThrow(
        'the entities declare no column "nickname" on public.people',
      );
      await expect(revisionCommand({ ...v2, message: "x", revisionId: "00000000c002", renames: { hints: ["people.age=fullName"] } })).rejects.toThrow(
        'the entities still declare "age" on public.people',
      );
    });
  });

  it("asks about a candidate and renames when the answer is yes", async () => {
    await withV1(async ({ project, db, options }) => {
      const asked: string[] = [];
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      const result = await revisionCommand({
        ...v2,
        message: "prompted",
        revisionId: "00000000c002",
        renames: { confirm: async (candidate) => (asked.push(JSON.stringify(candidate.rename)), true) },
      });
      expect(asked).toEqual([JSON.stringify({ kind: "column", table: { schema: "public", name: "people" }, from: "name", to: "fullName" })]);
      expect(result.kind === "written" && describeAll(result.ops)).toEqual(["renameColumn public.people.name -> fullName"]);
    });
  });

  it("without a decision writes drop + add marked with the rename to use, and --strict refuses", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      await expect(revisionCommand({ ...v2, message: "strict", revisionId: "00000000c002", renames: { strict: true } })).rejects.toThrow(UnresolvedRenamesError);
      const result = await revisionCommand({ ...v2, message: "unhinted", revisionId: "00000000c003" });
      expect(result.kind === "written" && describeAll(result.ops)).toEqual(["addColumn public.people.fullName", "dropColumn public.people.name"]);
      const file = readFileSync(result.kind === "written" ? result.file : "", "utf8");
      expect(file).toContain(
        `// REVIEW (possible rename): this may be a rename to "fullName"; if so, replace this drop and the add of "fullName" with: await op.renameColumn("people", "name", "fullName");`,
      );
    });
  });

  it("--not-rename decides no: a plain drop + add with the backfill form, no possible-rename mark, and --strict passes", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      const result = await revisionCommand({ ...v2, message: "not a rename", revisionId: "00000000c002", renames: { notRenames: ["people.name=fullName"], strict: true } });
      if (result.kind !== "written") throw new Error("expected a migration");
      expect(result.ops.some((op) => "possibleRename" in op)).toBe(false);
      const file = readFileSync(result.file, "utf8");
      expect(file).not.toContain("possible rename");
      expect(file).toMatch(/^\s*await op\.dropColumn\("people", "name"\);/m);
      expect(file).toContain(`await op.addColumn("people", op.column("fullName", "character varying(80)", { nullable: true }));`);
      expect(file).toMatch(/UPDATE "public"\."people" SET "fullName" = \/\* .* \*\/ WHERE "fullName" IS NULL/);
    });
  });

  it("refuses a --not-rename that matches no candidate, names nothing, or contradicts a --rename", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      const attempt = (renames: { hints?: string[]; notRenames: string[] }) => revisionCommand({ ...v2, message: "x", revisionId: "00000000c002", renames });
      await expect(attempt({ notRenames: ["people.name=nickname"] })).rejects.toThrow(
        "--not-rename people.name=nickname: column public.people.name -> nickname is not a possible rename of this revision, so there is nothing to decide; drop the flag.",
      );
      await expect(attempt({ notRenames: ["people.nothing=fullName"] })).rejects.toThrow('--not-rename people.nothing=fullName: table public.people has no column "nothing".');
      await expect(attempt({ notRenames: ["enum:nothing:a=b"] })).rejects.toThrow("--not-rename enum:nothing:a=b: there is no enum type public.nothing in the database.");
      await expect(attempt({ hints: ["people.name=fullName"], notRenames: ["people.name=fullName"] })).rejects.toThrow(
        "--not-rename people.name=fullName: a --rename hint (or the config's renames map) says it is a rename",
      );
      expect(project.migrationsDir && readdirSync(project.migrationsDir)).toHaveLength(1);
    });
  });

  it("renames a table and one of its columns in one revision, the column named by either table name", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName", "humans")) };
      // The possible-rename note after the table hint alone names the column by the new table name.
      const tableOnly = await revisionCommand({ ...v2, message: "table only", revisionId: "00000000c002", renames: { hints: ["people=humans"] } });
      if (tableOnly.kind !== "written") throw new Error("expected a migration");
      expect(readFileSync(tableOnly.file, "utf8")).toContain("or generate again with --rename humans.name=fullName");
      rmSync(tableOnly.file);

      for (const column of ["humans.name=fullName", "people.name=fullName"]) {
        const result = await revisionCommand({ ...v2, message: "both", revisionId: "00000000c002", renames: { hints: ["people=humans", column], strict: true } });
        if (result.kind !== "written") throw new Error("expected a migration");
        expect(describeAll(result.ops).slice(0, 2)).toEqual(["renameTable public.people -> humans", "renameColumn public.humans.name -> fullName"]);
        expect(describeAll(result.ops).filter((op) => /^(drop|add)Column|^(drop|create)Table/.test(op))).toEqual([]);
        if (column.startsWith("people")) {
          await upgradeCommand({ ...v2, target: "head" });
          expect(await data(db, "humans", "fullName")).toEqual(["Ada"]);
          expect((await checkCommand(v2)).ops).toEqual([]);
          await downgradeCommand({ ...v2, target: "-1" });
          expect(await data(db, "people", "name")).toEqual(["Ada"]);
        }
        rmSync(result.file);
      }
      await expect(
        revisionCommand({ ...v2, message: "x", revisionId: "00000000c002", renames: { hints: ["people=humans", "humans.nothing=fullName"] } }),
      ).rejects.toThrow('--rename humans.nothing=fullName: table public.humans has no column "nothing".');
    });
  });

  it("takes renames from the config, and skips entries that already ran", async () => {
    await withV1(async ({ project, db, options }) => {
      const configFile = project.useEntitySchemas(people("fullName"));
      const config = require(configFile) as Record<string, unknown>;
      writeFileSync(configFile, `module.exports = ${JSON.stringify({ ...config, renames: { "people.name": "fullName", "gone.thing": "other" } })};\n`);
      jest.resetModules();
      const v2 = { ...options, configFile };
      const result = await revisionCommand({ ...v2, message: "from config", revisionId: "00000000c002" });
      expect(result.kind === "written" && describeAll(result.ops)).toEqual(["renameColumn public.people.name -> fullName"]);
    });
  });
});

/**
 * A named enum type used by a column (with a default) and an array column (with an array default),
 * and a partial index whose predicate names one value: every place PostgreSQL prints a value.
 */
const tickets = (options: { type?: string; values?: string[]; waiting?: string; predicate?: boolean } = {}): Schema[] => {
  const { type = "ticket_status", values = ["open", "pending", "closed"], waiting = "pending", predicate = true } = options;
  return [
    {
      name: "Ticket",
      tableName: "tickets",
      columns: {
        id: pk,
        status: { type: "enum", enum: values, enumName: type, default: values[0] },
        history: { type: "enum", enum: values, enumName: type, array: true, default: `{${values[0]},${waiting}}` },
      },
      indices: predicate ? [{ name: "IDX_tickets_waiting", columns: ["id"], where: `"status" = '${waiting}'` }] : [],
    },
  ];
};
const renamedValue = { values: ["open", "waiting", "closed"], waiting: "waiting" };

const withTickets = async (v1: Schema[], run: (context: Awaited<ReturnType<typeof setUp>>) => Promise<void>): Promise<void> => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const options = { cwd: project.dir, configFile: project.useEntitySchemas(v1), url: db.url };
    await revisionCommand({ ...options, message: "v1", revisionId: "00000000e001" });
    await upgradeCommand({ ...options, target: "head" });
    await db.client.query(`INSERT INTO tickets (status, history) VALUES ('pending', '{open,pending}'), ('closed', DEFAULT)`);
    await run({ project, db, options });
  } finally {
    await db.drop();
    project.remove();
  }
};

const ticketRows = async (db: TestDatabase) =>
  (await db.client.query(`SELECT status::text AS status, history::text AS history FROM tickets ORDER BY id`)).rows;

const writtenOps = (result: Awaited<ReturnType<typeof revisionCommand>>): string[] => (result.kind === "written" ? describeAll(result.ops) : []);

describe("enum renames", () => {
  it("renames a hinted value in place: rows, array defaults and predicates follow, and the downgrade renames it back", async () => {
    await withTickets(tickets(), async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(tickets(renamedValue)) };
      const result = await revisionCommand({ ...v2, message: "value", revisionId: "00000000e002", renames: { hints: ["enum:ticket_status:pending=waiting"] } });
      // The index predicate and both defaults print the new label once the value is renamed: nothing else to do.
      expect(writtenOps(result)).toEqual(["renameEnumValue public.ticket_status 'pending' -> 'waiting'"]);
      expect((await upgradeSqlCommand({ ...v2, target: "00000000e001:head" })).sql).toContain(
        `ALTER TYPE "public"."ticket_status" RENAME VALUE 'pending' TO 'waiting';`,
      );
      await upgradeCommand({ ...v2, target: "head" });
      expect(await ticketRows(db)).toEqual([
        { status: "waiting", history: "{open,waiting}" },
        { status: "closed", history: "{open,waiting}" },
      ]);
      expect((await checkCommand(v2)).ops).toEqual([]);
      await downgradeCommand({ ...v2, target: "-1" });
      expect(await ticketRows(db)).toEqual([
        { status: "pending", history: "{open,pending}" },
        { status: "closed", history: "{open,pending}" },
      ]);
    });
  });

  it("renames a hinted type: the columns follow it without a rewrite, and the downgrade renames it back", async () => {
    await withTickets(tickets(), async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(tickets({ type: "ticket_state" })) };
      const result = await revisionCommand({ ...v2, message: "type", revisionId: "00000000e002", renames: { hints: ["enum:public.ticket_status=ticket_state"] } });
      expect(writtenOps(result)).toEqual(["renameEnum public.ticket_status -> ticket_state"]);
      await upgradeCommand({ ...v2, target: "head" });
      expect(await ticketRows(db)).toEqual([
        { status: "pending", history: "{open,pending}" },
        { status: "closed", history: "{open,pending}" },
      ]);
      expect((await db.client.query(`SELECT udt_name FROM information_schema.columns WHERE table_name = 'tickets' AND column_name = 'status'`)).rows).toEqual([
        { udt_name: "ticket_state" },
      ]);
      expect((await checkCommand(v2)).ops).toEqual([]);
      await downgradeCommand({ ...v2, target: "-1" });
      expect(await enumNames(db)).toEqual(["ticket_status"]);
    });
  });

  it("renames a type and one of its values together, the value hint naming the type as it is now", async () => {
    await withTickets(tickets(), async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(tickets({ type: "ticket_state", ...renamedValue })) };
      const hints = ["enum:ticket_status:pending=waiting", "enum:ticket_status=ticket_state"];
      const result = await revisionCommand({ ...v2, message: "both", revisionId: "00000000e002", renames: { hints } });
      expect(writtenOps(result)).toEqual(["renameEnum public.ticket_status -> ticket_state", "renameEnumValue public.ticket_state 'pending' -> 'waiting'"]);
      await upgradeCommand({ ...v2, target: "head" });
      expect((await ticketRows(db))[0]).toEqual({ status: "waiting", history: "{open,waiting}" });
      expect((await checkCommand(v2)).ops).toEqual([]);
    });
  });

  it("asks about a value and a type candidate, and renames on yes", async () => {
    await withTickets(tickets(), async ({ project, options }) => {
      const asked: string[] = [];
      const confirm = async (candidate: RenameCandidate) => (asked.push(describeRename(candidate.rename)), true);
      const value = await revisionCommand({
        ...options,
        configFile: project.useEntitySchemas(tickets(renamedValue)),
        message: "value",
        revisionId: "00000000e002",
        renames: { confirm },
      });
      expect(writtenOps(value)).toEqual(["renameEnumValue public.ticket_status 'pending' -> 'waiting'"]);
      rmSync(value.kind === "written" ? value.file : "");
      const type = await revisionCommand({
        ...options,
        configFile: project.useEntitySchemas(tickets({ type: "ticket_state" })),
        message: "type",
        revisionId: "00000000e003",
        renames: { confirm },
      });
      expect(writtenOps(type)).toEqual(["renameEnum public.ticket_status -> ticket_state"]);
      expect(asked).toEqual(["enum value public.ticket_status 'pending' -> 'waiting'", "enum type public.ticket_status -> ticket_state"]);
    });
  });

  it("asks again once a table rename makes its enum type, named after the table, a candidate", async () => {
    const mood = (tableName: string): Schema[] => [
      { name: "Person", tableName, columns: { id: pk, mood: { type: "enum", enum: ["calm", "busy"], default: "calm" } } },
    ];
    const project = createTestProject();
    const db = await createTestDatabase();
    try {
      const options = { cwd: project.dir, configFile: project.useEntitySchemas(mood("people")), url: db.url };
      await revisionCommand({ ...options, message: "v1", revisionId: "00000000e001" });
      await upgradeCommand({ ...options, target: "head" });
      await db.client.query(`INSERT INTO people (mood) VALUES ('busy')`);
      const asked: string[] = [];
      const v2 = { ...options, configFile: project.useEntitySchemas(mood("persons")) };
      const result = await revisionCommand({
        ...v2,
        message: "persons",
        revisionId: "00000000e002",
        renames: { confirm: async (candidate) => (asked.push(describeRename(candidate.rename)), true) },
      });
      expect(asked).toEqual(["table public.people -> persons", "enum type public.people_mood_enum -> persons_mood_enum"]);
      expect(writtenOps(result).slice(0, 2)).toEqual(["renameEnum public.people_mood_enum -> persons_mood_enum", "renameTable public.people -> persons"]);
      await upgradeCommand({ ...v2, target: "head" });
      expect(await data(db, "persons", "mood")).toEqual(["busy"]);
      expect((await checkCommand(v2)).ops).toEqual([]);
    } finally {
      await db.drop();
      project.remove();
    }
  });

  it("without a decision keeps the swap and drop + create, marked with the rename to use; --strict refuses; no data is lost", async () => {
    await withTickets(tickets(), async ({ project, db, options }) => {
      const value = { ...options, configFile: project.useEntitySchemas(tickets(renamedValue)) };
      const strict = revisionCommand({ ...value, message: "strict", revisionId: "00000000e002", renames: { strict: true } });
      await expect(strict).rejects.toThrow(UnresolvedRenamesError);
      await expect(strict).rejects.toThrow(
        "enum value public.ticket_status 'pending' -> 'waiting'. Pass --rename for each one that is a rename (e.g. --rename enum:ticket_status:pending=waiting)",
      );
      // Plain forms: one transaction, so the failing upgrade below leaves everything as it was (a
      // concurrent index drop would have committed on its own).
      const swap = await revisionCommand({ ...value, message: "unhinted value", revisionId: "00000000e003", safeForms: false });
      expect(writtenOps(swap)).toEqual([
        "dropIndex public.tickets IDX_tickets_waiting",
        "replaceEnum public.ticket_status (open, pending, closed) -> (open, waiting, closed)",
        "createIndex public.tickets IDX_tickets_waiting",
      ]);
      expect(readFileSync(swap.kind === "written" ? swap.file : "", "utf8")).toContain(
        `// REVIEW (possible rename): 'pending' may be a rename to 'waiting'; if so, keep the rows that hold it with: await op.renameEnumValue("ticket_status", "pending", "waiting"); in place of this swap (before it, if other values change too), or generate again with --rename enum:ticket_status:pending=waiting`,
      );
      // Rows still hold the old value: the swap fails and rolls back rather than lose them.
      await expect(upgradeCommand({ ...value, target: "head" })).rejects.toThrow(/invalid input value for enum ticket_status: "pending"/);
      expect((await ticketRows(db))[0]).toEqual({ status: "pending", history: "{open,pending}" });
      rmSync(swap.kind === "written" ? swap.file : "");

      const type = { ...options, configFile: project.useEntitySchemas(tickets({ type: "ticket_state" })) };
      await expect(revisionCommand({ ...type, message: "strict", revisionId: "00000000e004", renames: { strict: true } })).rejects.toThrow(
        "--strict: 1 possible rename(s) need a decision: enum type public.ticket_status -> ticket_state",
      );
      const recreate = await revisionCommand({ ...type, message: "unhinted type", revisionId: "00000000e005" });
      expect(writtenOps(recreate)).toEqual([
        "createEnum public.ticket_state",
        // The predicate casts to the type by name: it changes with it.
        "dropIndex public.tickets IDX_tickets_waiting",
        "alterColumn public.tickets.status (type, default)",
        "alterColumn public.tickets.history (type, default)",
        "createIndex public.tickets IDX_tickets_waiting",
        "dropEnum public.ticket_status",
      ]);
      expect(readFileSync(recreate.kind === "written" ? recreate.file : "", "utf8")).toContain(
        `// REVIEW (possible rename): this may be a rename to "ticket_state"; if so, replace this drop, the creation of "ticket_state" and the column type changes to it with: await op.renameEnum("ticket_status", "ticket_state"); or generate again with --rename enum:ticket_status=ticket_state`,
      );
      // The same values go through text into the new type: the rows are kept even so.
      await upgradeCommand({ ...type, target: "head" });
      expect((await ticketRows(db))[0]).toEqual({ status: "pending", history: "{open,pending}" });
    });
  });

  it("takes enum renames from the config map", async () => {
    await withTickets(tickets(), async ({ project, options }) => {
      const configFile = project.useEntitySchemas(tickets({ type: "ticket_state", ...renamedValue }));
      const config = require(configFile) as Record<string, unknown>;
      const renames = { "enum:ticket_status": "ticket_state", "enum:ticket_status:pending": "waiting", "enum:gone_type:x": "y" };
      writeFileSync(configFile, `module.exports = ${JSON.stringify({ ...config, renames })};\n`);
      jest.resetModules();
      const result = await revisionCommand({ ...options, configFile, message: "from config", revisionId: "00000000e002" });
      expect(writtenOps(result)).toEqual(["renameEnum public.ticket_status -> ticket_state", "renameEnumValue public.ticket_state 'pending' -> 'waiting'"]);
    });
  });

  it.each([
    ["enum:ticket_status", "--rename enum:ticket_status: write enum:type=new for an enum type, or enum:type:value=new for one of its values (type may be schema.type)."],
    ["enum:a.b.c=d", "--rename enum:a.b.c=d: write enum:type=new"],
    ["enum:nope=ticket_state", "--rename enum:nope=ticket_state: there is no enum type public.nope in the database."],
    ["enum:ticket_status:nope=waiting", "--rename enum:ticket_status:nope=waiting: enum type public.ticket_status has no value 'nope'."],
    ["enum:ticket_status:pending=closed", "enum type public.ticket_status already has a value 'closed'; a rename cannot merge two values"],
    ["enum:ticket_status:pending=later", "--rename enum:ticket_status:pending=later: the entities declare no value 'later' in enum type public.ticket_status."],
    ["enum:ticket_status:open=waiting", "the entities still declare value 'open' in enum type public.ticket_status, so it is not renamed."],
    ["enum:ticket_status=ticket_kind", "--rename enum:ticket_status=ticket_kind: the entities declare no enum type public.ticket_kind."],
  ])("refuses the hint %s", async (hint, message) => {
    await withTickets(tickets(), async ({ project, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(tickets(renamedValue)) };
      await expect(revisionCommand({ ...v2, message: "x", revisionId: "00000000e002", renames: { hints: [hint] } })).rejects.toThrow(message);
    });
  });
});
