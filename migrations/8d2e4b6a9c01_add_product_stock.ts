/**
 * add product stock
 *
 * Revision ID: 8d2e4b6a9c01
 * Revises: 3f9c1e7a2b10
 * Create Date: 2026-11-21 06:32:06 UTC
 */
import type { Operations } from "typeorm-autogen";

export const revision = "8d2e4b6a9c01";
export const downRevision = "3f9c1e7a2b10";

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn("products", op.column("stock", "integer", { nullable: false, default: op.sql("0") }));
  await op.createIndex("products", "IDX_products_low_stock", ["stock"], { where: op.sql("(stock < 10)") });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex("products", "IDX_products_low_stock");
  await op.dropColumn("products", "stock");
}
