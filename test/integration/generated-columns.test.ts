/**
 * Changing a stored generated column, applied to a real server through the convergence check: the
 * plan must reach the target and its downgrade must come back, with a foreign key of another table
 * resting on a unique constraint that includes the column (PostgreSQL refuses to drop the column
 * under it). Each server version's path is planned here; the PostgreSQL 17 path (SET EXPRESSION) can
 * only be applied on 17 or later.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { compareSchemas } from "../../src/compare/compare-schemas";
import { defaultCompareOptions } from "../../src/compare/options";
import type { Column, SchemaModel } from "../../src/model/schema";
import { describeOp } from "../../src/ops/describe";
import { verifyConvergence } from "../../src/verify/convergence";
import { serverUrl } from "../support/database";
import { column, foreignKey, index, model, ref, table } from "../unit/model-builders";

/** The test server's major version, read once while the tests are collected (jest cannot skip later). */
const serverMajor = (): number =>
  Math.floor(
    Number(
      execFileSync(
        process.execPath,
        [
          "-e",
          `const { Client } = require("pg"); const client = new Client({ connectionString: process.env.AUTOGEN_TEST_SERVER_URL });
           client.connect().then(() => client.query("SHOW server_version_num")).then((result) => { process.stdout.write(result.rows[0].server_version_num); return client.end(); });`,
        ],
        { cwd: path.resolve(__dirname, "..", ".."), encoding: "utf8" },
      ),
    ) / 10000,
  );
const major = serverMajor();

const price = column("price", "integer", { nullable: false });
const generatedTotal = (expression: string): Column => column("total", "integer", { generated: expression });
const plainTotal = column("total", "integer", { default: "0" });
const schema = (total: Column): SchemaModel =>
  model([
    table("items", [column("id", "integer", { nullable: false }), price, total], {
      primaryKey: { name: "items_pkey", columns: ["id"] },
      uniques: [{ name: "items_total_key", columns: ["total"] }],
      indexes: [index("items_total_idx", ["total DESC"], { where: "(total > 0)" })],
    }),
    table("refs", [column("id", "integer", { nullable: false }), column("item_total", "integer")], {
      foreignKeys: [foreignKey("refs_item_total_fkey", ["item_total"], ref("items"), ["total"])],
    }),
  ]);

const changes = [
  { name: "a new expression", from: generatedTotal("(price * 2)"), to: generatedTotal("(price * 3)") },
  { name: "a generated column made plain", from: generatedTotal("(price * 2)"), to: plainTotal },
  { name: "a plain column made generated", from: plainTotal, to: generatedTotal("(price * 2)") },
];

describe.each(changes)("$name converges and comes back", ({ from, to }) => {
  // The path before 17, and the test server's own (the same one below 17).
  it.each([...new Set([16, major])])("planned for PostgreSQL %i, applied here", async (version) => {
    const current = schema(from);
    const target = schema(to);
    const ops = compareSchemas(current, target, { ...defaultCompareOptions, serverVersion: version });
    expect(ops.length).toBeGreaterThan(0);
    expect(await verifyConvergence(serverUrl(), current, target, ops)).toEqual([]);
  });
});

/** SET EXPRESSION exists from PostgreSQL 17 on; on an older server its SQL is checked in test/unit/emit.test.ts only. */
const from17 = major >= 17 ? it : it.skip;
if (major < 17) {
  console.warn(`PostgreSQL ${major} is the test server: SET EXPRESSION (17+) is not applied here, only planned and emitted (test/unit/emit.test.ts).`);
}

describe("PostgreSQL 17 and later", () => {
  const skipped = major < 17 ? ` (skipped: the test server is PostgreSQL ${major})` : "";
  from17(`SET EXPRESSION changes the expression in place and rebuilds what includes the column${skipped}`, async () => {
    const current = schema(generatedTotal("(price * 2)"));
    const target = schema(generatedTotal("(price * 3)"));
    const ops = compareSchemas(current, target, { ...defaultCompareOptions, serverVersion: major });
    expect(ops.map(describeOp)).toEqual(["alterColumn public.items.total (generated)"]);
    expect(await verifyConvergence(serverUrl(), current, target, ops)).toEqual([]);
  });
});
