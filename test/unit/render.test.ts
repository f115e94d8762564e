/**
 * Rendered migration files: byte-stable (golden files), valid TypeScript under strict settings, and
 * faithful — replaying a file through the `op` API yields exactly the operations it was rendered from.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { Column, Table } from "../../src/model/schema";
import { NO_DEPENDENTS } from "../../src/ops/recreate-column";
import { reversePlan } from "../../src/ops/reverse";
import type { MigrationOp, OpKind } from "../../src/ops/types";
import { renderMigration, type MigrationFileSpec } from "../../src/render/render-migration";
import { Operations } from "../../src/runtime/operations";
import { RecordingSink } from "../../src/runtime/sinks";

const ROOT = path.resolve(__dirname, "..", "..");
const TEMPLATE = readFileSync(path.join(ROOT, "templates", "migration.ts"), "utf8");
const GOLDEN_DIR = path.join(ROOT, "test", "golden");

const col = (name: string, type: string, extra: Partial<Column> = {}): Column => ({
  name, type, nullable: true, default: null, serial: false, identity: null, generated: null, collation: null, comment: null, ...extra,
});
const users = { schema: "public", name: "users" };
const audit = { schema: "audit", name: "Events \"2026\"" };
const table: Table = {
  ...users,
  columns: [
    col("id", "integer", { nullable: false, serial: true }),
    col("email", "character varying(320)", { nullable: false, collation: "C" }),
    col("seq", "bigint", { nullable: false, identity: "always" }),
    col("total", "numeric(10,2)", { generated: "(price * (2)::numeric)" }),
    col("note", "text", { default: "'it''s'::text", comment: "line 1\r\nline \"2\"" }),
  ],
  primaryKey: { name: "PK_users", columns: ["id"] },
  uniques: [{ name: "UQ_users_email", columns: ["email"] }],
  checks: [{ name: "CHK_users_email", expression: "((email)::text ~~ '%@%'::text)" }],
  exclusions: [{ name: "EXC_users_seq", definition: "EXCLUDE USING gist (seq WITH =)" }],
  foreignKeys: [],
  indexes: [],
  comment: "People's accounts",
};

/** One op of every kind; typed so that a new kind without a sample fails to compile. */
const everyKind: Record<OpKind, MigrationOp> = {
  createSchema: { kind: "createSchema", schema: "audit" },
  createExtension: { kind: "createExtension", extension: { name: "pgcrypto", schema: "public" } },
  createEnum: { kind: "createEnum", enumType: { schema: "public", name: "mood", values: ["sad", "ok", "it's fine"] } },
  addEnumValue: { kind: "addEnumValue", name: { schema: "public", name: "mood" }, value: "happy", before: "it's fine", after: null },
  renameEnumValue: { kind: "renameEnumValue", name: { schema: "public", name: "mood" }, value: "it's fine", newValue: "it's \"fine\"" },
  replaceEnum: {
    kind: "replaceEnum",
    name: { schema: "public", name: "mood" },
    from: ["sad", "ok", "happy", "it's fine"],
    to: ["ok", "sad", "glad"],
    columns: [
      { table: users, column: "mood", array: true, default: "'{}'::public.mood[]" },
      { table: audit, column: "mood", array: false, default: null, defaultAfter: "'glad'::public.mood" },
    ],
    mapping: { happy: "glad", "it's fine": "ok" },
  },
  renameEnum: { kind: "renameEnum", name: { schema: "audit", name: "mood" }, newName: "Mood \"2\"" },
  createTable: { kind: "createTable", table },
  archiveColumn: { kind: "archiveColumn", table: users, column: "legacy_code", archive: "archive_users_legacy_code", key: ["id"] },
  restoreColumn: {
    kind: "restoreColumn",
    table: users,
    column: col("legacy_code", "character varying(20)", { nullable: false, default: "'none'::character varying" }),
    archive: "archive_users_legacy_code",
    key: ["id"],
  },
  archiveTable: { kind: "archiveTable", name: { schema: "public", name: "tags" }, archive: "archive_tags" },
  restoreTable: {
    kind: "restoreTable",
    table: { ...table, name: "tags", indexes: [{ name: "IDX_tags_seq", unique: true, keys: ["seq"], method: "btree", where: "(seq > 0)" }] },
    archive: "archive_tags",
  },
  addColumn: { kind: "addColumn", table: users, column: col("mood", "public.mood[]", { nullable: false, default: "'{}'::public.mood[]" }) },
  alterColumn: {
    kind: "alterColumn",
    table: users,
    column: "email",
    changes: { type: { from: "character varying(320)", to: "text" }, nullable: { from: false, to: true }, default: { from: null, to: "''::text" }, comment: { from: null, to: "mail" } },
  },
  recreateColumn: { kind: "recreateColumn", table: users, column: col("total", "numeric(10,2)", { generated: "(price * (3)::numeric)", comment: "x3" }) },
  renameColumn: { kind: "renameColumn", table: users, column: "note", newName: "remark" },
  renameTable: { kind: "renameTable", name: audit, newName: "events" },
  setTableComment: { kind: "setTableComment", table: users, comment: { from: "People's accounts", to: null } },
  createPrimaryKey: { kind: "createPrimaryKey", table: audit, primaryKey: { name: "PK_events", columns: ["id", "at"] } },
  createUniqueConstraint: { kind: "createUniqueConstraint", table: users, constraint: { name: "UQ_users_seq", columns: ["seq"] } },
  createCheckConstraint: { kind: "createCheckConstraint", table: users, constraint: { name: "CHK_seq", expression: "(seq > 0)" } },
  createIndex: { kind: "createIndex", table: users, index: { name: "IDX_users_mood", unique: false, keys: ["mood", "lower((email)::text) DESC"], method: "gin", where: "(seq > 10)" } },
  createForeignKey: {
    kind: "createForeignKey",
    table: audit,
    foreignKey: { name: "FK_events_user", columns: ["user_id"], referencedTable: users, referencedColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION", deferrable: true, initiallyDeferred: true },
  },
  // Multi-line SQL renders as a template literal: the backslash, backtick and ${ in it must survive.
  createView: {
    kind: "createView",
    view: {
      ...users,
      name: "active_users",
      materialized: true,
      definition: "SELECT users.id,\n    users.email AS \"`mail`\"\n   FROM public.users\n  WHERE (users.email ~ '^\\w+${x}'::text)",
      indexes: [],
      dependsOn: [],
    },
  },
  execute: { kind: "execute", sql: "UPDATE users SET note = 'x' WHERE note IS NULL" },
  dropForeignKey: { kind: "dropForeignKey", table: audit, name: "FK_old" },
  renameConstraint: { kind: "renameConstraint", table: audit, name: "PK_audit", newName: "PK \"events\"" },
  renameIndex: { kind: "renameIndex", table: users, name: "IDX_users_mood", newName: "IDX_users_feeling" },
  dropIndex: { kind: "dropIndex", table: users, name: "IDX_old" },
  dropCheckConstraint: { kind: "dropCheckConstraint", table: users, name: "CHK_old" },
  createExclusionConstraint: { kind: "createExclusionConstraint", table: audit, constraint: { name: "EXC_events", definition: "EXCLUDE USING gist (room WITH =, during WITH &&)" } },
  dropExclusionConstraint: { kind: "dropExclusionConstraint", table: audit, name: "EXC_old" },
  validateConstraint: { kind: "validateConstraint", table: audit, name: "FK_events_user" },
  dropUniqueConstraint: { kind: "dropUniqueConstraint", table: users, name: "UQ_old" },
  dropPrimaryKey: { kind: "dropPrimaryKey", table: audit, name: "PK_old" },
  dropColumn: { kind: "dropColumn", table: users, column: "legacy" },
  dropView: { kind: "dropView", name: { schema: "audit", name: "old_report" }, materialized: false },
  dropTable: { kind: "dropTable", name: { schema: "public", name: "legacy" } },
  dropEnum: { kind: "dropEnum", name: { schema: "public", name: "old_mood" } },
  dropExtension: { kind: "dropExtension", extension: { name: "hstore", schema: "public" } },
  dropSchema: { kind: "dropSchema", schema: "scratch" },
};

/** A plan whose every op can be reversed: drops carry what they destroy. */
const reversible: MigrationOp[] = [
  everyKind.createSchema,
  everyKind.createEnum,
  everyKind.createTable,
  everyKind.addColumn,
  everyKind.alterColumn,
  everyKind.createIndex,
  // A generated column turned plain and a plain one turned generated: each reverses to the other form.
  {
    kind: "alterColumn",
    table: users,
    column: "total",
    changes: { generated: { from: "(price * (2)::numeric)", to: null }, default: { from: null, to: "0" } },
    existing: {
      column: col("total", "numeric(10,2)", { generated: "(price * (2)::numeric)" }),
      dependents: { ...NO_DEPENDENTS, indexes: [{ name: "IDX_users_total", unique: false, keys: ["total"], method: "btree", where: null }] },
    },
  },
  {
    kind: "recreateColumn",
    table: users,
    column: col("seq", "bigint", { nullable: false, generated: "(id * 10)" }),
    existing: col("seq", "bigint", { nullable: false, identity: "always" }),
  },
  { kind: "dropColumn", table: users, column: "mood", existing: col("mood", "public.mood[]", { nullable: false, default: "'{}'::public.mood[]" }) },
  { kind: "dropTable", name: users, existing: table },
];

const spec = (ops: readonly MigrationOp[] | null): MigrationFileSpec => ({
  message: "render every kind\nsecond line with */ in it",
  revision: "abc123def456",
  downRevision: ["000000000001"],
  branchLabels: [],
  dependsOn: [],
  createDate: new Date(Date.UTC(2026, 10, 21, 10, 42, 7)),
  ops,
  context: { defaultSchema: "public" },
});

const golden = (name: string, text: string): string => {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.AUTOGEN_UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
  return readFileSync(file, "utf8");
};

const typeErrors = (files: string[]): string[] => {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    skipLibCheck: true,
    types: ["node"],
    paths: { "typeorm-autogen": [path.join(ROOT, "src", "index.ts")] },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file !== undefined && files.includes(diagnostic.file.fileName))
    .map((diagnostic) => `${diagnostic.file!.fileName}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
};

const replay = async (file: string, direction: "upgrade" | "downgrade"): Promise<MigrationOp[]> => {
  const sink = new RecordingSink();
  const script = require(file) as Record<typeof direction, (op: Operations) => Promise<void>>;
  await script[direction](new Operations(sink, "public"));
  return sink.ops;
};

/** What a file can carry: runtime ops never know what a drop destroys. */
const withoutExisting = (ops: readonly MigrationOp[]) => ops.map(({ ...op }) => (delete (op as { existing?: unknown }).existing, op));

describe("rendered migration files", () => {
  const cases = [
    { name: "every-op-kind.ts", ops: Object.values(everyKind) },
    { name: "reversible-plan.ts", ops: reversible },
    { name: "empty-revision.ts", ops: null },
  ];

  it.each(cases)("$name matches its golden file byte for byte", ({ name, ops }) => {
    const text = renderMigration(TEMPLATE, spec(ops));
    expect(text).toBe(golden(name, text));
    expect(renderMigration(TEMPLATE, spec(ops))).toBe(text);
  });

  it("type-check under strict settings", () => {
    expect(typeErrors(cases.map(({ name }) => path.join(GOLDEN_DIR, name)))).toEqual([]);
  });

  it("replays every op kind exactly through the op API", async () => {
    expect(await replay(path.join(GOLDEN_DIR, "every-op-kind.ts"), "upgrade")).toEqual(withoutExisting(Object.values(everyKind)));
  });

  it("writes a throwing downgrade where an op cannot be reversed", async () => {
    const text = readFileSync(path.join(GOLDEN_DIR, "every-op-kind.ts"), "utf8");
    expect(text).toContain('throw new Error("Irreversible: execute cannot be reversed: hand-written SQL has no known inverse");');
    expect(text).toContain("throw new Error(\"Irreversible: addEnumValue cannot be reversed");
    // Reversed order: the first op without a recorded definition stops the downgrade.
    await expect(replay(path.join(GOLDEN_DIR, "every-op-kind.ts"), "downgrade")).rejects.toThrow(/Irreversible: dropEnum cannot be reversed/);
  });

  it("renders the downgrade as the exact reverse of the upgrade", async () => {
    const file = path.join(GOLDEN_DIR, "reversible-plan.ts");
    expect(await replay(file, "upgrade")).toEqual(withoutExisting(reversible));
    expect(await replay(file, "downgrade")).toEqual(withoutExisting(reversePlan(reversible)));
  });

  it("marks hazards for the reviewer at the operation", () => {
    const text = renderMigration(TEMPLATE, spec(reversible));
    expect(text).toMatch(/\/\/ REVIEW \(deletes data\): drops column "public"\."users"\."mood" and everything stored in it\n\s+await op\.dropColumn\("users", "mood"\);/);
    // varchar -> text only changes the catalog; bigint -> text rewrites every row.
    expect(text).not.toContain(`REVIEW (rewrites table): changes "public"."users"."email"`);
    const rewriting: MigrationOp = { kind: "alterColumn", table: users, column: "seq", changes: { type: { from: "bigint", to: "text" } } };
    expect(renderMigration(TEMPLATE, spec([rewriting]))).toMatch(/\/\/ REVIEW \(rewrites table\): changes "public"\."users"\."seq" from bigint to text/);
  });

  it("refuses a template without the exports it fills in", () => {
    expect(() => renderMigration("export async function upgrade() {}", spec([]))).toThrow(/no `export const revision`/);
  });
});
