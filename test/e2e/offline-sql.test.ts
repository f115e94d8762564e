/**
 * The built CLI's `--sql` forms (upgrade, downgrade, stamp, ensure-version) never connect: they run
 * with an unreachable --url and no DATABASE_URL, print exactly the library's script (or `{ "sql" }`
 * with --json), and that output applies with psql. `stamp` and `ensure-version` also run online.
 */
import { ensureVersionSqlCommand } from "../../src/commands/ensure-version";
import { downgradeSqlCommand, upgradeSqlCommand } from "../../src/commands/migrate";
import { stampSqlCommand } from "../../src/commands/stamp";
import { createTestDatabase } from "../support/database";
import { applyScript, APPLIED_WITH } from "../support/psql";
import { createProject, expectExit, REPO, runCli, shown, versionRows, type CliResult } from "./support";

/** Nothing listens on port 1: any attempt to connect fails, so success proves no connection was made. */
const UNREACHABLE = ["--url", "postgres://nobody@127.0.0.1:1/x"];

const demo = (args: readonly string[]): Promise<CliResult> => runCli(REPO, [...args, ...UNREACHABLE]);

const expectUserError = (result: CliResult): string => {
  expectExit(result, 1);
  if (!result.stderr.startsWith("autogen: ") || result.stderr.includes("internal error")) {
    throw new Error(`expected a user error, got ${shown(result)}`);
  }
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result.stderr;
};

describe("--sql without a database", () => {
  it("the unreachable URL really is unreachable: the online command fails on it", async () => {
    expect(expectUserError(await demo(["upgrade", "head"]))).toMatch(/^autogen: Cannot connect to postgres:\/\/nobody@127\.0\.0\.1:1\/x/);
  });

  it.each<[string, string[], () => Promise<{ sql: string }>]>([
    ["upgrade", ["upgrade", "--sql"], () => upgradeSqlCommand({ cwd: REPO, target: "head" })],
    ["upgrade FROM:TO", ["upgrade", "3f9c:head", "--sql"], () => upgradeSqlCommand({ cwd: REPO, target: "3f9c:head" })],
    [
      "upgrade --transaction each",
      ["upgrade", "base:head", "--sql", "--transaction", "each"],
      () => upgradeSqlCommand({ cwd: REPO, target: "base:head", transactionMode: "each" }),
    ],
    ["downgrade FROM:TO", ["downgrade", "head:base", "--sql"], () => downgradeSqlCommand({ cwd: REPO, target: "head:base" })],
    ["stamp", ["stamp", "head", "--sql"], () => stampSqlCommand({ cwd: REPO, target: "head" })],
    ["stamp --purge", ["stamp", "head", "--purge", "--sql"], () => stampSqlCommand({ cwd: REPO, target: "head", purge: true })],
    ["ensure-version", ["ensure-version", "--sql"], () => ensureVersionSqlCommand({ cwd: REPO })],
  ])("%s prints the library's script, and { sql } with --json", async (_name, args, expected) => {
    const { sql } = await expected();
    expect(sql).toMatch(/^-- autogen /);
    const printed = expectExit(await demo(args), 0);
    expect(printed.stdout).toBe(sql);
    expect(printed.stderr).toBe("");
    expect(JSON.parse(expectExit(await demo([...args, "--json"]), 0).stdout)).toEqual({ sql });
  });

  it("a downgrade without a range is refused with a clear message", async () => {
    expect(expectUserError(await demo(["downgrade", "base", "--sql"]))).toBe(
      'autogen: Cannot render "base" as SQL: a downgrade needs the revision it starts from, since --sql reads no ' +
        'database: write FROM:TO, for example "head:base".\n',
    );
  });

  it("a migration that calls op.query is refused, naming the revision", async () => {
    const project = createProject();
    try {
      project.write("autogen.config.ts", 'export default { dataSource: "src/data-source.ts" };\n');
      project.write(
        "migrations/r1_reads.ts",
        [
          'import type { Operations } from "typeorm-autogen";',
          'export const revision = "r1";',
          "export const downRevision = null;",
          "export async function upgrade(op: Operations): Promise<void> {",
          '  const rows = await op.query("SELECT 1 AS one");',
          "  await op.execute(`SELECT ${rows.length}`);",
          "}",
          "export async function downgrade(op: Operations): Promise<void> {}",
          "",
        ].join("\n"),
      );
      const result = await runCli(project.dir, ["upgrade", "--sql", ...UNREACHABLE]);
      expect(expectUserError(result)).toMatch(
        /^autogen: Revision r1 upgrade reads the database \(op\.query\) and cannot be rendered offline with --sql/,
      );
      expect(result.stdout).toBe("");
    } finally {
      project.remove();
    }
  });
});

describe("the printed script and stamp, against a real database", () => {
  it(`upgrade --sql output applied with ${APPLIED_WITH} records head; stamp and ensure-version run online`, async () => {
    const db = await createTestDatabase("autogen_e2e");
    try {
      const script = expectExit(await demo(["upgrade", "--sql"]), 0).stdout;
      await applyScript(db, script);
      expect(await versionRows(db.client)).toEqual(["8d2e4b6a9c01"]);

      const online = (args: readonly string[]) => runCli(REPO, [...args, "--url", db.url]);
      expect(expectExit(await online(["stamp", "3f9c1e7a2b10"]), 0).stdout).toBe(
        "Stamped 3f9c1e7a2b10 (was 8d2e4b6a9c01); no migration was run.\n",
      );
      expect(JSON.parse(expectExit(await online(["stamp", "head", "--json"]), 0).stdout)).toEqual({
        previousHeads: ["3f9c1e7a2b10"],
        heads: ["8d2e4b6a9c01"],
      });
      expect(expectExit(await online(["upgrade", "head"]), 0).stdout).toBe("Nothing to upgrade; at 8d2e4b6a9c01.\n");
      expect(expectExit(await online(["ensure-version"]), 0).stdout).toBe(
        "The version table public.autogen_version and its log public.autogen_version_log already exist.\n",
      );
      expect(expectUserError(await online(["stamp", "base:head"]))).toMatch(/only --sql takes/);
    } finally {
      await db.drop();
    }
  });
});
