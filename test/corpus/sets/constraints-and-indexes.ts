/** Unique and CHECK constraints, and indexes of every shape TypeORM can declare. */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";


export const constraintAndIndexSets: CorpusSet[] = [
  schemaSet("unique constraints", ["unique: true on a column", "named multi-column unique", "unnamed multi-column unique", "unique on a nullable column"], [
    entity("members", {
      email: { type: "varchar", length: 200, unique: true },
      tenant: { type: "int" },
      handle: { type: "varchar", length: 40 },
      badge: { type: "int", nullable: true, unique: true },
      region: { type: "varchar", length: 10 },
    }, {
      uniques: [
        { name: "UQ_members_tenant_handle", columns: ["tenant", "handle"] },
        { columns: ["region", "handle"] },
      ],
    }),
  ]),
  schemaSet("check constraints", ["named check", "unnamed check", "check over two columns", "check with a string literal", "check calling a function", "check with IN list"], [
    entity("products", {
      price: { type: "numeric", precision: 10, scale: 2 },
      discount: { type: "numeric", precision: 10, scale: 2, default: 0 },
      name: { type: "varchar", length: 100 },
      code: { type: "varchar", length: 10 },
      status: { type: "varchar", length: 10, default: "draft" },
    }, {
      checks: [
        { name: "CHK_products_price_positive", expression: `"price" > 0` },
        { expression: `"discount" <= "price"` },
        { name: "CHK_products_name_not_blank", expression: `"name" <> ''` },
        { name: "CHK_products_code_upper", expression: `upper("code") = "code" AND length("code") >= 2` },
        { name: "CHK_products_status", expression: `"status" IN ('draft', 'live', 'gone')` },
      ],
    }),
  ]),
  schemaSet("indexes: plain, unique, multi-column, partial", ["@Index on one column", "unique index", "multi-column index", "partial unique index", "partial index with a string literal", "unnamed index", "index: true on a column"], [
    entity("orders", {
      customer: { type: "int", index: true },
      number: { type: "varchar", length: 20 },
      placedAt: { type: "timestamptz" },
      status: { type: "varchar", length: 10 },
      deletedAt: { type: "timestamptz", nullable: true },
    }, {
      indices: [
        { name: "IDX_orders_number", columns: ["number"], unique: true },
        { name: "IDX_orders_customer_placed", columns: ["customer", "placedAt"] },
        { name: "IDX_orders_live_number", columns: ["customer", "number"], unique: true, where: `"deletedAt" IS NULL` },
        { name: "IDX_orders_open", columns: ["placedAt"], where: `"status" = 'open'` },
        { columns: ["status", "customer"] },
      ],
    }),
  ]),
  schemaSet("spatial (GiST) index on a geometric column", ["spatial: true on point", "GiST index on box"], [
    entity("places", {
      location: { type: "point" },
      area: { type: "box", nullable: true },
    }, {
      indices: [
        { name: "IDX_places_location", columns: ["location"], spatial: true },
        { name: "IDX_places_area", columns: ["area"], spatial: true },
      ],
    }),
  ]),
  schemaSet("index left to the database (synchronize: false)", ["index with synchronize: false is neither created nor dropped"], [
    entity("readings", {
      sensor: { type: "int" },
      value: { type: "double precision" },
    }, {
      indices: [
        { name: "IDX_readings_sensor", columns: ["sensor"] },
        { name: "IDX_readings_value_manual", columns: ["value"], synchronize: false },
      ],
    }),
  ], {
    handMadeSql: [`CREATE INDEX "IDX_readings_value_manual" ON "readings" ("value" DESC)`],
  }),
  schemaSet("unique column and unique index on the same table", ["unique: true beside a unique index", "index and unique over the same columns"], [
    entity("slugs", {
      slug: { type: "varchar", length: 80, unique: true },
      site: { type: "int" },
      path: { type: "varchar", length: 200 },
    }, {
      indices: [{ name: "IDX_slugs_site_path", columns: ["site", "path"], unique: true }],
      uniques: [{ name: "UQ_slugs_site_path", columns: ["site", "path"] }],
    }),
  ]),
];
