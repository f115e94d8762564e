/**
 * v1 entities -> v2 entities for views and materialized views, as test/integration/incremental.test.ts
 * does for tables: the generated operations are asserted in order, `revision` verified convergence on a
 * shadow copy, the upgrade keeps the data, `check` afterwards finds nothing, and `downgrade -1`
 * restores v1 exactly (views, their queries and their indexes included).
 *
 * EntitySchema cannot declare a materialized view or `dependsOn`, so views are classes decorated by
 * calling TypeORM's decorators in a generated JavaScript module; tables stay EntitySchemas.
 */
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EntitySchemaOptions } from "typeorm";
import { checkCommand } from "../../src/commands/check";
import { UnmanagedViewError } from "../../src/compare/unmanaged-views";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { describeAll, differences, readSchema } from "../support/models";
import { createTestProject, type TestProject } from "../support/project";

type Schema = EntitySchemaOptions<unknown>;

interface ViewSpec {
  /** Class name and view name. */
  readonly name: string;
  readonly expression: string;
  readonly materialized?: boolean;
  readonly dependsOn?: readonly string[];
  readonly indices?: readonly { readonly name: string; readonly columns: readonly string[] }[];
  /** false: a view the user manages, which autogen must leave alone. */
  readonly synchronize?: boolean;
}

interface Version {
  readonly tables: readonly Schema[];
  readonly views: readonly ViewSpec[];
}

const sales = (amountType: Record<string, unknown> = { type: "numeric", precision: 12, scale: 2 }): Schema => ({
  name: "Sale",
  tableName: "sales",
  columns: {
    id: { type: "int", primary: true, generated: "increment" },
    region: { type: "varchar" },
    amount: amountType as never,
  },
});

const byRegion = (expression = `SELECT "region", sum("amount") AS "total" FROM "sales" GROUP BY "region"`): ViewSpec => ({
  name: "sales_by_region",
  expression,
});
const busyRegions: ViewSpec = {
  name: "busy_regions",
  dependsOn: ["sales_by_region"],
  expression: `SELECT "region" FROM "sales_by_region" WHERE "total" > 100`,
};
const regions: ViewSpec = { name: "regions", expression: `SELECT DISTINCT "region" FROM "sales"` };
const bigSales = (indices: ViewSpec["indices"] = []): ViewSpec => ({
  name: "big_sales",
  materialized: true,
  expression: `SELECT "id", "amount" FROM "sales" WHERE "amount" > 1000`,
  indices,
});
const amountIndex = { name: "IDX_big_sales_amount", columns: ["amount"] };

/** A DataSource module: tables as EntitySchemas, views as classes with TypeORM's decorators applied by hand. */
const useVersion = (project: TestProject, label: string, version: Version): string => {
  const file = path.join(project.dir, `views-${label}.js`);
  writeFileSync(
    file,
    [
      `const { DataSource, EntitySchema, Index, ViewColumn, ViewEntity } = require("typeorm");`,
      `const views = ${JSON.stringify(version.views)}.map((spec) => {`,
      `  const View = { [spec.name]: class {} }[spec.name];`,
      `  for (const index of spec.indices ?? []) for (const column of index.columns) ViewColumn()(View.prototype, column);`,
      `  ViewEntity({ name: spec.name, expression: spec.expression, materialized: spec.materialized, dependsOn: spec.dependsOn, synchronize: spec.synchronize })(View);`,
      `  for (const index of spec.indices ?? []) Index(index.name, index.columns)(View);`,
      `  return View;`,
      `});`,
      `const tables = ${JSON.stringify(version.tables)}.map((schema) => new EntitySchema(schema));`,
      `module.exports = new DataSource({ type: "postgres", entities: [...tables, ...views] });`,
      "",
    ].join("\n"),
  );
  return project.useDataSourceModule(file);
};

interface Case {
  readonly name: string;
  readonly v1: Version;
  readonly v2: Version;
  readonly ops: string[];
  /** The operations when the server is PostgreSQL 17 or later, where they differ. */
  readonly opsFrom17?: string[];
  readonly seed?: string;
  /** A query whose result must be the same before and after the upgrade. */
  readonly keeps?: string;
  /** Rename hints for the v2 revision. */
  readonly renames?: readonly string[];
}

const SEED = `INSERT INTO sales (region, amount) VALUES ('north', 50), ('south', 2000), ('south', 70)`;

/** `sales` with a column declared between two it had: the live table gets it last, as PostgreSQL adds columns. */
const salesWithNote: Schema = {
  name: "Sale",
  tableName: "sales",
  columns: {
    id: { type: "int", primary: true, generated: "increment" },
    region: { type: "varchar" },
    note: { type: "text", nullable: true },
    amount: { type: "numeric", precision: 12, scale: 2 },
  },
};
const everySale: ViewSpec = { name: "every_sale", expression: `SELECT * FROM "sales"` };

const cases: Case[] = [
  {
    // The stored query lists the columns `*` meant when it was created; the new query means one more,
    // in the table's physical order, where the added column stands last.
    name: "a SELECT * view over a table that gains a column in the middle: rebuilt once, then stable",
    v1: { tables: [sales()], views: [everySale] },
    v2: { tables: [salesWithNote], views: [everySale] },
    ops: ["dropView public.every_sale", "addColumn public.sales.note", "createView public.every_sale"],
    seed: SEED,
    keeps: "SELECT region, amount::text FROM sales ORDER BY id",
  },
  {
    name: "add a view",
    v1: { tables: [sales()], views: [] },
    v2: { tables: [sales()], views: [byRegion()] },
    ops: ["createView public.sales_by_region"],
    seed: SEED,
    keeps: "SELECT region, amount::text FROM sales ORDER BY id",
  },
  {
    name: "drop a view",
    v1: { tables: [sales()], views: [byRegion()] },
    v2: { tables: [sales()], views: [] },
    ops: ["dropView public.sales_by_region"],
  },
  {
    name: "change a view's query: dropped and created again",
    v1: { tables: [sales()], views: [byRegion()] },
    v2: { tables: [sales()], views: [byRegion(`SELECT "region", max("amount") AS "total" FROM "sales" GROUP BY "region"`)] },
    ops: ["dropView public.sales_by_region", "createView public.sales_by_region"],
  },
  {
    name: "a view reading a view whose query changes: the reader is rebuilt around it",
    v1: { tables: [sales()], views: [byRegion(), busyRegions, regions] },
    // Same columns and types: the reader's own query prints the same, only the dependency forces it.
    v2: { tables: [sales()], views: [byRegion(`SELECT "region", sum("amount") AS "total" FROM "sales" WHERE "amount" > 0 GROUP BY "region"`), busyRegions, regions] },
    ops: [
      "dropView public.busy_regions",
      "dropView public.sales_by_region",
      "createView public.sales_by_region",
      "createView public.busy_regions",
    ],
    seed: SEED,
  },
  {
    name: "a column a view reads changes type: views reading it are rebuilt, others kept",
    v1: { tables: [sales()], views: [byRegion(), busyRegions, regions] },
    v2: { tables: [sales({ type: "numeric", precision: 14, scale: 2 })], views: [byRegion(), busyRegions, regions] },
    ops: [
      "dropView public.busy_regions",
      "dropView public.sales_by_region",
      "alterColumn public.sales.amount (type)",
      "createView public.sales_by_region",
      "createView public.busy_regions",
    ],
    seed: SEED,
    keeps: "SELECT region, amount::text FROM sales ORDER BY id",
  },
  {
    name: "add a materialized view with an index",
    v1: { tables: [sales()], views: [] },
    v2: { tables: [sales()], views: [bigSales([amountIndex])] },
    ops: ["createView public.big_sales (materialized)", "createIndex public.big_sales IDX_big_sales_amount"],
    seed: SEED,
  },
  {
    name: "add an index to an existing materialized view (built concurrently)",
    v1: { tables: [sales()], views: [bigSales()] },
    v2: { tables: [sales()], views: [bigSales([amountIndex])] },
    ops: ["createIndex public.big_sales IDX_big_sales_amount"],
    seed: SEED,
    keeps: "SELECT id, amount::text FROM big_sales ORDER BY id",
  },
  {
    name: "a column a materialized view reads is dropped: the view and its index are rebuilt without it",
    v1: { tables: [sales()], views: [bigSales([amountIndex])] },
    v2: {
      tables: [{ ...sales(), columns: { ...sales().columns, amount: undefined as never, total: { type: "numeric", precision: 12, scale: 2 } } }],
      views: [{ ...bigSales([{ name: "IDX_big_sales_total", columns: ["total"] }]), expression: `SELECT "id", "total" FROM "sales" WHERE "total" > 1000` }],
    },
    ops: [
      "dropView public.big_sales (materialized)",
      "addColumn public.sales.total",
      "dropColumn public.sales.amount",
      "createView public.big_sales (materialized)",
      "createIndex public.big_sales IDX_big_sales_total",
    ],
  },
  {
    // The view follows the renamed column, but its query then prints the new name, so it is rebuilt:
    // dropped before the rename (its recorded query names the old column), created after it.
    name: "rename a column a view reads",
    v1: { tables: [sales()], views: [byRegion()] },
    v2: {
      tables: [{ ...sales(), columns: { ...sales().columns, region: undefined as never, area: { type: "varchar" } } }],
      views: [byRegion(`SELECT "area", sum("amount") AS "total" FROM "sales" GROUP BY "area"`)],
    },
    renames: ["sales.region=area"],
    ops: ["dropView public.sales_by_region", "renameColumn public.sales.region -> area", "createView public.sales_by_region"],
    seed: SEED,
    keeps: "SELECT amount::text FROM sales ORDER BY id",
  },
];

const tickets = (values: readonly string[]): Schema => ({
  name: "Ticket",
  tableName: "tickets",
  columns: {
    id: { type: "int", primary: true, generated: "increment" },
    status: { type: "enum", enum: [...values], enumName: "ticket_status" },
  },
});
const ticketStates: ViewSpec = { name: "ticket_states", expression: `SELECT "id", "status" FROM "tickets"` };
// Reads the column only through ticket_states, and casts a constant to the type.
const openTickets: ViewSpec = { name: "open_tickets", dependsOn: ["ticket_states"], expression: `SELECT "id" FROM "ticket_states" WHERE "status" = 'open'` };
const openLabel: ViewSpec = { name: "open_label", expression: `SELECT "id", 'open'::"ticket_status" AS "wanted" FROM "tickets"` };
const TICKETS = `INSERT INTO tickets (status) VALUES ('open'), ('closed')`;

cases.push(
  {
    // ADD VALUE goes on under the views, but its reverse is a type swap, which PostgreSQL refuses
    // under a view reading a column of the type: the downgrade takes both views down around it.
    name: "add an enum value to the type of a column views read",
    v1: { tables: [tickets(["open", "closed"])], views: [ticketStates, openTickets] },
    v2: { tables: [tickets(["open", "closed", "archived"])], views: [ticketStates, openTickets] },
    ops: ["addEnumValue public.ticket_status 'archived'"],
    seed: TICKETS,
    keeps: "SELECT id, status::text FROM open_tickets NATURAL JOIN tickets ORDER BY id",
  },
  {
    name: "remove an enum value from the type of a column views read",
    v1: { tables: [tickets(["open", "closed", "archived"])], views: [ticketStates, openTickets] },
    v2: { tables: [tickets(["open", "closed"])], views: [ticketStates, openTickets] },
    ops: [
      "dropView public.open_tickets",
      "dropView public.ticket_states",
      "replaceEnum public.ticket_status (open, closed, archived) -> (open, closed)",
      "createView public.ticket_states",
      "createView public.open_tickets",
    ],
    seed: TICKETS,
    keeps: "SELECT id, status::text FROM open_tickets NATURAL JOIN tickets ORDER BY id",
  },
  {
    // The view reads no column of the type, but its constant keeps the old type from being dropped.
    name: "remove an enum value from a type a view only casts a constant to",
    v1: { tables: [tickets(["open", "closed", "archived"])], views: [openLabel] },
    v2: { tables: [tickets(["open", "closed"])], views: [openLabel] },
    ops: ["dropView public.open_label", "replaceEnum public.ticket_status (open, closed, archived) -> (open, closed)", "createView public.open_label"],
    seed: TICKETS,
  },
);

const items = (total: Record<string, unknown>): Schema => ({
  name: "Item",
  tableName: "items",
  columns: { id: { type: "int", primary: true, generated: "increment" }, price: { type: "int" }, total: total as never },
});
const totalAs = (expression: string) => ({ type: "int", generatedType: "STORED", asExpression: expression, nullable: true });
const plainTotal = { type: "int", nullable: true };
const itemTotals: ViewSpec = { name: "item_totals", expression: `SELECT "id", "total" FROM "items"` };

cases.push(
  {
    // Before PostgreSQL 17 the column is dropped and added again, which PostgreSQL refuses under a
    // view reading it; SET EXPRESSION (17+) keeps the column and the view.
    name: "a generated column a view reads gets a new expression",
    v1: { tables: [items(totalAs(`"price" * 2`))], views: [itemTotals] },
    v2: { tables: [items(totalAs(`"price" * 3`))], views: [itemTotals] },
    ops: ["dropView public.item_totals", "recreateColumn public.items.total", "createView public.item_totals"],
    opsFrom17: ["alterColumn public.items.total (generated)"],
    seed: "INSERT INTO items (price) VALUES (5), (7)",
    keeps: "SELECT id, price FROM items ORDER BY id",
  },
  {
    // DROP EXPRESSION goes on under the view; its reverse adds the column again, around which the view goes.
    name: "a generated column a view reads is made plain",
    v1: { tables: [items(totalAs(`"price" * 2`))], views: [itemTotals] },
    v2: { tables: [items(plainTotal)], views: [itemTotals] },
    ops: ["alterColumn public.items.total (generated)"],
    seed: "INSERT INTO items (price) VALUES (5), (7)",
    keeps: "SELECT id, total FROM item_totals ORDER BY id",
  },
  {
    // The plan takes the view down itself, so in the downgrade it is gone while the column is
    // recreated: the reverse must not drop it a second time.
    name: "a generated column made plain while the view reading it changes",
    v1: { tables: [items(totalAs(`"price" * 2`))], views: [itemTotals] },
    v2: { tables: [items(plainTotal)], views: [{ ...itemTotals, expression: `SELECT "id", "total", "price" FROM "items"` }] },
    ops: ["dropView public.item_totals", "alterColumn public.items.total (generated)", "createView public.item_totals"],
    seed: "INSERT INTO items (price) VALUES (5), (7)",
    keeps: "SELECT id, total FROM items ORDER BY id",
  },
  {
    name: "a plain column a view reads is made generated",
    v1: { tables: [items(plainTotal)], views: [itemTotals] },
    v2: { tables: [items(totalAs(`"price" * 2`))], views: [itemTotals] },
    ops: ["dropView public.item_totals", "recreateColumn public.items.total", "createView public.item_totals"],
    seed: "INSERT INTO items (price, total) VALUES (5, 99)",
    keeps: "SELECT id, price FROM items ORDER BY id",
  },
);

const rows = async (db: TestDatabase, query: string | undefined) => (query ? (await db.client.query(query)).rows : []);

describe.each(cases)("incremental views: $name", (testCase) => {
  it("generates the expected operations, keeps data, converges and reverts", async () => {
    const project = createTestProject();
    const db = await createTestDatabase();
    try {
      const v1 = { cwd: project.dir, configFile: useVersion(project, "v1", testCase.v1), url: db.url };
      await revisionCommand({ ...v1, message: "v1", revisionId: "0000000000b1" });
      await upgradeCommand({ ...v1, target: "head" });
      if (testCase.seed) await db.client.query(testCase.seed);
      // Materialized views were filled before the seed; refreshed, they hold it too.
      for (const { name } of testCase.v1.views.filter((view) => view.materialized)) await db.client.query(`REFRESH MATERIALIZED VIEW "${name}"`);
      const before = await readSchema(db.client);
      const kept = await rows(db, testCase.keeps);

      const v2 = { ...v1, configFile: useVersion(project, "v2", testCase.v2) };
      const renames = testCase.renames ? { renames: { hints: [...testCase.renames] } } : {};
      const result = await revisionCommand({ ...v2, message: "v2", revisionId: "0000000000b2", ...renames });
      const version = Number((await db.client.query("SHOW server_version_num")).rows[0].server_version_num);
      const expected = version >= 170000 && testCase.opsFrom17 ? testCase.opsFrom17 : testCase.ops;
      expect(result.kind === "written" ? describeAll(result.ops) : []).toEqual(expected);
      await upgradeCommand({ ...v2, target: "head" });
      expect((await checkCommand(v2)).ops).toEqual([]);
      expect(await rows(db, testCase.keeps)).toEqual(kept);

      await downgradeCommand({ ...v2, target: "-1" });
      expect(differences(await readSchema(db.client), before)).toEqual([]);
    } finally {
      await db.drop();
      project.remove();
    }
  });
});

describe("incremental views: a view autogen does not manage", () => {
  const handView = (name: string, expression: string): ViewSpec => ({ name, expression, synchronize: false });
  const attempts = [
    {
      name: "refuses a column type change under it, naming the view and the column",
      v1: { tables: [sales()], views: [handView("hand_amounts", `SELECT "id", "amount" FROM "sales"`)] },
      v2: { tables: [sales({ type: "numeric", precision: 14, scale: 2 })], views: [handView("hand_amounts", `SELECT "id", "amount" FROM "sales"`)] },
      refused: /view public\.hand_amounts reads public\.sales\.amount/,
    },
    {
      // ADD VALUE itself goes on under the view; the downgrade's swap back would not.
      name: "refuses an added enum value whose downgrade would retype a column under it",
      v1: { tables: [tickets(["open", "closed"])], views: [handView("hand_states", `SELECT "id", "status" FROM "tickets"`)] },
      v2: { tables: [tickets(["open", "closed", "archived"])], views: [handView("hand_states", `SELECT "id", "status" FROM "tickets"`)] },
      refused: /view public\.hand_states reads public\.tickets\.status/,
    },
    {
      name: "lets a change pass that touches no column it reads",
      v1: { tables: [sales()], views: [handView("hand_regions", `SELECT "region" FROM "sales"`)] },
      v2: { tables: [sales({ type: "numeric", precision: 14, scale: 2 })], views: [handView("hand_regions", `SELECT "region" FROM "sales"`)] },
      refused: null,
    },
  ];

  it.each(attempts)("$name", async ({ v1: first, v2: second, refused }) => {
    const project = createTestProject();
    const db = await createTestDatabase();
    try {
      const v1 = { cwd: project.dir, configFile: useVersion(project, "v1", first), url: db.url };
      await revisionCommand({ ...v1, message: "v1", revisionId: "0000000000c1" });
      await upgradeCommand({ ...v1, target: "head" });
      // The user's own view, made by hand: autogen neither created it nor may drop it.
      await db.client.query(`CREATE VIEW ${first.views[0]!.name} AS ${first.views[0]!.expression}`);
      const v2 = { ...v1, configFile: useVersion(project, "v2", second) };
      const attempt = revisionCommand({ ...v2, message: "v2", revisionId: "0000000000c2" });
      if (refused === null) {
        expect((await attempt).kind).toBe("written");
        await upgradeCommand({ ...v2, target: "head" });
        return;
      }
      await expect(attempt).rejects.toThrow(UnmanagedViewError);
      await expect(revisionCommand({ ...v2, message: "v2", revisionId: "0000000000c3" })).rejects.toThrow(refused);
      expect(readdirSync(project.migrationsDir).filter((file) => file.includes("0000000000c"))).toEqual([
        expect.stringContaining("0000000000c1"),
      ]);
      // The way past it the message names: --no-verify writes the file, for the views to be handled by hand.
      expect((await revisionCommand({ ...v2, message: "v2", revisionId: "0000000000c4", verify: false })).kind).toBe("written");
    } finally {
      await db.drop();
      project.remove();
    }
  });
});
