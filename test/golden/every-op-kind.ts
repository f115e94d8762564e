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
  await op.createExtension("pgcrypto", { schema: "public" });
  await op.createEnum("mood", ["sad", "ok", "it's fine"]);
  // REVIEW (irreversible): PostgreSQL cannot remove value 'happy' from "public"."mood" again in place
  await op.addEnumValue("mood", "happy", { before: "it's fine" });
  // REVIEW (breaks running code): code still using value 'it''s fine' of "public"."mood" fails once it is renamed to 'it''s "fine"'
  await op.renameEnumValue("mood", "it's fine", "it's \"fine\"");
  // REVIEW (rewrites table): swaps enum type "public"."mood" and rewrites "public"."users"."mood", "audit"."Events ""2026"""."mood" under an ACCESS EXCLUSIVE lock
  // REVIEW (takes a lock): holds ACCESS EXCLUSIVE on "public"."users" and "audit"."Events ""2026""" while it rewrites the columns of type "public"."mood": reads and writes wait until it ends
  await op.replaceEnum("mood", { from: ["sad", "ok", "happy", "it's fine"], to: ["ok", "sad", "glad"], columns: [{ table: "users", column: "mood", array: true, default: op.sql("'{}'::public.mood[]") }, { table: { schema: "audit", name: 'Events "2026"' }, column: "mood", defaultAfter: op.sql("'glad'::public.mood") }], mapping: { "happy": "glad", "it's fine": "ok" } });
  // REVIEW (breaks running code): code still naming type "audit"."mood" (casts, functions) fails once it is renamed to "Mood ""2"""
  await op.renameEnum({ schema: "audit", name: "mood" }, 'Mood "2"');
  await op.createTable("users", [
    op.column("id", "integer", { nullable: false, serial: true }),
    op.column("email", "character varying(320)", { nullable: false, collation: "C" }),
    op.column("seq", "bigint", { nullable: false, identity: "always" }),
    op.column("total", "numeric(10,2)", { nullable: true, generated: op.sql("(price * (2)::numeric)") }),
    op.column("note", "text", { nullable: true, default: op.sql("'it''s'::text"), comment: "line 1\r\nline \"2\"" }),
  ], { primaryKey: { name: "PK_users", columns: ["id"] }, uniques: [{ name: "UQ_users_email", columns: ["email"] }], checks: [{ name: "CHK_users_email", expression: "((email)::text ~~ '%@%'::text)" }], exclusions: [{ name: "EXC_users_seq", definition: "EXCLUDE USING gist (seq WITH =)" }], comment: "People's accounts" });
  // REVIEW (breaks running code): drops column "public"."users"."legacy_code" after copying its values to "archive_users_legacy_code": code still using it fails; the downgrade restores it from the copy
  // REVIEW (takes a lock): holds SHARE on "public"."users" while it copies "legacy_code" of every row to "archive_users_legacy_code": inserts, updates and deletes wait until it ends
  await op.archiveColumn("users", "legacy_code", "archive_users_legacy_code", { key: ["id"] });
  // REVIEW (takes a lock): holds ACCESS EXCLUSIVE on "public"."users" while it writes "legacy_code" back into every row from "archive_users_legacy_code": reads and writes wait until it ends
  await op.restoreColumn("users", op.column("legacy_code", "character varying(20)", { nullable: false, default: op.sql("'none'::character varying") }), "archive_users_legacy_code", { key: ["id"] });
  // REVIEW (breaks running code): drops table "public"."tags" after copying its rows to "archive_tags": code still using it fails; the downgrade restores it from the copy
  // REVIEW (takes a lock): holds SHARE on "public"."tags" while it copies every row to "archive_tags": inserts, updates and deletes wait until it ends
  await op.archiveTable("tags", "archive_tags");
  await op.restoreTable("tags", "archive_tags", [
    op.column("id", "integer", { nullable: false, serial: true }),
    op.column("email", "character varying(320)", { nullable: false, collation: "C" }),
    op.column("seq", "bigint", { nullable: false, identity: "always" }),
    op.column("total", "numeric(10,2)", { nullable: true, generated: op.sql("(price * (2)::numeric)") }),
    op.column("note", "text", { nullable: true, default: op.sql("'it''s'::text"), comment: "line 1\r\nline \"2\"" }),
  ], { primaryKey: { name: "PK_users", columns: ["id"] }, uniques: [{ name: "UQ_users_email", columns: ["email"] }], checks: [{ name: "CHK_users_email", expression: "((email)::text ~~ '%@%'::text)" }], exclusions: [{ name: "EXC_users_seq", definition: "EXCLUDE USING gist (seq WITH =)" }], comment: "People's accounts", indexes: [{ name: "IDX_tags_seq", keys: ["seq"], unique: true, where: op.sql("(seq > 0)") }] });
  await op.addColumn("users", op.column("mood", "public.mood[]", { nullable: false, default: op.sql("'{}'::public.mood[]") }));
  await op.alterColumn("users", "email", { type: { from: "character varying(320)", to: "text" }, nullable: { from: false, to: true }, default: { from: null, to: op.sql("''::text") }, comment: { from: null, to: "mail" } });
  // REVIEW (deletes data): replaces what "public"."users"."total" holds with the values its generation expression computes
  // REVIEW (breaks running code): makes "public"."users"."total" generated: inserts and updates that set it start failing
  // REVIEW (rewrites table): drops "public"."users"."total" and adds it again as GENERATED ALWAYS AS ((price * (3)::numeric)) STORED: rewrites the table under an ACCESS EXCLUSIVE lock and computes every value
  await op.recreateColumn("users", op.column("total", "numeric(10,2)", { nullable: true, generated: op.sql("(price * (3)::numeric)"), comment: "x3" }));
  // REVIEW (breaks running code): code still using "public"."users"."note" fails once it is renamed to "remark"
  await op.renameColumn("users", "note", "remark");
  // REVIEW (breaks running code): code still using "audit"."Events ""2026""" fails once it is renamed to "events"
  await op.renameTable({ schema: "audit", name: 'Events "2026"' }, "events");
  await op.setTableComment("users", { from: "People's accounts", to: null });
  // REVIEW (may fail on existing data): adds PRIMARY KEY (id, at) on "audit"."Events ""2026""": fails over duplicate rows or NULLs
  // REVIEW (takes a lock): holds ACCESS EXCLUSIVE on "audit"."Events ""2026""" while it builds the index of "PK_events": reads and writes wait until it ends
  await op.createPrimaryKey({ schema: "audit", name: 'Events "2026"' }, "PK_events", ["id", "at"]);
  // REVIEW (may fail on existing data): adds UNIQUE (seq) on "public"."users": fails over duplicate rows
  await op.createUniqueConstraint("users", "UQ_users_seq", ["seq"]);
  // REVIEW (may fail on existing data): adds CHECK (seq > 0) on "public"."users": fails if a row violates it
  await op.createCheckConstraint("users", "CHK_seq", op.sql("(seq > 0)"));
  await op.createIndex("users", "IDX_users_mood", ["mood", "lower((email)::text) DESC"], { method: "gin", where: op.sql("(seq > 10)") });
  // REVIEW (takes a lock): holds SHARE ROW EXCLUSIVE on "audit"."Events ""2026""" and "public"."users" while it checks every row of "audit"."Events ""2026""" against "FK_events_user": inserts, updates and deletes wait until it ends
  await op.createForeignKey({ schema: "audit", name: 'Events "2026"' }, "FK_events_user", ["user_id"], "users", ["id"], { onDelete: "CASCADE", deferrable: true, initiallyDeferred: true });
  // REVIEW (takes a lock): fills materialized view "public"."active_users" by running its query inside the migration: the locks the migration holds are kept as long as that query runs
  await op.createView("active_users", `SELECT users.id,
    users.email AS "\`mail\`"
   FROM public.users
  WHERE (users.email ~ '^\\w+\${x}'::text)`, { materialized: true });
  await op.execute("UPDATE users SET note = 'x' WHERE note IS NULL");
  await op.dropForeignKey({ schema: "audit", name: 'Events "2026"' }, "FK_old");
  await op.renameConstraint({ schema: "audit", name: 'Events "2026"' }, "PK_audit", 'PK "events"');
  await op.renameIndex("users", "IDX_users_mood", "IDX_users_feeling");
  await op.dropIndex("users", "IDX_old");
  await op.dropCheckConstraint("users", "CHK_old");
  // REVIEW (may fail on existing data): adds EXCLUDE USING gist (room WITH =, during WITH &&) on "audit"."Events ""2026""": fails if existing rows conflict
  // REVIEW (takes a lock): holds ACCESS EXCLUSIVE on "audit"."Events ""2026""" while it builds the index of "EXC_events": reads and writes wait until it ends
  await op.createExclusionConstraint({ schema: "audit", name: 'Events "2026"' }, "EXC_events", op.sql("EXCLUDE USING gist (room WITH =, during WITH &&)"));
  await op.dropExclusionConstraint({ schema: "audit", name: 'Events "2026"' }, "EXC_old");
  // REVIEW (may fail on existing data): checks every row of "audit"."Events ""2026""" against "FK_events_user"; fails if one violates it (reads and writes go on meanwhile)
  await op.autocommitBlock(async () => {
    await op.validateConstraint({ schema: "audit", name: 'Events "2026"' }, "FK_events_user");
  });
  await op.dropUniqueConstraint("users", "UQ_old");
  await op.dropPrimaryKey({ schema: "audit", name: 'Events "2026"' }, "PK_old");
  // REVIEW (deletes data): drops column "public"."users"."legacy" and everything stored in it
  await op.dropColumn("users", "legacy");
  // REVIEW (breaks running code): drops view "audit"."old_report": queries reading it fail until it is created again
  await op.dropView({ schema: "audit", name: "old_report" });
  // REVIEW (deletes data): drops table "public"."legacy" and every row in it
  await op.dropTable("legacy");
  await op.dropEnum("old_mood");
  // REVIEW (breaks running code): drops extension "hstore" and the functions and types it provides
  await op.dropExtension("hstore", { schema: "public" });
  // REVIEW (deletes data): drops schema "scratch"
  await op.dropSchema("scratch");
}

export async function downgrade(op: Operations): Promise<void> {
  await op.createSchema("scratch");
  await op.createExtension("hstore", { schema: "public" });
  throw new Error("Irreversible: dropEnum cannot be reversed: the enum type it drops was not recorded");
  throw new Error("Irreversible: dropTable cannot be reversed: the table definition it drops was not recorded");
  throw new Error("Irreversible: dropView cannot be reversed: the view definition it drops was not recorded");
  throw new Error("Irreversible: dropColumn cannot be reversed: the column definition it drops was not recorded");
  throw new Error("Irreversible: dropPrimaryKey cannot be reversed: the primary key it drops was not recorded");
  throw new Error("Irreversible: dropUniqueConstraint cannot be reversed: the unique constraint it drops was not recorded");
  throw new Error("Irreversible: dropExclusionConstraint cannot be reversed: the exclusion constraint it drops was not recorded");
  await op.dropExclusionConstraint({ schema: "audit", name: 'Events "2026"' }, "EXC_events");
  throw new Error("Irreversible: dropCheckConstraint cannot be reversed: the check constraint it drops was not recorded");
  throw new Error("Irreversible: dropIndex cannot be reversed: the index it drops was not recorded");
  await op.renameIndex("users", "IDX_users_feeling", "IDX_users_mood");
  await op.renameConstraint({ schema: "audit", name: 'Events "2026"' }, 'PK "events"', "PK_audit");
  throw new Error("Irreversible: dropForeignKey cannot be reversed: the foreign key it drops was not recorded");
  throw new Error("Irreversible: execute cannot be reversed: hand-written SQL has no known inverse");
  await op.dropView("active_users", { materialized: true });
  await op.dropForeignKey({ schema: "audit", name: 'Events "2026"' }, "FK_events_user");
  await op.dropIndex("users", "IDX_users_mood");
  await op.dropCheckConstraint("users", "CHK_seq");
  await op.dropUniqueConstraint("users", "UQ_users_seq");
  await op.dropPrimaryKey({ schema: "audit", name: 'Events "2026"' }, "PK_events");
  await op.setTableComment("users", { from: null, to: "People's accounts" });
  await op.renameTable({ schema: "audit", name: "events" }, 'Events "2026"');
  await op.renameColumn("users", "remark", "note");
  throw new Error("Irreversible: recreateColumn cannot be reversed: the column definition it drops was not recorded");
  await op.alterColumn("users", "email", { type: { from: "text", to: "character varying(320)" }, nullable: { from: true, to: false }, default: { from: op.sql("''::text"), to: null }, comment: { from: "mail", to: null } });
  await op.dropColumn("users", "mood");
  await op.archiveTable("tags", "archive_tags");
  throw new Error("Irreversible: archiveTable cannot be reversed: the table definition it drops was not recorded");
  await op.archiveColumn("users", "legacy_code", "archive_users_legacy_code", { key: ["id"] });
  throw new Error("Irreversible: archiveColumn cannot be reversed: the column definition it drops was not recorded");
  await op.dropTable("users");
  await op.renameEnum({ schema: "audit", name: 'Mood "2"' }, "mood");
  await op.replaceEnum("mood", { from: ["ok", "sad", "glad"], to: ["sad", "ok", "happy", "it's fine"], columns: [{ table: "users", column: "mood", array: true, default: op.sql("'{}'::public.mood[]") }, { table: { schema: "audit", name: 'Events "2026"' }, column: "mood", default: op.sql("'glad'::public.mood"), defaultAfter: null }], mapping: { "glad": "happy" } });
  await op.renameEnumValue("mood", "it's \"fine\"", "it's fine");
  throw new Error("Irreversible: addEnumValue cannot be reversed: the list of values and the columns using the type it drops was not recorded");
  await op.dropEnum("mood");
  await op.dropExtension("pgcrypto", { schema: "public" });
  await op.dropSchema("audit");
}
