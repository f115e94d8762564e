/** Suppression comments in migration files: at an operation, for the whole file, and their misuse. */
import { BASE_SCHEMA, createLintProject, type LintProject } from "./support";

const withProject = async (action: (project: LintProject) => Promise<void>): Promise<void> => {
  const project = createLintProject();
  try {
    project.add({ id: "r01", parent: null, upgrade: BASE_SCHEMA });
    await action(project);
  } finally {
    project.remove();
  }
};

/** Lints r02 only, with lock timeouts assumed so that each test sees only the rules it is about. */
const lintR02 = (project: LintProject) => project.lint({ range: "r02:r02", assumeLockTimeout: true });

describe("suppressions at an operation", () => {
  it("silences the named rule at the op call below, keeping the reason", async () => {
    await withProject(async (project) => {
      project.add({
        id: "r02",
        parent: "r01",
        upgrade: `
          // autogen-lint-ignore drop-column: the column is unused since release 4.2 (removed from the entity)
          // REVIEW (deletes data): drops column "public"."users"."email" and everything stored in it
          await op.dropColumn("users", "email");
          await op.dropColumn("orders", "note");
        `,
      });
      const report = await lintR02(project);
      expect(report.suppressed).toEqual([
        expect.objectContaining({
          rule: "drop-column",
          scope: "operation",
          reason: "the column is unused since release 4.2 (removed from the entity)",
          operation: "dropColumn public.users.email",
        }),
      ]);
      expect(report.findings.map((f) => [f.rule, f.operation])).toEqual([["drop-column", "dropColumn public.orders.note"]]);
      expect(report.errors).toBe(1);
    });
  });

  it("names several rules in one comment, and works inside op.autocommitBlock", async () => {
    await withProject(async (project) => {
      project.add({
        id: "r02",
        parent: "r01",
        upgrade: `
          await op.autocommitBlock(async () => {
            // autogen-lint-ignore unanalysed-sql, drop-database: the reports database is retired; ops signed off
            await op.execute("DROP DATABASE reports; CREATE TRIGGER t AFTER INSERT ON users EXECUTE FUNCTION f()");
          });
        `,
      });
      const report = await lintR02(project);
      expect(report.findings).toEqual([]);
      expect(report.suppressed.map((f) => f.rule).sort()).toEqual(["drop-database", "unanalysed-sql"]);
    });
  });

  it("requires a reason: without one the finding stays and the comment is an error", async () => {
    await withProject(async (project) => {
      const file = project.add({
        id: "r02",
        parent: "r01",
        upgrade: `
          // autogen-lint-ignore drop-table
          await op.dropTable("orders");
        `,
      });
      const report = await lintR02(project);
      expect(report.findings.map((f) => [f.rule, f.line, f.file])).toEqual([
        ["invalid-suppression", 10, file],
        ["drop-table", 11, file],
      ]);
      expect(report.findings[0].message).toContain("gives no reason");
      expect(report.suppressed).toEqual([]);
    });
  });

  it("reports unknown rules, and comments that suppress nothing or are not above an op call", async () => {
    await withProject(async (project) => {
      project.add({
        id: "r02",
        parent: "r01",
        upgrade: `
          // autogen-lint-ignore no-such-rule: typo
          // autogen-lint-ignore drop-table: nothing is dropped here
          await op.addColumn("users", op.column("nickname", "text"));

          // autogen-lint-ignore drop-column: a blank line separates this from the call

          await op.dropColumn("users", "email");
        `,
      });
      const report = await lintR02(project);
      expect(report.findings.map((f) => [f.rule, f.line])).toEqual([
        ["invalid-suppression", 10],
        ["unused-suppression", 11],
        ["unused-suppression", 14],
        ["drop-column", 16],
      ]);
      expect(report.findings[0].message).toContain("unknown rule(s) no-such-rule");
      expect(report.findings[2].message).toContain("not directly above");
    });
  });
});

describe("suppressions for the whole file", () => {
  it("silence every finding of the rule in the file", async () => {
    await withProject(async (project) => {
      project.add({
        id: "r02",
        parent: "r01",
        preamble: "// autogen-lint-ignore-file prefer-text: codes are fixed-width identifiers from the partner API",
        upgrade: `
          await op.addColumn("users", op.column("code", "varchar(12)"));
          await op.addColumn("orders", op.column("code", "varchar(12)"));
        `,
      });
      const report = await lintR02(project);
      expect(report.findings).toEqual([]);
      expect(report.suppressed.map((f) => [f.rule, f.scope])).toEqual([
        ["prefer-text", "file"],
        ["prefer-text", "file"],
      ]);
    });
  });

  it("are what is left when operations cannot be paired with op calls (a loop)", async () => {
    await withProject(async (project) => {
      const file = project.add({
        id: "r02",
        parent: "r01",
        preamble: "// autogen-lint-ignore-file drop-column: both columns were removed from the entities in 4.2",
        upgrade: `
          for (const column of ["email", "mood"]) {
            // autogen-lint-ignore rename-column: never applies, the loop breaks the pairing
            await op.renameColumn("users", column, column + "_old");
            // autogen-lint-ignore drop-column
            await op.dropColumn("users", column + "_old");
          }
        `,
      });
      const report = await lintR02(project);
      expect(report.suppressed.map((f) => f.rule)).toEqual(["drop-column", "drop-column"]);
      const unavailable = report.findings.find((f) => f.rule === "per-op-suppression-unavailable")!;
      expect(unavailable.message).toContain("recorded 4 operation(s) but upgrade() has 2 op call(s)");
      // Unpaired suppressions are still checked for a reason.
      expect(report.findings.filter((f) => f.rule === "invalid-suppression").map((f) => f.line)).toEqual([15]);
      // Without pairing, findings point at upgrade() itself.
      const renames = report.findings.filter((f) => f.rule === "rename-column");
      expect(renames).toHaveLength(2);
      expect(new Set(renames.map((f) => f.line))).toEqual(new Set([unavailable.line]));
      expect(file.endsWith("r02.ts")).toBe(true);
    });
  });

  it("cannot silence the findings about suppressions themselves", async () => {
    await withProject(async (project) => {
      project.add({
        id: "r02",
        parent: "r01",
        preamble: "// autogen-lint-ignore-file invalid-suppression: trying to hide it",
        upgrade: `
          // autogen-lint-ignore drop-table
          await op.dropTable("orders");
        `,
      });
      const report = await lintR02(project);
      expect(report.findings.map((f) => f.rule)).toEqual(["unused-suppression", "invalid-suppression", "drop-table"]);
    });
  });
});

describe("an upgrade that reads the database", () => {
  it("places the operations recorded before op.query on their lines, and leaves later suppressions alone", async () => {
    await withProject(async (project) => {
      project.add({
        id: "r02",
        parent: "r01",
        upgrade: `
          await op.dropTable("orders");
          const [row] = await op.query("SELECT count(*) AS n FROM users");
          // autogen-lint-ignore drop-column: never reached offline, so neither used nor unused
          await op.dropColumn("users", "email");
        `,
      });
      const report = await lintR02(project);
      expect(report.findings.map((f) => [f.rule, f.line])).toEqual([
        ["upgrade-not-recorded", 9],
        ["drop-table", 10],
      ]);
      expect(report.findings[0].message).toContain("upgrade() stopped after 1 operation(s)");
    });
  });
});

describe("CommonJS migrations", () => {
  it("pair operations with the op calls of exports.upgrade", async () => {
    await withProject(async (project) => {
      project.write(
        "migrations/r02.js",
        [
          'exports.revision = "r02";',
          'exports.downRevision = "r01";',
          "exports.upgrade = async (op) => {",
          "  // autogen-lint-ignore drop-table: archived to cold storage in ticket OPS-12",
          '  await op.dropTable("orders");',
          '  await op.renameColumn("users", "email", "mail");',
          "};",
          "exports.downgrade = async () => {};",
          "",
        ].join("\n"),
      );
      const report = await lintR02(project);
      expect(report.suppressed.map((f) => [f.rule, f.line])).toEqual([["drop-table", 5]]);
      expect(report.findings.map((f) => [f.rule, f.line])).toEqual([["rename-column", 6]]);
    });
  });
});
