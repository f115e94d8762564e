/**
 * add product stock
 *
 * Revision ID: 8d2e4b6a9c01
 * Revises: 3f9c1e7a2b10
 * Create Date: 2026-11-21 07:50:00 UTC
 */
import type { Operations } from "typeorm-autogen";

export const revision = "8d2e4b6a9c01";
export const downRevision = "3f9c1e7a2b10";

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn("products", op.column("stock", "integer", { nullable: false, default: op.sql("'0'") }));
  // REVIEW (builds an index): builds "IDX_products_low_stock" on "public"."products" without blocking writes; if interrupted it leaves an INVALID index (autogen check reports it)
  await op.autocommitBlock(async () => {
    await op.createIndex("products", "IDX_products_low_stock", ["stock"], { where: op.sql('"stock" < 10'), concurrently: true });
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.autocommitBlock(async () => {
    await op.dropIndex("products", "IDX_products_low_stock", { concurrently: true });
  });
  await op.dropColumn("products", "stock");
}
