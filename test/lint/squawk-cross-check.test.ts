/**
 * Cross-check with squawk, the SQL-text linter for PostgreSQL migrations: migrations (hand-written ones
 * covering the risky operations, and ones `autogen revision` generated from entities) are rendered to
 * SQL with `upgrade FROM:TO --sql`, one revision per file, and squawk runs on each. Every squawk finding
 * must be reported by `autogen lint` at the same operation (through the rule table below), or be
 * explained by one of the listed reasons; squawk rules left unmapped are listed with why.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EntitySchemaOptions } from "typeorm";
import { lintCommand } from "../../src/commands/lint";
import { upgradeCommand, upgradeSqlCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import type { LintFinding } from "../../src/lint/engine";
import type { QualifiedName } from "../../src/model/schema";
import type { MigrationOp } from "../../src/ops/types";
import { RevisionGraph } from "../../src/runtime/graph";
import { Operations } from "../../src/runtime/operations";
import { loadMigrationScripts, type MigrationScript } from "../../src/runtime/scripts";
import { RecordingSink } from "../../src/runtime/sinks";
import { emitSql } from "../../src/sql/emit";
import { typeChangeRewrites } from "../../src/model/sql-types";
import { entitySchemaModule } from "../corpus/entity-schema-module";
import { createTestDatabase } from "../support/database";
import { createTestProject } from "../support/project";
import { createLintProject, REPO, type LintProject, type MigrationSpec } from "./support";

const SQUAWK = path.join(REPO, "node_modules", ".bin", "squawk");

/** squawk rule -> the autogen rules that report the same problem. */
const MAPPED: Readonly<Record<string, readonly string[]>> = {
  "require-concurrent-index-creation": ["create-index-non-concurrently"],
  "require-concurrent-index-deletion": ["drop-index-non-concurrently"],
  "ban-concurrent-index-creation-in-transaction": ["concurrently-in-transaction"],
  "adding-foreign-key-constraint": ["foreign-key-without-not-valid"],
  // squawk reports every constraint added to an existing table without NOT VALID under this name;
  // autogen has one rule per kind of constraint, and one for NOT VALID undone in the same transaction.
  "constraint-missing-not-valid": [
    "foreign-key-without-not-valid",
    "check-without-not-valid",
    "add-unique-constraint",
    "add-primary-key",
    "add-exclusion-constraint",
    "validate-in-same-transaction",
  ],
  "disallowed-unique-constraint": ["add-unique-constraint"],
  "adding-serial-primary-key-field": ["add-primary-key"],
  "adding-not-nullable-field": ["set-not-null"],
  "adding-required-field": ["add-required-column"],
  "adding-field-with-default": ["volatile-default", "add-generated-column"],
  // A replaced enum is emitted as ALTER COLUMN ... TYPE on every column using it.
  "changing-column-type": ["type-change-rewrite", "replace-enum"],
  "ban-drop-column": ["drop-column"],
  "ban-drop-table": ["drop-table"],
  "ban-drop-not-null": ["drop-not-null"],
  "renaming-column": ["rename-column"],
  "renaming-table": ["rename-table"],
  "prefer-text-field": ["prefer-text"],
  "ban-char-field": ["avoid-char"],
  "prefer-timestamp-tz": ["prefer-timestamptz"],
  "prefer-bigint-over-int": ["prefer-bigint-key", "prefer-bigint-column"],
  "prefer-bigint-over-smallint": ["prefer-bigint-key", "prefer-bigint-column"],
  "prefer-identity": ["prefer-identity"],
  "require-lock-timeout": ["missing-lock-timeout"],
  // autogen warns on every ADD VALUE (unusable until commit); squawk on those that append.
  "require-enum-value-ordering": ["add-enum-value"],
  "identifier-too-long": ["identifier-too-long"],
  "ban-truncate-cascade": ["truncate-cascade"],
  "ban-drop-database": ["drop-database"],
  "ban-create-domain-with-constraint": ["domain-constraint"],
  "ban-alter-domain-with-add-constraint": ["domain-constraint"],
  "require-concurrent-reindex": ["reindex-non-concurrently"],
  "require-concurrent-partition-detach": ["detach-partition-non-concurrently"],
  "prefer-repack": ["table-rewrite-command"],
  "transaction-nesting": ["transaction-control"],
  "ban-uncommitted-transaction": ["transaction-control"],
};

/** Mapped rules squawk 2.61.0 does not report on the corpus, with why (so their absence is not a gap). */
const MAPPED_BUT_NOT_OBSERVED: Readonly<Record<string, string>> = {
  "prefer-repack": "squawk 2.61.0 reports nothing for VACUUM FULL or CLUSTER (tried with --include prefer-repack); autogen's table-rewrite-command does",
  "ban-uncommitted-transaction": "autogen's offline script always closes its own transaction, so a BEGIN in op.execute shows as transaction-nesting instead",
};

/** squawk rules deliberately not mapped to an autogen rule, and why. */
const UNMAPPED: Readonly<Record<string, string>> = {
  "prefer-robust-stmts":
    "asks for IF [NOT] EXISTS so a half-applied migration can be re-run; autogen runs each migration in a transaction that also records its version, " +
    "so a failure leaves nothing half-applied, and IF [NOT] EXISTS would hide the drift `autogen check` must see",
  "require-statement-timeout":
    "statement_timeout aborts legitimately long work (CREATE INDEX CONCURRENTLY, backfills), leaving INVALID indexes behind; what protects traffic is " +
    "giving up on the lock wait, which missing-lock-timeout requires",
  "require-table-schema": "opt-in in squawk; every name autogen emits is schema-qualified (quoteQualified), so it cannot fire",
  "require-timeout-settings": "a deprecated alias in squawk 2.61 for require-lock-timeout plus require-statement-timeout, which are listed under those names",
};

interface SquawkFinding {
  readonly file: string;
  /** 0-based. */
  readonly line: number;
  readonly column: number;
  readonly rule_name: string;
  readonly message: string;
}

/** squawk rules about the script as a whole, matched to autogen findings anywhere in the revision. */
const REVISION_WIDE = new Set(["require-lock-timeout", "transaction-nesting", "ban-uncommitted-transaction"]);

const runSquawk = (file: string): SquawkFinding[] => {
  const result = spawnSync(SQUAWK, ["--reporter", "json", file], { encoding: "utf8" });
  if (result.status !== 0 && result.status !== 1) throw new Error(`squawk failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as SquawkFinding[];
};

interface RevisionSql {
  readonly revision: string;
  readonly sql: string;
  readonly ops: readonly MigrationOp[];
  /** 0-based first and last line of each operation's statements in `sql`. */
  readonly opLines: readonly (readonly [number, number])[];
}

const lineAt = (text: string, offset: number): number => text.slice(0, offset).split("\n").length - 1;

/** The script `upgrade PARENT:REVISION --sql` writes, with where each operation's statements are in it. */
const renderRevision = async (dir: string, configFile: string, script: MigrationScript, defaultSchema: string): Promise<RevisionSql> => {
  const parent = script.parents.length === 0 ? "base" : script.parents[0];
  const rendered = (await upgradeSqlCommand({ cwd: dir, configFile, target: `${parent}:${script.id}` })).sql;
  // The projects run with safety.lockTimeout "0": no timeout, PostgreSQL's default. squawk takes
  // `SET lock_timeout = '0'` for a timeout (see the last test), so the line, which changes nothing, goes.
  const sql = rendered.replace("SET lock_timeout = '0';\n\n", "");
  const sink = new RecordingSink();
  await script.upgrade(new Operations(sink, defaultSchema));
  let cursor = sql.indexOf(`-> ${script.id}`);
  const opLines = sink.ops.map((op) => {
    let first = -1;
    for (const statement of emitSql(op)) {
      const at = sql.indexOf(statement.trim(), cursor);
      if (at < 0) throw new Error(`statement of ${op.kind} not found in the script of ${script.id}: ${statement}`);
      if (first < 0) first = at;
      cursor = at + statement.trim().length;
    }
    return [lineAt(sql, first), lineAt(sql, cursor)] as const;
  });
  return { revision: script.id, sql, ops: sink.ops, opLines };
};

const targetTable = (op: MigrationOp | undefined): QualifiedName | null => {
  if (op === undefined) return null;
  if ("table" in op && typeof op.table === "object" && op.table !== null && "schema" in op.table) return op.table as QualifiedName;
  if ((op.kind === "dropTable" || op.kind === "renameTable") && op.name) return op.name;
  return null;
};

/** Every operation creates an object or changes one created earlier in the same revision. */
const touchesOnlyNewObjects = (ops: readonly MigrationOp[]): boolean =>
  ops.every((op, index) => ["createSchema", "createExtension", "createEnum", "createTable"].includes(op.kind) || createdBefore(ops, index, targetTable(op)));

const createdBefore = (ops: readonly MigrationOp[], index: number, table: QualifiedName | null): boolean =>
  table !== null &&
  ops.slice(0, index).some((op) => op.kind === "createTable" && op.table.schema === table.schema && op.table.name === table.name);

interface Explained {
  readonly revision: RevisionSql;
  readonly finding: SquawkFinding;
  readonly opIndex: number | null;
}

/** squawk findings autogen rightly does not report, each with the reason and a test that it applies. */
const EXPLANATIONS: readonly { readonly id: string; readonly reason: string; readonly applies: (e: Explained) => boolean }[] = [
  {
    id: "bookkeeping",
    reason: "the statement is autogen's version-table bookkeeping (BEGIN/COMMIT, version table DDL and rows), not an operation of the migration",
    applies: (e) => e.opIndex === null && e.finding.rule_name !== "transaction-nesting",
  },
  {
    id: "character-varying-misread",
    reason: "squawk 2.61.0 reads `character varying` (how format_type spells varchar, and so autogen) as `character`: a false positive",
    applies: (e) => e.finding.rule_name === "ban-char-field" && /^character varying/i.test(e.revision.sql.split("\n")[e.finding.line].slice(e.finding.column)),
  },
  {
    id: "safe-widening",
    reason: "a binary-compatible type change (varchar(n) -> varchar(m >= n), numeric(p,s) -> numeric(p' >= p,s), ...) only updates the catalog: no rewrite",
    applies: (e) => {
      const op = e.opIndex === null ? undefined : e.revision.ops[e.opIndex];
      return e.finding.rule_name === "changing-column-type" && op?.kind === "alterColumn" && op.changes.type !== undefined && !typeChangeRewrites(op.changes.type.from, op.changes.type.to, op.using ?? null);
    },
  },
  {
    id: "only-new-objects",
    reason: "the revision only creates objects, or changes ones it created itself: it waits for no lock that running queries hold",
    applies: (e) => e.finding.rule_name === "require-lock-timeout" && touchesOnlyNewObjects(e.revision.ops),
  },
  {
    id: "new-table",
    reason: "the table was created earlier in the same revision: it is empty and nothing else uses it, so there is no lock to wait for and no row to fail on",
    applies: (e) =>
      ["adding-required-field", "require-lock-timeout"].includes(e.finding.rule_name) &&
      e.opIndex !== null &&
      createdBefore(e.revision.ops, e.opIndex, targetTable(e.revision.ops[e.opIndex])),
  },
];

interface Corpus {
  readonly dir: string;
  readonly lint: readonly LintFinding[];
  readonly revisions: readonly RevisionSql[];
}

const checkCorpus = async (dir: string, configFile: string): Promise<Corpus> => {
  const scripts = loadMigrationScripts(path.join(dir, "migrations"));
  const order = RevisionGraph.build(scripts).history().reverse();
  const report = await lintCommand({ cwd: dir, configFile, enable: ["prefer-bigint-column"] });
  const revisions: RevisionSql[] = [];
  const sqlDir = path.join(dir, "sql");
  mkdirSync(sqlDir, { recursive: true });
  for (const node of order) revisions.push(await renderRevision(dir, configFile, scripts.find((script) => script.id === node.id)!, "public"));
  return { dir, lint: report.findings, revisions };
};

interface Tally {
  readonly unexplained: string[];
  readonly mappedSeen: Set<string>;
  readonly explanationsUsed: Set<string>;
  readonly unmappedSeen: Set<string>;
  matched: number;
}

const compare = (corpus: Corpus, tally: Tally): void => {
  for (const revision of corpus.revisions) {
    const file = path.join(corpus.dir, "sql", `${revision.revision}.sql`);
    writeFileSync(file, revision.sql);
    const ours = corpus.lint.filter((finding) => finding.revision === revision.revision);
    for (const finding of runSquawk(file)) {
      const rule = finding.rule_name;
      const opIndex = revision.opLines.findIndex(([first, last]) => finding.line >= first && finding.line <= last);
      const at = opIndex < 0 ? null : opIndex;
      if (rule in UNMAPPED) {
        tally.unmappedSeen.add(rule);
        continue;
      }
      const explanation = EXPLANATIONS.find((candidate) => candidate.applies({ revision, finding, opIndex: at }));
      if (explanation) {
        tally.explanationsUsed.add(explanation.id);
        continue;
      }
      const wanted = MAPPED[rule];
      // squawk reports these once per file, at the first statement concerned or at the script's own COMMIT.
      const sameOp = (f: LintFinding) => f.opIndex === at || REVISION_WIDE.has(rule);
      // An op.execute lint cannot analyse is flagged for review as a whole, which covers whatever is in it.
      const reviewed = ours.some((f) => f.rule === "unanalysed-sql" && f.opIndex === at && at !== null);
      if (wanted && ours.some((f) => wanted.includes(f.rule) && sameOp(f))) {
        tally.mappedSeen.add(rule);
        tally.matched += 1;
      } else if (reviewed) {
        tally.matched += 1;
      } else {
        const op = at === null ? "no operation" : `${revision.ops[at].kind} (op ${at})`;
        tally.unexplained.push(`${revision.revision}:${finding.line + 1} squawk ${rule} on ${op}: ${revision.sql.split("\n")[finding.line].trim()}`);
      }
    }
  }
};

const autocommit = (statement: string) => `await op.autocommitBlock(async () => { ${statement} });`;
const execute = (sql: string) => `await op.execute(${JSON.stringify(sql)});`;
const lockTimeout = execute("SET lock_timeout = '5s'");

/** Fifteen hand-written revisions: the risky operations, and their safe forms. */
const HAND_WRITTEN: readonly MigrationSpec[] = [
  {
    id: "m01",
    parent: null,
    upgrade: `
      await op.createEnum("status", ["new", "done"]);
      await op.createTable("users", [op.column("id", "bigint", { nullable: false, identity: "always" }), op.column("email", "text"), op.column("name", "text", { nullable: false, default: "" }), op.column("created_at", "timestamp with time zone", { nullable: false, default: op.sql("now()") }), op.column("status", "public.status")], { primaryKey: { name: "users_pkey", columns: ["id"] } });
      await op.createTable("orders", [op.column("id", "bigint", { nullable: false, identity: "always" }), op.column("user_id", "bigint"), op.column("total", "numeric(10,2)"), op.column("note", "character varying(20)"), op.column("code", "character(3)"), op.column("placed_at", "timestamp without time zone")], { primaryKey: { name: "orders_pkey", columns: ["id"] } });
      await op.createTable("legacy_events", [op.column("id", "integer", { nullable: false, serial: true }), op.column("payload", "text")], { primaryKey: { name: "legacy_events_pkey", columns: ["id"] } });
      await op.createTable("audit_log", [op.column("id", "bigint", { nullable: false }), op.column("body", "text")]);
      await op.createTable("scratch", [op.column("id", "bigint", { nullable: false })]);
      await op.createIndex("orders", "orders_user_id_idx", ["user_id"]);
      await op.addColumn("scratch", op.column("kind", "text", { nullable: false }));
    `,
  },
  { id: "m02", parent: "m01", upgrade: `await op.createIndex("users", "users_email_idx", ["email"]);\nawait op.dropIndex("orders", "orders_user_id_idx");` },
  {
    id: "m03",
    parent: "m02",
    upgrade: [
      lockTimeout,
      autocommit(execute(`CREATE INDEX CONCURRENTLY "orders_user_id_idx" ON "public"."orders" ("user_id")`)),
      autocommit(execute(`DROP INDEX CONCURRENTLY "public"."users_email_idx"`)),
    ].join("\n"),
  },
  {
    id: "m04",
    parent: "m03",
    upgrade: `await op.createForeignKey("orders", "orders_user_fk", ["user_id"], "users", ["id"]);\nawait op.createCheckConstraint("orders", "orders_total_positive", op.sql("(total >= (0)::numeric)"));`,
  },
  {
    id: "m05",
    parent: "m04",
    upgrade: [
      lockTimeout,
      execute(`ALTER TABLE "public"."legacy_events" ADD CONSTRAINT "legacy_user_fk" FOREIGN KEY ("id") REFERENCES "public"."users" ("id") NOT VALID`),
      autocommit(execute(`ALTER TABLE "public"."legacy_events" VALIDATE CONSTRAINT "legacy_user_fk"`)),
      execute(`ALTER TABLE "public"."users" ADD CONSTRAINT "users_email_not_null" CHECK ((email IS NOT NULL)) NOT VALID`),
      autocommit(execute(`ALTER TABLE "public"."users" VALIDATE CONSTRAINT "users_email_not_null"`)),
      `await op.alterColumn("users", "email", { nullable: { from: true, to: false } });`,
      `await op.dropCheckConstraint("users", "users_email_not_null");`,
    ].join("\n"),
  },
  {
    id: "m06",
    parent: "m05",
    upgrade: `await op.alterColumn("orders", "total", { nullable: { from: true, to: false } });\nawait op.alterColumn("users", "name", { nullable: { from: false, to: true } });`,
  },
  {
    id: "m07",
    parent: "m06",
    upgrade: `
      await op.addColumn("users", op.column("tenant_id", "bigint", { nullable: false }));
      await op.addColumn("users", op.column("token", "uuid", { default: op.sql("gen_random_uuid()") }));
      await op.addColumn("orders", op.column("total_cents", "numeric", { generated: op.sql("(total * (100)::numeric)") }));
      await op.addColumn("users", op.column("seq", "bigint", { nullable: false, identity: "always" }));
      await op.addColumn("users", op.column("active", "boolean", { nullable: false, default: op.sql("false") }));
    `,
  },
  {
    id: "m08",
    parent: "m07",
    upgrade: `
      await op.alterColumn("orders", "total", { type: { from: "numeric(10,2)", to: "bigint" } });
      await op.alterColumn("orders", "note", { type: { from: "character varying(20)", to: "character varying(200)" } });
      await op.alterColumn("orders", "placed_at", { type: { from: "timestamp without time zone", to: "timestamp with time zone" } });
    `,
  },
  {
    id: "m09",
    parent: "m08",
    upgrade: `await op.createUniqueConstraint("users", "users_email_key", ["email"]);\nawait op.createPrimaryKey("audit_log", "audit_log_pkey", ["id"]);`,
  },
  {
    id: "m10",
    parent: "m09",
    upgrade: [
      lockTimeout,
      autocommit(execute(`CREATE UNIQUE INDEX CONCURRENTLY "orders_note_idx" ON "public"."orders" ("note")`)),
      execute(`ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_note_key" UNIQUE USING INDEX "orders_note_idx"`),
    ].join("\n"),
  },
  {
    id: "m11",
    parent: "m10",
    upgrade: `
      await op.dropColumn("users", "created_at");
      await op.renameColumn("orders", "note", "comment");
      await op.renameTable("legacy_events", "events_archive");
      await op.dropTable("scratch");
    `,
  },
  {
    id: "m12",
    parent: "m11",
    upgrade: `
      await op.addEnumValue("status", "archived");
      await op.addEnumValue("status", "paused", { before: "done" });
      await op.replaceEnum("status", { from: ["new", "paused", "done", "archived"], to: ["new", "done"], columns: [{ table: "users", column: "status" }], mapping: { paused: "new", archived: "done" } });
    `,
  },
  {
    id: "m13",
    parent: "m12",
    upgrade: [
      execute("TRUNCATE public.audit_log CASCADE"),
      execute("DROP DATABASE reports"),
      execute("CREATE DOMAIN public.positive AS bigint CHECK (VALUE > 0)"),
      execute("ALTER DOMAIN public.positive ADD CONSTRAINT positive_small CHECK (VALUE < 1000000)"),
      execute("REINDEX TABLE public.orders"),
      autocommit(execute("VACUUM FULL public.orders")),
      execute("ALTER TABLE public.measurements DETACH PARTITION public.measurements_2020"),
    ].join("\n"),
  },
  {
    id: "m14",
    parent: "m13",
    upgrade: [
      execute(`CREATE INDEX CONCURRENTLY "users_token_idx" ON "public"."users" ("token")`),
      execute("BEGIN"),
      execute("UPDATE public.users SET name = 'x' WHERE name IS NULL"),
      execute("COMMIT"),
      execute("ALTER TABLE public.users ADD COLUMN nickname integer NOT NULL, ADD COLUMN motto varchar(40)"),
    ].join("\n"),
  },
  {
    id: "m15",
    parent: "m14",
    upgrade: `
      await op.createTable("${"a_table_name_that_is_much_longer_than_postgres_allows_for_names_x"}", [op.column("id", "bigint", { nullable: false })]);
      await op.createTable("line_items", [op.column("id", "smallint", { nullable: false }), op.column("quantity", "integer", { nullable: false }), op.column("sku", "varchar(50)")], { primaryKey: { name: "line_items_pkey", columns: ["id"] } });
      await op.addColumn("orders", op.column("weight", "integer"));
      await op.addColumn("orders", op.column("shipped_at", "timestamp(3) without time zone"));
      await op.addColumn("orders", op.column("legacy_seq", "bigint", { serial: true }));
    `,
  },
];

type Schema = EntitySchemaOptions<unknown>;
const pk = { type: "int", primary: true, generated: "increment" } as const;

/** Two entity versions: `autogen revision` writes the first migration from v1 and the second from v1 -> v2. */
const ENTITIES_V1: Schema[] = [
  { name: "Owner", tableName: "owners", columns: { id: pk, name: { type: "varchar", length: 50 }, joined: { type: "timestamp" } } },
  {
    name: "Item",
    tableName: "items",
    columns: { id: pk, title: { type: "varchar" }, price: { type: "numeric", precision: 8, scale: 2 }, amount: { type: "int" } },
    relations: { owner: { type: "many-to-one", target: "Owner", joinColumn: { name: "owner_id" } } },
  },
];
const ENTITIES_V2: Schema[] = [
  {
    name: "Owner",
    tableName: "owners",
    columns: {
      id: pk,
      name: { type: "varchar", length: 120 },
      active: { type: "boolean", default: true },
      token: { type: "uuid", default: () => "gen_random_uuid()" },
      email: { type: "text" },
    },
    indices: [{ name: "IDX_owners_name", columns: ["name"] }],
  },
  {
    name: "Item",
    tableName: "items",
    columns: { id: pk, title: { type: "varchar", nullable: true }, price: { type: "numeric", precision: 12, scale: 2 }, amount: { type: "bigint" } },
    relations: { owner: { type: "many-to-one", target: "Owner", joinColumn: { name: "owner_id" } } },
    uniques: [{ name: "UQ_items_title", columns: ["title"] }],
    checks: [{ name: "CHK_items_amount", expression: "amount >= 0" }],
  },
  {
    name: "Tag",
    tableName: "tags",
    columns: { id: { type: "bigint", primary: true, generated: "identity" }, label: { type: "text" } },
    relations: { item: { type: "many-to-one", target: "Item", joinColumn: { name: "item_id" } } },
  },
];

/** So that each migration must set lock_timeout itself, which squawk and lint both check. */
const RUNNER_SETS_NO_LOCK_TIMEOUT = { safety: { lockTimeout: "0" } };

describe("squawk cross-check", () => {
  const tally: Tally = { unexplained: [], mappedSeen: new Set(), explanationsUsed: new Set(), unmappedSeen: new Set(), matched: 0 };
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const step of cleanup) await step();
  });

  it("has squawk installed", () => {
    expect(existsSync(SQUAWK)).toBe(true);
    expect(spawnSync(SQUAWK, ["--version"], { encoding: "utf8" }).stdout.trim()).toBe("squawk 2.61.0");
  });

  it("hand-written migrations: every squawk finding is reported by autogen lint or explained", async () => {
    const project: LintProject = createLintProject(RUNNER_SETS_NO_LOCK_TIMEOUT);
    cleanup.push(() => project.remove());
    HAND_WRITTEN.forEach((spec) => project.add(spec));
    compare(await checkCorpus(project.dir, path.join(project.dir, "autogen.config.js")), tally);
    expect(tally.unexplained).toEqual([]);
  });

  it("generated migrations: every squawk finding is reported by autogen lint or explained", async () => {
    const db = await createTestDatabase("autogen_lint_squawk");
    const project = createTestProject();
    cleanup.push(async () => {
      project.remove();
      await db.drop();
    });
    // Each version gets its own module and config file: Node caches modules by path.
    const version = (name: string, entities: Schema[]) => {
      const dataSource = path.join(project.dir, `${name}-data-source.js`);
      writeFileSync(dataSource, entitySchemaModule(entities as never));
      const config = path.join(project.dir, `${name}-autogen.config.js`);
      writeFileSync(config, `module.exports = ${JSON.stringify({ dataSource, migrations: "migrations", ...RUNNER_SETS_NO_LOCK_TIMEOUT })};\n`);
      return config;
    };
    const v1 = { cwd: project.dir, configFile: version("v1", ENTITIES_V1), url: db.url };
    expect((await revisionCommand({ ...v1, message: "v1", revisionId: "gen001" })).kind).toBe("written");
    await upgradeCommand({ ...v1, target: "head" });
    const v2 = { ...v1, configFile: version("v2", ENTITIES_V2) };
    const generated = await revisionCommand({ ...v2, message: "v2", revisionId: "gen002" });
    if (generated.kind !== "written") throw new Error("expected a migration");
    // New NOT NULL columns come with backfill placeholders, which upgrade --sql refuses until filled in:
    // fill them as a reviewer would (DEFAULT fits any column type).
    writeFileSync(generated.file, readFileSync(generated.file, "utf8").replaceAll("/* autogen: FILL IN a value for existing rows */", "DEFAULT"));
    const before = tally.unexplained.length;
    compare(await checkCorpus(project.dir, v2.configFile), tally);
    expect(tally.unexplained.slice(before)).toEqual([]);
  });

  it("where they differ on lock_timeout = 0, lint is the one PostgreSQL agrees with", async () => {
    const file = path.join(REPO, ".autogen", "test-projects", `squawk-zero-${process.pid}.sql`);
    writeFileSync(file, "SET lock_timeout = '0';\nALTER TABLE public.users ADD COLUMN nickname text;\n");
    try {
      // 0 means "wait for ever", yet squawk counts it as a timeout.
      expect(runSquawk(file).map((finding) => finding.rule_name)).not.toContain("require-lock-timeout");
    } finally {
      rmSync(file, { force: true });
    }
    const project = createLintProject(RUNNER_SETS_NO_LOCK_TIMEOUT);
    cleanup.push(() => project.remove());
    project.add({ id: "z01", parent: null, upgrade: `await op.createTable("users", [op.column("id", "bigint")]);` });
    project.add({ id: "z02", parent: "z01", upgrade: `await op.execute("SET lock_timeout = '0'");\nawait op.addColumn("users", op.column("nickname", "text"));` });
    const report = await project.lint({ range: "z02:" });
    expect(report.findings.map((f) => f.rule)).toEqual(["missing-lock-timeout"]);
  });

  it("exercises every mapping and explanation, and meets only the unmapped rules it lists", () => {
    const notSeen = Object.keys(MAPPED).filter((rule) => !tally.mappedSeen.has(rule) && !(rule in MAPPED_BUT_NOT_OBSERVED));
    expect(notSeen).toEqual([]);
    expect(EXPLANATIONS.map((e) => e.id).filter((id) => !tally.explanationsUsed.has(id))).toEqual([]);
    expect([...tally.unmappedSeen].every((rule) => rule in UNMAPPED)).toBe(true);
    expect(tally.matched).toBeGreaterThan(40);
  });
});
