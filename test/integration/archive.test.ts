/**
 * `revision --archive` on a real server: a dropped table (with a foreign key pointing at it) and a
 * dropped column are copied to archives; their rows survive the upgrade and come back with the
 * downgrade; the archives are not drift for the next check or revision.
 */
import { readFileSync } from "node:fs";
import type { EntitySchemaOptions } from "typeorm";
import { checkCommand } from "../../src/commands/check";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { differences, readSchema } from "../support/models";
import { createTestProject, type TestProject } from "../support/project";

type Schema = EntitySchemaOptions<unknown>;
const pk = { type: "int", primary: true, generated: "increment" } as const;
const owner: Schema = { name: "Owner", tableName: "owners", columns: { id: pk, name: { type: "text" } } };
const pet = (v2: boolean): Schema => ({
  name: "Pet",
  tableName: "pets",
  columns: {
    id: pk,
    ownerId: { type: "int", name: "owner_id" },
    ...(v2 ? {} : { legacyCode: { type: "varchar", length: 20, name: "legacy_code", default: "none" } }),
  },
  ...(v2 ? {} : { relations: { owner: { type: "many-to-one", target: "Owner", joinColumn: { name: "owner_id" } } } }),
});

describe("revision --archive", () => {
  let project: TestProject;
  let db: TestDatabase;
  let options: { cwd: string; url: string };
  let v1: string;
  let v2: string;
  const rows = async (sql: string) => (await db.client.query(sql)).rows;

  beforeAll(async () => {
    project = createTestProject();
    db = await createTestDatabase();
    options = { cwd: project.dir, url: db.url };
    v1 = project.useEntitySchemas([owner, pet(false)]);
    v2 = project.useEntitySchemas([pet(true)]);
    await revisionCommand({ ...options, configFile: v1, message: "v1", revisionId: "00000000a001" });
    await upgradeCommand({ ...options, configFile: v1, target: "head" });
    await db.client.query(`
      INSERT INTO owners (name) VALUES ('ann'), ('bob'), ('it''s "quoted"');
      INSERT INTO pets (owner_id, legacy_code) VALUES (1, 'a-1'), (2, 'b-2'), (3, 'c-3')`);
  }, 60_000);

  afterAll(async () => {
    await db.drop();
    project.remove();
  });

  it("keeps the rows of a dropped table and column through upgrade and downgrade, and leaves check clean", async () => {
    const owners = await rows("SELECT id, name FROM owners ORDER BY id");
    const pets = await rows("SELECT id, owner_id, legacy_code FROM pets ORDER BY id");
    const schemaBefore = await readSchema(db.client);

    const result = await revisionCommand({ ...options, configFile: v2, message: "drop owners", revisionId: "00000000a002", archive: true });
    if (result.kind !== "written") throw new Error("expected a migration");
    const file = readFileSync(result.file, "utf8");
    expect(file).toContain(`  await op.archiveColumn("pets", "legacy_code", "archive_pets_legacy_code", { key: ["id"] });`);
    expect(file).toContain(`  await op.archiveTable("owners", "archive_owners");`);
    expect(file).toContain(
      `  // REVIEW (takes a lock): holds SHARE on "public"."owners" while it copies every row to "archive_owners": inserts, updates and deletes wait until it ends`,
    );
    expect(file).not.toContain("op.dropTable");
    expect(file).not.toContain("op.dropColumn");
    expect(file).toContain(`  await op.restoreTable("owners", "archive_owners", [`);
    expect(file).toMatch(/await op\.restoreColumn\("pets", op\.column\("legacy_code", "character varying\(20\)", \{ nullable: false, default: op\.sql\("'none'::character varying"\) \}\), "archive_pets_legacy_code", \{ key: \["id"\] \}\);/);

    await upgradeCommand({ ...options, configFile: v2, target: "head" });
    expect(await rows("SELECT to_regclass('owners') IS NULL AS gone")).toEqual([{ gone: true }]);
    expect(await rows("SELECT id, name FROM archive_owners ORDER BY id")).toEqual(owners);
    expect(await rows("SELECT id, legacy_code FROM archive_pets_legacy_code ORDER BY id")).toEqual(pets.map(({ id, legacy_code }) => ({ id, legacy_code })));
    expect(await rows("SELECT obj_description('archive_owners'::regclass) AS comment")).toEqual([{ comment: 'autogen archive of table "public"."owners"' }]);

    // The archives are kept on purpose: not drift, not a change to plan.
    expect(await checkCommand({ ...options, configFile: v2 })).toEqual({ ops: [], leftovers: [] });
    expect(await revisionCommand({ ...options, configFile: v2, message: "again", revisionId: "00000000a003", archive: true })).toEqual({ kind: "noChanges" });

    // A pet added while the column was gone gets the column's default back.
    await db.client.query("INSERT INTO pets (owner_id) VALUES (2)");
    await downgradeCommand({ ...options, configFile: v2, target: "-1" });
    expect(await rows("SELECT id, name FROM owners ORDER BY id")).toEqual(owners);
    expect(await rows("SELECT id, owner_id, legacy_code FROM pets ORDER BY id")).toEqual([...pets, { id: 4, owner_id: 2, legacy_code: "none" }]);
    expect(await rows("SELECT to_regclass('archive_owners') IS NULL AND to_regclass('archive_pets_legacy_code') IS NULL AS dropped")).toEqual([{ dropped: true }]);
    // The foreign key came back validated, and the sequence continues after the restored ids.
    expect(await rows("SELECT bool_and(convalidated) AS valid, count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND conrelid = 'pets'::regclass")).toEqual([{ valid: true, n: 1 }]);
    expect(await rows("INSERT INTO owners (name) VALUES ('new') RETURNING id")).toEqual([{ id: 4 }]);
    // Exactly the schema from before: columns, defaults, keys, the foreign key.
    expect(differences(await readSchema(db.client), schemaBefore)).toEqual([]);
  });
});

/**
 * An enum type dropped in the same revision as the archived column or table that used it: the archive
 * must not depend on the type (it keeps the values as text), or the `dropEnum` after it fails.
 */
describe("revision --archive of enum columns whose type goes too", () => {
  let project: TestProject;
  let db: TestDatabase;
  let options: { cwd: string; url: string };
  let v1: string;
  let v2: string;
  const rows = async (sql: string) => (await db.client.query(sql)).rows;
  const people = (v2: boolean): Schema => ({
    name: "Person",
    tableName: "people",
    columns: {
      id: { type: "int", primary: true, generated: "identity" },
      name: { type: "text" },
      ...(v2 ? {} : { mood: { type: "enum", enum: ["happy", "sad", "it's"], enumName: "mood_t", nullable: true } }),
    },
  });
  const diary: Schema = {
    name: "Diary",
    tableName: "diary",
    columns: {
      id: pk,
      weather: { type: "enum", enum: ["sun", "rain"], enumName: "weather_t", default: "sun" },
      tags: { type: "enum", enum: ["a", "b"], enumName: "tag_t", array: true, nullable: true },
    },
  };

  beforeAll(async () => {
    project = createTestProject();
    db = await createTestDatabase();
    options = { cwd: project.dir, url: db.url };
    v1 = project.useEntitySchemas([people(false), diary]);
    v2 = project.useEntitySchemas([people(true)]);
    await revisionCommand({ ...options, configFile: v1, message: "v1", revisionId: "00000000b001" });
    await upgradeCommand({ ...options, configFile: v1, target: "head" });
    await db.client.query(`
      INSERT INTO people (name, mood) VALUES ('ann', 'happy'), ('bob', NULL), ('cy', 'it''s');
      INSERT INTO diary (weather, tags) VALUES ('rain', '{a,b}'), ('sun', NULL), ('sun', '{}')`);
  }, 60_000);

  afterAll(async () => {
    await db.drop();
    project.remove();
  });

  it("keeps the values as text, drops the types, and restores both on downgrade", async () => {
    const peopleRows = await rows("SELECT id, name, mood::text FROM people ORDER BY id");
    const diaryRows = await rows("SELECT id, weather::text, tags::text[] FROM diary ORDER BY id");
    const schemaBefore = await readSchema(db.client);

    const result = await revisionCommand({ ...options, configFile: v2, message: "drop moods", revisionId: "00000000b002", archive: true });
    if (result.kind !== "written") throw new Error("expected a migration");
    const file = readFileSync(result.file, "utf8");
    expect(file).toContain(`op.archiveColumn("people", "mood", "archive_people_mood", { key: ["id"] });`);
    expect(file).toContain(`op.archiveTable("diary", "archive_diary");`);
    expect(file).toContain(`op.dropEnum("mood_t"`);

    await upgradeCommand({ ...options, configFile: v2, target: "head" });
    expect(await rows("SELECT count(*)::int AS n FROM pg_type WHERE typname IN ('mood_t', 'weather_t', 'tag_t')")).toEqual([{ n: 0 }]);
    expect(await rows("SELECT id, mood FROM archive_people_mood ORDER BY id")).toEqual(peopleRows.map(({ id, mood }) => ({ id, mood })));
    expect(await rows("SELECT id, weather, tags FROM archive_diary ORDER BY id")).toEqual(diaryRows);
    expect(await checkCommand({ ...options, configFile: v2 })).toEqual({ ops: [], leftovers: [] });

    await downgradeCommand({ ...options, configFile: v2, target: "-1" });
    expect(await rows("SELECT id, name, mood::text FROM people ORDER BY id")).toEqual(peopleRows);
    expect(await rows("SELECT id, weather::text, tags::text[] FROM diary ORDER BY id")).toEqual(diaryRows);
    expect(await rows("SELECT pg_typeof(mood)::text AS type FROM people LIMIT 1")).toEqual([{ type: "mood_t" }]);
    // Exactly the schema that v1's check found clean.
    expect(differences(await readSchema(db.client), schemaBefore)).toEqual([]);

    // And once more: the restored types archive again.
    await upgradeCommand({ ...options, configFile: v2, target: "head" });
    expect(await rows("SELECT id, weather, tags FROM archive_diary ORDER BY id")).toEqual(diaryRows);
    expect(await checkCommand({ ...options, configFile: v2 })).toEqual({ ops: [], leftovers: [] });
  });
});
