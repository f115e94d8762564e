/**
 * Branches in the revision graph, through the command functions the CLI calls: where `revision`
 * places a new revision (--head, --splice, --branch-label, --depends-on, --version-path), which database
 * state it compares against, and what `merge` finds out about the branches it joins, by reading their
 * operations and by replaying them in both orders into shadow databases.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EntitySchemaOptions } from "typeorm";
import { DatabaseNotUpToDateError } from "../../src/commands/at-head";
import { loadHistory, loadProjectConfig } from "../../src/commands/context";
import { MergeConflictsError, mergeCommand, NothingToMergeError, type MergeOptions } from "../../src/commands/merge";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand, revisionSqlCommand, VersionPathError, type RevisionOptions } from "../../src/commands/revision";
import { DatabaseNotAtParentError, NotAHeadError, SeveralHeadsError } from "../../src/commands/revision-parents";
import { DuplicateBranchLabelError, InvalidBranchLabelError } from "../../src/runtime/graph-errors";
import { MergeOfAncestorError } from "../../src/runtime/merge-base";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createTestProject, type TestProject } from "../support/project";

type Schema = EntitySchemaOptions<unknown>;

const CLOCK = () => new Date("2026-01-02T03:04:05Z");

const rejection = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the command to fail");
};

/** A hand-written migration: the graph shapes below need parents no comparison would choose. */
const writeMigration = (project: TestProject, id: string, parents: string[], upgrade: string, downgrade: string): string => {
  const file = path.join(project.migrationsDir, `${id}_hand_written.ts`);
  const downRevision = parents.length === 0 ? "null" : JSON.stringify(parents.length === 1 ? parents[0] : parents);
  writeFileSync(
    file,
    [
      "/**",
      ` * ${id}`,
      " */",
      'import type { Operations } from "typeorm-autogen";',
      `export const revision = "${id}";`,
      `export const downRevision = ${downRevision};`,
      `export async function upgrade(op: Operations): Promise<void> {\n  ${upgrade}\n}`,
      `export async function downgrade(op: Operations): Promise<void> {\n  ${downgrade}\n}`,
      "",
    ].join("\n"),
  );
  return file;
};

/** Migration files, subfolders included, relative to `dir`. */
const migrationFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .sort();

describe("revision placement (--head, --splice, --branch-label, --depends-on, --version-path)", () => {
  let project: TestProject;
  let configFile: string;
  const empty = (message: string, revisionId: string, extra: Partial<RevisionOptions> = {}) =>
    revisionCommand({ cwd: project.dir, configFile, message, empty: true, revisionId, clock: CLOCK, ...extra });
  const source = (id: string): string => {
    const name = migrationFiles(project.migrationsDir).find((file) => path.basename(file).startsWith(`${id}_`));
    if (name === undefined) throw new Error(`no migration file for ${id}`);
    return readFileSync(path.join(project.migrationsDir, name), "utf8");
  };

  beforeAll(() => {
    project = createTestProject();
    configFile = project.useEntitySchemas([]);
    writeMigration(project, "b0", [], 'await op.execute("SELECT 1");', 'await op.execute("SELECT 1");');
  });
  afterAll(() => project.remove());

  it("builds a labelled, spliced and dependent graph whose <label>@head targets resolve", async () => {
    const shop = await empty("start shop", "s1", { branchLabels: ["shop"] });
    expect(shop).toMatchObject({ kind: "written", parents: ["b0"], branchLabels: ["shop"], dependsOn: [] });
    expect(source("s1")).toContain('export const downRevision = "b0";\nexport const branchLabels = ["shop"];');

    // "base" starts an independent history, as Alembic's `--head=base` does.
    await empty("start net", "n1", { head: "base", branchLabels: ["net"] });
    expect(source("n1")).toContain('export const downRevision = null;\nexport const branchLabels = ["net"];');

    const several = await rejection(empty("ambiguous", "x1"));
    expect(several).toBeInstanceOf(SeveralHeadsError);
    expect(several).toMatchObject({ heads: ["n1", "s1"] });
    expect(several.message).toContain("pass --head");

    await empty("grow shop", "s2", { head: "shop@head" });
    expect(source("s2")).toContain('export const downRevision = "s1";');

    // A branch label in --depends-on means the head of that branch, written as its full id.
    const dependent = await empty("grow net", "n2", { head: "net@head", dependsOn: ["shop"] });
    expect(dependent).toMatchObject({ parents: ["n1"], dependsOn: ["s2"] });
    expect(source("n2")).toContain('export const downRevision = "n1";\nexport const dependsOn = ["s2"];');

    const config = loadProjectConfig({ cwd: project.dir, configFile });
    const { graph } = loadHistory(config);
    expect(graph.heads()).toEqual(["n2", "s2"]);
    expect(graph.resolve("shop@head", [])).toEqual(["s2"]);
    expect(graph.resolve("net@head", [])).toEqual(["n2"]);
    expect(graph.get("n2").dependsOn).toEqual(["s2"]);
    expect(graph.upgradePlan([], "net@head").map((step) => step.revision.id)).toEqual(["n1", "b0", "s1", "s2", "n2"]);
  });

  it("refuses a parent that is not a head unless --splice, and then starts a branch there", async () => {
    const refused = await rejection(empty("from the middle", "m1", { head: "s1" }));
    expect(refused).toBeInstanceOf(NotAHeadError);
    expect(refused).toMatchObject({ revision: "s1" });
    expect(refused.message).toContain("--splice");
    expect(migrationFiles(project.migrationsDir).some((file) => file.includes("m1_"))).toBe(false);

    await empty("from the middle", "m1", { head: "s1", splice: true });
    expect(source("m1")).toContain('export const downRevision = "s1";');
    const { graph } = loadHistory(loadProjectConfig({ cwd: project.dir, configFile }));
    expect(graph.heads()).toEqual(["m1", "n2", "s2"]);
  });

  it("writes into a subfolder of the migrations folder with --version-path, and finds it there", async () => {
    const written = await empty("archived", "v1", { head: "m1", versionPath: path.join(project.migrationsDir, "archive") });
    expect(written.kind === "written" && path.relative(project.migrationsDir, written.file)).toBe(path.join("archive", "v1_archived.ts"));
    const { graph } = loadHistory(loadProjectConfig({ cwd: project.dir, configFile }));
    expect(graph.get("v1").parents).toEqual(["m1"]);

    const outside = await rejection(empty("elsewhere", "v2", { head: "v1", versionPath: path.join(project.dir, "elsewhere") }));
    expect(outside).toBeInstanceOf(VersionPathError);
    expect(outside.message).toContain("is outside the migrations folder");
    expect(existsSync(path.join(project.dir, "elsewhere"))).toBe(false);
  });

  it("refuses labels the graph could not use, writing nothing", async () => {
    const before = migrationFiles(project.migrationsDir);
    expect(await rejection(empty("reserved", "r1", { head: "v1", branchLabels: ["heads"] }))).toBeInstanceOf(InvalidBranchLabelError);
    expect(await rejection(empty("taken", "r1", { head: "v1", branchLabels: ["shop"] }))).toBeInstanceOf(DuplicateBranchLabelError);
    expect(migrationFiles(project.migrationsDir)).toEqual(before);
  });
});

describe("revision compares against the state it follows", () => {
  const pk = { type: "int", primary: true, generated: "increment" } as const;
  const users: Schema = { name: "User", tableName: "users", columns: { id: pk, name: { type: "varchar" } } };
  const things = (prefix: string, extra: Schema["columns"] = {}): Schema => ({
    name: `${prefix}Thing`,
    tableName: `${prefix.toLowerCase()}_things`,
    columns: { id: pk, ...extra },
  });
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await createTestDatabase();
    project = createTestProject();
  });
  afterAll(async () => {
    project.remove();
    await db.drop();
  });

  it("refuses a --head the database is not at, and compares with the parent's state once it is", async () => {
    const base = { cwd: project.dir, url: db.url, clock: CLOCK };
    let configFile = project.useEntitySchemas([users]);
    await revisionCommand({ ...base, configFile, message: "users", revisionId: "b0" });
    await upgradeCommand({ ...base, configFile, target: "head" });
    configFile = project.useEntitySchemas([users, things("A")]);
    await revisionCommand({ ...base, configFile, message: "a things", revisionId: "a1", head: "b0", splice: false });
    await upgradeCommand({ ...base, configFile, target: "head" });

    // Branch b grows from b0 and knows nothing of a_things; the database, at a1, has them.
    configFile = project.useEntitySchemas([users, things("B")]);
    const branchB = { ...base, configFile, message: "b things", revisionId: "b1", head: "b0", splice: true };
    const refused = await rejection(revisionCommand(branchB));
    expect(refused).toBeInstanceOf(DatabaseNotAtParentError);
    expect(refused).toMatchObject({ databaseHeads: ["a1"], parents: ["b0"] });
    expect(refused.message).toContain("The database is at a1, but the new revision follows b0");

    await downgradeCommand({ ...base, configFile, target: "b0" });
    const written = await revisionCommand(branchB);
    expect(written.kind === "written" && written.ops.map((op) => op.kind)).toEqual(["createTable"]);
    expect(written).toMatchObject({ parents: ["b0"], ops: [{ kind: "createTable", table: { name: "b_things" } }] });

    // Two heads now: without --head the choice is the user's, and the default check keeps its advice.
    expect(await rejection(revisionCommand({ ...base, configFile, message: "next", revisionId: "c1" }))).toBeInstanceOf(SeveralHeadsError);
    await upgradeCommand({ ...base, configFile, target: "b1" });
    const stale = await rejection(revisionCommand({ ...base, configFile, message: "next", revisionId: "c1", head: "a1" }));
    expect(stale).toBeInstanceOf(DatabaseNotAtParentError);

    // --sql prints the upgrade after b1, and writes nothing.
    configFile = project.useEntitySchemas([users, things("B", { label: { type: "text", nullable: true } })]);
    const before = migrationFiles(project.migrationsDir);
    const sql = await revisionSqlCommand({ cwd: project.dir, url: db.url, configFile, head: "b1" });
    expect(sql.parents).toEqual(["b1"]);
    expect(sql.statements).toEqual(['ALTER TABLE "public"."b_things" ADD COLUMN "label" text']);
    expect(migrationFiles(project.migrationsDir)).toEqual(before);
  });

  it("keeps the plain advice when the single head is not applied", async () => {
    const other = createTestProject();
    const otherDb = await createTestDatabase();
    try {
      const configFile = other.useEntitySchemas([users]);
      writeMigration(other, "h1", [], 'await op.execute("SELECT 1");', 'await op.execute("SELECT 1");');
      const error = await rejection(revisionCommand({ cwd: other.dir, configFile, url: otherDb.url, message: "x" }));
      expect(error).toBeInstanceOf(DatabaseNotUpToDateError);
      expect(error.message).toContain("run `autogen upgrade head` first");
    } finally {
      other.remove();
      await otherDb.drop();
    }
  });
});

describe("merge", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const USERS = 'await op.createTable("users", [op.column("id", "integer", { nullable: false }), op.column("name", "varchar(20)")]);';

  /** base `b0` creating users, then one revision per branch on it. */
  const branched = (a: [string, string], b: [string, string], baseUpgrade = USERS) => {
    const project = createTestProject();
    const configFile = project.useEntitySchemas([]);
    writeMigration(project, "b0", [], baseUpgrade, 'await op.dropTable("users");');
    writeMigration(project, "a1", ["b0"], ...a);
    writeMigration(project, "b1", ["b0"], ...b);
    const defaults: MergeOptions = { cwd: project.dir, configFile, url: db.url, message: "merge", revisions: ["heads"], revisionId: "m1", clock: CLOCK };
    const merge = (extra: Partial<MergeOptions> = {}) => mergeCommand({ ...defaults, ...extra });
    return { project, configFile, merge };
  };

  it("reports two branches adding the same column, naming both revisions, and still writes the merge", async () => {
    const nickname = (type: string): [string, string] => [
      `await op.addColumn("users", op.column("nickname", "${type}"));`,
      'await op.dropColumn("users", "nickname");',
    ];
    const { project, configFile, merge } = branched(nickname("text"), nickname("varchar(10)"));
    try {
      const result = await merge();
      expect(result.parents).toEqual(["a1", "b1"]);
      expect(result.report.base).toEqual(["b0"]);
      expect(result.report.overlaps).toEqual([
        {
          object: "column public.users.nickname",
          sides: [
            { tip: "a1", touches: [{ revision: "a1", operation: "addColumn public.users.nickname" }] },
            { tip: "b1", touches: [{ revision: "b1", operation: "addColumn public.users.nickname" }] },
          ],
        },
      ]);
      const replay = result.report.replay;
      expect(replay.kind).toBe("replayed");
      if (replay.kind !== "replayed") return;
      expect(replay.orders).toEqual([
        {
          order: ["a1", "b1"],
          failure: { revision: "b1", operation: "addColumn public.users.nickname", message: 'column "nickname" of relation "users" already exists' },
        },
        {
          order: ["b1", "a1"],
          failure: { revision: "a1", operation: "addColumn public.users.nickname", message: 'column "nickname" of relation "users" already exists' },
        },
      ]);

      const file = readFileSync(result.file, "utf8");
      expect(file).toContain('export const downRevision = ["a1", "b1"];');
      expect(file).toContain(" * REVIEW (overlap): both branches touch column public.users.nickname\n *   a1: addColumn public.users.nickname\n *   b1: addColumn public.users.nickname");
      expect(file).toContain(" * REVIEW (replay fails): applying a1 then b1 fails at revision b1");
      expect(file).toMatch(/^\/\*\*\n \* merge\n/);
      const { graph } = loadHistory(loadProjectConfig({ cwd: project.dir, configFile }));
      expect(graph.heads()).toEqual(["m1"]);
      expect(graph.get("m1").message).toBe("merge");
    } finally {
      project.remove();
    }
  });

  it("refuses with --strict, writing nothing", async () => {
    const alter = (to: string): [string, string] => [
      `await op.alterColumn("users", "name", { type: { from: "varchar(20)", to: "${to}" } });`,
      `await op.alterColumn("users", "name", { type: { from: "${to}", to: "varchar(20)" } });`,
    ];
    const { project, merge } = branched(alter("text"), alter("varchar(50)"));
    try {
      const error = await rejection(merge({ strict: true }));
      expect(error).toBeInstanceOf(MergeConflictsError);
      const report = (error as MergeConflictsError).report;
      expect(report.overlaps.map((overlap) => overlap.object)).toEqual(["column public.users.name"]);
      expect(report.overlaps[0]!.sides.map((side) => side.touches[0]!.revision)).toEqual(["a1", "b1"]);
      expect(error.message).toContain("REVIEW (overlap): both branches touch column public.users.name");
      // Both orders run, but the last retype wins: the schemas differ.
      expect(error.message).toContain("REVIEW (order matters)");
      expect(readdirSync(project.migrationsDir).sort()).toEqual(["a1_hand_written.ts", "b0_hand_written.ts", "b1_hand_written.ts"]);
    } finally {
      project.remove();
    }
  });

  it("reports branches touching different tables as clean", async () => {
    const table = (name: string): [string, string] => [
      `await op.createTable("${name}", [op.column("id", "integer", { nullable: false })]);`,
      `await op.dropTable("${name}");`,
    ];
    const { project, merge } = branched(table("a_things"), table("b_things"));
    try {
      const result = await merge({ strict: true });
      expect(result.report.overlaps).toEqual([]);
      expect(result.report.review).toEqual([]);
      expect(result.report.replay).toEqual({
        kind: "replayed",
        orders: [
          { order: ["a1", "b1"], failure: null },
          { order: ["b1", "a1"], failure: null },
        ],
        differences: [],
      });
      const file = readFileSync(result.file, "utf8");
      expect(file).not.toContain("REVIEW");
      expect(file).toContain("// Nothing to do: this revision only joins its parents into one head.");
    } finally {
      project.remove();
    }
  });

  it("reports the order that fails when one branch renames a column the other alters", async () => {
    const { merge, project } = branched(
      ['await op.renameColumn("users", "name", "full_name");', 'await op.renameColumn("users", "full_name", "name");'],
      [
        'await op.alterColumn("users", "name", { nullable: { from: true, to: false } });',
        'await op.alterColumn("users", "name", { nullable: { from: false, to: true } });',
      ],
    );
    try {
      const { report } = await merge();
      expect(report.overlaps.map((overlap) => overlap.object)).toEqual(["column public.users.name"]);
      expect(report.replay.kind === "replayed" && report.replay.orders).toEqual([
        {
          order: ["a1", "b1"],
          failure: { revision: "b1", operation: "alterColumn public.users.name (nullable)", message: 'column "name" of relation "users" does not exist' },
        },
        { order: ["b1", "a1"], failure: null },
      ]);
      expect(report.review).toContain(
        'REVIEW (replay fails): applying a1 then b1 fails at revision b1 (alterColumn public.users.name (nullable)): column "name" of relation "users" does not exist',
      );
    } finally {
      project.remove();
    }
  });

  it("reports two orders that both succeed but end in different schemas", async () => {
    const value = (name: string): [string, string] => [`await op.addEnumValue("status", "${name}");`, `await op.execute("SELECT 1");`];
    const { merge, project } = branched(value("archived"), value("deleted"), 'await op.createEnum("status", ["new", "done"]);');
    try {
      const { report } = await merge();
      expect(report.overlaps.map((overlap) => overlap.object)).toEqual(["order of the values of enum public.status"]);
      if (report.replay.kind !== "replayed") throw new Error("expected a replay");
      expect(report.replay.orders.map((order) => order.failure)).toEqual([null, null]);
      expect(report.replay.differences).toEqual([
        { from: ["a1", "b1"], to: ["b1", "a1"], changes: ["replaceEnum public.status (new, done, archived, deleted) -> (new, done, deleted, archived)"] },
        { from: ["b1", "a1"], to: ["a1", "b1"], changes: ["replaceEnum public.status (new, done, deleted, archived) -> (new, done, archived, deleted)"] },
      ]);
      const heading = "REVIEW (order matters): a1 then b1 and b1 then a1 end in different schemas";
      expect(report.review.filter((paragraph) => paragraph.startsWith(heading))).toHaveLength(1);
    } finally {
      project.remove();
    }
  });

  it("still reads the operations when no database is reachable, and says the replay was skipped", async () => {
    const nickname: [string, string] = [
      'await op.addColumn("users", op.column("nickname", "text"));',
      'await op.dropColumn("users", "nickname");',
    ];
    const { merge, project } = branched(nickname, ['await op.execute("UPDATE users SET name = name");', 'await op.execute("SELECT 1");']);
    try {
      const { report } = await merge({ url: "postgres://postgres@127.0.0.1:1/nowhere" });
      expect(report.replay.kind).toBe("skipped");
      expect(report.notes).toEqual([
        "NOTE: revision b1 runs raw SQL (op.execute), which the overlap analysis cannot read; the shadow replay runs it.",
        expect.stringMatching(/^NOTE: the shadow replay was skipped: no database reachable \(Cannot connect to .*\)\.$/),
      ]);
      expect(report.overlaps).toEqual([]);
    } finally {
      project.remove();
    }
  });

  it("refuses fewer than two revisions and revisions on one line of history", async () => {
    const column = (name: string): [string, string] => [
      `await op.addColumn("users", op.column("${name}", "text"));`,
      `await op.dropColumn("users", "${name}");`,
    ];
    const { merge, project } = branched(column("a"), column("b"));
    try {
      expect(await rejection(merge({ revisions: ["a1"] }))).toBeInstanceOf(NothingToMergeError);
      expect(await rejection(merge({ revisions: ["a1", "a1"] }))).toBeInstanceOf(NothingToMergeError);
      expect(await rejection(merge({ revisions: ["b0", "a1"] }))).toBeInstanceOf(MergeOfAncestorError);
      const labelled = await merge({ revisions: ["a1", "b1"], branchLabels: ["joined"], replay: false });
      expect(readFileSync(labelled.file, "utf8")).toContain('export const downRevision = ["a1", "b1"];\nexport const branchLabels = ["joined"];');
      expect(labelled.report.notes).toEqual(["NOTE: the shadow replay was skipped: --no-replay."]);
    } finally {
      project.remove();
    }
  });
});
