/**
 * `heads`, `branches`, `show`, `history -r`, `current --check-heads`, templates: on a hand-written
 * history with two branches, a label and a cross-branch dependency.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { branchesCommand, headsCommand, showCommand } from "../../src/commands/inspect";
import { initCommand } from "../../src/commands/init";
import { upgradeCommand } from "../../src/commands/migrate";
import { currentCommand, historyCommand } from "../../src/commands/status";
import { listTemplates } from "../../src/commands/templates";
import { createTestDatabase } from "../support/database";
import { createTestProject, type TestProject } from "../support/project";

const writeRevision = (
  project: TestProject,
  id: string,
  parents: string[],
  body: string,
  extra: { branchLabels?: string[]; dependsOn?: string[] } = {},
) =>
  writeFileSync(
    path.join(project.migrationsDir, `${id}_rev.ts`),
    [
      "/**",
      ` * revision ${id}`,
      " */",
      'import type { Operations } from "typeorm-autogen";',
      `export const revision = ${JSON.stringify(id)};`,
      `export const downRevision = ${JSON.stringify(parents.length === 0 ? null : parents.length === 1 ? parents[0] : parents)};`,
      extra.branchLabels ? `export const branchLabels = ${JSON.stringify(extra.branchLabels)};` : "",
      extra.dependsOn ? `export const dependsOn = ${JSON.stringify(extra.dependsOn)};` : "",
      `export async function upgrade(op: Operations): Promise<void> { ${body} }`,
      "export async function downgrade(op: Operations): Promise<void> {}",
      "",
    ].join("\n"),
  );

/**
 * a - b - c                (c: "main" label)
 *      \- s1 - s2          (s1: "shop" label; s2 depends on c)
 */
const branchedProject = (): { project: TestProject; options: { cwd: string; configFile: string } } => {
  const project = createTestProject();
  const configFile = project.useEntitySchemas([]);
  writeRevision(project, "aaaa00000001", [], `await op.createTable("t", [op.column("id", "integer", { nullable: false })]);`);
  writeRevision(project, "bbbb00000002", ["aaaa00000001"], `await op.addColumn("t", op.column("b", "text"));`);
  writeRevision(project, "cccc00000003", ["bbbb00000002"], `await op.addColumn("t", op.column("c", "text"));`, { branchLabels: ["main"] });
  writeRevision(project, "eeee00000004", ["bbbb00000002"], `await op.createTable("shop", [op.column("id", "integer")]);`, { branchLabels: ["shop"] });
  writeRevision(project, "ffff00000005", ["eeee00000004"], `await op.execute("SELECT 1");`, { dependsOn: ["cccc00000003"] });
  return { project, options: { cwd: project.dir, configFile } };
};

describe("graph inspection commands", () => {
  it("lists heads, resolving dependencies on request", () => {
    const { project, options } = branchedProject();
    try {
      expect(headsCommand(options).map((head) => head.id)).toEqual(["cccc00000003", "ffff00000005"]);
      // ffff depends on cccc, so upgrading ffff applies cccc: cccc is not a head of its own then.
      expect(headsCommand({ ...options, resolveDependencies: true }).map((head) => head.id)).toEqual(["ffff00000005"]);
      expect(headsCommand(options)[0]).toMatchObject({ message: "revision cccc00000003", branchLabels: ["main"], parents: ["bbbb00000002"] });
    } finally {
      project.remove();
    }
  });

  it("resolves dependencies declared by a head's ancestors too", () => {
    const { project, options } = branchedProject();
    try {
      // gggg's parent ffff depends on cccc: upgrading gggg applies cccc, so cccc is no head of its own.
      writeRevision(project, "gggg00000006", ["ffff00000005"], "");
      expect(headsCommand(options).map((head) => head.id)).toEqual(["cccc00000003", "gggg00000006"]);
      expect(headsCommand({ ...options, resolveDependencies: true }).map((head) => head.id)).toEqual(["gggg00000006"]);
    } finally {
      project.remove();
    }
  });

  it("lists branch points with their children", () => {
    const { project, options } = branchedProject();
    try {
      const points = branchesCommand(options);
      expect(points.map((point) => [point.revision.id, point.children.map((child) => child.id)])).toEqual([
        ["bbbb00000002", ["cccc00000003", "eeee00000004"]],
      ]);
    } finally {
      project.remove();
    }
  });

  it("shows a revision by prefix or label, with the operations its upgrade performs", async () => {
    const { project, options } = branchedProject();
    try {
      const shown = await showCommand({ ...options, revision: "bbbb" });
      expect(shown).toMatchObject({ id: "bbbb00000002", parents: ["aaaa00000001"], children: ["cccc00000003", "eeee00000004"], isHead: false });
      expect(shown.upgradeOperations).toEqual(["addColumn public.t.b"]);
      expect((await showCommand({ ...options, revision: "shop@head" })).id).toBe("ffff00000005");
      await expect(showCommand({ ...options, revision: "heads" })).rejects.toThrow(/names 2 revisions/);
    } finally {
      project.remove();
    }
  });

  it("limits history to a range, marks the current revisions and checks heads", async () => {
    const { project, options } = branchedProject();
    const db = await createTestDatabase();
    try {
      const online = { ...options, url: db.url };
      const range = await historyCommand({ ...options, range: "bbbb00000002:shop@head", indicateCurrent: false });
      expect(range.map((entry) => entry.revision.id)).toEqual(["ffff00000005", "eeee00000004", "cccc00000003", "bbbb00000002"]);
      expect((await historyCommand({ ...options, range: ":bbbb", indicateCurrent: false })).map((entry) => entry.revision.id)).toEqual([
        "bbbb00000002",
        "aaaa00000001",
      ]);

      await upgradeCommand({ ...online, target: "main@head" });
      expect((await currentCommand(online)).atHeads).toBe(false);
      const marked = await historyCommand(online);
      expect(marked.filter((entry) => entry.isCurrent).map((entry) => entry.revision.id)).toEqual(["cccc00000003"]);
      expect((await historyCommand({ ...online, range: "current:" })).map((entry) => entry.revision.id)).toContain("ffff00000005");

      await upgradeCommand({ ...online, target: "heads" });
      expect((await currentCommand(online)).atHeads).toBe(true);
    } finally {
      await db.drop();
      project.remove();
    }
  });
});

describe("templates", () => {
  it("lists the shipped templates and starts a project from one", () => {
    expect(listTemplates().map((template) => template.name)).toEqual(["migration", "transactionless"]);
    const project = createTestProject();
    try {
      initCommand({ cwd: project.dir, template: "transactionless" });
      const written = require("node:fs").readFileSync(path.join(project.dir, "templates", "migration.ts"), "utf8") as string;
      expect(written).toContain("export const transactional = false;");
      expect(() => initCommand({ cwd: path.join(project.dir, "other"), template: "nope" })).toThrow(/No template named "nope". Available: migration, transactionless/);
    } finally {
      project.remove();
    }
  });
});
