/**
 * Views against a real server: the catalog reader (queries as pg_get_viewdef prints them, what each view
 * reads, materialized views' indexes, extension members left out), the shadow normalization and its
 * cache, and the convergence check around views.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compareSchemas } from "../../src/compare/compare-schemas";
import type { Column, SchemaModel, Table, View } from "../../src/model/schema";
import { DeclaredModelError, normalizeTarget } from "../../src/normalize/normalize-target";
import type { MigrationOp } from "../../src/ops/types";
import { introspect } from "../../src/sources/introspect/introspect";
import { verifyConvergence } from "../../src/verify/convergence";
import { counting } from "../support/counting";
import { createTestDatabase, serverUrl, type TestDatabase } from "../support/database";

let db: TestDatabase;
let serverVersion: number;

/**
 * A view's query as this server prints it, from PostgreSQL 15's spelling: from 16 on, pg_get_viewdef
 * leaves out the relation name before a column when only one relation is in scope.
 */
const asPrinted = (definition: string): string =>
  serverVersion >= 160000 ? definition.replace(/\b(sales|by_region)\.(?=[a-z])/g, "") : definition;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.client.query(`
    CREATE SCHEMA reporting;
    CREATE TABLE public.sales (id serial PRIMARY KEY, region text NOT NULL, amount numeric(12,2) NOT NULL, note text);
    CREATE VIEW public.by_region AS SELECT region, sum(amount) AS total FROM sales GROUP BY region;
    CREATE VIEW reporting.busy AS SELECT region FROM public.by_region WHERE total > 100;
    CREATE VIEW public.whole_rows AS SELECT s FROM sales s;
    CREATE MATERIALIZED VIEW public.big AS SELECT id, amount FROM sales WHERE amount > 1000;
    CREATE UNIQUE INDEX big_id ON public.big (id);
    CREATE INDEX big_amount ON public.big (amount DESC) WHERE amount > 5000;
    CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
  `);
});
beforeAll(async () => {
  serverVersion = Number((await db.client.query("SHOW server_version_num")).rows[0].server_version_num);
});
afterAll(() => db.drop());

describe("introspect: views", () => {
  it("reads views and materialized views with their queries, dependencies and indexes", async () => {
    const model = await introspect(db.client, { schemas: ["public", "reporting"] });
    const views = Object.fromEntries(model.views.map((view) => [`${view.schema}.${view.name}`, view]));
    expect(Object.keys(views)).toEqual(["public.big", "public.by_region", "public.whole_rows", "reporting.busy"]);
    expect(views["public.by_region"]).toEqual({
      schema: "public",
      name: "by_region",
      materialized: false,
      definition: asPrinted("SELECT sales.region,\n    sum(sales.amount) AS total\n   FROM public.sales\n  GROUP BY sales.region"),
      indexes: [],
      dependsOn: [{ schema: "public", name: "sales", columns: ["amount", "region"], wholeRow: false }],
    });
    expect(views["reporting.busy"]!.dependsOn).toEqual([{ schema: "public", name: "by_region", columns: ["region", "total"], wholeRow: false }]);
    expect(views["public.whole_rows"]!.dependsOn).toEqual([{ schema: "public", name: "sales", columns: [], wholeRow: true }]);
    expect(views["public.big"]).toMatchObject({
      materialized: true,
      definition: asPrinted("SELECT sales.id,\n    sales.amount\n   FROM public.sales\n  WHERE (sales.amount > (1000)::numeric)"),
      indexes: [
        { name: "big_amount", unique: false, keys: ["amount DESC"], method: "btree", where: "(amount > (5000)::numeric)" },
        { name: "big_id", unique: true, keys: ["id"], method: "btree", where: null },
      ],
    });
    // A materialized view is no table, and its indexes are not a table's.
    expect(model.tables.map((table) => table.name)).toEqual(["sales"]);
  });

  it("leaves out views of other schemas, excluded ones and extension members", async () => {
    const model = await introspect(db.client, { schemas: ["public"], excludeTable: (relation) => relation.name === "whole_rows" });
    expect(model.views.map((view) => view.name)).toEqual(["big", "by_region"]);
    // pg_stat_statements' own view lives in public but belongs to the extension.
    expect(model.views.map((view) => view.name)).not.toContain("pg_stat_statements");
  });

  it("reads views in a constant number of queries", async () => {
    const counted = counting(db.client);
    await introspect(counted, { schemas: ["public"] });
    const withViews = counted.count;
    await db.client.query(`CREATE VIEW public.extra1 AS SELECT 1 AS one; CREATE MATERIALIZED VIEW public.extra2 AS SELECT 2 AS two`);
    counted.count = 0;
    await introspect(counted, { schemas: ["public"] });
    expect(counted.count).toBe(withViews);
    await db.client.query(`DROP VIEW public.extra1; DROP MATERIALIZED VIEW public.extra2`);
  });
});

const col = (name: string, type: string): Column => ({
  name, type, nullable: false, default: null, serial: false, identity: null, generated: null, collation: null, comment: null,
});
const salesTable = (amountType: string): Table => ({
  schema: "public", name: "sales", columns: [col("id", "integer"), col("region", "text"), col("amount", amountType)],
  primaryKey: null, uniques: [], checks: [], exclusions: [], foreignKeys: [], indexes: [], comment: null,
});
const view = (name: string, definition: string, extra: Partial<View> = {}): View => ({
  schema: "public", name, materialized: false, definition, indexes: [], dependsOn: [], ...extra,
});
const declared = (amountType: string, views: View[]): SchemaModel => ({
  schemas: ["public"], extensions: [], enums: [], tables: [salesTable(amountType)], views,
});
const byRegion = view("by_region", `SELECT "region", sum("amount") AS "total" FROM "sales" GROUP BY "region"`);
// Declared before what it reads and without dependsOn: the shadow finds the order itself.
const busy = view("a_busy", `SELECT "region" FROM "by_region" WHERE "total" > 100`);
const regions = view("regions", `SELECT DISTINCT "region" FROM "sales"`);

describe("normalizeTarget: views", () => {
  it("normalizes views through the shadow database, in an order that works, with their real dependencies", async () => {
    const { model } = await normalizeTarget(serverUrl(), declared("numeric(12,2)", [busy, byRegion]), null);
    expect(model.views.map((v) => [v.name, v.definition])).toEqual([
      ["a_busy", asPrinted("SELECT by_region.region\n   FROM public.by_region\n  WHERE (by_region.total > (100)::numeric)")],
      ["by_region", asPrinted("SELECT sales.region,\n    sum(sales.amount) AS total\n   FROM public.sales\n  GROUP BY sales.region")],
    ]);
    expect(model.views[0]!.dependsOn).toEqual([{ schema: "public", name: "by_region", columns: ["region", "total"], wholeRow: false }]);
  });

  it("caches views, and reads one again when a relation it reads changes", async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "autogen-cache-"));
    try {
      const normalized = (amountType: string) => normalizeTarget(serverUrl(), declared(amountType, [busy, byRegion, regions]), cacheDir);
      const first = await normalized("numeric(12,2)");
      expect([first.normalizedViews, first.cachedViews]).toEqual([3, 0]);
      const again = await normalized("numeric(12,2)");
      expect([again.normalizedViews, again.cachedViews, again.normalizedTables]).toEqual([0, 3, 0]);
      expect(again.model).toEqual(first.model);
      // by_region reads amount, a_busy reads by_region; regions reads only region, but its table changed.
      const changed = await normalized("integer");
      expect([changed.normalizedViews, changed.cachedViews]).toEqual([3, 0]);
      expect(changed.model.views.find((v) => v.name === "a_busy")!.definition).toContain(asPrinted("(by_region.total > 100)"));
      const unchanged = await normalized("integer");
      expect([unchanged.normalizedViews, unchanged.cachedViews]).toEqual([0, 3]);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("names the view PostgreSQL rejects", async () => {
    const broken = view("broken", `SELECT "nope" FROM "sales"`);
    const failure = normalizeTarget(serverUrl(), declared("integer", [byRegion, broken]), null);
    await expect(failure).rejects.toThrow(DeclaredModelError);
    await expect(failure).rejects.toThrow(/column "nope" does not exist[\s\S]*CREATE VIEW "public"\."broken"/);
  });

  it("compares equal to the same views built by hand, so an unchanged view never shows as a change", async () => {
    const built = await createTestDatabase();
    try {
      await built.client.query(`
        CREATE TABLE sales (id integer NOT NULL, region text NOT NULL, amount numeric(12,2) NOT NULL);
        CREATE VIEW by_region AS SELECT "region", sum("amount") AS "total" FROM "sales" GROUP BY "region";
        CREATE VIEW a_busy AS SELECT "region" FROM "by_region" WHERE "total" > 100;
      `);
      const live = await introspect(built.client, { schemas: ["public"] });
      const { model } = await normalizeTarget(serverUrl(), declared("numeric(12,2)", [busy, byRegion]), null);
      expect(compareSchemas(live, model)).toEqual([]);
      expect(compareSchemas(model, live)).toEqual([]);
    } finally {
      await built.drop();
    }
  });
});

describe("verifyConvergence: views", () => {
  it("accepts a plan that rebuilds a view around a column type change, and catches one that forgets to", async () => {
    const current = await normalizeTarget(serverUrl(), declared("numeric(12,2)", [byRegion, regions]), null);
    const target = await normalizeTarget(serverUrl(), declared("numeric(14,2)", [byRegion, regions]), null);
    const ops = compareSchemas(current.model, target.model);
    expect(ops.map((op) => `${op.kind} ${"view" in op ? op.view.name : "name" in op && typeof op.name === "object" ? op.name.name : ""}`)).toEqual([
      "dropView by_region",
      "alterColumn ",
      "createView by_region",
    ]);
    expect(await verifyConvergence(serverUrl(), current.model, target.model, ops)).toEqual([]);
    // The copy holds the view though the forgetful plan never names it, so the type change fails there.
    const forgetful = ops.filter((op) => op.kind === "alterColumn");
    const divergences = await verifyConvergence(serverUrl(), current.model, target.model, forgetful);
    expect(divergences).toEqual([
      { stage: "upgrade", residue: [], failure: expect.stringContaining("cannot alter type of a column used by a view or rule") },
    ]);
  });

  it("catches a view created with another query than the target's", async () => {
    const current = await normalizeTarget(serverUrl(), declared("integer", []), null);
    const target = await normalizeTarget(serverUrl(), declared("integer", [regions]), null);
    const wrong: MigrationOp = { kind: "createView", view: { ...regions, definition: `SELECT "region" FROM "sales"` } };
    const divergences = await verifyConvergence(serverUrl(), current.model, target.model, [wrong]);
    expect(divergences).toHaveLength(1);
    expect(divergences[0]!.residue.join("\n")).toContain("dropView public.regions");
  });
});
