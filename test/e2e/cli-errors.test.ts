/**
 * What the CLI does when something goes wrong: a failing migration is rolled back and explained; bad
 * projects, bad URLs and bad targets are user errors (exit 1, one `autogen: ...` line of explanation),
 * never internal errors (exit 70), and never print a password.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { createTestDatabase, serverUrl } from "../support/database";
import {
  createLibraryProject,
  createProject,
  expectExit,
  logRows,
  publicTables,
  shown,
  VERSION_TABLES,
  versionRows,
  type CliResult,
  type Project,
} from "./support";

const handWritten = (id: string, parent: string | null, upgrade: string[], downgrade: string[] = []): string => `/**
 * hand-written ${id}
 */
import type { Operations } from "typeorm-autogen";

export const revision = ${JSON.stringify(id)};
export const downRevision = ${JSON.stringify(parent)};

export async function upgrade(op: Operations): Promise<void> {
${upgrade.map((line) => `  ${line}`).join("\n")}
}

export async function downgrade(op: Operations): Promise<void> {
${downgrade.map((line) => `  ${line}`).join("\n")}
}
`;

const FAILING_UPGRADE = [
  'await op.execute("CREATE TABLE shelf_marks (id integer PRIMARY KEY)");',
  "await op.execute(\"INSERT INTO authors (name) VALUES ('written before the failure')\");",
  'await op.execute("SELECT * FROM missing_table");',
];

/** A user error: exit 1, the message on stderr after `autogen: `, no stack, nothing on stdout. */
const expectUserError = (result: CliResult): string => {
  expectExit(result, 1);
  if (!result.stderr.startsWith("autogen: ") || result.stderr.includes("internal error")) {
    throw new Error(`expected a user error, got ${shown(result)}`);
  }
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe("");
  return result.stderr;
};

describe("a migration that fails", () => {
  it("is rolled back entirely, and the error names the revision, the operation and PostgreSQL's message", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const url = ["--url", db.url];
    try {
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "f00000000001", ...url]), 0);
      expectExit(await project.cli(["upgrade", ...url]), 0);
      project.write(path.join("migrations", "f00000000002_boom.ts"), handWritten("f00000000002", "f00000000001", FAILING_UPGRADE));

      const stderr = expectUserError(await project.cli(["upgrade", ...url]));
      expect(stderr).toContain("Revision f00000000002 upgrade failed");
      expect(stderr).toContain('execute "SELECT * FROM missing_table"');
      expect(stderr).toContain('relation "missing_table" does not exist');
      expect(stderr).toContain("Rolled back");

      expect(await publicTables(db.client)).toEqual(["authors", ...VERSION_TABLES, "books"].sort());
      expect((await db.client.query("SELECT count(*)::int AS n FROM authors")).rows).toEqual([{ n: 0 }]);
      expect(await versionRows(db.client)).toEqual(["f00000000001"]);
      expect(await logRows(db.client)).toEqual([{ revision: "f00000000001", direction: "up" }]);
      expect(expectExit(await project.cli(["current", ...url]), 0).stdout).toBe("f00000000001 initial\n");
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("takes the earlier migrations of the run with it, unless --transaction each", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const url = ["--url", db.url];
    try {
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "f10000000001", ...url]), 0);
      expectExit(await project.cli(["upgrade", ...url]), 0);
      project.write(
        path.join("migrations", "f10000000002_good.ts"),
        handWritten("f10000000002", "f10000000001", ['await op.execute("CREATE TABLE kept_table (id integer)");'], [
          'await op.execute("DROP TABLE kept_table");',
        ]),
      );
      project.write(path.join("migrations", "f10000000003_boom.ts"), handWritten("f10000000003", "f10000000002", FAILING_UPGRADE));

      const all = expectUserError(await project.cli(["upgrade", ...url]));
      expect(all).toContain("Revision f10000000003 upgrade failed");
      expect(await publicTables(db.client)).toEqual(["authors", ...VERSION_TABLES, "books"].sort());
      expect(await versionRows(db.client)).toEqual(["f10000000001"]);

      const each = expectUserError(await project.cli(["upgrade", "--transaction", "each", ...url]));
      expect(each).toContain("Revision f10000000003 upgrade failed");
      expect(await publicTables(db.client)).toEqual(["authors", ...VERSION_TABLES, "books", "kept_table"].sort());
      expect(await versionRows(db.client)).toEqual(["f10000000002"]);
      expect((await logRows(db.client)).map((row) => row.revision)).toEqual(["f10000000001", "f10000000002"]);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});

describe("bad projects", () => {
  it.each([["current"], ["upgrade"], ["revision", "-m", "x"], ["check"], ["history"]])(
    "%s without a config file says to run `autogen init`",
    async (...command) => {
      const db = await createTestDatabase("autogen_e2e");
      const project = createProject();
      try {
        const stderr = expectUserError(await project.cli([...command, "--url", db.url]));
        expect(stderr).toContain(`No autogen.config.ts in ${project.dir}`);
        expect(stderr).toContain("`autogen init`");
        expect(await publicTables(db.client)).toEqual([]);
      } finally {
        project.remove();
        await db.drop();
      }
    },
  );

  it("names a --config file that does not exist", async () => {
    const project = await createLibraryProject();
    try {
      const stderr = expectUserError(await project.cli(["current", "--config", "elsewhere/autogen.config.ts"]));
      expect(stderr).toContain(`Config file ${project.file(path.join("elsewhere", "autogen.config.ts"))} does not exist.`);
    } finally {
      project.remove();
    }
  });

  it("names an unknown key in the config", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      project.edit("autogen.config.ts", 'migrations: "migrations",', 'migrations: "migrations",\n  migrationsDirectory: "db",');
      const stderr = expectUserError(await project.cli(["revision", "-m", "x", "--url", db.url]));
      expect(stderr).toContain(`${project.file("autogen.config.ts")}: unknown option(s) migrationsDirectory.`);
      expect(project.migrations()).toEqual([]);
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("reports a DataSource module that throws while loading, with its cause", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      project.edit(
        path.join("src", "data-source.ts"),
        'import "reflect-metadata";',
        'import "reflect-metadata";\nthrow new Error("entity registry exploded: quux-42");',
      );
      for (const command of [["revision", "-m", "x"], ["check"]]) {
        const stderr = expectUserError(await project.cli([...command, "--url", db.url]));
        expect(stderr).toContain(`DataSource module ${project.file(path.join("src", "data-source.ts"))}: failed to load`);
        expect(stderr).toContain("entity registry exploded: quux-42");
      }
      expect(project.migrations()).toEqual([]);
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("reports a DataSource module that exports no DataSource", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      project.write(path.join("src", "data-source.ts"), "export const notADataSource = { options: {} };\n");
      const stderr = expectUserError(await project.cli(["revision", "-m", "x", "--url", db.url]));
      expect(stderr).toContain("exports no TypeORM DataSource");
      expect(project.migrations()).toEqual([]);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});

describe("broken migration files", () => {
  it.each([
    ["has a syntax error", "export const revision = ;\n", "failed to load"],
    ["exports no revision id", handWritten("x", null, []).replace('export const revision = "x";', ""), "exports no `revision` id"],
    ["names a parent that does not exist", handWritten("a20000000001", "nosuchparent", []), "names nosuchparent in downRevision"],
  ])("are named before anything runs when one %s", async (_case, text, reason) => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      project.write(path.join("migrations", "a20000000001_broken.ts"), text);
      const stderr = expectUserError(await project.cli(["upgrade", "--url", db.url]));
      expect(stderr).toContain(reason);
      expect(stderr).toContain(reason.startsWith("names") ? "a20000000001" : project.file(path.join("migrations", "a20000000001_broken.ts")));
      expect(await publicTables(db.client)).toEqual([]);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});

describe("database URLs", () => {
  const SECRET = "s3cretpass";
  const UNREACHABLE = `postgres://postgres:${SECRET}@127.0.0.1:1/postgres`;

  /** A project with one (empty) migration, so every command has something to do once connected. */
  const withProject = async (action: (project: Project) => Promise<void>): Promise<void> => {
    const project = await createLibraryProject();
    try {
      project.write(path.join("migrations", "a00000000001_noop.ts"), handWritten("a00000000001", null, []));
      await action(project);
    } finally {
      project.remove();
    }
  };

  const expectMaskedConnectionError = (result: CliResult): void => {
    const stderr = expectUserError(result);
    expect(stderr).toContain("Cannot connect to postgres://postgres:***@127.0.0.1:1/postgres");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  };

  it.each([["current"], ["history"], ["upgrade"], ["downgrade", "base"], ["revision", "-m", "x"], ["check"]])(
    "%s with an unreachable --url fails without printing the password",
    (...command) =>
      withProject(async (project) => {
        expectMaskedConnectionError(await project.cli([...command, "--url", UNREACHABLE]));
        expect(project.migrations()).toEqual(["a00000000001_noop.ts"]);
      }),
  );

  it("masks the password of --url=... and of DATABASE_URL too", () =>
    withProject(async (project) => {
      expectMaskedConnectionError(await project.cli(["current", `--url=${UNREACHABLE}`]));
      expectMaskedConnectionError(await project.cli(["upgrade"], { databaseUrl: UNREACHABLE }));
    }));

  it("masks the password when an error message quotes the database URL", async () => {
    // A login role with a real password, so the URL authenticates on trust and password servers alike.
    const suffix = randomBytes(4).toString("hex");
    const role = `autogen_e2e_${suffix}`;
    const secret = `s3cret-${suffix}`;
    const db = await createTestDatabase("autogen_e2e");
    const admin = new Client({ connectionString: serverUrl() });
    await admin.connect();
    const project = await createLibraryProject();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${secret}'`);
      const url = new URL(db.url);
      url.username = role;
      url.password = secret;
      // An application that validates its environment and quotes it when it objects.
      project.edit(
        path.join("src", "data-source.ts"),
        'import "reflect-metadata";',
        'import "reflect-metadata";\nthrow new Error(`refusing to start with ${process.env.DATABASE_URL}`);',
      );
      const result = await project.cli(["revision", "-m", "x"], { databaseUrl: url.toString() });
      const stderr = expectUserError(result);
      expect(stderr).toContain(`refusing to start with postgres://${role}:***@`);
      expect(result.stdout + result.stderr).not.toContain(secret);
    } finally {
      project.remove();
      await db.drop();
      await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
    }
  });

  it("reports a malformed URL as a user error, without the password", () =>
    withProject(async (project) => {
      const result = await project.cli(["current", "--url", `postgres://postgres:${SECRET}@127.0.0.1:notaport/postgres`]);
      expectUserError(result);
      expect(result.stdout + result.stderr).not.toContain(SECRET);
    }));
});

describe("a database at a revision no migration file declares", () => {
  it("is explained by current, upgrade and revision", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const url = ["--url", db.url];
    try {
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "d00000000001", ...url]), 0);
      expectExit(await project.cli(["upgrade", ...url]), 0);
      // As after checking out a branch that does not have the migration.
      rmSync(project.file(path.join("migrations", "d00000000001_initial.ts")));

      const current = expectExit(await project.cli(["current", ...url]), 0);
      expect(current.stdout).toBe("d00000000001 (no migration file declares this revision)\n");
      const upgrade = expectUserError(await project.cli(["upgrade", ...url]));
      expect(upgrade).toContain("The database records revision d00000000001, but no migration declares it.");
      const revision = expectUserError(await project.cli(["revision", "-m", "next", ...url]));
      expect(revision).toContain("d00000000001");
      // Not "the migrations' head is ." with an empty list where the head should be.
      expect(revision).not.toMatch(/head is \./);
      expect(project.migrations()).toEqual([]);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});

describe("bad targets and arguments", () => {
  it("explains an unknown upgrade or downgrade target and changes nothing", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const url = ["--url", db.url];
    try {
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "b00000000001", ...url]), 0);
      const upgrade = expectUserError(await project.cli(["upgrade", "nosuchrev", ...url]));
      expect(upgrade).toContain('No revision or branch label matches "nosuchrev". Run "autogen history" to list revisions.');
      // Not even the version table: the run was rolled back.
      expect(await publicTables(db.client)).toEqual([]);

      const downgrade = expectUserError(await project.cli(["downgrade", "nosuchrev", ...url]));
      expect(downgrade).toContain('"nosuchrev"');
      const below = expectUserError(await project.cli(["downgrade", "-1", ...url]));
      expect(below).toContain('Cannot resolve "-1"');
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("refuses a --rev-id that is already used", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "b10000000001", "--url", db.url]), 0);
      expectExit(await project.cli(["upgrade", "--url", db.url]), 0);
      const stderr = expectUserError(await project.cli(["revision", "--empty", "-m", "again", "--rev-id", "b10000000001", "--url", db.url]));
      expect(stderr).toContain(`Revision id b10000000001 is already used by ${project.file(path.join("migrations", "b10000000001_initial.ts"))}`);
      expect(project.migrations()).toEqual(["b10000000001_initial.ts"]);
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("refuses a --rev-id that is not usable in a file name", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      expectUserError(await project.cli(["revision", "--empty", "-m", "slash", "--rev-id", "x/y", "--url", db.url]));
      expect(project.migrations()).toEqual([]);
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("never writes a revision whose id the version table cannot store", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const id = "r".repeat(70);
    try {
      const revision = await project.cli(["revision", "--empty", "-m", "long", "--rev-id", id, "--url", db.url]);
      if (revision.code === 0) {
        // Accepted: then it must be applicable like any other revision.
        expectExit(await project.cli(["upgrade", "--url", db.url]), 0);
        expect(await versionRows(db.client)).toEqual([id]);
      } else {
        expectUserError(revision);
        expect(project.migrations()).toEqual([]);
      }
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("rejects unknown commands and a revision without a message", async () => {
    const project = await createLibraryProject();
    try {
      expect(expectUserError(await project.cli(["frobnicate"]))).toContain("Unknown argument: frobnicate");
      expect(expectUserError(await project.cli(["revision"]))).toContain("Missing required argument: message");
      expect(project.migrations()).toEqual([]);
    } finally {
      project.remove();
    }
  });
});
