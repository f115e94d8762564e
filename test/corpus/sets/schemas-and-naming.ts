/**
 * Where tables live and what they are called: non-public schemas, a DataSource default schema, table
 * prefixes, identifiers that need quoting, the longest names PostgreSQL keeps, and entities autogen
 * must leave alone.
 */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";

/** TypeORM runs CREATE EXTENSION without a schema, so the extension lands in the connection's current schema. */

export const schemaAndNamingSets: CorpusSet[] = [
  schemaSet("entities in a non-public schema with cross-schema foreign keys", ["schema: sales", "FK from sales to public", "FK from public to sales", "index in sales"], [
    entity("customers", { name: { type: "varchar" } }, { name: "Customer" }),
    entity("orders", { total: { type: "numeric", precision: 12, scale: 2 } }, {
      name: "SalesOrder",
      schema: "sales",
      relations: { customer: { type: "many-to-one", target: "Customer", joinColumn: { name: "customer_id" }, onDelete: "CASCADE" } },
      indices: [{ name: "IDX_sales_orders_total", columns: ["total"] }],
    }),
    entity("shipments", {}, {
      name: "Shipment",
      relations: { order: { type: "many-to-one", target: "SalesOrder", joinColumn: { name: "order_id" } } },
    }),
  ]),
  schemaSet("same table name in two schemas", ["sales.items and public.items", "FK between them"], [
    entity("items", { name: { type: "varchar" } }, { name: "PublicItem" }),
    entity("items", { price: { type: "numeric", precision: 10, scale: 2 } }, {
      name: "SalesItem",
      schema: "sales",
      relations: { item: { type: "many-to-one", target: "PublicItem", joinColumn: { name: "item_id" } } },
    }),
  ]),
  schemaSet("many-to-many junction in a non-public schema", ["junction table follows the owner's schema", "two schemas joined"], [
    entity("warehouses", { name: { type: "varchar" } }, {
      name: "Warehouse",
      schema: "inventory",
      relations: { suppliers: { type: "many-to-many", target: "Supplier", joinTable: { name: "warehouse_suppliers" } } },
    }),
    entity("suppliers", { name: { type: "varchar" } }, { name: "Supplier" }),
  ]),
  schemaSet("DataSource default schema", ["DataSource schema: app", "every table and enum in app", "FK inside app", "entity with explicit schema: public beside it"], [
    entity("boards", { title: { type: "varchar" }, state: { type: "enum", enum: ["open", "archived"] } }, { name: "Board" }),
    entity("cards", {}, {
      name: "Card",
      relations: { board: { type: "many-to-one", target: "Board", joinColumn: { name: "board_id" } } },
    }),
    entity("pins", { note: { type: "varchar", unique: true } }, {
      name: "Pin",
      schema: "public",
      relations: { card: { type: "many-to-one", target: "Card", joinColumn: { name: "card_id" } } },
    }),
  ], { dataSourceOptions: { schema: "app" } }),
  schemaSet(
    "extension types and functions with a DataSource default schema",
    ["DataSource schema: app", "citext column in app", "generated uuid key (uuid-ossp function) in app"],
    [entity("stickers", { id: { type: "uuid", primary: true, generated: "uuid" }, label: { type: "citext" } }, { name: "Sticker" })],
    {
      dataSourceOptions: { schema: "app" },
    },
  ),
  schemaSet("entity prefix", ["DataSource entityPrefix", "prefixed junction table", "prefixed constraint names"], [
    entity("teams", { name: { type: "varchar" } }, {
      name: "Team",
      relations: { players: { type: "many-to-many", target: "Player", joinTable: true } },
    }),
    entity("players", { name: { type: "varchar", unique: true } }, { name: "Player" }),
  ], { dataSourceOptions: { entityPrefix: "app_" } }),
  schemaSet("identifiers that need quoting", ["reserved words as table and column names", "mixed case", "spaces", "dots and dashes", "unicode", "FK between quoted names"], [
    entity("order", {
      select: { type: "int" },
      Group: { type: "varchar" },
      "line item": { type: "text", nullable: true },
      "a.b-c": { type: "int", nullable: true },
      größe: { type: "int", nullable: true },
    }, { name: "Order", indices: [{ name: "IDX order select", columns: ["select", "Group"] }] }),
    entity("User Accounts", {}, {
      name: "UserAccount",
      relations: { order: { type: "many-to-one", target: "Order", joinColumn: { name: "Order Id" } } },
    }),
  ]),
  schemaSet("longest identifiers PostgreSQL keeps", ["63-character table name", "63-character column name", "hashed constraint names"], [
    entity("t".repeat(63), {
      ["c".repeat(63)]: { type: "int", unique: true },
    }, { name: "LongNames", indices: [{ columns: ["c".repeat(63)] }] }),
  ]),
  schemaSet("entity with synchronize: false", ["entity synchronize: false is not created", "other entities still are"], [
    entity("managed", { name: { type: "varchar" } }),
    entity("legacy_view_backed", { name: { type: "varchar" } }, { synchronize: false }),
  ], { handMadeSql: [`CREATE TABLE "legacy_view_backed" ("id" integer, "name" text)`] }),
  schemaSet("camelCase properties without explicit names", ["default naming strategy keeps property names", "camelCase FK column", "camelCase junction columns"], [
    entity("blogPosts", { publishedAt: { type: "timestamptz", nullable: true }, viewCount: { type: "int", default: 0 } }, {
      name: "BlogPost",
      relations: {
        mainAuthor: { type: "many-to-one", target: "BlogAuthor" },
        coAuthors: { type: "many-to-many", target: "BlogAuthor", joinTable: true },
      },
    }),
    entity("blogAuthors", { displayName: { type: "varchar" } }, { name: "BlogAuthor" }),
  ]),
];
