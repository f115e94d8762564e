import { compareSchemas } from "../../src/compare/compare-schemas";
import type { EnumType, SchemaModel, Table, View } from "../../src/model/schema";
import { NO_DEPENDENTS } from "../../src/ops/recreate-column";
import { IrreversibleOpError, reverseOp, reversePlan } from "../../src/ops/reverse";
import type { MigrationOp, OpKind, OpOfKind } from "../../src/ops/types";
import { column, foreignKey, index, model, opSubject, ref, table } from "./model-builders";

const USERS = ref("users");
const ORDERS = ref("orders");
const id = column("id", "integer", { nullable: false });
const email = column("email", "text", { nullable: false, comment: "login" });
const users = table("users", [id, email], {
  primaryKey: { name: "users_pkey", columns: ["id"] },
  uniques: [{ name: "users_email_key", columns: ["email"] }],
  checks: [{ name: "users_email_check", expression: "(email <> ''::text)" }],
  comment: "people",
});
const status: EnumType = { schema: "public", name: "status", values: ["active", "archived"] };
const fk = foreignKey("orders_user_fkey", ["user_id"], USERS, ["id"], { onDelete: "CASCADE", deferrable: true });
const activeEmailIndex = index("active_users_email_idx", ["email"], { unique: true });
const activeUsers: View = {
  schema: "public",
  name: "active_users",
  materialized: true,
  definition: "SELECT users.id, users.email FROM public.users WHERE (users.email <> ''::text)",
  indexes: [],
  dependsOn: [{ schema: "public", name: "users", columns: ["email", "id"], wholeRow: false }],
};
const emailIndex = index("users_email_idx", ["lower(email)"], { unique: true, where: "(email IS NOT NULL)" });

/** One op of every kind: the mapped type makes a kind added to the union without a sample a compile error. */
const samples: { readonly [K in OpKind]: OpOfKind<K> } = {
  createSchema: { kind: "createSchema", schema: "audit" },
  dropSchema: { kind: "dropSchema", schema: "audit" },
  createExtension: { kind: "createExtension", extension: { name: "citext", schema: "public" } },
  dropExtension: { kind: "dropExtension", extension: { name: "citext", schema: "public" } },
  createEnum: { kind: "createEnum", enumType: status },
  dropEnum: { kind: "dropEnum", name: ref("status"), existing: status },
  addEnumValue: { kind: "addEnumValue", name: ref("status"), value: "deleted", before: "archived", after: null },
  renameEnumValue: { kind: "renameEnumValue", name: ref("status"), value: "archived", newValue: "retired" },
  renameEnum: { kind: "renameEnum", name: ref("status", "audit"), newName: "state" },
  replaceEnum: {
    kind: "replaceEnum",
    name: ref("status"),
    from: ["active", "archived"],
    to: ["archived", "active"],
    columns: [{ table: USERS, column: "status", array: false, default: "'active'::public.status" }],
    mapping: {},
  },
  createTable: { kind: "createTable", table: users },
  dropTable: { kind: "dropTable", name: USERS, existing: users },
  archiveTable: { kind: "archiveTable", name: USERS, archive: "archive_users", existing: users },
  restoreTable: { kind: "restoreTable", table: users, archive: "archive_users" },
  renameTable: { kind: "renameTable", name: USERS, newName: "people" },
  setTableComment: { kind: "setTableComment", table: USERS, comment: { from: null, to: "people" } },
  addColumn: { kind: "addColumn", table: USERS, column: column("age", "integer", { default: "0" }) },
  dropColumn: { kind: "dropColumn", table: USERS, column: "email", existing: email },
  archiveColumn: { kind: "archiveColumn", table: USERS, column: "email", archive: "archive_users_email", key: ["id"], existing: email },
  restoreColumn: { kind: "restoreColumn", table: USERS, column: email, archive: "archive_users_email", key: ["id"] },
  alterColumn: {
    kind: "alterColumn",
    table: USERS,
    column: "email",
    changes: {
      type: { from: "text", to: "character varying(255)" },
      nullable: { from: false, to: true },
      default: { from: null, to: "''::character varying" },
      comment: { from: "login", to: null },
    },
  },
  recreateColumn: {
    kind: "recreateColumn",
    table: USERS,
    column: column("total", "integer", { generated: "(id * 3)" }),
    existing: column("total", "integer", { generated: "(id * 2)", comment: "double" }),
  },
  renameColumn: { kind: "renameColumn", table: USERS, column: "email", newName: "mail" },
  createPrimaryKey: { kind: "createPrimaryKey", table: USERS, primaryKey: { name: "users_pkey", columns: ["id"] } },
  dropPrimaryKey: { kind: "dropPrimaryKey", table: USERS, name: "users_pkey", existing: { name: "users_pkey", columns: ["id"] } },
  createUniqueConstraint: { kind: "createUniqueConstraint", table: USERS, constraint: users.uniques[0]! },
  dropUniqueConstraint: { kind: "dropUniqueConstraint", table: USERS, name: "users_email_key", existing: users.uniques[0]! },
  createCheckConstraint: { kind: "createCheckConstraint", table: USERS, constraint: users.checks[0]! },
  dropCheckConstraint: { kind: "dropCheckConstraint", table: USERS, name: "users_email_check", existing: users.checks[0]! },
  createExclusionConstraint: { kind: "createExclusionConstraint", table: USERS, constraint: { name: "users_no_overlap", definition: "EXCLUDE USING gist (id WITH =)" } },
  validateConstraint: { kind: "validateConstraint", table: USERS, name: "users_email_check" },
  dropExclusionConstraint: {
    kind: "dropExclusionConstraint",
    table: USERS,
    name: "users_no_overlap",
    existing: { name: "users_no_overlap", definition: "EXCLUDE USING gist (id WITH =)" },
  },
  createForeignKey: { kind: "createForeignKey", table: ORDERS, foreignKey: fk },
  dropForeignKey: { kind: "dropForeignKey", table: ORDERS, name: "orders_user_fkey", existing: fk },
  renameConstraint: { kind: "renameConstraint", table: ORDERS, name: "orders_user_fkey", newName: "FK_orders_user" },
  createIndex: { kind: "createIndex", table: USERS, index: emailIndex },
  dropIndex: { kind: "dropIndex", table: USERS, name: "users_email_idx", existing: emailIndex },
  renameIndex: { kind: "renameIndex", table: ref("users", "audit"), name: "users_email_idx", newName: "IDX_users_email" },
  createView: { kind: "createView", view: { ...activeUsers, indexes: [] } },
  dropView: { kind: "dropView", name: ref("active_users"), materialized: true, existing: activeUsers },
  execute: { kind: "execute", sql: "UPDATE users SET email = lower(email)" },
};

type IrreversibleKind = "addEnumValue" | "execute";
const irreversibleKinds: readonly IrreversibleKind[] = ["addEnumValue", "execute"];

/** The exact inverse of each reversible sample; again a mapped type, so no kind can be left out. */
const inverses: { readonly [K in Exclude<OpKind, IrreversibleKind>]: readonly MigrationOp[] } = {
  // Validation changes no schema: there is nothing to undo.
  validateConstraint: [],
  replaceEnum: [
    {
      kind: "replaceEnum",
      name: ref("status"),
      from: ["archived", "active"],
      to: ["active", "archived"],
      columns: [{ table: USERS, column: "status", array: false, default: "'active'::public.status" }],
      mapping: {},
    },
  ],
  renameEnumValue: [{ kind: "renameEnumValue", name: ref("status"), value: "retired", newValue: "archived" }],
  renameEnum: [{ kind: "renameEnum", name: ref("state", "audit"), newName: "status" }],
  createSchema: [{ kind: "dropSchema", schema: "audit" }],
  dropSchema: [{ kind: "createSchema", schema: "audit" }],
  createExtension: [{ kind: "dropExtension", extension: { name: "citext", schema: "public" } }],
  dropExtension: [{ kind: "createExtension", extension: { name: "citext", schema: "public" } }],
  createEnum: [{ kind: "dropEnum", name: ref("status"), existing: status }],
  dropEnum: [{ kind: "createEnum", enumType: status }],
  createTable: [{ kind: "dropTable", name: USERS, existing: users }],
  dropTable: [{ kind: "createTable", table: users }],
  archiveTable: [{ kind: "restoreTable", table: users, archive: "archive_users" }],
  restoreTable: [{ kind: "archiveTable", name: USERS, archive: "archive_users", existing: users }],
  renameTable: [{ kind: "renameTable", name: ref("people"), newName: "users" }],
  setTableComment: [{ kind: "setTableComment", table: USERS, comment: { from: "people", to: null } }],
  addColumn: [{ kind: "dropColumn", table: USERS, column: "age", existing: column("age", "integer", { default: "0" }) }],
  dropColumn: [{ kind: "addColumn", table: USERS, column: email }],
  archiveColumn: [{ kind: "restoreColumn", table: USERS, column: email, archive: "archive_users_email", key: ["id"] }],
  restoreColumn: [{ kind: "archiveColumn", table: USERS, column: "email", archive: "archive_users_email", key: ["id"], existing: email }],
  alterColumn: [
    {
      kind: "alterColumn",
      table: USERS,
      column: "email",
      changes: {
        type: { from: "character varying(255)", to: "text" },
        nullable: { from: true, to: false },
        default: { from: "''::character varying", to: null },
        comment: { from: null, to: "login" },
      },
    },
  ],
  recreateColumn: [
    {
      kind: "recreateColumn",
      table: USERS,
      column: column("total", "integer", { generated: "(id * 2)", comment: "double" }),
      existing: column("total", "integer", { generated: "(id * 3)" }),
    },
  ],
  renameColumn: [{ kind: "renameColumn", table: USERS, column: "mail", newName: "email" }],
  createPrimaryKey: [{ kind: "dropPrimaryKey", table: USERS, name: "users_pkey", existing: { name: "users_pkey", columns: ["id"] } }],
  dropPrimaryKey: [{ kind: "createPrimaryKey", table: USERS, primaryKey: { name: "users_pkey", columns: ["id"] } }],
  createUniqueConstraint: [{ kind: "dropUniqueConstraint", table: USERS, name: "users_email_key", existing: users.uniques[0]! }],
  dropUniqueConstraint: [{ kind: "createUniqueConstraint", table: USERS, constraint: users.uniques[0]! }],
  createCheckConstraint: [{ kind: "dropCheckConstraint", table: USERS, name: "users_email_check", existing: users.checks[0]! }],
  dropCheckConstraint: [{ kind: "createCheckConstraint", table: USERS, constraint: users.checks[0]! }],
  createExclusionConstraint: [
    {
      kind: "dropExclusionConstraint",
      table: USERS,
      name: "users_no_overlap",
      existing: { name: "users_no_overlap", definition: "EXCLUDE USING gist (id WITH =)" },
    },
  ],
  dropExclusionConstraint: [
    { kind: "createExclusionConstraint", table: USERS, constraint: { name: "users_no_overlap", definition: "EXCLUDE USING gist (id WITH =)" } },
  ],
  createForeignKey: [{ kind: "dropForeignKey", table: ORDERS, name: "orders_user_fkey", existing: fk }],
  dropForeignKey: [{ kind: "createForeignKey", table: ORDERS, foreignKey: fk }],
  renameConstraint: [{ kind: "renameConstraint", table: ORDERS, name: "FK_orders_user", newName: "orders_user_fkey" }],
  renameIndex: [{ kind: "renameIndex", table: ref("users", "audit"), name: "IDX_users_email", newName: "users_email_idx" }],
  createIndex: [{ kind: "dropIndex", table: USERS, name: "users_email_idx", existing: emailIndex }],
  dropIndex: [{ kind: "createIndex", table: USERS, index: emailIndex }],
  createView: [{ kind: "dropView", name: ref("active_users"), materialized: true, existing: activeUsers }],
  dropView: [{ kind: "createView", view: activeUsers }],
};

const reversibleKinds = Object.keys(inverses) as (keyof typeof inverses)[];

const thrownBy = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, none was thrown");
};

describe("reverseOp, one kind at a time", () => {
  it("has a sample of the kind it is filed under, and every kind is either reversible or not", () => {
    for (const [kind, op] of Object.entries(samples)) expect(op.kind).toBe(kind);
    expect([...reversibleKinds, ...irreversibleKinds].sort()).toEqual(Object.keys(samples).sort());
  });

  // Validation is the one op with nothing to undo: its reverse is empty, and so cannot come back.
  const schemaChanging = reversibleKinds.filter((kind) => kind !== "validateConstraint");

  it.each(schemaChanging)("%s reverses to its exact inverse, and back", (kind) => {
    const op = samples[kind];
    expect(reverseOp(op)).toEqual(inverses[kind]);
    expect(reverseOp(op).flatMap(reverseOp)).toEqual([op]);
  });

  it("recreates a dropped materialized view, then the indexes the drop took with it", () => {
    const indexed = { ...activeUsers, indexes: [activeEmailIndex] };
    expect(reverseOp({ kind: "dropView", name: ref("active_users"), materialized: true, existing: indexed })).toEqual([
      { kind: "createView", view: activeUsers },
      { kind: "createIndex", table: ref("active_users"), index: activeEmailIndex },
    ]);
  });

  it("cannot reverse a view drop that did not record the view", () => {
    expect(() => reverseOp({ kind: "dropView", name: ref("active_users"), materialized: false })).toThrow(IrreversibleOpError);
  });

  it("validateConstraint reverses to nothing", () => {
    expect(reverseOp(samples.validateConstraint)).toEqual([]);
  });

  it.each(irreversibleKinds)("%s throws IrreversibleOpError", (kind) => {
    const op = samples[kind];
    const error = thrownBy(() => reverseOp(op));
    expect(error).toBeInstanceOf(IrreversibleOpError);
    expect((error as IrreversibleOpError).op).toBe(op);
  });

  // A drop rebuilt from a migration file may lack what it destroyed; the reverse must not guess it.
  const drops = [
    "dropEnum",
    "dropTable",
    "archiveTable",
    "dropColumn",
    "archiveColumn",
    "dropPrimaryKey",
    "dropUniqueConstraint",
    "dropCheckConstraint",
    "dropExclusionConstraint",
    "dropForeignKey",
    "dropIndex",
  ] as const;
  it.each(drops)("%s without `existing` throws IrreversibleOpError", (kind) => {
    const { existing, ...bare } = samples[kind];
    expect(existing).toBeDefined();
    const error = thrownBy(() => reverseOp(bare as MigrationOp));
    expect(error).toBeInstanceOf(IrreversibleOpError);
    expect((error as IrreversibleOpError).op).toBe(bare);
  });

  it("a safe SET NOT NULL's downgrade is DROP NOT NULL alone: its temporary check is neither re-added nor dropped", () => {
    const check = { name: "users_email_not_null", expression: '"email" IS NOT NULL' };
    const plan: MigrationOp[] = [
      { kind: "createCheckConstraint", table: USERS, constraint: check, notValid: true, temporary: true },
      { kind: "validateConstraint", table: USERS, name: check.name },
      { kind: "alterColumn", table: USERS, column: "email", changes: { nullable: { from: true, to: false } } },
      { kind: "dropCheckConstraint", table: USERS, name: check.name, existing: check, temporary: true },
    ];
    expect(reversePlan(plan)).toEqual([{ kind: "alterColumn", table: USERS, column: "email", changes: { nullable: { from: false, to: true } } }]);
  });

  it("a generated backfill placeholder reverses to nothing (the column's drop undoes it); a hand-written execute does not", () => {
    const placeholder: MigrationOp = { kind: "execute", sql: "UPDATE x", backfill: { table: USERS, column: "region" } };
    expect(reverseOp(placeholder)).toEqual([]);
    expect(() => reverseOp({ kind: "execute", sql: "UPDATE x" })).toThrow(IrreversibleOpError);
  });

  it("dropTable recreates the table, then each of its indexes by its own op", () => {
    const second = index("users_id_idx", ["id"]);
    const op: MigrationOp = { kind: "dropTable", name: USERS, existing: { ...users, indexes: [emailIndex, second] } };
    expect(reverseOp(op)).toEqual([
      { kind: "createTable", table: users },
      { kind: "createIndex", table: USERS, index: emailIndex },
      { kind: "createIndex", table: USERS, index: second },
    ]);
  });

  it("alterColumn's reverse drops `using`: the expression converts one way only, back is the default cast", () => {
    const op: MigrationOp = {
      kind: "alterColumn",
      table: USERS,
      column: "age",
      changes: { type: { from: "text", to: "integer" } },
      using: "length(age)",
    };
    expect(reverseOp(op)).toEqual([{ kind: "alterColumn", table: USERS, column: "age", changes: { type: { from: "integer", to: "text" } } }]);
    expect(reverseOp(op)[0]).not.toHaveProperty("using");
  });
  const statusView: View = {
    schema: "public",
    name: "user_statuses",
    materialized: false,
    definition: "SELECT users.id, users.status FROM public.users",
    indexes: [],
    dependsOn: [{ schema: "public", name: "users", columns: ["id", "status"], wholeRow: false }],
  };
  const readerView: View = {
    ...activeUsers,
    name: "active_statuses",
    indexes: [activeEmailIndex],
    dependsOn: [{ schema: "public", name: "user_statuses", columns: ["id"], wholeRow: false }],
  };

  it("addEnumValue's swap back is wrapped by what it cannot carry: views readers first, parts holding constants of the type", () => {
    const activeIndex = index("users_active_idx", ["id"], { where: "(status = 'active'::public.status)" });
    const activeCheck = { name: "users_status_check", expression: "((status <> 'active'::public.status) OR (id > 0))" };
    const columns = [{ table: USERS, column: "status", array: false, default: null }];
    const op: MigrationOp = {
      ...samples.addEnumValue,
      existing: {
        values: ["active", "archived"],
        columns,
        dependents: { parts: [{ table: USERS, indexes: [activeIndex], checks: [activeCheck], exclusions: [] }], views: [statusView, readerView] },
      },
    };
    expect(reverseOp(op)).toEqual([
      { kind: "dropView", name: ref("active_statuses"), materialized: true, existing: readerView },
      { kind: "dropView", name: ref("user_statuses"), materialized: false, existing: statusView },
      { kind: "dropIndex", table: USERS, name: activeIndex.name, existing: activeIndex },
      { kind: "dropCheckConstraint", table: USERS, name: activeCheck.name, existing: activeCheck },
      { kind: "replaceEnum", name: ref("status"), from: ["active", "deleted", "archived"], to: ["active", "archived"], columns, mapping: {} },
      { kind: "createCheckConstraint", table: USERS, constraint: activeCheck },
      { kind: "createIndex", table: USERS, index: activeIndex },
      { kind: "createView", view: statusView },
      { kind: "createView", view: { ...readerView, indexes: [] } },
      { kind: "createIndex", table: ref("active_statuses"), index: activeEmailIndex },
    ]);
  });

  it("an expression dropped in place comes back by recreating the column, with the views reading it taken down around", () => {
    const total = column("total", "integer", { generated: "(id * 2)" });
    const op: MigrationOp = {
      kind: "alterColumn",
      table: USERS,
      column: "total",
      changes: { generated: { from: "(id * 2)", to: null } },
      existing: { column: total, dependents: { ...NO_DEPENDENTS, indexes: [emailIndex], views: [statusView] } },
    };
    expect(reverseOp(op)).toEqual([
      { kind: "dropView", name: ref("user_statuses"), materialized: false, existing: statusView },
      { kind: "dropIndex", table: USERS, name: emailIndex.name, existing: emailIndex },
      { kind: "recreateColumn", table: USERS, column: total, existing: { ...total, generated: null } },
      { kind: "createIndex", table: USERS, index: emailIndex },
      { kind: "createView", view: statusView },
    ]);
  });
});

describe("reversePlan", () => {
  it("reverses each op, last op first", () => {
    const plan: MigrationOp[] = [samples.createSchema, samples.createTable, samples.dropIndex, samples.alterColumn];
    expect(reversePlan(plan)).toEqual([
      ...inverses.alterColumn,
      ...inverses.dropIndex,
      ...inverses.createTable,
      ...inverses.createSchema,
    ]);
  });

  it("fails as a whole when one op is irreversible", () => {
    expect(() => reversePlan([samples.createSchema, samples.execute])).toThrow(IrreversibleOpError);
  });
});

describe("downgrade = compare in the other direction", () => {
  const orders = table("orders", [id, column("user_id", "integer"), column("state", "public.status")], {
    primaryKey: { name: "orders_pkey", columns: ["id"] },
    foreignKeys: [foreignKey("orders_user_fkey", ["user_id"], USERS, ["id"])],
    indexes: [index("orders_user_idx", ["user_id"]), index("orders_state_idx", ["state"], { where: "(state = 'active'::public.status)" })],
  });
  const log = table("log", [column("at", "timestamp with time zone")], { schema: "audit", indexes: [index("log_at_idx", ["at"])] });
  const bare = table("users", [id, column("email", "text")]);
  const withTables = (tables: Table[]): SchemaModel => model(tables, { schemas: ["public", "audit"], enums: [status] });

  // Extensions and enum values are left out: the comparator never drops an extension, and an added
  // enum value cannot be reversed; both are covered on their own below and above.
  const pairs: { name: string; a: SchemaModel; b: SchemaModel }[] = [
    { name: "tables, an enum and a schema created", a: model([]), b: withTables([users, orders, log]) },
    {
      name: "column changes and a table comment",
      a: model([users]),
      b: model([
        {
          ...users,
          columns: [
            { ...id, type: "bigint", default: "0" },
            { ...email, nullable: true, comment: null },
            column("age", "integer"),
          ],
          comment: null,
        },
      ]),
    },
    {
      name: "every kind of table part changed",
      a: withTables([users, orders]),
      b: withTables([
        {
          ...users,
          primaryKey: { name: "users_pkey", columns: ["id", "email"] },
          uniques: [{ name: "users_mail_key", columns: ["email"] }],
          checks: [{ name: "users_email_check", expression: "(length(email) > 3)" }],
        },
        {
          ...orders,
          foreignKeys: [{ ...orders.foreignKeys[0]!, onDelete: "CASCADE" }],
          indexes: [{ ...orders.indexes[0]!, method: "hash" }, index("orders_id_idx", ["id"])],
        },
      ]),
    },
    {
      name: "every kind of table part renamed, nothing else changed",
      a: withTables([users, orders]),
      b: withTables([
        {
          ...users,
          primaryKey: { name: "PK_users", columns: ["id"] },
          uniques: [{ name: "UQ_users_email", columns: ["email"] }],
          checks: [{ name: "CHK_users_email", expression: "(email <> ''::text)" }],
        },
        {
          ...orders,
          foreignKeys: [{ ...orders.foreignKeys[0]!, name: "FK_orders_user" }],
          indexes: [{ ...orders.indexes[0]!, name: "IDX_orders_user" }, orders.indexes[1]!],
        },
      ]),
    },
    {
      name: "one table replaced by another that references a kept one",
      a: withTables([bare, orders]),
      b: model([bare, table("payments", [id], { foreignKeys: [foreignKey("payments_id_fkey", ["id"], USERS, ["id"])] })], {
        enums: [{ schema: "public", name: "method", values: ["card"] }],
      }),
    },
  ];

  // Dropping a table drops its indexes with it; a downgrade that drops them one by one first does the same.
  const withoutImplied = (ops: readonly MigrationOp[]): MigrationOp[] => {
    const droppedTables = new Set(ops.flatMap((op) => (op.kind === "dropTable" ? [`${op.name.schema}.${op.name.name}`] : [])));
    return ops
      .filter((op) => !(op.kind === "dropIndex" && droppedTables.has(`${op.table.schema}.${op.table.name}`)))
      .map((op) => (op.kind === "dropTable" && op.existing ? { ...op, existing: { ...op.existing, indexes: [] } } : op));
  };
  const bySubject = (ops: readonly MigrationOp[]) => [...ops].sort((x, y) => (opSubject(x) < opSubject(y) ? -1 : 1));

  const directions = pairs.flatMap(({ name, a, b }) => [
    { name: `${name} (upgrade)`, from: a, to: b },
    { name: `${name} (downgrade)`, from: b, to: a },
  ]);

  it.each(directions)("$name", ({ from, to }) => {
    const forward = compareSchemas(from, to);
    expect(forward.length).toBeGreaterThan(2);
    const downgrade = withoutImplied(reversePlan(forward));
    const backward = withoutImplied(compareSchemas(to, from));
    expect(downgrade.map(opSubject).sort()).toEqual(backward.map(opSubject).sort());
    expect(bySubject(downgrade)).toEqual(bySubject(backward));
  });

  it("only the downgrade drops an extension the upgrade created", () => {
    const a = model([]);
    const b = model([], { extensions: [{ name: "citext", schema: "public" }] });
    expect(reversePlan(compareSchemas(a, b))).toEqual([{ kind: "dropExtension", extension: { name: "citext", schema: "public" } }]);
    expect(compareSchemas(b, a)).toEqual([]);
  });
});
