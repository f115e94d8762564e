/**
 * initial schema
 *
 * Revision ID: 3f9c1e7a2b10
 * Revises: <base>
 * Create Date: 2026-11-21 06:32:04 UTC
 */
import type { Operations } from "typeorm-autogen";

export const revision = "3f9c1e7a2b10";
export const downRevision = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.createExtension("pgcrypto", { schema: "public" });
  await op.createEnum("order_status", ["pending", "paid", "shipped", "cancelled"]);
  await op.createEnum("users_role_enum", ["customer", "staff", "admin"]);
  await op.createTable("categories", [
    op.column("id", "integer", { nullable: false, serial: true }),
    op.column("slug", "character varying(80)", { nullable: false }),
    op.column("description", "text", { nullable: true, comment: "Shown on the category page" }),
  ], { primaryKey: { name: "PK_24dbc6126a28ff948da33e97d3b", columns: ["id"] }, uniques: [{ name: "UQ_420d9f679d41281f282f5bc7d09", columns: ["slug"] }], comment: "Product categories, shown as the shop's navigation" });
  await op.createTable("order_items", [
    op.column("order_id", "bigint", { nullable: false }),
    op.column("line_number", "smallint", { nullable: false }),
    op.column("quantity", "integer", { nullable: false }),
    op.column("unit_price", "numeric(12,2)", { nullable: false }),
    op.column("product_id", "integer", { nullable: false }),
  ], { primaryKey: { name: "PK_9287f0b5783667ccc0ca71779a2", columns: ["order_id", "line_number"] }, checks: [{ name: "CHK_order_items_quantity_positive", expression: "(quantity > 0)" }] });
  await op.createTable("orders", [
    op.column("id", "bigint", { nullable: false, identity: "always" }),
    op.column("status", "public.order_status", { nullable: false, default: op.sql("'pending'::public.order_status") }),
    op.column("total", "numeric(12,2)", { nullable: false, default: op.sql("'0'::numeric") }),
    op.column("currency", "character(3)", { nullable: false, default: op.sql("'EUR'::bpchar") }),
    op.column("placed_at", "timestamp with time zone", { nullable: true }),
    op.column("created_at", "timestamp with time zone", { nullable: false, default: op.sql("now()") }),
    op.column("customer_id", "uuid", { nullable: false }),
  ], { primaryKey: { name: "PK_710e2d4957aa5878dfe94e4ac2f", columns: ["id"] } });
  await op.createTable("product_categories", [
    op.column("productsId", "integer", { nullable: false }),
    op.column("categoriesId", "integer", { nullable: false }),
  ], { primaryKey: { name: "PK_bc0bce5de12ebedb70ddcb3bb34", columns: ["productsId", "categoriesId"] } });
  await op.createTable("products", [
    op.column("id", "integer", { nullable: false, serial: true }),
    op.column("sku", "character varying(40)", { nullable: false }),
    op.column("name", "character varying", { nullable: false }),
    op.column("price", "numeric(12,2)", { nullable: false }),
    op.column("tags", "text[]", { nullable: false, default: op.sql("'{}'::text[]") }),
    op.column("attributes", "jsonb", { nullable: true }),
    op.column("active", "boolean", { nullable: false, default: op.sql("true") }),
  ], { primaryKey: { name: "PK_0806c755e0aca124e67c0cf6d7d", columns: ["id"] }, checks: [{ name: "CHK_products_price_not_negative", expression: "(price >= (0)::numeric)" }] });
  await op.createTable("users", [
    op.column("id", "uuid", { nullable: false, default: op.sql("gen_random_uuid()") }),
    op.column("email", "character varying(320)", { nullable: false }),
    op.column("display_name", "character varying(100)", { nullable: false }),
    op.column("role", "public.users_role_enum", { nullable: false, default: op.sql("'customer'::public.users_role_enum") }),
    op.column("preferences", "jsonb", { nullable: false, default: op.sql("'{}'::jsonb") }),
    op.column("last_login_at", "timestamp with time zone", { nullable: true }),
    op.column("deleted_at", "timestamp with time zone", { nullable: true }),
    op.column("created_at", "timestamp with time zone", { nullable: false, default: op.sql("now()") }),
    op.column("updated_at", "timestamp with time zone", { nullable: false, default: op.sql("now()") }),
  ], { primaryKey: { name: "PK_a3ffb1c0c8416b9fc6f907b7433", columns: ["id"] }, uniques: [{ name: "UQ_97672ac88f789774dd47f7c8be3", columns: ["email"] }], checks: [{ name: "CHK_users_email_has_at", expression: "((email)::text ~~ '%@%'::text)" }] });
  await op.createIndex("orders", "IDX_orders_status", ["status"]);
  await op.createIndex("product_categories", "IDX_3d78977f2f60b4f7a1d833e418", ['"productsId"']);
  await op.createIndex("product_categories", "IDX_c642709e6ad4582ed11aca458f", ['"categoriesId"']);
  await op.createIndex("products", "IDX_products_sku", ["sku"], { unique: true });
  await op.createIndex("users", "IDX_users_active_last_login", ["last_login_at"], { where: op.sql("(deleted_at IS NULL)") });
  await op.createForeignKey("order_items", "FK_145532db85752b29c57d2b7b1f1", ["order_id"], "orders", ["id"], { onDelete: "CASCADE" });
  await op.createForeignKey("order_items", "FK_9263386c35b6b242540f9493b00", ["product_id"], "products", ["id"], { onDelete: "RESTRICT", onUpdate: "CASCADE" });
  await op.createForeignKey("orders", "FK_772d0ce0473ac2ccfa26060dbe9", ["customer_id"], "users", ["id"], { onDelete: "RESTRICT" });
  await op.createForeignKey("product_categories", "FK_3d78977f2f60b4f7a1d833e4181", ["productsId"], "products", ["id"], { onDelete: "CASCADE", onUpdate: "CASCADE" });
  await op.createForeignKey("product_categories", "FK_c642709e6ad4582ed11aca458f9", ["categoriesId"], "categories", ["id"], { onDelete: "CASCADE", onUpdate: "CASCADE" });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropForeignKey("product_categories", "FK_c642709e6ad4582ed11aca458f9");
  await op.dropForeignKey("product_categories", "FK_3d78977f2f60b4f7a1d833e4181");
  await op.dropForeignKey("orders", "FK_772d0ce0473ac2ccfa26060dbe9");
  await op.dropForeignKey("order_items", "FK_9263386c35b6b242540f9493b00");
  await op.dropForeignKey("order_items", "FK_145532db85752b29c57d2b7b1f1");
  await op.dropIndex("users", "IDX_users_active_last_login");
  await op.dropIndex("products", "IDX_products_sku");
  await op.dropIndex("product_categories", "IDX_c642709e6ad4582ed11aca458f");
  await op.dropIndex("product_categories", "IDX_3d78977f2f60b4f7a1d833e418");
  await op.dropIndex("orders", "IDX_orders_status");
  await op.dropTable("users");
  await op.dropTable("products");
  await op.dropTable("product_categories");
  await op.dropTable("orders");
  await op.dropTable("order_items");
  await op.dropTable("categories");
  await op.dropEnum("users_role_enum");
  await op.dropEnum("order_status");
  await op.dropExtension("pgcrypto", { schema: "public" });
}
