/**
 * The version table can live in its own schema, which need not exist yet.
 */
import path from "node:path";
import { writeFileSync } from "node:fs";
import { currentCommand } from "../../src/commands/status";
import { upgradeCommand } from "../../src/commands/migrate";
import { createTestDatabase } from "../support/database";
import { createTestProject } from "../support/project";

it("creates the version table's schema when it does not exist", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const configFile = path.join(project.dir, "autogen.config.ops.js");
    writeFileSync(configFile, `module.exports = { dataSource: "none.js", migrations: "migrations", versionTableSchema: "ops" };\n`);
    writeFileSync(
      path.join(project.migrationsDir, "000000000001_first.ts"),
      `export const revision = "000000000001";\nexport async function upgrade(op: any) { await op.execute("SELECT 1"); }\nexport async function downgrade() {}\n`,
    );
    const options = { cwd: project.dir, configFile, url: db.url };
    await upgradeCommand({ ...options, target: "head" });
    expect((await db.client.query(`SELECT version_num FROM ops.autogen_version`)).rows).toEqual([{ version_num: "000000000001" }]);
    expect((await currentCommand(options)).heads.map((head) => head.id)).toEqual(["000000000001"]);
  } finally {
    await db.drop();
    project.remove();
  }
});
