/**
 * How rows get their keys and computed values: serial sequences of three widths, identity columns,
 * generated uuids under both uuid extensions, STORED generated columns, natural and composite keys.
 */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";

export const keyAndGenerationSets: CorpusSet[] = [
  schemaSet("serial, bigserial and smallserial keys", ["generated increment on int (serial)", "on bigint (bigserial)", "on smallint (smallserial)"], [
    entity("serial_keys", { id: { type: "int", primary: true, generated: "increment" }, name: { type: "varchar" } }),
    entity("bigserial_keys", { id: { type: "bigint", primary: true, generated: "increment" } }),
    entity("smallserial_keys", { id: { type: "smallint", primary: true, generated: "increment" } }),
  ]),
  schemaSet("identity columns ALWAYS and BY DEFAULT", ["identity ALWAYS on int", "identity BY DEFAULT on bigint", "identity on smallint", "identity on a non-key column"], [
    entity("identity_always", { id: { type: "int", primary: true, generated: "identity", generatedIdentity: "ALWAYS" } }),
    entity("identity_by_default", { id: { type: "bigint", primary: true, generated: "identity", generatedIdentity: "BY DEFAULT" } }),
    entity("identity_small", {
      id: { type: "smallint", primary: true, generated: "identity", generatedIdentity: "ALWAYS" },
      ticket: { type: "bigint", generated: "identity", generatedIdentity: "BY DEFAULT" },
    }),
  ]),
  schemaSet("uuid keys with uuid-ossp (the default extension)", ["generated uuid primary key", "uuid-ossp installed", "uuid_generate_v4()"], [
    entity("tokens", { id: { type: "uuid", primary: true, generated: "uuid" }, label: { type: "varchar" } }),
  ], {
    expectColumns: [{ table: "public.tokens", name: "id", default: "public.uuid_generate_v4()" }],
  }),
  schemaSet(
    "uuid keys with pgcrypto",
    ["generated uuid primary key", "uuidExtension: pgcrypto", "gen_random_uuid()", "generated uuid on a non-key column"],
    [
      entity("sessions", {
        id: { type: "uuid", primary: true, generated: "uuid" },
        secret: { type: "uuid", generated: "uuid" },
      }),
    ],
    {
      dataSourceOptions: { uuidExtension: "pgcrypto" },
      expectColumns: [{ table: "public.sessions", name: "id", default: "gen_random_uuid()" }],
    },
  ),
  schemaSet("generated STORED columns", ["asExpression", "generatedType STORED", "expression over two columns", "text concatenation"], [
    entity("people", {
      first: { type: "varchar", length: 50 },
      last: { type: "varchar", length: 50 },
      fullName: { type: "varchar", length: 101, generatedType: "STORED", asExpression: `"first" || ' ' || "last"` },
      width: { type: "int" },
      height: { type: "int" },
      area: { type: "int", generatedType: "STORED", asExpression: `"width" * "height"`, nullable: true },
    }),
  ], {
    expectColumns: [{ table: "public.people", name: "fullName", generated: `(((first)::text || ' '::text) || (last)::text)` }],
  }),
  schemaSet("natural and composite primary keys", ["varchar primary key", "two-column key", "three-column key of mixed types", "primaryKeyConstraintName"], [
    entity("countries", { code: { type: "char", length: 2, primary: true }, name: { type: "varchar" } }),
    entity("rates", {
      currency: { type: "char", length: 3, primary: true },
      day: { type: "date", primary: true },
      rate: { type: "numeric", precision: 12, scale: 6 },
    }),
    entity("stock_moves", {
      warehouse: { type: "int", primary: true, primaryKeyConstraintName: "PK_stock_moves" },
      sku: { type: "varchar", length: 30, primary: true, primaryKeyConstraintName: "PK_stock_moves" },
      at: { type: "timestamptz", primary: true, primaryKeyConstraintName: "PK_stock_moves" },
      quantity: { type: "int" },
    }),
  ]),
  schemaSet("create, update and delete date and version columns", ["createDate", "updateDate", "deleteDate", "version", "precision on createDate"], [
    entity("audited", {
      name: { type: "varchar" },
      createdAt: { type: "timestamptz", createDate: true },
      updatedAt: { type: "timestamp", updateDate: true, precision: 3 },
      deletedAt: { type: "timestamptz", deleteDate: true },
      revision: { type: "int", version: true },
    }),
  ]),
];
