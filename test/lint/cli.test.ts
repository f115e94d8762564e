/**
 * `autogen lint` as CI runs it: the built CLI in a project, exit codes, --json, -r, --pending against a
 * real database.
 */
import { createTestDatabase } from "../support/database";
import { expectExit, shown } from "../e2e/support";
import { BASE_SCHEMA, createLintProject, type LintProject } from "./support";

const SAFE = `await op.execute("SET lock_timeout = '5s'");\nawait op.addColumn("users", op.column("nickname", "text"));`;
const WARNS = `await op.execute("SET lock_timeout = '5s'");\nawait op.renameColumn("users", "email", "mail");`;
const ERRS = `await op.createIndex("users", "users_email_idx", ["email"]);`;

const project = (r02: string): LintProject => {
  const created = createLintProject();
  created.add({ id: "r01", parent: null, upgrade: BASE_SCHEMA });
  created.add({ id: "r02", parent: "r01", upgrade: r02 });
  return created;
};

describe("autogen lint exit codes", () => {
  let projects: LintProject[] = [];
  const make = (r02: string) => {
    const created = project(r02);
    projects.push(created);
    return created;
  };
  afterEach(() => {
    projects.forEach((created) => created.remove());
    projects = [];
  });

  it("exits 0 when the range has no finding", async () => {
    const result = expectExit(await make(SAFE).cli(["lint", "-r", "r02:"]), 0);
    expect(result.stdout).toBe("0 error(s), 0 warning(s) in 1 revision(s) (rules for PostgreSQL 12).\n");
  });

  it("exits 0 on warnings alone, and 1 on warnings with --strict", async () => {
    const linted = make(WARNS);
    const result = expectExit(await linted.cli(["lint", "-r", "r02:"]), 0);
    expect(result.stdout).toContain("migrations/r02.ts:11: warning [rename-column] r02: renames public.users.email to mail");
    expect(result.stdout).toContain("rename-column: Code deployed before the migration");
    expect(result.stdout).toContain("0 error(s), 1 warning(s) in 1 revision(s)");
    expectExit(await linted.cli(["lint", "-r", "r02:", "--strict"]), 1);
  });

  it("exits 1 on errors, and 0 once they are disabled", async () => {
    const linted = make(ERRS);
    const result = expectExit(await linted.cli(["lint", "-r", "r02:"]), 1);
    expect(result.stdout).toContain("migrations/r02.ts:10: error [create-index-non-concurrently] r02:");
    expectExit(await linted.cli(["lint", "-r", "r02:", "--disable", "create-index-non-concurrently"]), 0);
    const strictTimeouts = expectExit(await linted.cli(["lint", "-r", "r02:", "--no-assume-lock-timeout", "--disable", "create-index-non-concurrently"]), 0);
    expect(strictTimeouts.stdout).toContain("warning [missing-lock-timeout]");
  });

  it("prints findings as JSON with rule, severity, revision, file, line and message", async () => {
    const linted = make(ERRS);
    const result = expectExit(await linted.cli(["lint", "--json"]), 1);
    const report = JSON.parse(result.stdout) as { findings: Record<string, unknown>[]; revisions: string[]; errors: number; warnings: number };
    expect(report.revisions).toEqual(["r01", "r02"]);
    expect(report.errors).toBe(1);
    const finding = report.findings.find((f) => f.rule === "create-index-non-concurrently");
    expect(finding).toEqual({
      rule: "create-index-non-concurrently",
      severity: "error",
      revision: "r02",
      file: `${linted.dir}/migrations/r02.ts`,
      line: 10,
      message: `builds index "users_email_idx" on existing table public.users without CONCURRENTLY: writes to it wait for the whole build`,
      operation: "createIndex public.users users_email_idx",
      opIndex: 0,
    });
  });

  it("refuses unknown rules and conflicting selections with exit 1", async () => {
    const linted = make(SAFE);
    const unknown = expectExit(await linted.cli(["lint", "--disable", "no-such-rule"]), 1);
    expect(unknown.stderr).toBe('autogen: --disable: no lint rule named "no-such-rule". Run `autogen lint --list-rules` to see them.\n');
    const both = expectExit(await linted.cli(["lint", "--pending", "-r", "r01:"]), 1);
    expect(both.stderr).toContain("--pending and -r");
  });

  it("lists the rules", async () => {
    const result = expectExit(await make(SAFE).cli(["lint", "--list-rules", "--json"]), 0);
    const rules = JSON.parse(result.stdout) as { id: string; severity: string; optIn: boolean }[];
    expect(rules.find((rule) => rule.id === "prefer-bigint-column")).toMatchObject({ severity: "warning", optIn: true });
    expect(rules.length).toBeGreaterThan(40);
  });
});

describe("autogen lint --pending", () => {
  it("lints only what the database has not applied, knowing the applied tables exist", async () => {
    const db = await createTestDatabase("autogen_lint");
    const linted = project(ERRS);
    try {
      const upgraded = await linted.cli(["upgrade", "r01"], { databaseUrl: db.url });
      if (upgraded.code !== 0) throw new Error(shown(upgraded));
      const result = expectExit(await linted.cli(["lint", "--pending", "--json"], { databaseUrl: db.url }), 1);
      const report = JSON.parse(result.stdout) as { revisions: string[]; findings: { rule: string; revision: string }[]; pgVersion: number };
      expect(report.revisions).toEqual(["r02"]);
      expect(report.findings.map((f) => [f.rule, f.revision])).toEqual([["create-index-non-concurrently", "r02"]]);
      const server = Number((await db.client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0].v);
      expect(report.pgVersion).toBe(Math.floor(server / 10000));

      expectExit(await linted.cli(["upgrade", "head"], { databaseUrl: db.url }), 0);
      const none = expectExit(await linted.cli(["lint", "--pending"], { databaseUrl: db.url }), 0);
      expect(none.stdout).toContain("in 0 revision(s)");
    } finally {
      linted.remove();
      await db.drop();
    }
  });
});
