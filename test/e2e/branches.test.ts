/**
 * Branches through the built `autogen` CLI: two heads from one parent, upgrading them, merging them
 * (with the conflict report), downgrading across the merge; and `revision` placing new revisions with
 * --head, --splice, --branch-label, --depends-on and printing SQL with --sql.
 */
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createLibraryProject, expectExit, publicTables, typeCheck, VERSION_TABLES, versionRows, type Project } from "./support";

/** A hand-written migration in the project's migrations folder. */
const writeMigration = (project: Project, id: string, parent: string | null, upgrade: string, downgrade: string): void => {
  project.write(
    path.join("migrations", `${id}_${id}.ts`),
    [
      "/**",
      ` * ${id}`,
      " */",
      'import type { Operations } from "typeorm-autogen";',
      "",
      `export const revision = "${id}";`,
      `export const downRevision = ${parent === null ? "null" : JSON.stringify(parent)};`,
      "",
      `export async function upgrade(op: Operations): Promise<void> {\n  ${upgrade}\n}`,
      "",
      `export async function downgrade(op: Operations): Promise<void> {\n  ${downgrade}\n}`,
      "",
    ].join("\n"),
  );
};

const createTable = (name: string): [string, string] => [
  `await op.createTable("${name}", [op.column("id", "integer", { nullable: false })]);`,
  `await op.dropTable("${name}");`,
];

/** base0 creates `users`; a1 and b1 both follow it. */
const twoBranches = (project: Project, a: [string, string], b: [string, string]): void => {
  writeMigration(project, "base0", null, ...createTable("users"));
  writeMigration(project, "a1", "base0", ...a);
  writeMigration(project, "b1", "base0", ...b);
};

describe("autogen with two branches", () => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase("autogen_e2e");
    project = await createLibraryProject();
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });
  const cli = (args: string[]) => project.cli(args, { databaseUrl: db.url });

  it("lists both heads, upgrades them, merges them, and downgrades across the merge", async () => {
    twoBranches(project, createTable("a_things"), createTable("b_things"));

    const heads = expectExit(await cli(["heads"]), 0);
    expect(heads.stdout).toBe("a1 a1 (head)\nb1 b1 (head)\n");

    const ambiguous = expectExit(await cli(["upgrade", "head"]), 1);
    expect(ambiguous.stderr).toContain('"head" is ambiguous: there are 2 heads (a1, b1)');
    expect(await publicTables(db.client)).toEqual([]);

    expectExit(await cli(["upgrade", "heads"]), 0);
    expect(await versionRows(db.client)).toEqual(["a1", "b1"]);
    expect(await publicTables(db.client)).toEqual(["a_things", ...VERSION_TABLES, "b_things", "users"].sort());

    const merge = expectExit(await cli(["merge", "-m", "merge", "heads", "--rev-id", "m1"]), 0);
    expect(merge.stdout).toContain("Merging a1, b1 (merge base: base0)");
    expect(merge.stdout).toContain("No conflicts: the branches touch different objects, and both orders replay to the same schema.");
    expect(merge.stdout).toContain(`Generated ${path.join("migrations", "m1_merge.ts")}`);
    const file = project.file(path.join("migrations", "m1_merge.ts"));
    const source = project.read(path.join("migrations", "m1_merge.ts"));
    expect(source).toContain('export const revision = "m1";\nexport const downRevision = ["a1", "b1"];');
    expect(source).toContain(" * Revises: a1, b1\n");
    expect(typeCheck([file])).toEqual([]);
    expect(expectExit(await cli(["heads"]), 0).stdout).toBe("m1 merge (head)\n");

    const upgrade = expectExit(await cli(["upgrade", "head"]), 0);
    expect(upgrade.stdout).toMatch(/^Upgraded m1 \(\d+ ms\)\nNow at m1\.\n$/);
    expect(await versionRows(db.client)).toEqual(["m1"]);

    expectExit(await cli(["downgrade", "-1"]), 0);
    expect(await versionRows(db.client)).toEqual(["a1", "b1"]);
    expect(await publicTables(db.client)).toEqual(["a_things", ...VERSION_TABLES, "b_things", "users"].sort());

    expectExit(await cli(["downgrade", "base"]), 0);
    expect(await versionRows(db.client)).toEqual([]);
    expect(await publicTables(db.client)).toEqual([...VERSION_TABLES].sort());
  });

  it("reports conflicting branches: --strict refuses (also as --json), without it the merge is written with REVIEW notes", async () => {
    const nickname = (type: string): [string, string] => [
      `await op.addColumn("users", op.column("nickname", "${type}"));`,
      'await op.dropColumn("users", "nickname");',
    ];
    twoBranches(project, nickname("text"), nickname("varchar(10)"));
    const before = project.migrations();

    const strict = expectExit(await cli(["merge", "-m", "merge", "heads", "--strict"]), 1);
    expect(strict.stderr).toContain("Not writing the merge (--strict)");
    expect(strict.stderr).toContain("REVIEW (overlap): both branches touch column public.users.nickname\n  a1: addColumn public.users.nickname\n  b1: addColumn public.users.nickname");
    expect(strict.stderr).toContain('REVIEW (replay fails): applying a1 then b1 fails at revision b1 (addColumn public.users.nickname): column "nickname" of relation "users" already exists');
    expect(project.migrations()).toEqual(before);

    const json = expectExit(await cli(["merge", "-m", "merge", "heads", "--strict", "--json"]), 1);
    const refused = JSON.parse(json.stdout) as { kind: string; report: { overlaps: { object: string; sides: { tip: string }[] }[] } };
    expect(refused.kind).toBe("refused");
    expect(refused.report.overlaps.map((overlap) => [overlap.object, overlap.sides.map((side) => side.tip)])).toEqual([
      ["column public.users.nickname", ["a1", "b1"]],
    ]);
    expect(project.migrations()).toEqual(before);

    const written = expectExit(await cli(["merge", "-m", "merge", "heads", "--rev-id", "m1"]), 0);
    expect(written.stdout).toContain("3 conflicts between the branches:");
    expect(written.stdout).toContain("The conflicts are listed in its header: review them before applying the merge.");
    expect(project.read(path.join("migrations", "m1_merge.ts"))).toContain(" * REVIEW (overlap): both branches touch column public.users.nickname\n");
  });

  it("places revisions with --head, --splice, --branch-label and --depends-on, and prints SQL with --sql", async () => {
    const sql = expectExit(await cli(["revision", "--sql"]), 0);
    expect(sql.stdout).toContain('CREATE TABLE "public"."authors" (');
    expect(sql.stdout).toMatch(/;\n$/);
    expect(project.migrations()).toEqual([]);

    writeMigration(project, "base0", null, ...createTable("users"));
    const net = JSON.parse(
      expectExit(await cli(["revision", "-m", "net", "--empty", "--head", "base", "--branch-label", "net", "--rev-id", "n1", "--json"]), 0).stdout,
    ) as { kind: string; parents: string[]; branchLabels: string[] };
    expect(net).toMatchObject({ kind: "written", parents: [], branchLabels: ["net"] });

    const onBase = expectExit(await cli(["revision", "-m", "x", "--empty", "--head", "base0", "--rev-id", "x1"]), 0);
    expect(onBase.stdout).toContain("Revises: base0");
    const spliceRequired = expectExit(await cli(["revision", "-m", "y", "--empty", "--head", "base0", "--rev-id", "y1"]), 1);
    expect(spliceRequired.stderr).toContain("Revision base0 is not a head");
    expect(spliceRequired.stderr).toContain("Pass --splice");

    expectExit(await cli(["revision", "-m", "y", "--empty", "--head", "base0", "--splice", "--rev-id", "y1"]), 0);
    const dependent = expectExit(
      await cli(["revision", "-m", "net two", "--empty", "--head", "net@head", "--depends-on", "x1", "--depends-on", "y1", "--rev-id", "n2"]),
      0,
    );
    expect(dependent.stdout).toContain("Revises: n1; depends on: x1, y1");
    expect(project.read(path.join("migrations", "n2_net_two.ts"))).toContain('export const downRevision = "n1";\nexport const dependsOn = ["x1", "y1"];');

    const several = expectExit(await cli(["revision", "-m", "z", "--empty"]), 1);
    expect(several.stderr).toContain("The migrations have 3 heads (n2, x1, y1): pass --head");
    expect(expectExit(await cli(["revision", "--empty", "--sql"]), 1).stderr).toContain("--sql prints SQL instead of writing a file, so it cannot be combined with --empty.");
  });
});
