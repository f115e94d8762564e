/**
 * render every kind
 * second line with *\/ in it
 *
 * Revision ID: abc123def456
 * Revises: 000000000001
 * Create Date: 2026-11-21 10:42:07 UTC
 */
import type { Operations } from "typeorm-autogen";

export const revision = "abc123def456";
export const downRevision = "000000000001";

export async function upgrade(op: Operations): Promise<void> {
  await op.createSchema("audit");
  await op.createEnum("mood", ["sad", "ok", "it's fine"]);
  await op.createTable("users", [
    op.column("id", "integer", { nullable: false, serial: true }),
    op.column("email", "character varying(320)", { nullable: false, collation: "C" }),
    op.column("seq", "bigint", { nullable: false, identity: "always" }),
    op.column("total", "numeric(10,2)", { nullable: true, generated: op.sql("(price * (2)::numeric)") }),
    op.column("note", "text", { nullable: true, default: op.sql("'it''s'::text"), comment: "line 1\r\nline \"2\"" }),
  ], { primaryKey: { name: "PK_users", columns: ["id"] }, uniques: [{ name: "UQ_users_email", columns: ["email"] }], checks: [{ name: "CHK_users_email", expression: "((email)::text ~~ '%@%'::text)" }], exclusions: [{ name: "EXC_users_seq", definition: "EXCLUDE USING gist (seq WITH =)" }], comment: "People's accounts" });
  await op.addColumn("users", op.column("mood", "public.mood[]", { nullable: false, default: op.sql("'{}'::public.mood[]") }));
  await op.alterColumn("users", "email", { type: { from: "character varying(320)", to: "text" }, nullable: { from: false, to: true }, default: { from: null, to: op.sql("''::text") }, comment: { from: null, to: "mail" } });
  await op.createIndex("users", "IDX_users_mood", ["mood", "lower((email)::text) DESC"], { method: "gin", where: op.sql("(seq > 10)") });
  // REVIEW (breaks running code): stops computing "public"."users"."total": it keeps its values, but rows inserted without it from now on hold NULL (or its default)
  await op.alterColumn("users", "total", { default: { from: null, to: op.sql("0") }, generated: { from: op.sql("(price * (2)::numeric)"), to: null } });
  // REVIEW (deletes data): replaces what "public"."users"."seq" holds with the values its generation expression computes
  // REVIEW (breaks running code): makes "public"."users"."seq" generated: inserts and updates that set it start failing
  // REVIEW (rewrites table): drops "public"."users"."seq" and adds it again as GENERATED ALWAYS AS ((id * 10)) STORED: rewrites the table under an ACCESS EXCLUSIVE lock and computes every value
  await op.recreateColumn("users", op.column("seq", "bigint", { nullable: false, generated: op.sql("(id * 10)") }));
  // REVIEW (deletes data): drops column "public"."users"."mood" and everything stored in it
  await op.dropColumn("users", "mood");
  // REVIEW (deletes data): drops table "public"."users" and every row in it
  await op.dropTable("users");
}

export async function downgrade(op: Operations): Promise<void> {
  await op.createTable("users", [
    op.column("id", "integer", { nullable: false, serial: true }),
    op.column("email", "character varying(320)", { nullable: false, collation: "C" }),
    op.column("seq", "bigint", { nullable: false, identity: "always" }),
    op.column("total", "numeric(10,2)", { nullable: true, generated: op.sql("(price * (2)::numeric)") }),
    op.column("note", "text", { nullable: true, default: op.sql("'it''s'::text"), comment: "line 1\r\nline \"2\"" }),
  ], { primaryKey: { name: "PK_users", columns: ["id"] }, uniques: [{ name: "UQ_users_email", columns: ["email"] }], checks: [{ name: "CHK_users_email", expression: "((email)::text ~~ '%@%'::text)" }], exclusions: [{ name: "EXC_users_seq", definition: "EXCLUDE USING gist (seq WITH =)" }], comment: "People's accounts" });
  await op.addColumn("users", op.column("mood", "public.mood[]", { nullable: false, default: op.sql("'{}'::public.mood[]") }));
  await op.alterColumn("users", "seq", { identity: { from: null, to: "always" }, generated: { from: op.sql("(id * 10)"), to: null } });
  await op.dropIndex("users", "IDX_users_total");
  await op.recreateColumn("users", op.column("total", "numeric(10,2)", { nullable: true, generated: op.sql("(price * (2)::numeric)") }));
  await op.createIndex("users", "IDX_users_total", ["total"]);
  await op.dropIndex("users", "IDX_users_mood");
  await op.alterColumn("users", "email", { type: { from: "text", to: "character varying(320)" }, nullable: { from: true, to: false }, default: { from: op.sql("''::text"), to: null }, comment: { from: "mail", to: null } });
  await op.dropColumn("users", "mood");
  await op.dropTable("users");
  await op.dropEnum("mood");
  await op.dropSchema("audit");
}
