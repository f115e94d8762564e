/**
 * With no --url, no DATABASE_URL and no url in the config, autogen runs every command on an embedded
 * PostgreSQL server whose data lives in the project's .autogen/ and which it stops after each command.
 * Slow (the first command runs initdb), so this is the only e2e test that relies on it.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLibraryProject, expectExit, type Project } from "./support";

/** If a command was killed before it could stop its server, stop that server (the pid we started) and wait for it. */
const stopLeftoverServer = async (project: Project): Promise<void> => {
  const pidFile = project.file(path.join(".autogen", "pgdata", "postmaster.pid"));
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!(pid > 0)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  for (let waited = 0; waited < 20_000 && existsSync(pidFile); waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
};

describe("the embedded default server", () => {
  it("serves revision, upgrade and current when no database URL is given anywhere", async () => {
    const project = await createLibraryProject();
    try {
      expect(project.read("autogen.config.ts")).not.toMatch(/^\s*url:/m);
      const noUrl = { timeoutMs: 150_000 };
      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "e0000000000b"], noUrl), 0);
      expect(project.read(path.join("migrations", "e0000000000b_initial.ts"))).toContain('await op.createTable("books", [');
      expect(existsSync(project.file(path.join(".autogen", "pgdata", "PG_VERSION")))).toBe(true);

      const upgrade = expectExit(await project.cli(["upgrade"], noUrl), 0);
      expect(upgrade.stdout).toContain("Now at e0000000000b.");

      const current = expectExit(await project.cli(["current", "--verbose"], noUrl), 0);
      expect(current.stdout).toBe(`Database: embedded server (${project.file(".autogen")})\ne0000000000b (head) initial\n`);
      expect(expectExit(await project.cli(["check"], noUrl), 0).stdout).toContain("No changes");
      // The embedded package's exit hook ends the process with exit(0); a failing gate must still fail.
      project.edit(path.join("src", "book.ts"), "  @Column({ default: 0 })\n  pages: number;", "  @Column({ default: 0 })\n  pages: number;\n\n  @Column({ nullable: true })\n  isbn: string;");
      expect(expectExit(await project.cli(["check"], noUrl), 1).stdout).toContain("addColumn public.books.isbn");

      // Each command stops the server it started.
      expect(existsSync(project.file(path.join(".autogen", "pgdata", "postmaster.pid")))).toBe(false);
    } finally {
      await stopLeftoverServer(project);
      project.remove();
    }
  }, 600_000);
});
