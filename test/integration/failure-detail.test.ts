/** A failed upgrade says which row is at fault: PostgreSQL's DETAIL travels with its message. */
import { upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { createTestDatabase } from "../support/database";
import { createTestProject } from "../support/project";

it("names the duplicated key when a new unique constraint meets duplicate rows", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const options = { cwd: project.dir, url: db.url };
    const users = (unique: boolean) => [
      { name: "User", tableName: "users", columns: { id: { type: "int", primary: true, generated: "increment" }, email: { type: "varchar", unique } } },
    ] as never;
    const v1 = project.useEntitySchemas(users(false));
    await revisionCommand({ ...options, configFile: v1, message: "v1", revisionId: "0000000fd001" });
    await upgradeCommand({ ...options, configFile: v1, target: "head" });
    await db.client.query(`INSERT INTO users (email) VALUES ('a@x'), ('b@x'), ('a@x')`);
    const v2 = project.useEntitySchemas(users(true));
    await revisionCommand({ ...options, configFile: v2, message: "v2", revisionId: "0000000fd002" });
    await expect(upgradeCommand({ ...options, configFile: v2, target: "head" })).rejects.toThrow("Key (email)=(a@x) is duplicated.");
  } finally {
    await db.drop();
    project.remove();
  }
});
