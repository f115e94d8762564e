import { compareSchemas } from "../../src/compare/compare-schemas";
import { applyRenames } from "../../src/compare/renames";
import { UnsupportedChangeError } from "../../src/compare/errors";
import { reversePlan } from "../../src/ops/reverse";
import { defaultCompareOptions as defaultOptions, type CompareOptions } from "../../src/compare/options";
import type { Column, EnumType, SchemaModel, Table } from "../../src/model/schema";
import type { AddEnumValueOp, MigrationOp } from "../../src/ops/types";
import { column, foreignKey, index, model, opSubject, ref, table } from "./model-builders";

const USERS = ref("users");
const ORDERS = ref("orders");

const id = column("id", "integer", { nullable: false });
const email = column("email", "text", { nullable: false });
const users = table("users", [id, email], { primaryKey: { name: "users_pkey", columns: ["id"] } });

const userId = column("user_id", "integer");
const ordersUserFk = foreignKey("orders_user_fkey", ["user_id"], USERS, ["id"]);
const ordersByUser = index("orders_user_idx", ["user_id"]);
const orders = table("orders", [id, userId], {
  primaryKey: { name: "orders_pkey", columns: ["id"] },
  foreignKeys: [ordersUserFk],
  indexes: [ordersByUser],
});

/** `users` with some of its parts replaced: most cases change one thing about one table. */
const usersWith = (overrides: Partial<Table>): SchemaModel => model([{ ...users, ...overrides }]);
const usersAnd = (overrides: Partial<Table>): SchemaModel => model([users, { ...orders, ...overrides }]);

const status: EnumType = { schema: "public", name: "status", values: ["active", "archived"] };

interface Case {
  readonly name: string;
  readonly current: SchemaModel;
  readonly target: SchemaModel;
  readonly expected: readonly MigrationOp[];
}

const unique = { name: "users_email_key", columns: ["email"] };
const check = { name: "users_email_check", expression: "(email <> ''::text)" };
const emailIndex = index("users_email_idx", ["email"]);

const cases: Case[] = [
  // Tables
  { name: "add table", current: model([]), target: model([users]), expected: [{ kind: "createTable", table: users }] },
  {
    name: "add table: its indexes and foreign keys become separate ops after it",
    current: model([users]),
    target: model([users, orders]),
    expected: [
      { kind: "createTable", table: { ...orders, indexes: [], foreignKeys: [] } },
      { kind: "createIndex", table: ORDERS, index: ordersByUser },
      { kind: "createForeignKey", table: ORDERS, foreignKey: ordersUserFk },
    ],
  },
  {
    name: "drop table keeps its whole definition, indexes included",
    current: usersWith({ indexes: [emailIndex], uniques: [unique], checks: [check], comment: "people" }),
    target: model([]),
    expected: [
      { kind: "dropTable", name: USERS, existing: { ...users, indexes: [emailIndex], uniques: [unique], checks: [check], comment: "people" } },
    ],
  },
  {
    name: "drop table: its foreign keys are dropped by their own op first",
    current: model([users, orders]),
    target: model([users]),
    expected: [
      { kind: "dropForeignKey", table: ORDERS, name: "orders_user_fkey", existing: ordersUserFk },
      { kind: "dropTable", name: ORDERS, existing: { ...orders, foreignKeys: [] } },
    ],
  },
  // Columns
  {
    name: "add column",
    current: model([users]),
    target: usersWith({ columns: [id, email, column("nickname", "text", { default: "'anon'::text" })] }),
    expected: [{ kind: "addColumn", table: USERS, column: column("nickname", "text", { default: "'anon'::text" }) }],
  },
  {
    name: "drop column keeps the column",
    current: model([users]),
    target: usersWith({ columns: [id] }),
    expected: [{ kind: "dropColumn", table: USERS, column: "email", existing: email }],
  },
  {
    name: "type change",
    current: model([users]),
    target: usersWith({ columns: [id, { ...email, type: "character varying(255)" }] }),
    expected: [{ kind: "alterColumn", table: USERS, column: "email", changes: { type: { from: "text", to: "character varying(255)" } } }],
  },
  {
    name: "nullability",
    current: model([users]),
    target: usersWith({ columns: [id, { ...email, nullable: true }] }),
    expected: [{ kind: "alterColumn", table: USERS, column: "email", changes: { nullable: { from: false, to: true } } }],
  },
  {
    name: "default",
    current: model([users]),
    target: usersWith({ columns: [id, { ...email, default: "''::text" }] }),
    expected: [{ kind: "alterColumn", table: USERS, column: "email", changes: { default: { from: null, to: "''::text" } } }],
  },
  {
    name: "column comment",
    current: usersWith({ columns: [id, { ...email, comment: "old" }] }),
    target: usersWith({ columns: [id, { ...email, comment: null }] }),
    expected: [{ kind: "alterColumn", table: USERS, column: "email", changes: { comment: { from: "old", to: null } } }],
  },
  {
    name: "several attributes of one column make one alterColumn",
    current: model([users]),
    target: usersWith({ columns: [id, { ...email, type: "citext", nullable: true, default: "'x'::citext", comment: "c" }] }),
    expected: [
      {
        kind: "alterColumn",
        table: USERS,
        column: "email",
        changes: {
          type: { from: "text", to: "citext" },
          nullable: { from: false, to: true },
          default: { from: null, to: "'x'::citext" },
          comment: { from: null, to: "c" },
        },
      },
    ],
  },
  {
    name: "table comment set",
    current: model([users]),
    target: usersWith({ comment: "people" }),
    expected: [{ kind: "setTableComment", table: USERS, comment: { from: null, to: "people" } }],
  },
  {
    name: "table comment removed",
    current: usersWith({ comment: "people" }),
    target: model([users]),
    expected: [{ kind: "setTableComment", table: USERS, comment: { from: "people", to: null } }],
  },
  // Primary keys
  {
    name: "primary key added",
    current: usersWith({ primaryKey: null }),
    target: model([users]),
    expected: [{ kind: "createPrimaryKey", table: USERS, primaryKey: { name: "users_pkey", columns: ["id"] } }],
  },
  {
    name: "primary key dropped",
    current: model([users]),
    target: usersWith({ primaryKey: null }),
    expected: [{ kind: "dropPrimaryKey", table: USERS, name: "users_pkey", existing: { name: "users_pkey", columns: ["id"] } }],
  },
  {
    name: "primary key columns changed: drop, then create",
    current: model([users]),
    target: usersWith({ primaryKey: { name: "users_pkey", columns: ["id", "email"] } }),
    expected: [
      { kind: "dropPrimaryKey", table: USERS, name: "users_pkey", existing: { name: "users_pkey", columns: ["id"] } },
      { kind: "createPrimaryKey", table: USERS, primaryKey: { name: "users_pkey", columns: ["id", "email"] } },
    ],
  },
  {
    name: "primary key renamed: renamed in place",
    current: model([users]),
    target: usersWith({ primaryKey: { name: "pk_users", columns: ["id"] } }),
    expected: [{ kind: "renameConstraint", table: USERS, name: "users_pkey", newName: "pk_users" }],
  },
  {
    name: "primary key renamed while its columns change: drop, then create",
    current: model([users]),
    target: usersWith({ primaryKey: { name: "pk_users", columns: ["id", "email"] } }),
    expected: [
      { kind: "dropPrimaryKey", table: USERS, name: "users_pkey", existing: { name: "users_pkey", columns: ["id"] } },
      { kind: "createPrimaryKey", table: USERS, primaryKey: { name: "pk_users", columns: ["id", "email"] } },
    ],
  },
  // Unique constraints
  {
    name: "unique added",
    current: model([users]),
    target: usersWith({ uniques: [unique] }),
    expected: [{ kind: "createUniqueConstraint", table: USERS, constraint: unique }],
  },
  {
    name: "unique dropped",
    current: usersWith({ uniques: [unique] }),
    target: model([users]),
    expected: [{ kind: "dropUniqueConstraint", table: USERS, name: "users_email_key", existing: unique }],
  },
  {
    name: "unique columns changed under the same name",
    current: usersWith({ uniques: [unique] }),
    target: usersWith({ uniques: [{ ...unique, columns: ["email", "id"] }] }),
    expected: [
      { kind: "dropUniqueConstraint", table: USERS, name: "users_email_key", existing: unique },
      { kind: "createUniqueConstraint", table: USERS, constraint: { ...unique, columns: ["email", "id"] } },
    ],
  },
  {
    name: "unique renamed: renamed in place",
    current: usersWith({ uniques: [unique] }),
    target: usersWith({ uniques: [{ ...unique, name: "UQ_users_email" }] }),
    expected: [{ kind: "renameConstraint", table: USERS, name: "users_email_key", newName: "UQ_users_email" }],
  },
  {
    name: "unique renamed while its columns change: drop, then create",
    current: usersWith({ uniques: [unique] }),
    target: usersWith({ uniques: [{ name: "UQ_users_email", columns: ["email", "id"] }] }),
    expected: [
      { kind: "dropUniqueConstraint", table: USERS, name: "users_email_key", existing: unique },
      { kind: "createUniqueConstraint", table: USERS, constraint: { name: "UQ_users_email", columns: ["email", "id"] } },
    ],
  },
  // Check constraints
  {
    name: "check added",
    current: model([users]),
    target: usersWith({ checks: [check] }),
    expected: [{ kind: "createCheckConstraint", table: USERS, constraint: check }],
  },
  {
    name: "check dropped",
    current: usersWith({ checks: [check] }),
    target: model([users]),
    expected: [{ kind: "dropCheckConstraint", table: USERS, name: "users_email_check", existing: check }],
  },
  {
    name: "check expression changed under the same name",
    current: usersWith({ checks: [check] }),
    target: usersWith({ checks: [{ ...check, expression: "(length(email) > 3)" }] }),
    expected: [
      { kind: "dropCheckConstraint", table: USERS, name: "users_email_check", existing: check },
      { kind: "createCheckConstraint", table: USERS, constraint: { ...check, expression: "(length(email) > 3)" } },
    ],
  },
  {
    name: "check renamed: renamed in place",
    current: usersWith({ checks: [check] }),
    target: usersWith({ checks: [{ ...check, name: "CHK_email" }] }),
    expected: [{ kind: "renameConstraint", table: USERS, name: "users_email_check", newName: "CHK_email" }],
  },
  {
    name: "check renamed while its expression changes: drop, then create",
    current: usersWith({ checks: [check] }),
    target: usersWith({ checks: [{ name: "CHK_email", expression: "(length(email) > 3)" }] }),
    expected: [
      { kind: "dropCheckConstraint", table: USERS, name: "users_email_check", existing: check },
      { kind: "createCheckConstraint", table: USERS, constraint: { name: "CHK_email", expression: "(length(email) > 3)" } },
    ],
  },
  {
    name: "exclusion constraint renamed: renamed in place",
    current: usersWith({ exclusions: [{ name: "users_id_excl", definition: "EXCLUDE USING gist (id WITH =)" }] }),
    target: usersWith({ exclusions: [{ name: "XCL_users", definition: "EXCLUDE USING gist (id WITH =)" }] }),
    expected: [{ kind: "renameConstraint", table: USERS, name: "users_id_excl", newName: "XCL_users" }],
  },
  // Foreign keys
  {
    name: "foreign key added",
    current: usersAnd({ foreignKeys: [] }),
    target: model([users, orders]),
    expected: [{ kind: "createForeignKey", table: ORDERS, foreignKey: ordersUserFk }],
  },
  {
    name: "foreign key dropped",
    current: model([users, orders]),
    target: usersAnd({ foreignKeys: [] }),
    expected: [{ kind: "dropForeignKey", table: ORDERS, name: "orders_user_fkey", existing: ordersUserFk }],
  },
  {
    name: "foreign key action changed: drop, then create",
    current: model([users, orders]),
    target: usersAnd({ foreignKeys: [{ ...ordersUserFk, onDelete: "CASCADE" }] }),
    expected: [
      { kind: "dropForeignKey", table: ORDERS, name: "orders_user_fkey", existing: ordersUserFk },
      { kind: "createForeignKey", table: ORDERS, foreignKey: { ...ordersUserFk, onDelete: "CASCADE" } },
    ],
  },
  {
    name: "foreign key renamed: renamed in place",
    current: model([users, orders]),
    target: usersAnd({ foreignKeys: [{ ...ordersUserFk, name: "FK_orders_user" }] }),
    expected: [{ kind: "renameConstraint", table: ORDERS, name: "orders_user_fkey", newName: "FK_orders_user" }],
  },
  ...[
    { columns: ["id"] },
    { referencedTable: ref("customers") },
    { referencedColumns: ["email"] },
    { onDelete: "CASCADE" as const },
    { onUpdate: "SET NULL" as const },
    { deferrable: true },
    { deferrable: true, initiallyDeferred: true },
  ].map(
    (change): Case => ({
      name: `foreign key renamed while it changes: ${JSON.stringify(change)}: drop, then create`,
      current: model([users, orders]),
      target: usersAnd({ foreignKeys: [{ ...ordersUserFk, name: "FK_orders_user", ...change }] }),
      expected: [
        { kind: "dropForeignKey", table: ORDERS, name: "orders_user_fkey", existing: ordersUserFk },
        { kind: "createForeignKey", table: ORDERS, foreignKey: { ...ordersUserFk, name: "FK_orders_user", ...change } },
      ],
    }),
  ),
  // Indexes
  {
    name: "index added",
    current: model([users]),
    target: usersWith({ indexes: [emailIndex] }),
    expected: [{ kind: "createIndex", table: USERS, index: emailIndex }],
  },
  {
    name: "index dropped",
    current: usersWith({ indexes: [emailIndex] }),
    target: model([users]),
    expected: [{ kind: "dropIndex", table: USERS, name: "users_email_idx", existing: emailIndex }],
  },
  ...[
    { unique: true },
    { where: "(email IS NOT NULL)" },
    { method: "hash" },
    { keys: ["lower(email)"] },
    { keys: ["email DESC"] },
    { keys: ["email", "id"] },
  ].map(
    (change): Case => ({
      name: `index changed: ${JSON.stringify(change)}`,
      current: usersWith({ indexes: [emailIndex] }),
      target: usersWith({ indexes: [{ ...emailIndex, ...change }] }),
      expected: [
        { kind: "dropIndex", table: USERS, name: "users_email_idx", existing: emailIndex },
        { kind: "createIndex", table: USERS, index: { ...emailIndex, ...change } },
      ],
    }),
  ),
  {
    name: "index renamed: renamed in place",
    current: usersWith({ indexes: [emailIndex] }),
    target: usersWith({ indexes: [{ ...emailIndex, name: "IDX_users_email" }] }),
    expected: [{ kind: "renameIndex", table: USERS, name: "users_email_idx", newName: "IDX_users_email" }],
  },
  ...[{ unique: true }, { where: "(email IS NOT NULL)" }, { method: "hash" }, { keys: ["email DESC"] }].map(
    (change): Case => ({
      name: `index renamed while it changes: ${JSON.stringify(change)}: drop, then create`,
      current: usersWith({ indexes: [emailIndex] }),
      target: usersWith({ indexes: [{ ...emailIndex, name: "IDX_users_email", ...change }] }),
      expected: [
        { kind: "dropIndex", table: USERS, name: "users_email_idx", existing: emailIndex },
        { kind: "createIndex", table: USERS, index: { ...emailIndex, name: "IDX_users_email", ...change } },
      ],
    }),
  ),
  // Enums
  {
    name: "enum created",
    current: model([]),
    target: model([], { enums: [status] }),
    expected: [{ kind: "createEnum", enumType: status }],
  },
  {
    name: "enum dropped keeps its values",
    current: model([], { enums: [status] }),
    target: model([]),
    expected: [{ kind: "dropEnum", name: ref("status"), existing: status }],
  },
  {
    name: "enum value added",
    current: model([], { enums: [status] }),
    target: model([], { enums: [{ ...status, values: ["active", "archived", "deleted"] }] }),
    expected: [
      {
        kind: "addEnumValue",
        name: ref("status"),
        value: "deleted",
        before: null,
        after: null,
        existing: { values: ["active", "archived"], columns: [], dependents: { parts: [], views: [] } },
      },
    ],
  },
  // Extensions and schemas
  {
    name: "extension created",
    current: model([]),
    target: model([], { extensions: [{ name: "citext", schema: "public" }] }),
    expected: [{ kind: "createExtension", extension: { name: "citext", schema: "public" } }],
  },
  {
    // Other objects or applications may still use it; only a downgrade drops what its upgrade created.
    name: "extension only in current is kept",
    current: model([], { extensions: [{ name: "citext", schema: "public" }] }),
    target: model([]),
    expected: [],
  },
  {
    name: "schema created",
    current: model([]),
    target: model([], { schemas: ["public", "audit"] }),
    expected: [{ kind: "createSchema", schema: "audit" }],
  },
  {
    name: "schema dropped",
    current: model([], { schemas: ["public", "audit"] }),
    target: model([]),
    expected: [{ kind: "dropSchema", schema: "audit" }],
  },
  {
    name: "public is never created",
    current: model([], { schemas: [] }),
    target: model([]),
    expected: [],
  },
  {
    name: "public is never dropped",
    current: model([]),
    target: model([], { schemas: [] }),
    expected: [],
  },
];

describe("compareSchemas: one kind of change at a time", () => {
  it.each(cases)("$name", ({ current, target, expected }) => {
    expect(compareSchemas(current, target)).toEqual(expected);
  });
});

/** Applies `ADD VALUE` the way PostgreSQL does, to check that the ops rebuild the declared order. */
const applyEnumValues = (values: readonly string[], ops: readonly MigrationOp[]): string[] => {
  const result = [...values];
  for (const op of ops as AddEnumValueOp[]) {
    if (op.before !== null) result.splice(result.indexOf(op.before), 0, op.value);
    else if (op.after !== null) result.splice(result.indexOf(op.after) + 1, 0, op.value);
    else result.push(op.value);
  }
  return result;
};

describe("compareSchemas: enum values keep the declared order", () => {
  it.each([
    { from: ["a", "b"], to: ["a", "b", "c"], placed: [["c", null]] },
    { from: ["a", "b"], to: ["a", "b", "c", "d"], placed: [["c", null], ["d", null]] },
    { from: ["a", "c"], to: ["a", "b", "c"], placed: [["b", "c"]] },
    { from: ["a", "d"], to: ["a", "b", "c", "d"], placed: [["b", "d"], ["c", "d"]] },
    { from: ["c"], to: ["a", "b", "c"], placed: [["a", "c"], ["b", "c"]] },
    { from: ["b", "d"], to: ["a", "b", "c", "d", "e"], placed: [["a", "b"], ["c", "d"], ["e", null]] },
    { from: [], to: ["a", "b"], placed: [["a", null], ["b", null]] },
  ])("$from -> $to", ({ from, to, placed }) => {
    const ops = compareSchemas(
      model([], { enums: [{ ...status, values: from }] }),
      model([], { enums: [{ ...status, values: to }] }),
    );
    expect(ops.map((op) => ({ ...op, existing: undefined }))).toEqual(
      placed.map(([value, before]) => ({ kind: "addEnumValue", name: ref("status"), value, before, after: null, existing: undefined })),
    );
    expect(applyEnumValues(from, ops)).toEqual(to);
  });
});

describe("compareSchemas: the plan runs in order", () => {
  // One migration that needs every ordering rule at once.
  const tier: EnumType = { schema: "public", name: "tier", values: ["free", "pro"] };
  const oldStatus: EnumType = { schema: "public", name: "old_status", values: ["on"] };
  const legacy = table("legacy", [column("state", "public.old_status")]);
  const customers = table("customers", [id, column("tier", "public.tier")], {
    primaryKey: { name: "customers_pkey", columns: ["id"] },
  });
  const region = column("region", "text", { nullable: false });
  const accounts = table("accounts", [id, region], { primaryKey: { name: "accounts_pkey", columns: ["id"] } });
  const sessionsFk = foreignKey("sessions_account_fkey", ["account_id"], ref("accounts"), ["id"]);
  const sessions = table("sessions", [column("account_id", "integer"), region], { foreignKeys: [sessionsFk] });
  const customerId = column("customer_id", "integer");
  const ordersCustomerFk = foreignKey("orders_customer_fkey", ["customer_id"], ref("customers"), ["id"]);

  const current = model([legacy, users, orders, accounts, sessions], { enums: [oldStatus] });
  const target = model(
    [
      customers,
      { ...orders, columns: [id, userId, customerId], foreignKeys: [ordersCustomerFk] },
      { ...accounts, primaryKey: { name: "accounts_pkey", columns: ["id", "region"] } },
      { ...sessions, foreignKeys: [{ ...sessionsFk, referencedColumns: ["id", "region"], columns: ["account_id", "region"] }] },
    ],
    { enums: [tier] },
  );
  const ops = compareSchemas(current, target);
  const at = (subject: string): number => {
    const position = ops.findIndex((op) => opSubject(op) === subject);
    if (position < 0) throw new Error(`the plan has no ${subject}: ${ops.map(opSubject).join(", ")}`);
    return position;
  };

  it.each([
    ["dropForeignKey public.orders.orders_user_fkey", "dropTable public.users"],
    ["dropForeignKey public.sessions.sessions_account_fkey", "dropPrimaryKey public.accounts.accounts_pkey"],
    ["createPrimaryKey public.accounts.accounts_pkey", "createForeignKey public.sessions.sessions_account_fkey"],
    ["createTable public.customers", "createForeignKey public.orders.orders_customer_fkey"],
    ["addColumn public.orders.customer_id", "createForeignKey public.orders.orders_customer_fkey"],
    ["createEnum public.tier", "createTable public.customers"],
    ["dropTable public.legacy", "dropEnum public.old_status"],
  ])("%s before %s", (first, second) => {
    expect(at(first)).toBeLessThan(at(second));
  });

  // A foreign key that did not change still depends on the key it references, so PostgreSQL refuses to
  // drop that key ("cannot drop constraint users_pkey ... because other objects depend on it").
  it.each([
    {
      name: "primary key replaced by a unique constraint",
      before: users,
      after: { ...users, primaryKey: null, uniques: [{ name: "uq_users_id", columns: ["id"] }] },
      dropKey: "dropPrimaryKey public.users.users_pkey",
      createKey: "createUniqueConstraint public.users.uq_users_id",
    },
    {
      name: "unique constraint replaced by a unique index",
      before: { ...users, primaryKey: null, uniques: [{ name: "users_id_key", columns: ["id"] }] },
      after: { ...users, primaryKey: null, indexes: [index("users_id_key", ["id"], { unique: true })] },
      dropKey: "dropUniqueConstraint public.users.users_id_key",
      createKey: "createIndex public.users.users_id_key",
    },
  ])("an unchanged foreign key is dropped before the $name it references, and created after", ({ before, after, dropKey, createKey }) => {
    const plan = compareSchemas(model([before, orders]), model([after, orders])).map(opSubject);
    const position = (subject: string) => {
      expect(plan).toContain(subject);
      return plan.indexOf(subject);
    };
    expect(position("dropForeignKey public.orders.orders_user_fkey")).toBeLessThan(position(dropKey));
    expect(position("createForeignKey public.orders.orders_user_fkey")).toBeGreaterThan(position(createKey));
  });
});

describe("compareSchemas: parts whose name alone changes are renamed in place", () => {
  it("a key renamed keeps the foreign keys that rest on it: nothing is dropped, built or checked", () => {
    const after = { ...users, primaryKey: { name: "PK_users", columns: ["id"] } };
    expect(compareSchemas(model([users, orders]), model([after, orders]))).toEqual([
      { kind: "renameConstraint", table: USERS, name: "users_pkey", newName: "PK_users" },
    ]);
  });

  it("a renamed table's parts follow it: the table rename, then one rename per part", () => {
    // What TypeORM does to a table it sees renamed: every name it derives from the table changes.
    const tags = table("tags", [id, column("label", "text")], {
      primaryKey: { name: "PK_tags", columns: ["id"] },
      uniques: [{ name: "UQ_tags_label", columns: ["label"] }],
      checks: [{ name: "CHK_tags_label", expression: "(label <> ''::text)" }],
      indexes: [index("IDX_tags_label", ["lower(label)"])],
    });
    const posts = table("posts", [id, column("tag_id", "integer")], {
      primaryKey: { name: "PK_posts", columns: ["id"] },
      foreignKeys: [foreignKey("FK_posts_tags", ["tag_id"], ref("tags"), ["id"])],
    });
    const labels = {
      ...tags,
      name: "labels",
      primaryKey: { name: "PK_labels", columns: ["id"] },
      uniques: [{ name: "UQ_labels_label", columns: ["label"] }],
      checks: [{ name: "CHK_labels_label", expression: "(label <> ''::text)" }],
      indexes: [index("IDX_labels_label", ["lower(label)"])],
    };
    const renamedPosts = { ...posts, foreignKeys: [foreignKey("FK_posts_labels", ["tag_id"], ref("labels"), ["id"])] };
    const renamed = applyRenames(model([tags, posts]), [{ kind: "table", from: ref("tags"), to: "labels" }], model([labels, renamedPosts]));
    expect([...renamed.ops, ...compareSchemas(renamed.current, model([labels, renamedPosts]))]).toEqual([
      { kind: "renameTable", name: ref("tags"), newName: "labels" },
      { kind: "renameConstraint", table: ref("labels"), name: "PK_tags", newName: "PK_labels" },
      { kind: "renameConstraint", table: ref("labels"), name: "UQ_tags_label", newName: "UQ_labels_label" },
      { kind: "renameConstraint", table: ref("labels"), name: "CHK_tags_label", newName: "CHK_labels_label" },
      { kind: "renameIndex", table: ref("labels"), name: "IDX_tags_label", newName: "IDX_labels_label" },
      { kind: "renameConstraint", table: ref("posts"), name: "FK_posts_tags", newName: "FK_posts_labels" },
    ]);
  });

  it("renames run before the part ops that name the new names", () => {
    // A new index takes the unique constraint's old name: the rename frees it first.
    const current = usersWith({ uniques: [unique] });
    const target = usersWith({ uniques: [{ ...unique, name: "UQ_users_email" }], indexes: [index("users_email_key", ["lower(email)"])] });
    expect(compareSchemas(current, target)).toEqual([
      { kind: "renameConstraint", table: USERS, name: "users_email_key", newName: "UQ_users_email" },
      { kind: "createIndex", table: USERS, index: index("users_email_key", ["lower(email)"]) },
    ]);
  });

  it.each<{ name: string; current: SchemaModel; target: SchemaModel; expected: string[] }>([
    {
      name: "two indexes gone with the same definition, two new: which is which cannot be known",
      current: usersWith({ indexes: [index("a_idx", ["email"]), index("b_idx", ["email"])] }),
      target: usersWith({ indexes: [index("c_idx", ["email"]), index("d_idx", ["email"])] }),
      expected: ["dropIndex public.users.a_idx", "dropIndex public.users.b_idx", "createIndex public.users.c_idx", "createIndex public.users.d_idx"],
    },
    {
      name: "one index gone, two new with its definition",
      current: usersWith({ indexes: [index("a_idx", ["email"])] }),
      target: usersWith({ indexes: [index("c_idx", ["email"]), index("d_idx", ["email"])] }),
      expected: ["dropIndex public.users.a_idx", "createIndex public.users.c_idx", "createIndex public.users.d_idx"],
    },
    {
      name: "two foreign keys gone with the same definition, one new",
      current: usersAnd({ foreignKeys: [ordersUserFk, { ...ordersUserFk, name: "orders_user_fkey1" }] }),
      target: usersAnd({ foreignKeys: [{ ...ordersUserFk, name: "FK_orders_user" }] }),
      expected: [
        "dropForeignKey public.orders.orders_user_fkey",
        "dropForeignKey public.orders.orders_user_fkey1",
        "createForeignKey public.orders.FK_orders_user",
      ],
    },
    {
      // The check cannot take the name while the foreign key still holds it, and the drop comes after the renames.
      name: "the new name is still held by a constraint the plan drops",
      current: usersAnd({ checks: [{ name: "orders_check", expression: "(id > 0)" }] }),
      target: usersAnd({ checks: [{ name: "orders_user_fkey", expression: "(id > 0)" }], foreignKeys: [] }),
      expected: [
        "dropForeignKey public.orders.orders_user_fkey",
        "dropCheckConstraint public.orders.orders_check",
        "createCheckConstraint public.orders.orders_user_fkey",
      ],
    },
    {
      name: "the new index name is still held by an index of another table in the schema",
      current: model([{ ...users, indexes: [emailIndex] }, { ...orders, indexes: [index("IDX_email", ["user_id"])] }]),
      target: model([{ ...users, indexes: [{ ...emailIndex, name: "IDX_email" }] }, { ...orders, indexes: [] }]),
      expected: ["dropIndex public.orders.IDX_email", "dropIndex public.users.users_email_idx", "createIndex public.users.IDX_email"],
    },
    {
      name: "a key of another kind under the new name (kinds are never paired)",
      current: usersWith({ uniques: [unique] }),
      target: usersWith({ indexes: [index("UQ_users_email", ["email"], { unique: true })] }),
      expected: ["dropUniqueConstraint public.users.users_email_key", "createIndex public.users.UQ_users_email"],
    },
  ])("drop and create instead: $name", ({ current, target, expected }) => {
    expect(compareSchemas(current, target).map(opSubject)).toEqual(expected);
  });

  it("the same renames whatever the order of the input lists", () => {
    const current = usersWith({ indexes: [index("a_idx", ["email"]), index("b_idx", ["id"])], checks: [check], uniques: [unique] });
    const target = usersWith({
      indexes: [index("y_idx", ["id"]), index("z_idx", ["email"])],
      checks: [{ ...check, name: "CHK" }],
      uniques: [{ ...unique, name: "UQ" }],
    });
    const reversed = (subject: SchemaModel): SchemaModel => ({
      ...subject,
      tables: subject.tables.map((part) => ({ ...part, indexes: [...part.indexes].reverse() })),
    });
    const ops = compareSchemas(current, target).map(opSubject);
    expect(ops).toEqual([
      "renameConstraint public.users.users_email_key -> UQ",
      "renameConstraint public.users.users_email_check -> CHK",
      "renameIndex public.users.a_idx -> z_idx",
      "renameIndex public.users.b_idx -> y_idx",
    ]);
    expect(compareSchemas(reversed(current), reversed(target)).map(opSubject)).toEqual(ops);
  });
});

describe("compareSchemas: options", () => {
  const before = model([users]);
  const after = usersWith({ columns: [id, { ...email, type: "character varying(255)", nullable: true, default: "''::text" }] });
  const alterEmail = (changes: object) => [{ kind: "alterColumn", table: USERS, column: "email", changes }];

  it.each<{ name: string; options: CompareOptions; changes: object }>([
    {
      name: "compareType false ignores the type, not the rest",
      options: { compareType: false, compareServerDefault: true },
      changes: { nullable: { from: false, to: true }, default: { from: null, to: "''::text" } },
    },
    {
      name: "compareServerDefault false ignores the default, not the rest",
      options: { compareType: true, compareServerDefault: false },
      changes: { type: { from: "text", to: "character varying(255)" }, nullable: { from: false, to: true } },
    },
    {
      name: "both true compare everything",
      options: { compareType: true, compareServerDefault: true },
      changes: {
        type: { from: "text", to: "character varying(255)" },
        nullable: { from: false, to: true },
        default: { from: null, to: "''::text" },
      },
    },
  ])("$name", ({ options, changes }) => {
    expect(compareSchemas(before, after, options)).toEqual(alterEmail(changes));
  });

  it("both false still reports nullability, and nothing when only type and default differ", () => {
    const options = { compareType: false, compareServerDefault: false };
    expect(compareSchemas(before, after, options)).toEqual(alterEmail({ nullable: { from: false, to: true } }));
    const typeAndDefaultOnly = usersWith({ columns: [id, { ...email, type: "citext", default: "''::text" }] });
    expect(compareSchemas(before, typeAndDefaultOnly, options)).toEqual([]);
  });

  // The function decides per column, from the table and both sides of the column.
  const nickname = column("nickname", "text");
  const withTwo = usersWith({ columns: [id, email, nickname] });
  const bothChanged = usersWith({
    columns: [id, { ...email, type: "citext", default: "'a'::citext" }, { ...nickname, type: "citext", default: "'b'::citext" }],
  });

  it.each(["compareType", "compareServerDefault"] as const)("%s as a function skips the columns it rejects", (option) => {
    const decide = jest.fn(({ current }: { current: Column }) => current.name !== "email");
    const ops = compareSchemas(withTwo, bothChanged, { compareType: true, compareServerDefault: true, [option]: decide });

    const attribute = option === "compareType" ? "type" : "default";
    const emailOp = ops.find((op) => op.kind === "alterColumn" && op.column === "email");
    const nicknameOp = ops.find((op) => op.kind === "alterColumn" && op.column === "nickname");
    expect(emailOp && "changes" in emailOp && Object.keys(emailOp.changes)).toEqual([attribute === "type" ? "default" : "type"]);
    expect(nicknameOp && "changes" in nicknameOp && Object.keys(nicknameOp.changes).sort()).toEqual(["default", "type"]);
    expect(decide).toHaveBeenCalledWith({
      table: USERS,
      current: email,
      target: { ...email, type: "citext", default: "'a'::citext" },
    });
    expect(decide).toHaveBeenCalledWith({
      table: USERS,
      current: nickname,
      target: { ...nickname, type: "citext", default: "'b'::citext" },
    });
  });
});

describe("compareSchemas: changes it will not write", () => {
  const thrownBy = (action: () => unknown): unknown => {
    try {
      action();
    } catch (error) {
      return error;
    }
    throw new Error("expected an error, none was thrown");
  };

  it.each<{ name: string; before: Column; after: Column; changes: object; columnType?: string }>([
    { name: "serial added", before: id, after: { ...id, serial: true }, changes: { serial: { from: false, to: true } } },
    { name: "serial removed", before: { ...id, serial: true }, after: id, changes: { serial: { from: true, to: false } } },
    {
      name: "serial to identity",
      before: { ...id, serial: true },
      after: { ...id, identity: "by default" },
      changes: { serial: { from: true, to: false }, identity: { from: null, to: "by default" } },
    },
    { name: "identity kind changed", before: { ...id, identity: "always" }, after: { ...id, identity: "by default" }, changes: { identity: { from: "always", to: "by default" } } },
    { name: "collation changed", before: id, after: { ...id, collation: "C" }, changes: { collation: { from: null, to: "C" } }, columnType: "integer" },
  ])("column: $name is an alterColumn", ({ before, after, changes, columnType }) => {
    const ops = compareSchemas(usersWith({ columns: [before, email] }), usersWith({ columns: [after, email] }));
    expect(ops).toEqual([{ kind: "alterColumn", table: USERS, column: "id", changes, ...(columnType ? { columnType } : {}) }]);
  });

  it("column: a generation expression dropped on PostgreSQL 12, which cannot do it in place", () => {
    const error = thrownBy(() =>
      compareSchemas(usersWith({ columns: [{ ...id, generated: "(1 + 1)" }, email] }), usersWith({ columns: [id, email] }), { ...defaultOptions, serverVersion: 12 }),
    );
    expect(error).toBeInstanceOf(UnsupportedChangeError);
    expect((error as UnsupportedChangeError).object).toBe("column public.users.id");
    expect((error as Error).message).toContain("PostgreSQL 12 cannot drop a generation expression in place (13 can)");
  });

  it.each([
    { name: "value removed", to: ["active"] },
    { name: "value removed while another is added", to: ["active", "deleted"] },
    { name: "values reordered", to: ["archived", "active"] },
    { name: "values reordered while one is added", to: ["archived", "new", "active"] },
  ])("enum: $name becomes a type swap over every column using it", ({ to }) => {
    // Columns of the enum and of an array of it, in another schema too, and a default to carry over.
    const holder = table("holders", [column("state", "public.status", { default: "'active'::public.status" }), column("history", "public.status[]")]);
    const elsewhere = table("log", [column("state", "public.status")], { schema: "audit" });
    const unrelated = table("others", [column("state", "public.status_old")]);
    const current = model([holder, elsewhere, unrelated], { enums: [status], schemas: ["public", "audit"] });
    const ops = compareSchemas(current, { ...current, enums: [{ ...status, values: to }] });
    expect(ops).toEqual([
      {
        kind: "replaceEnum",
        name: ref("status"),
        from: ["active", "archived"],
        to,
        columns: [
          { table: { schema: "public", name: "holders" }, column: "state", array: false, default: "'active'::public.status" },
          { table: { schema: "public", name: "holders" }, column: "history", array: true, default: null },
          { table: { schema: "audit", name: "log" }, column: "state", array: false, default: null },
        ],
        mapping: {},
      },
    ]);
  });

  it("enum: a default that changes with the values is set by the swap, after it, and not again by an alterColumn", () => {
    const holder = (values: string[]) =>
      table("holders", [column("state", "public.status", { default: `'${values[1]}'::public.status` }), column("note", "text", { default: values[1] === "archived" ? null : "'x'::text" })]);
    const current = model([holder(["active", "archived"])], { enums: [status] });
    const target = model([holder(["active", "retired"])], { enums: [{ ...status, values: ["active", "retired"] }] });
    const ops = compareSchemas(current, target);
    expect(ops).toEqual([
      {
        kind: "replaceEnum",
        name: ref("status"),
        from: ["active", "archived"],
        to: ["active", "retired"],
        columns: [{ table: ref("holders"), column: "state", array: false, default: "'archived'::public.status", defaultAfter: "'retired'::public.status" }],
        mapping: {},
      },
      { kind: "alterColumn", table: ref("holders"), column: "note", changes: { default: { from: null, to: "'x'::text" } } },
    ]);
    // The downgrade's swap sets the old default back.
    expect(reversePlan(ops)[1]).toMatchObject({ columns: [{ default: "'retired'::public.status", defaultAfter: "'archived'::public.status" }] });
  });
});

describe("compareSchemas: generated columns", () => {
  const ITEMS = ref("items");
  const REFS = ref("refs");
  const price = column("price", "numeric", { nullable: false });
  const total = column("total", "numeric", { nullable: false, generated: "(price * (2)::numeric)" });
  const totalIndex = index("items_total_idx", ["total DESC"]);
  const priceIndex = index("items_price_idx", ["price"], { where: "(price > (0)::numeric)" });
  const uniqueTotal = { name: "items_id_total_key", columns: ["id", "total"] };
  const checkTotal = { name: "items_total_check", expression: "(total >= (0)::numeric)" };
  const refsItem = foreignKey("refs_item_fkey", ["item_id", "item_total"], ITEMS, ["id", "total"]);
  const schema = (totalColumn: Column, indexes = [totalIndex, priceIndex]): SchemaModel =>
    model([
      table("items", [id, price, totalColumn], { primaryKey: { name: "items_pkey", columns: ["id"] }, uniques: [uniqueTotal], checks: [checkTotal], indexes }),
      table("refs", [id, column("item_id", "integer"), column("item_total", "numeric")], { foreignKeys: [refsItem] }),
    ]);
  const recreated = { ...total, generated: "(price * (3)::numeric)" };
  const plain = { ...total, generated: null, default: "0" };
  const on = (version?: number): CompareOptions => ({ ...defaultOptions, ...(version === undefined ? {} : { serverVersion: version }) });

  // What includes `total` is dropped before the column goes and created again once it is back;
  // `items_price_idx` and the primary key do not include it and stay.
  const aroundRecreation = [
    "dropForeignKey public.refs.refs_item_fkey",
    "dropIndex public.items.items_total_idx",
    "dropUniqueConstraint public.items.items_id_total_key",
    "dropCheckConstraint public.items.items_total_check",
    "recreateColumn public.items.total",
    "createUniqueConstraint public.items.items_id_total_key",
    "createCheckConstraint public.items.items_total_check",
    "createIndex public.items.items_total_idx",
    "createForeignKey public.refs.refs_item_fkey",
  ];

  it("a part rebuilt around the column is not renamed too: it is dropped under its old name, created under its new one", () => {
    const renamedIndex = { ...totalIndex, name: "IDX_items_total" };
    const ops = compareSchemas(schema(total), schema(recreated, [renamedIndex, { ...priceIndex, name: "IDX_items_price" }]), on(16)).map(opSubject);
    expect(ops).toEqual([
      "renameIndex public.items.items_price_idx -> IDX_items_price",
      ...aroundRecreation.slice(0, 7),
      "createIndex public.items.IDX_items_total",
      ...aroundRecreation.slice(8),
    ]);
  });

  it.each([
    { name: "a new expression before PostgreSQL 17", version: 16, after: recreated },
    { name: "a new expression, the server version unknown", version: undefined, after: recreated },
    { name: "a new expression and a new type on PostgreSQL 17", version: 17, after: { ...recreated, type: "numeric(12,2)" } },
    { name: "a plain column made generated", version: 17, before: plain, after: total },
  ])("$name: the column is dropped and added again, and what includes it around it", ({ version, before = total, after }) => {
    const ops = compareSchemas(schema(before), schema(after), on(version));
    expect(ops.map(opSubject)).toEqual(aroundRecreation);
    expect(ops[4]).toEqual({ kind: "recreateColumn", table: ITEMS, column: after, existing: before });
    // The downgrade goes the same way back; a column made generated turns plain again in place, keeping its values.
    expect(reversePlan(ops).map(opSubject)).toEqual([
      "dropForeignKey public.refs.refs_item_fkey",
      "dropIndex public.items.items_total_idx",
      "dropCheckConstraint public.items.items_total_check",
      "dropUniqueConstraint public.items.items_id_total_key",
      `${before.generated === null ? "alterColumn" : "recreateColumn"} public.items.total`,
      "createCheckConstraint public.items.items_total_check",
      "createUniqueConstraint public.items.items_id_total_key",
      "createIndex public.items.items_total_idx",
      "createForeignKey public.refs.refs_item_fkey",
    ]);
  });

  it("a new expression on PostgreSQL 17: SET EXPRESSION in place, which rebuilds the indexes itself", () => {
    expect(compareSchemas(schema(total), schema(recreated), on(17))).toEqual([
      { kind: "alterColumn", table: ITEMS, column: "total", changes: { generated: { from: total.generated, to: recreated.generated } } },
    ]);
  });

  it("a generated column made plain: DROP EXPRESSION in place, recording what its reverse must rebuild", () => {
    const ops = compareSchemas(schema(total), schema(plain), on(15));
    expect(ops).toEqual([
      {
        kind: "alterColumn",
        table: ITEMS,
        column: "total",
        changes: { default: { from: null, to: "0" }, generated: { from: total.generated, to: null } },
        existing: {
          column: total,
          dependents: { primaryKey: null, uniques: [uniqueTotal], checks: [checkTotal], exclusions: [], indexes: [totalIndex], foreignKeys: [{ table: REFS, foreignKey: refsItem }], views: [] },
        },
      },
    ]);
    expect(reversePlan(ops).map(opSubject)).toEqual(aroundRecreation);
    expect(reversePlan(ops)[4]).toEqual({ kind: "recreateColumn", table: ITEMS, column: total, existing: plain });
  });

  it("a part the plan changes anyway is rebuilt by its own ops, not recorded for the reverse", () => {
    const changedIndex = { ...totalIndex, keys: ["total"] };
    const ops = compareSchemas(schema(total), schema(plain, [changedIndex, priceIndex]), on(15));
    expect(ops.map(opSubject)).toEqual(["dropIndex public.items.items_total_idx", "alterColumn public.items.total", "createIndex public.items.items_total_idx"]);
    expect(ops[1]).toMatchObject({ existing: { dependents: { indexes: [] } } });
  });
});

describe("compareSchemas: stable output", () => {
  // Two models that differ in every list the comparator reads.
  const audit = table("log", [column("at", "timestamp with time zone")], { schema: "audit" });
  const current = model(
    [
      { ...users, indexes: [emailIndex, index("users_id_idx", ["id"])], checks: [check], uniques: [unique] },
      orders,
      table("zombies", [id], { indexes: [index("zombies_idx", ["id"])] }),
      table("ghosts", [id]),
    ],
    { enums: [status, { schema: "public", name: "gone", values: ["x"] }, { schema: "public", name: "mood", values: ["ok"] }], schemas: ["public", "old"] },
  );
  const target = model(
    [
      {
        ...users,
        columns: [id, { ...email, nullable: true }],
        indexes: [index("users_name_idx", ["email DESC"]), index("users_id2_idx", ["id DESC"])],
        checks: [{ ...check, name: "c2" }],
        uniques: [{ ...unique, name: "u2" }],
      },
      { ...orders, foreignKeys: [{ ...ordersUserFk, name: "fk_b" }, { ...ordersUserFk, name: "fk_a" }], indexes: [] },
      audit,
      table("accounts", [id], { indexes: [index("accounts_idx", ["id"])], foreignKeys: [foreignKey("accounts_user_fkey", ["id"], USERS, ["id"])] }),
      table("banks", [id]),
    ],
    {
      enums: [{ ...status, values: ["active", "archived", "deleted"] }, { schema: "public", name: "color", values: ["red"] }, { schema: "audit", name: "kind", values: ["k"] }],
      extensions: [{ name: "pgcrypto", schema: "public" }, { name: "citext", schema: "public" }],
      schemas: ["public", "audit", "zeta"],
    },
  );

  // Orders of tables, enums, extensions, schemas and of each table's named parts carry no meaning.
  // Column order does, and so do the parts of a created or dropped table, which its op carries as is.
  const reversedLists = (subject: SchemaModel): SchemaModel => ({
    schemas: [...subject.schemas].reverse(),
    extensions: [...subject.extensions].reverse(),
    enums: [...subject.enums].reverse(),
    views: [...subject.views].reverse(),
    tables: [...subject.tables].reverse().map((part) => ({
      ...part,
      indexes: [...part.indexes].reverse(),
      uniques: [...part.uniques].reverse(),
      checks: [...part.checks].reverse(),
      foreignKeys: [...part.foreignKeys].reverse(),
    })),
  });

  it("gives the same ops whatever the order of the input lists", () => {
    const ops = compareSchemas(current, target);
    expect(ops.length).toBeGreaterThan(20);
    expect(compareSchemas(reversedLists(current), reversedLists(target))).toEqual(ops);
    expect(compareSchemas(reversedLists(current), target)).toEqual(ops);
    expect(compareSchemas(current, reversedLists(target))).toEqual(ops);
  });

  it("sorts independent ops of one stage by name", () => {
    const subjects = compareSchemas(current, target).map(opSubject);
    const ofKind = (kind: string) => subjects.filter((subject) => subject.startsWith(`${kind} `));
    expect(ofKind("createSchema")).toEqual(["createSchema audit", "createSchema zeta"]);
    expect(ofKind("createExtension")).toEqual(["createExtension citext", "createExtension pgcrypto"]);
    expect(ofKind("createEnum")).toEqual(["createEnum audit.kind", "createEnum public.color"]);
    expect(ofKind("dropEnum")).toEqual(["dropEnum public.gone", "dropEnum public.mood"]);
    expect(ofKind("createTable")).toEqual(["createTable audit.log", "createTable public.accounts", "createTable public.banks"]);
    expect(ofKind("dropTable")).toEqual(["dropTable public.ghosts", "dropTable public.zombies"]);
    expect(ofKind("createForeignKey")).toEqual([
      "createForeignKey public.accounts.accounts_user_fkey",
      "createForeignKey public.orders.fk_a",
      "createForeignKey public.orders.fk_b",
    ]);
    expect(ofKind("createIndex")).toEqual([
      "createIndex public.accounts.accounts_idx",
      "createIndex public.users.users_id2_idx",
      "createIndex public.users.users_name_idx",
    ]);
    // By table, then kind (keys, uniques, checks, exclusions, foreign keys, indexes), then name.
    expect(ofKind("renameConstraint")).toEqual(["renameConstraint public.users.users_email_key -> u2", "renameConstraint public.users.users_email_check -> c2"]);
  });

  it("gives no ops for identical models, even as separate copies", () => {
    expect(compareSchemas(current, structuredClone(current))).toEqual([]);
    expect(compareSchemas(target, structuredClone(target))).toEqual([]);
  });
});
