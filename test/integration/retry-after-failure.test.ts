/**
 * A run that fails after an autocommit block committed is run again once the data is fixed: the
 * committed concurrent index drop must not stop that second run.
 */
import { checkCommand } from "../../src/commands/check";
import { upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { createTestDatabase } from "../support/database";
import { describeAll } from "../support/models";
import { createTestProject } from "../support/project";

it("runs again after a failure that followed a committed concurrent index drop", async () => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const options = { cwd: project.dir, url: db.url };
    const items = (v2: boolean) => [
      {
        name: "Item",
        tableName: "items",
        columns: { id: { type: "int", primary: true, generated: "increment" }, qty: { type: v2 ? "int" : "text" } },
        ...(v2 ? {} : { indices: [{ name: "IDX_items_qty", columns: ["qty"] }] }),
      },
    ] as never;
    const v1 = project.useEntitySchemas(items(false));
    await revisionCommand({ ...options, configFile: v1, message: "v1", revisionId: "0000000rf001" });
    await upgradeCommand({ ...options, configFile: v1, target: "head" });
    await db.client.query(`INSERT INTO items (qty) VALUES ('1'), ('one')`);

    const v2 = project.useEntitySchemas(items(true));
    const result = await revisionCommand({ ...options, configFile: v2, message: "v2", revisionId: "0000000rf002" });
    expect(result.kind === "written" && describeAll(result.ops)).toEqual([
      "dropIndex public.items IDX_items_qty",
      "alterColumn public.items.qty (type)",
    ]);
    await expect(upgradeCommand({ ...options, configFile: v2, target: "head" })).rejects.toThrow('invalid input syntax for type integer: "one"');
    // The drop ran outside the transaction and stays done.
    expect((await db.client.query(`SELECT to_regclass('"IDX_items_qty"') AS index`)).rows).toEqual([{ index: null }]);

    await db.client.query(`UPDATE items SET qty = '1' WHERE qty = 'one'`);
    await upgradeCommand({ ...options, configFile: v2, target: "head" });
    expect((await checkCommand({ ...options, configFile: v2 })).ops).toEqual([]);
  } finally {
    await db.drop();
    project.remove();
  }
});
