/** `--tag` reaches migrations as `op.tag`, online and in offline scripts, as Alembic's tag argument does. */
import path from "node:path";
import { writeFileSync } from "node:fs";
import { upgradeCommand, upgradeSqlCommand } from "../../src/commands/migrate";
import { createTestDatabase } from "../support/database";
import { createTestProject } from "../support/project";

it("hands --tag to migrations as op.tag", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const configFile = path.join(project.dir, "autogen.config.tag.js");
    writeFileSync(configFile, `module.exports = { dataSource: "none.js", migrations: "migrations" };\n`);
    writeFileSync(
      path.join(project.migrationsDir, "0000000000t1_tagged.ts"),
      [
        `export const revision = "0000000000t1";`,
        `export async function upgrade(op: any) {`,
        `  await op.execute("CREATE TABLE tagged (tag text)");`,
        `  await op.execute(\`INSERT INTO tagged VALUES ('\${op.tag ?? "none"}')\`);`,
        `}`,
        `export async function downgrade(op: any) { await op.execute("DROP TABLE tagged"); }`,
        "",
      ].join("\n"),
    );
    const options = { cwd: project.dir, configFile, url: db.url };
    expect((await upgradeSqlCommand({ ...options, target: "head", tag: "release-42" })).sql).toContain("INSERT INTO tagged VALUES ('release-42')");
    await upgradeCommand({ ...options, target: "head", tag: "release-42" });
    expect((await db.client.query("SELECT tag FROM tagged")).rows).toEqual([{ tag: "release-42" }]);
  } finally {
    await db.drop();
    project.remove();
  }
});
