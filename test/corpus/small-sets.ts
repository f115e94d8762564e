/**
 * Small entity sets, as EntitySchema data, each exercising a slice of what autogen must model.
 * Used by the round-trip test: autogen's migration must build what TypeORM's synchronize builds.
 */
import type { EntitySchemaOptions } from "typeorm";

export interface EntitySet {
  readonly name: string;
  readonly schemas: EntitySchemaOptions<unknown>[];
  readonly dataSourceOptions?: Record<string, unknown>;
}

const pk = { type: "int", primary: true, generated: "increment" } as const;

export const smallSets: EntitySet[] = [
  {
    name: "column types and defaults",
    schemas: [
      {
        name: "Sample",
        tableName: "samples",
        columns: {
          id: pk,
          title: { type: "varchar", length: 120 },
          body: { type: "text", nullable: true, comment: "It's the body\nwith a newline" },
          price: { type: "numeric", precision: 10, scale: 2, default: 0 },
          ratio: { type: "double precision", nullable: true },
          flags: { type: "int", array: true, default: () => "'{}'" },
          labels: { type: "varchar", length: 20, array: true, nullable: true },
          payload: { type: "jsonb", default: { a: 1 } },
          active: { type: "boolean", default: false },
          // A string default with a quote (`"it's"`) is left out here: TypeORM's synchronize does not
          // escape it and fails with a syntax error. autogen escapes it; the incremental tests cover it.
          note: { type: "varchar", default: "plain" },
          happenedAt: { type: "timestamptz", default: () => "CURRENT_TIMESTAMP" },
          day: { type: "date", nullable: true },
          big: { type: "bigint", default: -1 },
          code: { type: "uuid", nullable: true },
        },
      },
    ],
  },
  {
    name: "relations, junction tables and composite keys",
    schemas: [
      {
        name: "Author",
        tableName: "authors",
        columns: { id: pk, name: { type: "varchar" } },
        relations: { books: { type: "one-to-many", target: "Book", inverseSide: "author" } },
      },
      {
        name: "Book",
        tableName: "books",
        columns: { id: pk, title: { type: "varchar" } },
        relations: {
          author: { type: "many-to-one", target: "Author", joinColumn: { name: "author_id" }, onDelete: "CASCADE", nullable: false },
          tags: { type: "many-to-many", target: "Tag", joinTable: { name: "book_tags" } },
        },
      },
      { name: "Tag", tableName: "tags", columns: { id: pk, label: { type: "varchar", length: 40, unique: true } } },
      {
        name: "Edition",
        tableName: "editions",
        columns: {
          bookId: { type: "int", primary: true, name: "book_id" },
          number: { type: "smallint", primary: true },
          year: { type: "int" },
        },
        relations: {
          book: { type: "many-to-one", target: "Book", joinColumn: { name: "book_id" }, onDelete: "CASCADE", onUpdate: "CASCADE" },
        },
      },
    ],
  },
  {
    name: "enums, shared and arrays",
    schemas: [
      {
        name: "Ticket",
        tableName: "tickets",
        columns: {
          id: pk,
          state: { type: "enum", enum: ["open", "closed"], default: "open" },
          priority: { type: "enum", enum: ["low", "high"], enumName: "priority_level" },
          channels: { type: "enum", enum: ["mail", "phone", "chat"], array: true, default: () => "'{}'" },
        },
      },
      {
        name: "Task",
        tableName: "tasks",
        columns: { id: pk, priority: { type: "enum", enum: ["low", "high"], enumName: "priority_level", nullable: true } },
      },
    ],
  },
  {
    name: "indexes, uniques and checks",
    schemas: [
      {
        name: "Account",
        tableName: "accounts",
        columns: {
          id: pk,
          email: { type: "varchar", length: 200 },
          tenant: { type: "int" },
          handle: { type: "varchar", length: 40 },
          balance: { type: "numeric", precision: 14, scale: 2, default: 0 },
          deletedAt: { type: "timestamptz", nullable: true, name: "deleted_at" },
        },
        indices: [
          { name: "IDX_accounts_email_live", columns: ["email"], unique: true, where: `"deleted_at" IS NULL` },
          { name: "IDX_accounts_tenant_handle", columns: ["tenant", "handle"] },
        ],
        uniques: [{ name: "UQ_accounts_tenant_handle", columns: ["tenant", "handle"] }],
        checks: [{ name: "CHK_accounts_balance", expression: `"balance" >= 0` }],
      },
    ],
  },
  {
    name: "identity and uuid keys",
    schemas: [
      {
        name: "Event",
        tableName: "events",
        columns: {
          id: { type: "uuid", primary: true, generated: "uuid" },
          seq: { type: "bigint", generated: "identity", generatedIdentity: "BY DEFAULT" },
          kind: { type: "varchar", length: 30 },
        },
      },
      {
        name: "Counter",
        tableName: "counters",
        columns: { id: { type: "int", primary: true, generated: "identity", generatedIdentity: "ALWAYS" }, value: { type: "int", default: 0 } },
      },
    ],
  },
];
