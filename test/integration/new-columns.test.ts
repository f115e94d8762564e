/**
 * New columns on a table that holds rows, asserted in the rendered file and on a real server:
 * - NOT NULL without a default: add nullable, a backfill placeholder, SET NOT NULL. The placeholder
 *   makes upgrade and check refuse before anything runs; once filled in, the rows get the value.
 * - a stable default (now()) is one ADD COLUMN that does not rewrite the table; a volatile default
 *   (gen_random_uuid()) and a stored generated column do, and carry "rewrites table" and "takes a lock".
 *   The table's relfilenode (its data file) tells a rewrite from a catalog-only change.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkCommand } from "../../src/commands/check";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { UnfilledBackfillError } from "../../src/runtime/backfill-check";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createTestProject, type TestProject } from "../support/project";

/** Entity columns as JavaScript source: defaults computed by SQL need functions, which JSON cannot hold. */
const dataSource = (project: TestProject, version: string, columns: string): string => {
  const file = path.join(project.dir, `entities.${version}.js`);
  writeFileSync(
    file,
    [
      `const { DataSource, EntitySchema } = require("typeorm");`,
      `const account = new EntitySchema({ name: "Account", tableName: "accounts", columns: {`,
      `  id: { type: "int", primary: true, generated: "increment" },`,
      `  email: { type: "varchar", length: 200 },`,
      columns,
      `} });`,
      `module.exports = new DataSource({ type: "postgres", entities: [account] });`,
      "",
    ].join("\n"),
  );
  return project.useDataSourceModule(file);
};

const CREATED = `created: { type: "timestamptz", default: () => "now()" },`;
const TOKEN = `token: { type: "uuid", default: () => "gen_random_uuid()" },`;
const SLUG = `slug: { type: "varchar", length: 200, generatedType: "STORED", asExpression: "lower(email)", nullable: true },`;
const REGION = `region: { type: "varchar", length: 20 },`;

const upgradeBody = (file: string): string => file.slice(file.indexOf("export async function upgrade"), file.indexOf("export async function downgrade"));
const downgradeBody = (file: string): string => file.slice(file.indexOf("export async function downgrade"));

describe("new columns on a table with rows", () => {
  let project: TestProject;
  let db: TestDatabase;
  let options: { cwd: string; url: string };
  const fileNode = async (): Promise<string> =>
    (await db.client.query<{ node: string }>("SELECT relfilenode::text AS node FROM pg_class WHERE oid = 'accounts'::regclass")).rows[0]!.node;
  const generate = async (version: string, columns: string, revisionId: string) => {
    const configFile = dataSource(project, version, columns);
    const result = await revisionCommand({ ...options, configFile, message: version, revisionId });
    if (result.kind !== "written") throw new Error(`expected a migration for ${version}`);
    return { configFile, result, file: readFileSync(result.file, "utf8") };
  };

  beforeAll(async () => {
    project = createTestProject();
    db = await createTestDatabase();
    options = { cwd: project.dir, url: db.url };
    const v1 = dataSource(project, "v1", "");
    await revisionCommand({ ...options, configFile: v1, message: "v1", revisionId: "00000000c001" });
    await upgradeCommand({ ...options, configFile: v1, target: "head" });
    await db.client.query("INSERT INTO accounts (email) VALUES ('A@x'), ('B@x'), ('C@x')");
  }, 60_000);

  afterAll(async () => {
    await db.drop();
    project.remove();
  });

  it("a stable default is stored once: no hazard, no rewrite", async () => {
    const { configFile, file } = await generate("v2", CREATED, "00000000c002");
    expect(upgradeBody(file)).toContain(`  await op.addColumn("accounts", op.column("created", "timestamp with time zone", { nullable: false, default: op.sql("now()") }));\n}`);
    expect(file).not.toContain("REVIEW");
    const before = await fileNode();
    await upgradeCommand({ ...options, configFile, target: "head" });
    expect(await fileNode()).toBe(before);
    // One now() for the whole ALTER: every existing row holds the same value.
    expect((await db.client.query("SELECT count(DISTINCT created)::int AS n FROM accounts")).rows[0]).toEqual({ n: 1 });
  });

  it("a volatile default and a stored generated column rewrite the table, and say so", async () => {
    const { configFile, file } = await generate("v3", CREATED + TOKEN + SLUG, "00000000c003");
    expect(upgradeBody(file)).toContain(
      [
        `  // REVIEW (rewrites table): adds "public"."accounts"."token" with volatile DEFAULT gen_random_uuid(), evaluated for every existing row: the whole table is written again`,
        `  // REVIEW (takes a lock): holds ACCESS EXCLUSIVE on "public"."accounts" while it rewrites the table: reads and writes wait until it ends`,
        `  await op.addColumn("accounts", op.column("token", "uuid", { nullable: false, default: op.sql("gen_random_uuid()") }));`,
        `  // REVIEW (rewrites table): adds "public"."accounts"."slug" as a stored generated column, computed for every existing row: the whole table is written again`,
        `  // REVIEW (takes a lock): holds ACCESS EXCLUSIVE on "public"."accounts" while it rewrites the table: reads and writes wait until it ends`,
        `  await op.addColumn("accounts", op.column("slug", "character varying(200)", { nullable: true, generated: op.sql("lower(email)") }));`,
      ].join("\n"),
    );
    const before = await fileNode();
    await upgradeCommand({ ...options, configFile, target: "head" });
    expect(await fileNode()).not.toBe(before);
    const rows = await db.client.query("SELECT count(DISTINCT token)::int AS tokens, bool_and(slug = lower(email)) AS slugs FROM accounts");
    expect(rows.rows[0]).toEqual({ tokens: 3, slugs: true });
  });

  describe("NOT NULL without a default", () => {
    let generated: Awaited<ReturnType<typeof generate>>;
    const before = async () => ({
      versions: (await db.client.query("SELECT version_num FROM autogen_version")).rows,
      columns: (await db.client.query("SELECT attname FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")).rows,
    });

    beforeAll(async () => {
      // The shadow verification ran as part of this: a placeholder does not make a plan diverge.
      generated = await generate("v4", CREATED + TOKEN + SLUG + REGION, "00000000c004");
    }, 60_000);

    it("is generated as add nullable, a marked backfill placeholder, then the safe SET NOT NULL", () => {
      expect(upgradeBody(generated.file)).toContain(
        [
          `  await op.addColumn("accounts", op.column("region", "character varying(20)", { nullable: true }));`,
          `  // REVIEW (needs a backfill): write the value of "public"."accounts"."region" for existing rows in place of the FILL IN comment (batch it for a large table); until then this is a syntax error and upgrade, check and lint refuse the migration`,
          '  await op.execute(`UPDATE "public"."accounts" SET "region" = /* autogen: FILL IN a value for existing rows */ WHERE "region" IS NULL`);',
          `  // REVIEW (may fail on existing data): adds CHECK "region" IS NOT NULL on "public"."accounts": fails if a row violates it`,
          `  await op.createCheckConstraint("accounts", "accounts_region_not_null", op.sql('"region" IS NOT NULL'), { notValid: true });`,
        ].join("\n"),
      );
      expect(upgradeBody(generated.file)).toContain(`  await op.alterColumn("accounts", "region", { nullable: { from: true, to: false } });`);
      // The downgrade undoes the add: no check comes back, nothing is scanned.
      expect(downgradeBody(generated.file)).toContain(
        `  await op.alterColumn("accounts", "region", { nullable: { from: false, to: true } });\n  await op.dropColumn("accounts", "region");\n}`,
      );
      expect(downgradeBody(generated.file)).not.toContain("CheckConstraint");
      expect(generated.result.hazards.map((hazard) => hazard.kind)).toContain("needs a backfill");
    });

    it("unfilled, the placeholder is a syntax error, and upgrade and check refuse it before running anything", async () => {
      const placeholder = /op\.execute\(`(.*)`\);/.exec(generated.file)![1]!;
      await expect(db.client.query(placeholder)).rejects.toThrow(/syntax error/);

      const state = await before();
      const refused = await upgradeCommand({ ...options, configFile: generated.configFile, target: "head" }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(UnfilledBackfillError);
      const line = generated.file.split("\n").findIndex((text) => text.includes("autogen: FILL IN")) + 1;
      expect((refused as Error).message).toContain(`${generated.result.file}:${line} (revision 00000000c004)`);
      expect((refused as Error).message).toMatch(/^upgrade refused: a backfill placeholder is not filled in, so nothing was run:/);
      expect(await before()).toEqual(state);

      await expect(checkCommand({ ...options, configFile: generated.configFile })).rejects.toThrow(UnfilledBackfillError);
    });

    it("filled in, it upgrades: every row gets the value, the column is NOT NULL, check is clean, and the downgrade drops it", async () => {
      writeFileSync(generated.result.file, generated.file.replace("/* autogen: FILL IN a value for existing rows */", "'eu'"));
      jest.resetModules();
      await upgradeCommand({ ...options, configFile: generated.configFile, target: "head" });
      const filled = await db.client.query(`
        SELECT (SELECT array_agg(DISTINCT region) FROM accounts) AS regions,
               (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'region') AS not_null,
               (SELECT count(*)::int FROM pg_constraint WHERE conname = 'accounts_region_not_null') AS checks`);
      expect(filled.rows[0]).toEqual({ regions: ["eu"], not_null: true, checks: 0 });
      expect(await checkCommand({ ...options, configFile: generated.configFile })).toEqual({ ops: [], leftovers: [] });

      await downgradeCommand({ ...options, configFile: generated.configFile, target: "-1" });
      expect((await db.client.query("SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'region' AND NOT attisdropped")).rows[0]).toEqual({ n: 0 });
    });
  });
});
