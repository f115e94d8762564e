/**
 * The convergence check behind every `revision`: it passes a plan that reaches the target and comes
 * back, and it catches one that does not — an incomplete plan, a failing statement, a wrong downgrade.
 */
import type { Column, SchemaModel, Table } from "../../src/model/schema";
import type { MigrationOp } from "../../src/ops/types";
import { verifyConvergence } from "../../src/verify/convergence";
import { serverUrl } from "../support/database";

const col = (name: string, type: string, extra: Partial<Column> = {}): Column => ({
  name, type, nullable: true, default: null, serial: false, identity: null, generated: null, collation: null, comment: null, ...extra,
});
const table = (columns: Column[]): Table => ({
  schema: "public", name: "t", columns, primaryKey: null, uniques: [], checks: [], exclusions: [], foreignKeys: [], indexes: [], comment: null,
});
const model = (tables: Table[]): SchemaModel => ({ schemas: ["public"], extensions: [], enums: [], tables, views: [] });
const T = { schema: "public", name: "t" };

const current = model([table([col("id", "integer", { nullable: false })])]);
const target = model([table([col("id", "integer", { nullable: false }), col("a", "text"), col("b", "bigint", { default: "0" })])]);
const addA: MigrationOp = { kind: "addColumn", table: T, column: col("a", "text") };
const addB: MigrationOp = { kind: "addColumn", table: T, column: col("b", "bigint", { default: "0" }) };

describe("verifyConvergence", () => {
  it("accepts a plan that reaches the target and whose downgrade returns to the start", async () => {
    expect(await verifyConvergence(serverUrl(), current, target, [addA, addB])).toEqual([]);
  });

  it("reports what an incomplete plan leaves to do, with both forms", async () => {
    const divergences = await verifyConvergence(serverUrl(), current, target, [addA]);
    expect(divergences).toHaveLength(1);
    expect(divergences[0]).toMatchObject({ stage: "upgrade", failure: null });
    expect(divergences[0].residue.join("\n")).toContain("addColumn public.t.b");
  });

  it("reports a plan whose result differs from the target", async () => {
    const wrongDefault: MigrationOp = { kind: "addColumn", table: T, column: col("b", "bigint", { default: "1" }) };
    const divergences = await verifyConvergence(serverUrl(), current, target, [addA, wrongDefault]);
    expect(divergences[0].residue.join("\n")).toMatch(/alterColumn public\.t\.b \(default\) .*"from":"1","to":"0"/);
  });

  it("reports a statement that fails, naming the operation", async () => {
    const broken: MigrationOp = { kind: "addColumn", table: T, column: col("a", "no_such_type") };
    const divergences = await verifyConvergence(serverUrl(), current, target, [broken]);
    expect(divergences).toEqual([{ stage: "upgrade", residue: [], failure: expect.stringContaining('addColumn public.t.a failed: type "no_such_type" does not exist') }]);
  });

  it("reports a downgrade that does not restore the start", async () => {
    // A drop that recorded the wrong definition: its reverse recreates something else.
    const withC = model([table([col("id", "integer", { nullable: false }), col("c", "text")])]);
    const lyingDrop: MigrationOp = { kind: "dropColumn", table: T, column: "c", existing: col("c", "integer") };
    const divergences = await verifyConvergence(serverUrl(), withC, current, [lyingDrop]);
    expect(divergences).toHaveLength(1);
    expect(divergences[0]).toMatchObject({ stage: "downgrade", failure: null });
    expect(divergences[0].residue.join("\n")).toMatch(/alterColumn public\.t\.c \(type\)/);
  });

  it("reports a plan that cannot be reversed", async () => {
    const raw: MigrationOp = { kind: "execute", sql: `ALTER TABLE "public"."t" ADD COLUMN "a" text` };
    const divergences = await verifyConvergence(serverUrl(), current, model([table([col("id", "integer", { nullable: false }), col("a", "text")])]), [raw]);
    expect(divergences).toEqual([{ stage: "downgrade", residue: [], failure: expect.stringContaining("execute cannot be reversed") }]);
  });
});
