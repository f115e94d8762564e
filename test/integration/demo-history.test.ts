/**
 * The repository's own migrations/ must stay in step with entities/: applied to an empty database
 * they build exactly the entity model, and they downgrade to nothing.
 */
import path from "node:path";
import { checkCommand } from "../../src/commands/check";
import { currentCommand } from "../../src/commands/status";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { createTestDatabase } from "../support/database";
import { readSchema } from "../support/models";

const ROOT = path.resolve(__dirname, "..", "..");

it("applies the demo history, matches the entities, and downgrades to an empty schema", async () => {
  const db = await createTestDatabase();
  const options = { cwd: ROOT, url: db.url };
  try {
    const result = await upgradeCommand({ ...options, target: "head" });
    expect(result.applied.map((step) => step.revision)).toEqual(["3f9c1e7a2b10", "8d2e4b6a9c01"]);
    expect((await checkCommand(options)).ops).toEqual([]);
    expect((await currentCommand(options)).heads).toEqual([{ id: "8d2e4b6a9c01", message: "add product stock", isHead: true }]);

    await downgradeCommand({ ...options, target: "-1" });
    const previous = await readSchema(db.client);
    expect(previous.tables.find((table) => table.name === "products")?.columns.map((column) => column.name)).not.toContain("stock");

    await downgradeCommand({ ...options, target: "base" });
    const empty = await readSchema(db.client);
    expect(empty.tables).toEqual([]);
    expect(empty.enums).toEqual([]);
  } finally {
    await db.drop();
  }
});
