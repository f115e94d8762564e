/**
 * The built `autogen` CLI driven as a user drives it: init, revision, upgrade, check, downgrade,
 * current, history and --json, against a real database and a real project of decorated entities.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createTestDatabase } from "../support/database";
import {
  columnsOf,
  createLibraryProject,
  createProject,
  enumExists,
  expectExit,
  functionBody,
  logRows,
  publicTables,
  REPO,
  typeCheck,
  VERSION_TABLES,
  versionRows,
} from "./support";

const BIOGRAPHY = `@Column({ type: "text", nullable: true })
  biography: string | null;`;
const EXTRA_COLUMNS_MARKER = "// e2e: extra columns go here";

describe("autogen init", () => {
  it("writes the config, migrations/ and the template, and refuses to run twice", async () => {
    const project = createProject();
    try {
      const first = expectExit(await project.cli(["init", "--data-source", "app/db.ts"]), 0);
      const config = project.read("autogen.config.ts");
      expect(config).toContain('dataSource: "app/db.ts"');
      expect(config).toContain('migrations: "migrations"');
      expect(config).toContain('template: "templates/migration.ts"');
      expect(statSync(project.file("migrations")).isDirectory()).toBe(true);
      expect(project.read("templates/migration.ts")).toBe(readFileSync(path.join(REPO, "templates", "migration.ts"), "utf8"));
      for (const created of ["autogen.config.ts", "migrations", path.join("templates", "migration.ts")]) {
        expect(first.stdout).toContain(`Created ${project.file(created)}`);
      }

      project.write("autogen.config.ts", `${config}// edited by the user\n`);
      const second = expectExit(await project.cli(["init"]), 1);
      expect(second.stderr).toMatch(/^autogen: .*autogen\.config\.ts already exists/);
      expect(project.read("autogen.config.ts")).toBe(`${config}// edited by the user\n`);
    } finally {
      project.remove();
    }
  });

  it("defaults the DataSource path to src/data-source.ts", async () => {
    const project = createProject();
    try {
      expectExit(await project.cli(["init"]), 0);
      expect(project.read("autogen.config.ts")).toContain('dataSource: "src/data-source.ts"');
    } finally {
      project.remove();
    }
  });
});

describe("autogen revision, upgrade, current, history, check", () => {
  it("generates a first migration that type-checks, without touching the database", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      const result = expectExit(await project.cli(["revision", "-m", "initial", "--url", db.url]), 0);
      const files = project.migrations();
      expect(files).toHaveLength(1);
      const [file] = files;
      expect(file).toMatch(/^[0-9a-f]{12}_initial\.ts$/);
      const id = file.slice(0, 12);
      expect(result.stdout).toContain(`Generated ${path.join("migrations", file)}`);

      const source = project.read(path.join("migrations", file));
      expect(source).toContain(`export const revision = "${id}";`);
      expect(source).toContain("export const downRevision = null;");
      expect(source).toMatch(/^\/\*\*\n \* initial\n/);
      expect(source).toContain('await op.createEnum("book_genre", ["fiction", "poetry", "essay"]);');
      expect(source).toContain('await op.createTable("authors", [');
      expect(source).toContain('await op.createTable("books", [');
      // Implicit column types come from decorator metadata: `name: string` must become varchar.
      expect(source).toContain('op.column("name", "character varying", { nullable: false })');
      expect(source).toContain(`op.column("pages", "integer", { nullable: false, default: op.sql("'0'") })`);
      expect(source).toMatch(/await op\.createForeignKey\("books", "FK_\w+", \["author_id"\], "authors", \["id"\], \{ onDelete: "CASCADE" \}\);/);
      expect(functionBody(source, "downgrade")).toContain('await op.dropTable("books");');
      expect(functionBody(source, "downgrade")).toContain('await op.dropEnum("book_genre");');

      expect(typeCheck([project.file(path.join("migrations", file))])).toEqual([]);
      // The type check itself must be able to fail: a wrong call is reported.
      const broken = project.write("broken.ts", source.replace('op.createTable("authors", [', 'op.createTable(42, ['));
      expect(typeCheck([broken]).join("\n")).toMatch(/not assignable to parameter of type/);

      expect(await publicTables(db.client)).toEqual([]);
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("applies the migration, reports it as current and head, and then finds nothing to generate", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      const id = "1a2b3c4d5e6f";
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", id, "--url", db.url]), 0);

      const upgrade = expectExit(await project.cli(["upgrade", "--url", db.url]), 0);
      expect(upgrade.stdout).toMatch(new RegExp(`^Upgraded ${id} \\(\\d+ ms\\)\\nNow at ${id}\\.\\n$`));
      expect(await publicTables(db.client)).toEqual(["authors", ...VERSION_TABLES, "books"].sort());
      expect(await versionRows(db.client)).toEqual([id]);
      expect(await logRows(db.client)).toEqual([{ revision: id, direction: "up" }]);
      expect(await enumExists(db.client, "book_genre")).toBe(true);
      const author = await db.client.query<{ id: number }>("INSERT INTO authors (name) VALUES ('Ann') RETURNING id");
      const book = await db.client.query<{ genre: string; pages: number }>(
        "INSERT INTO books (title, author_id) VALUES ('Poems', $1) RETURNING genre, pages",
        [author.rows[0].id],
      );
      expect(book.rows[0]).toEqual({ genre: "fiction", pages: 0 });

      const current = expectExit(await project.cli(["current"], { databaseUrl: db.url }), 0);
      expect(current.stdout).toBe(`${id} (head) initial\n`);
      const history = expectExit(await project.cli(["history", "--url", db.url]), 0);
      expect(history.stdout).toBe(`<base> -> ${id} (head) (current), initial\n`);
      const check = expectExit(await project.cli(["check", "--url", db.url]), 0);
      expect(check.stdout).toContain("No changes");

      const again = expectExit(await project.cli(["revision", "-m", "again", "--url", db.url]), 0);
      expect(again.stdout).toContain("No changes");
      expect(project.migrations()).toEqual([`${id}_initial.ts`]);
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("follows an entity change: check fails naming the column, revision, upgrade, downgrade -1, downgrade base", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const url = ["--url", db.url];
    try {
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "aaaa00000001", ...url]), 0);
      expectExit(await project.cli(["upgrade", "head", ...url]), 0);

      project.edit(path.join("src", "author.ts"), EXTRA_COLUMNS_MARKER, BIOGRAPHY);
      const check = expectExit(await project.cli(["check", ...url]), 1);
      expect(check.stdout).toContain("The entities differ from the database:");
      expect(check.stdout).toContain("addColumn public.authors.biography");

      const revision = expectExit(await project.cli(["revision", "-m", "add biography", "--rev-id", "bbbb00000002", ...url]), 0);
      expect(revision.stdout).toContain(`Generated ${path.join("migrations", "bbbb00000002_add_biography.ts")} (1 operation)`);
      expect(project.migrations()).toEqual(["aaaa00000001_initial.ts", "bbbb00000002_add_biography.ts"]);
      const source = project.read(path.join("migrations", "bbbb00000002_add_biography.ts"));
      expect(source).toContain('export const downRevision = "aaaa00000001";');
      expect(functionBody(source, "upgrade")).toBe('await op.addColumn("authors", op.column("biography", "text", { nullable: true }));');
      expect(functionBody(source, "downgrade")).toBe('await op.dropColumn("authors", "biography");');
      expect(typeCheck([project.file(path.join("migrations", "bbbb00000002_add_biography.ts"))])).toEqual([]);

      await db.client.query("INSERT INTO authors (name) VALUES ('Kept')");
      expectExit(await project.cli(["upgrade", ...url]), 0);
      expect(await columnsOf(db.client, "authors")).toEqual(["id", "name", "biography"]);
      expect(await versionRows(db.client)).toEqual(["bbbb00000002"]);
      expectExit(await project.cli(["check", ...url]), 0);

      const down = expectExit(await project.cli(["downgrade", "-1", ...url]), 0);
      expect(down.stdout).toMatch(/^Downgraded bbbb00000002 \(\d+ ms\)\nNow at aaaa00000001\.\n$/);
      expect(await columnsOf(db.client, "authors")).toEqual(["id", "name"]);
      expect((await db.client.query("SELECT name FROM authors")).rows).toEqual([{ name: "Kept" }]);
      expect(await versionRows(db.client)).toEqual(["aaaa00000001"]);

      expectExit(await project.cli(["downgrade", "base", ...url]), 0);
      expect(await publicTables(db.client)).toEqual(VERSION_TABLES);
      expect(await versionRows(db.client)).toEqual([]);
      expect(await enumExists(db.client, "book_genre")).toBe(false);
      expect(await logRows(db.client)).toEqual([
        { revision: "aaaa00000001", direction: "up" },
        { revision: "bbbb00000002", direction: "up" },
        { revision: "bbbb00000002", direction: "down" },
        { revision: "aaaa00000001", direction: "down" },
      ]);
      const current = expectExit(await project.cli(["current", ...url]), 0);
      expect(current.stdout).toBe("base (no migrations applied)\n");
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("refuses to generate (and check) while the database is behind the migrations' head", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const url = ["--url", db.url];
    try {
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "cccc00000001", ...url]), 0);

      const refused = expectExit(await project.cli(["revision", "-m", "second", ...url]), 1);
      expect(refused.stderr).toMatch(/^autogen: The database has no migrations applied, but the migrations' head is cccc00000001\./);
      expect(refused.stderr).toContain("run `autogen upgrade head` first");
      expect(project.migrations()).toEqual(["cccc00000001_initial.ts"]);
      const check = expectExit(await project.cli(["check", ...url]), 1);
      expect(check.stderr).toContain("`autogen upgrade head`");
      expect(check.stdout).toBe("");

      expectExit(await project.cli(["upgrade", ...url]), 0);
      project.edit(path.join("src", "author.ts"), EXTRA_COLUMNS_MARKER, BIOGRAPHY);
      expectExit(await project.cli(["revision", "-m", "second", "--rev-id", "cccc00000002", ...url]), 0);
      const behindAgain = expectExit(await project.cli(["revision", "-m", "third", ...url]), 1);
      expect(behindAgain.stderr).toContain("The database is at cccc00000001, but the migrations' head is cccc00000002.");
      expect(project.migrations()).toEqual(["cccc00000001_initial.ts", "cccc00000002_second.ts"]);
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("writes an empty migration from the project's template with --empty, and applies it", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const url = ["--url", db.url];
    try {
      project.edit(
        path.join("templates", "migration.ts"),
        'import type { Operations } from "typeorm-autogen";',
        'import type { Operations } from "typeorm-autogen";\n// house style: reviewed by the data team',
      );
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "dddd00000001", ...url]), 0);
      expectExit(await project.cli(["upgrade", ...url]), 0);

      const result = expectExit(await project.cli(["revision", "--empty", "-m", "backfill", "--rev-id", "dddd00000002", ...url]), 0);
      expect(result.stdout).toContain(`Generated ${path.join("migrations", "dddd00000002_backfill.ts")}`);
      const file = path.join("migrations", "dddd00000002_backfill.ts");
      const source = project.read(file);
      expect(source).toContain("// house style: reviewed by the data team");
      expect(source).toMatch(/^\/\*\*\n \* backfill\n \*\n \* Revision ID: dddd00000002\n \* Revises: dddd00000001\n/);
      expect(source).toContain('export const revision = "dddd00000002";');
      expect(source).toContain('export const downRevision = "dddd00000001";');
      for (const name of ["upgrade", "downgrade"] as const) {
        const body = functionBody(source, name);
        // Nothing but comments: no statement of any kind.
        expect(body.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("//"))).toEqual([]);
      }
      expect(typeCheck([project.file(file)])).toEqual([]);

      expectExit(await project.cli(["upgrade", ...url]), 0);
      expect(await versionRows(db.client)).toEqual(["dddd00000002"]);
      expect(await publicTables(db.client)).toEqual(["authors", ...VERSION_TABLES, "books"].sort());
      const history = expectExit(await project.cli(["history", ...url]), 0);
      expect(history.stdout).toBe(
        "dddd00000001 -> dddd00000002 (head) (current), backfill\n<base> -> dddd00000001, initial\n",
      );
    } finally {
      project.remove();
      await db.drop();
    }
  });

  it("passes upgrade -x key=value to migrations as op.args", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      project.write(
        path.join("migrations", "eeee00000001_args.ts"),
        `/**
 * seed from args
 */
import type { Operations } from "typeorm-autogen";

export const revision = "eeee00000001";
export const downRevision = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.execute("CREATE TABLE seeded (tenant text NOT NULL, note text NOT NULL)");
  await op.execute(\`INSERT INTO seeded VALUES ('\${op.args.tenant}', '\${op.args.note}')\`);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute("DROP TABLE seeded");
}
`,
      );
      // -x takes one value each time: a target after it is still the target.
      expectExit(await project.cli(["upgrade", "-x", "tenant=acme", "-x", "note=a=b", "head", "--url", db.url]), 0);
      expect((await db.client.query("SELECT tenant, note FROM seeded")).rows).toEqual([{ tenant: "acme", note: "a=b" }]);

      const bad = expectExit(await project.cli(["downgrade", "base", "-x", "novalue", "--url", db.url]), 1);
      expect(bad.stderr).toBe('autogen: -x takes key=value, got "novalue".\n');
      expect(await versionRows(db.client)).toEqual(["eeee00000001"]);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});

describe("concurrent upgrades", () => {
  it("apply each migration once: the second runner waits for the first and finds nothing to do", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    try {
      project.write(
        path.join("migrations", "ffff00000001_slow.ts"),
        `/**
 * slow
 */
import type { Operations } from "typeorm-autogen";

export const revision = "ffff00000001";
export const downRevision = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.execute("CREATE TABLE counted (n integer)");
  await op.execute("SELECT pg_sleep(1.5)");
  await op.execute("INSERT INTO counted VALUES (1)");
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute("DROP TABLE counted");
}
`,
      );
      const [first, second] = await Promise.all([
        project.cli(["upgrade", "--url", db.url]),
        project.cli(["upgrade", "--url", db.url]),
      ]);
      expectExit(first, 0);
      expectExit(second, 0);
      const outputs = [first.stdout, second.stdout].sort();
      expect(outputs[0]).toBe("Nothing to upgrade; at ffff00000001.\n");
      expect(outputs[1]).toMatch(/^Upgraded ffff00000001 \(\d+ ms\)\nNow at ffff00000001\.\n$/);
      expect((await db.client.query("SELECT n FROM counted")).rows).toEqual([{ n: 1 }]);
      expect(await versionRows(db.client)).toEqual(["ffff00000001"]);
      expect(await logRows(db.client)).toEqual([{ revision: "ffff00000001", direction: "up" }]);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});

describe("--json", () => {
  it("prints parseable results for revision, upgrade, current, history and check", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = await createLibraryProject();
    const url = ["--url", db.url];
    try {
      const revision = expectExit(await project.cli(["revision", "-m", "initial", "--json", ...url]), 0);
      const written = JSON.parse(revision.stdout) as { kind: string; file: string; revision: string; ops: { kind: string }[] };
      expect(written.kind).toBe("written");
      expect(written.revision).toMatch(/^[0-9a-f]{12}$/);
      expect(written.file).toBe(project.file(path.join("migrations", `${written.revision}_initial.ts`)));
      expect(existsSync(written.file)).toBe(true);
      expect(written.ops.map((op) => op.kind).sort()).toEqual(["createEnum", "createForeignKey", "createIndex", "createTable", "createTable"]);

      const upgrade = JSON.parse(expectExit(await project.cli(["upgrade", "--json", ...url]), 0).stdout) as {
        applied: { revision: string; direction: string }[];
        heads: string[];
      };
      expect(upgrade.applied.map(({ revision: id, direction }) => ({ id, direction }))).toEqual([{ id: written.revision, direction: "up" }]);
      expect(upgrade.heads).toEqual([written.revision]);

      const current = JSON.parse(expectExit(await project.cli(["current", "--json", ...url]), 0).stdout) as {
        database: string;
        heads: unknown[];
      };
      expect(current.heads).toEqual([{ id: written.revision, message: "initial", isHead: true }]);
      expect(current.database).toContain(db.name);

      const history = JSON.parse(expectExit(await project.cli(["history", "--json", ...url]), 0).stdout) as {
        revision: { id: string; parents: string[]; message: string };
        isHead: boolean;
        isCurrent: boolean;
      }[];
      expect(history.map((entry) => [entry.revision.id, entry.revision.parents, entry.revision.message, entry.isHead, entry.isCurrent])).toEqual([
        [written.revision, [], "initial", true, true],
      ]);

      expect(JSON.parse(expectExit(await project.cli(["check", "--json", ...url]), 0).stdout)).toEqual({ upToDate: true, ops: [], leftovers: [] });
      expect(JSON.parse(expectExit(await project.cli(["revision", "-m", "again", "--json", ...url]), 0).stdout)).toEqual({ kind: "noChanges" });

      project.edit(path.join("src", "author.ts"), EXTRA_COLUMNS_MARKER, BIOGRAPHY);
      const differs = JSON.parse(expectExit(await project.cli(["check", "--json", ...url]), 1).stdout) as {
        upToDate: boolean;
        ops: { kind: string; table: { name: string }; column: { name: string } }[];
      };
      expect(differs.upToDate).toBe(false);
      expect(differs.ops.map((op) => [op.kind, op.table.name, op.column.name])).toEqual([["addColumn", "authors", "biography"]]);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});
