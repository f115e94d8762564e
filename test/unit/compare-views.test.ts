/**
 * Views in the comparator, the emitter and the safe forms: what is rebuilt, in which order, and the
 * SQL it becomes. Pure models, no database.
 */
import { compareSchemas } from "../../src/compare/compare-schemas";
import { leadingViewDrops, viewCreationOrder } from "../../src/compare/views";
import type { SchemaModel, View, ViewDependency } from "../../src/model/schema";
import { hazardsOf } from "../../src/ops/hazards";
import type { MigrationOp } from "../../src/ops/types";
import { touchesOf } from "../../src/runtime/branch-overlap";
import { toSafeForms, ALL_SAFE_FORMS } from "../../src/safety/safe-forms";
import { emitSql } from "../../src/sql/emit";
import { column, index, model, opSubject, ref, table } from "./model-builders";

const reads = (name: string, columns: string[] = [], wholeRow = false): ViewDependency => ({ schema: "public", name, columns, wholeRow });
const view = (name: string, definition: string, overrides: Partial<View> = {}): View => ({
  schema: "public",
  name,
  materialized: false,
  definition,
  indexes: [],
  dependsOn: [],
  ...overrides,
});

const sales = (amountType = "numeric(12,2)") =>
  table("sales", [column("id", "integer"), column("region", "text"), column("amount", amountType), column("note", "text")]);
const byRegion = view("by_region", "SELECT region, sum(amount) AS total FROM public.sales GROUP BY region", {
  dependsOn: [reads("sales", ["amount", "region"])],
});
const busy = view("busy", "SELECT region FROM public.by_region WHERE total > 100", { dependsOn: [reads("by_region", ["region", "total"])] });
const notes = view("notes", "SELECT note FROM public.sales", { dependsOn: [reads("sales", ["note"])] });
const rows = view("rows", "SELECT s FROM public.sales s", { dependsOn: [reads("sales", [], true)] });
const big = view("big", "SELECT id, amount FROM public.sales WHERE amount > 1000", {
  materialized: true,
  indexes: [index("big_amount", ["amount"])],
  dependsOn: [reads("sales", ["amount", "id"])],
});

const withViews = (views: View[], tables = [sales()]): SchemaModel => model(tables, { views });
const plan = (current: SchemaModel, target: SchemaModel): string[] => compareSchemas(current, target).map(opSubject);

describe("compareSchemas: views", () => {
  it("finds nothing to do for unchanged views, whatever order they are listed in", () => {
    const models = withViews([busy, byRegion, big, notes]);
    expect(compareSchemas(models, withViews([notes, big, byRegion, busy]))).toEqual([]);
  });

  it("ignores dependencies when comparing: they follow from the query", () => {
    expect(compareSchemas(withViews([byRegion]), withViews([{ ...byRegion, dependsOn: [] }]))).toEqual([]);
  });

  it("creates views after the tables they read, each after the views it reads, with a matview's indexes", () => {
    expect(plan(model([]), withViews([busy, byRegion, big]))).toEqual([
      "createTable public.sales",
      "createView public.big",
      "createIndex public.big.big_amount",
      "createView public.by_region",
      "createView public.busy",
    ]);
  });

  // Drops run in the reverse of creation order: readers first.
  it("drops readers before what they read, and before the table they read is dropped", () => {
    expect(plan(withViews([busy, byRegion]), model([]))).toEqual(["dropView public.busy", "dropView public.by_region", "dropTable public.sales"]);
  });

  it("rebuilds a changed view and every view reading it, keeping the others", () => {
    const changed = { ...byRegion, definition: "SELECT region, max(amount) AS total FROM public.sales GROUP BY region" };
    expect(plan(withViews([busy, byRegion, notes]), withViews([busy, changed, notes]))).toEqual([
      "dropView public.busy",
      "dropView public.by_region",
      "createView public.by_region",
      "createView public.busy",
    ]);
  });

  it("rebuilds a view whose materialization changes", () => {
    expect(plan(withViews([byRegion]), withViews([{ ...byRegion, materialized: true }]))).toEqual([
      "dropView public.by_region",
      "createView public.by_region",
    ]);
  });

  it.each<[string, SchemaModel, string[]]>([
    [
      "a column it reads changes type",
      withViews([byRegion, busy, notes, rows], [sales("numeric(14,2)")]),
      ["dropView public.rows", "dropView public.busy", "dropView public.by_region", "alterColumn public.sales.amount", "createView public.by_region", "createView public.busy", "createView public.rows"],
    ],
    [
      "a column it reads changes collation",
      withViews([byRegion, busy, notes, rows], [table("sales", [column("id", "integer"), column("region", "text"), column("amount", "numeric(12,2)"), column("note", "text", { collation: "C" })])]),
      ["dropView public.rows", "dropView public.notes", "alterColumn public.sales.note", "createView public.notes", "createView public.rows"],
    ],
  ])("rebuilds the views that block it when %s (and those reading whole rows), not the others", (_name, target, expected) => {
    expect(plan(withViews([byRegion, busy, notes, rows]), target)).toEqual(expected);
  });

  it("drops a view reading a dropped column before the column goes", () => {
    const target = withViews([], [table("sales", [column("id", "integer"), column("region", "text"), column("amount", "numeric(12,2)")])]);
    expect(plan(withViews([notes, byRegion]), { ...target, views: [byRegion] })).toEqual(["dropView public.notes", "dropColumn public.sales.note"]);
  });

  it("rebuilds a view reading an enum column the plan swaps, before the swap", () => {
    const mood = { schema: "public", name: "mood", values: ["sad", "ok"] };
    const people = (values: string[]) => model([table("people", [column("mood", "public.mood")])], { enums: [{ ...mood, values }], views: [moods] });
    const moods = view("moods", "SELECT mood FROM public.people", { dependsOn: [reads("people", ["mood"])] });
    expect(plan(people(["sad", "ok"]), people(["ok", "sad"]))).toEqual(["dropView public.moods", "replaceEnum public.mood", "createView public.moods"]);
  });

  it("rebuilds a view that only casts a constant to an enum the plan swaps: it holds the old type", () => {
    const mood = { schema: "public", name: "mood", values: ["sad", "ok"] };
    const sadness = view("sadness", "SELECT 'sad'::public.mood AS mood", { dependsOn: [] });
    const moods = (values: string[]) => model([], { enums: [{ ...mood, values }], views: [sadness] });
    expect(plan(moods(["sad", "ok"]), moods(["ok", "sad"]))).toEqual(["dropView public.sadness", "replaceEnum public.mood", "createView public.sadness"]);
  });

  it("rebuilds a view reading a column dropped and added again for a new generation expression", () => {
    const items = (generated: string) =>
      model([table("items", [column("id", "integer"), column("total", "integer", { generated })])], { views: [totals] });
    const totals = view("totals", "SELECT id, total FROM public.items", { dependsOn: [reads("items", ["id", "total"])] });
    expect(plan(items("(id * 2)"), items("(id * 3)"))).toEqual(["dropView public.totals", "recreateColumn public.items.total", "createView public.totals"]);
  });

  it("drops and creates only the indexes that change on a kept materialized view", () => {
    const reindexed = { ...big, indexes: [index("big_id", ["id"], { unique: true })] };
    expect(plan(withViews([big]), withViews([reindexed]))).toEqual(["dropIndex public.big.big_amount", "createIndex public.big.big_id"]);
  });

  it("records the whole view, indexes included, on its drop", () => {
    const [drop] = compareSchemas(withViews([big]), withViews([]));
    expect(drop).toEqual({ kind: "dropView", name: ref("big"), materialized: true, existing: big });
  });
});

describe("view ordering helpers", () => {
  it("orders creation by dependency, then by name", () => {
    const a = view("a", "SELECT 1", { dependsOn: [reads("c")] });
    const b = view("b", "SELECT 1");
    const c = view("c", "SELECT 1", { dependsOn: [reads("sales")] });
    expect(viewCreationOrder([a, b, c]).map((v) => v.name)).toEqual(["b", "c", "a"]);
  });

  it("counts the view drops leading a plan", () => {
    const grown = table("sales", [...sales().columns, column("extra", "text")]);
    const ops = compareSchemas(withViews([byRegion, big]), withViews([{ ...big, indexes: [] }], [grown]));
    expect(ops.map(opSubject)).toContain("addColumn public.sales.extra");
    expect(ops.map(opSubject).slice(0, leadingViewDrops(ops, withViews([byRegion, big])))).toEqual([
      "dropView public.by_region",
      "dropIndex public.big.big_amount",
    ]);
  });
});

describe("views: SQL, hazards, safe forms and branch overlap", () => {
  it.each<[string, MigrationOp, string[]]>([
    ["a view", { kind: "createView", view: view('we"ird', "SELECT 1 AS one") }, [`CREATE VIEW "public"."we""ird" AS SELECT 1 AS one`]],
    ["a materialized view", { kind: "createView", view: big }, [`CREATE MATERIALIZED VIEW "public"."big" AS ${big.definition}`]],
    ["a view drop", { kind: "dropView", name: ref("v", "My Schema"), materialized: false }, [`DROP VIEW "My Schema"."v"`]],
    ["a materialized view drop", { kind: "dropView", name: ref("big"), materialized: true }, [`DROP MATERIALIZED VIEW "public"."big"`]],
  ])("emits %s", (_name, op, expected) => {
    expect(emitSql(op)).toEqual(expected);
  });

  it("flags a dropped view as breaking running code, and filling a materialized view as holding locks", () => {
    expect(hazardsOf({ kind: "dropView", name: ref("busy"), materialized: false }).map((hazard) => hazard.kind)).toEqual(["breaks running code"]);
    expect(hazardsOf({ kind: "createView", view: big }).map((hazard) => hazard.kind)).toEqual(["takes a lock"]);
    expect(hazardsOf({ kind: "createView", view: byRegion })).toEqual([]);
  });

  it("builds indexes of an existing materialized view concurrently, but not of one the plan creates", () => {
    const onExisting: MigrationOp = { kind: "createIndex", table: ref("big"), index: index("big_id", ["id"]) };
    expect(toSafeForms([onExisting], ALL_SAFE_FORMS)).toEqual([{ ...onExisting, concurrently: true }]);
    const created: MigrationOp[] = [{ kind: "createView", view: { ...big, indexes: [] } }, onExisting];
    expect(toSafeForms(created, ALL_SAFE_FORMS)).toEqual(created);
  });

  it("makes a created view rely on the columns it reads", () => {
    const paths = touchesOf({ kind: "createView", view: byRegion }).map((touch) => `${touch.access} ${touch.path.map((segment) => segment.name).join(".")}`);
    expect(paths).toEqual(["changes public.by_region", "uses public.sales.amount", "uses public.sales.region"]);
  });
});
