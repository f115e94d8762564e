/**
 * `--archive` together with `--rename`: archives are planned against the schema as the renames leave
 * it, so a renamed key column matches archived values to their rows, and a renamed table is found.
 */
import { readFileSync } from "node:fs";
import type { EntitySchemaOptions } from "typeorm";
import { checkCommand } from "../../src/commands/check";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { createTestDatabase } from "../support/database";
import { createTestProject } from "../support/project";

type Schema = EntitySchemaOptions<unknown>;

const users = (key: string, legacy: boolean): Schema => ({
  name: "User",
  tableName: "users",
  columns: { [key]: { type: "int", primary: true, generated: "increment" }, ...(legacy ? { legacy: { type: "text", nullable: true } } : {}) },
});
const tags = (tableName: string, old: boolean): Schema => ({
  name: "Tag",
  tableName,
  columns: { id: { type: "int", primary: true, generated: "increment" }, ...(old ? { old: { type: "text", nullable: true } } : {}) },
});

it("archives columns by the renamed key of a renamed table, and restores them on downgrade", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const options = { cwd: project.dir, url: db.url };
    const v1 = project.useEntitySchemas([users("id", true), tags("tags", true)]);
    await revisionCommand({ ...options, configFile: v1, message: "v1", revisionId: "0000000ar001" });
    await upgradeCommand({ ...options, configFile: v1, target: "head" });
    await db.client.query(`INSERT INTO users (legacy) VALUES ('a'), (NULL), ('c'); INSERT INTO tags (old) VALUES ('x'), ('y')`);

    const v2 = project.useEntitySchemas([users("user_id", false), tags("labels", false)]);
    const result = await revisionCommand({
      ...options,
      configFile: v2,
      message: "v2",
      revisionId: "0000000ar002",
      archive: true,
      renames: { hints: ["users.id=user_id", "tags=labels"] },
    });
    if (result.kind !== "written") throw new Error("expected a migration");
    const file = readFileSync(result.file, "utf8");
    expect(file).toContain(`await op.archiveColumn("users", "legacy", "archive_users_legacy", { key: ["user_id"] });`);
    expect(file).toContain(`await op.archiveColumn("labels", "old", "archive_labels_old", { key: ["id"] });`);

    await upgradeCommand({ ...options, configFile: v2, target: "head" });
    expect((await checkCommand({ ...options, configFile: v2 })).ops).toEqual([]);
    await downgradeCommand({ ...options, configFile: v2, target: "-1" });
    expect((await db.client.query("SELECT id, legacy FROM users ORDER BY id")).rows).toEqual([
      { id: 1, legacy: "a" },
      { id: 2, legacy: null },
      { id: 3, legacy: "c" },
    ]);
    expect((await db.client.query("SELECT id, old FROM tags ORDER BY id")).rows).toEqual([{ id: 1, old: "x" }, { id: 2, old: "y" }]);
  } finally {
    await db.drop();
    project.remove();
  }
});
