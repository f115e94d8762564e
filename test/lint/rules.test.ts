/**
 * One case per rule, on real migration files: a first revision builds the existing schema; one branch
 * from it does the risky thing (the rule must fire there), a sibling branch does the safe form or the
 * same thing where it is harmless (the rule must stay quiet there).
 */
import { RULES } from "../../src/lint/catalog";
import type { LintCommandOptions } from "../../src/commands/lint";
import { BASE_SCHEMA, createLintProject, rulesOf } from "./support";

interface RuleCase {
  readonly rule: string;
  /** upgrade() of the revision where the rule must fire. */
  readonly fires: string;
  /** upgrade() of the sibling revision where it must not. */
  readonly quiet: string;
  readonly setup?: string;
  /** Extra keys of autogen.config.js. */
  readonly config?: Record<string, unknown>;
  readonly options?: Omit<LintCommandOptions, "cwd">;
  /** Options for the quiet revision's run, when they differ. */
  readonly quietOptions?: Omit<LintCommandOptions, "cwd">;
  /** A fragment the finding's message must contain. */
  readonly message?: string;
}

const autocommit = (statement: string) => `await op.autocommitBlock(async () => { ${statement} });`;
const execute = (sql: string) => `await op.execute(${JSON.stringify(sql)});`;
const newTable = (name: string, columns = `op.column("id", "bigint", { nullable: false, identity: "always" })`) =>
  `await op.createTable(${JSON.stringify(name)}, [${columns}], { primaryKey: { name: "${name}_pkey", columns: ["id"] } });`;

const CASES: readonly RuleCase[] = [
  {
    rule: "create-index-non-concurrently",
    fires: `await op.createIndex("users", "users_email_idx", ["email"]);`,
    quiet: [
      autocommit(execute("CREATE INDEX CONCURRENTLY users_email_idx ON users (email)")),
      newTable("events"),
      `await op.createIndex("events", "events_id_idx", ["id"]);`,
    ].join("\n"),
    message: `builds index "users_email_idx" on existing table public.users without CONCURRENTLY`,
  },
  {
    rule: "drop-index-non-concurrently",
    fires: `await op.dropIndex("orders", "orders_user_id_idx");`,
    quiet: autocommit(execute("DROP INDEX CONCURRENTLY orders_user_id_idx")),
  },
  {
    rule: "concurrently-in-transaction",
    fires: execute("CREATE INDEX CONCURRENTLY users_email_idx ON users (email)"),
    quiet: autocommit(execute("CREATE INDEX CONCURRENTLY users_email_idx ON users (email)")),
  },
  {
    rule: "foreign-key-without-not-valid",
    fires: `await op.createForeignKey("orders", "orders_user_fk", ["user_id"], "users", ["id"]);`,
    quiet: [
      execute("ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID"),
      autocommit(execute("ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk")),
      newTable("payments", `op.column("id", "bigint", { nullable: false, identity: "always" }), op.column("user_id", "bigint")`),
      `await op.createForeignKey("payments", "payments_user_fk", ["user_id"], "users", ["id"]);`,
    ].join("\n"),
  },
  {
    rule: "check-without-not-valid",
    fires: `await op.createCheckConstraint("orders", "orders_total_positive", op.sql("total > 0"));`,
    quiet: [
      execute("ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID"),
      autocommit(execute("ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive")),
    ].join("\n"),
  },
  {
    rule: "validate-in-same-transaction",
    fires: [
      execute("ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID"),
      execute("ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive"),
    ].join("\n"),
    quiet: [
      execute("ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID"),
      autocommit(execute("ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive")),
    ].join("\n"),
  },
  {
    rule: "add-unique-constraint",
    fires: `await op.createUniqueConstraint("users", "users_email_key", ["email"]);`,
    quiet: [
      autocommit(execute("CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email)")),
      execute("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx"),
    ].join("\n"),
  },
  {
    rule: "add-primary-key",
    setup: `await op.createTable("events", [op.column("id", "bigint", { nullable: false })]);`,
    fires: `await op.createPrimaryKey("events", "events_pkey", ["id"]);`,
    quiet: [
      autocommit(execute("CREATE UNIQUE INDEX CONCURRENTLY events_id_idx ON events (id)")),
      execute("ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx"),
    ].join("\n"),
  },
  {
    rule: "add-exclusion-constraint",
    fires: execute("ALTER TABLE orders ADD CONSTRAINT one_per_user EXCLUDE USING gist (user_id WITH =)"),
    quiet: [newTable("bookings"), execute("ALTER TABLE bookings ADD CONSTRAINT one_booking EXCLUDE USING gist (id WITH =)")].join("\n"),
  },
  {
    rule: "set-not-null",
    fires: `await op.alterColumn("users", "email", { nullable: { from: true, to: false } });`,
    quiet: [
      execute("ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID"),
      autocommit(execute("ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null")),
      `await op.alterColumn("users", "email", { nullable: { from: true, to: false } });`,
      `await op.dropCheckConstraint("users", "users_email_not_null");`,
    ].join("\n"),
    message: "sets public.users.email NOT NULL without a validated CHECK (email IS NOT NULL)",
  },
  {
    rule: "add-required-column",
    fires: `await op.addColumn("users", op.column("tenant_id", "bigint", { nullable: false }));`,
    quiet: [
      `await op.addColumn("users", op.column("tenant_id", "bigint", { nullable: false, default: 0 }));`,
      `await op.addColumn("users", op.column("nickname", "text"));`,
      newTable("events"),
      `await op.addColumn("events", op.column("kind", "text", { nullable: false }));`,
    ].join("\n"),
  },
  {
    rule: "volatile-default",
    fires: `await op.addColumn("users", op.column("token", "uuid", { default: op.sql("gen_random_uuid()") }));`,
    quiet: [
      `await op.addColumn("users", op.column("created_at", "timestamp with time zone", { default: op.sql("now()") }));`,
      `await op.addColumn("users", op.column("active", "boolean", { nullable: false, default: true }));`,
    ].join("\n"),
    message: "volatile DEFAULT gen_random_uuid() (gen_random_uuid): rewrites existing table public.users",
  },
  {
    rule: "add-generated-column",
    fires: `await op.addColumn("orders", op.column("total_cents", "numeric", { generated: op.sql("total * 100") }));`,
    quiet: [newTable("events"), `await op.addColumn("events", op.column("double_id", "bigint", { generated: op.sql("id * 2") }));`].join("\n"),
  },
  {
    rule: "add-generated-column",
    // A plain column made generated (or a new expression before PostgreSQL 17) drops and adds it again.
    fires: `await op.recreateColumn("orders", op.column("total", "numeric(10,2)", { generated: op.sql("id * 100") }));`,
    quiet: `await op.alterColumn("orders", "total", { generated: { from: op.sql("id * 100"), to: null } });`,
    message: "adds public.orders.total again as a stored generated column",
  },
  {
    rule: "add-generated-column",
    fires: `await op.alterColumn("orders", "total", { generated: { from: op.sql("id * 100"), to: op.sql("id * 1000") } });`,
    quiet: [newTable("events", `op.column("id", "bigint"), op.column("x", "bigint", { generated: op.sql("id * 2") })`), `await op.alterColumn("events", "x", { generated: { from: op.sql("id * 2"), to: op.sql("id * 3") } });`].join("\n"),
    message: "sets a new generation expression for public.orders.total",
  },
  {
    rule: "type-change-rewrite",
    fires: `await op.alterColumn("orders", "total", { type: { from: "numeric(10,2)", to: "bigint" } });`,
    quiet: [
      `await op.alterColumn("orders", "note", { type: { from: "character varying(20)", to: "character varying(200)" } });`,
      `await op.alterColumn("orders", "total", { type: { from: "numeric(10,2)", to: "numeric(14,2)" } });`,
    ].join("\n"),
  },
  {
    rule: "replace-enum",
    fires: `await op.replaceEnum("mood", { from: ["sad", "ok"], to: ["ok", "sad"], columns: [{ table: "users", column: "mood" }] });`,
    quiet: [
      `await op.createTable("notes", [op.column("id", "bigint", { nullable: false }), op.column("mood", "public.mood")]);`,
      `await op.replaceEnum("mood", { from: ["sad", "ok"], to: ["ok", "sad"], columns: [{ table: "notes", column: "mood" }] });`,
    ].join("\n"),
  },
  {
    rule: "add-enum-value-in-transaction",
    options: { pgVersion: 11 },
    fires: `await op.addEnumValue("mood", "happy", { after: "ok" });`,
    quiet: autocommit(`await op.addEnumValue("mood", "happy", { after: "ok" });`),
  },
  {
    rule: "missing-lock-timeout",
    // The runner sets no lock_timeout itself here, so each migration must.
    config: { safety: { lockTimeout: "0" } },
    fires: `await op.addColumn("users", op.column("nickname", "text"));`,
    quiet: [execute("SET lock_timeout = '5s'"), `await op.addColumn("users", op.column("nickname", "text"));`].join("\n"),
    message: "takes ACCESS EXCLUSIVE locks on existing tables, first on public.users (addColumn public.users.nickname)",
  },
  {
    rule: "drop-column",
    fires: `await op.dropColumn("users", "email");`,
    quiet: [newTable("events", `op.column("id", "bigint"), op.column("tmp", "text")`), `await op.dropColumn("events", "tmp");`].join("\n"),
  },
  {
    rule: "drop-table",
    fires: `await op.dropTable("orders");`,
    quiet: [newTable("scratch"), `await op.dropTable("scratch");`].join("\n"),
  },
  {
    // --archive keeps the rows, but not the running code: the gate stays shut.
    rule: "drop-column",
    fires: `await op.archiveColumn("users", "email", "archive_users_email", { key: ["id"] });`,
    quiet: [
      newTable("events", `op.column("id", "bigint"), op.column("tmp", "text")`),
      `await op.archiveColumn("events", "tmp", "archive_events_tmp", { key: ["id"] });`,
    ].join("\n"),
    message: `drops column public.users.email after copying its values to "archive_users_email": code still using it fails`,
  },
  {
    rule: "drop-table",
    fires: `await op.archiveTable("orders", "archive_orders");`,
    quiet: [newTable("scratch"), `await op.archiveTable("scratch", "archive_scratch");`].join("\n"),
    message: `drops table public.orders after copying its rows to "archive_orders": code still using it fails`,
  },
  {
    rule: "drop-view",
    setup: `await op.createView("user_emails", "SELECT id, email FROM users");`,
    fires: `await op.dropView("user_emails");`,
    // A changed definition is a drop and a create in one transaction; a view new in the revision is nobody's yet.
    quiet: [
      `await op.dropView("user_emails");`,
      `await op.createView("user_emails", "SELECT id FROM users");`,
      `await op.createView("scratch", "SELECT 1 AS one");`,
      `await op.dropView("scratch");`,
    ].join("\n"),
    message: "drops view public.user_emails: queries reading it fail",
  },
  {
    rule: "drop-view",
    setup: `await op.createView("order_totals", "SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id", { materialized: true });`,
    fires: `await op.dropView("order_totals", { materialized: true });`,
    quiet: [
      `await op.dropView("order_totals", { materialized: true });`,
      `await op.createView("order_totals", "SELECT user_id, count(*) AS n FROM orders GROUP BY user_id", { materialized: true });`,
    ].join("\n"),
    message: "drops materialized view public.order_totals: queries reading it fail",
  },
  {
    rule: "rename-enum",
    fires: `await op.renameEnum("mood", "feeling");`,
    quiet: [`await op.createEnum("size", ["s", "m"]);`, `await op.renameEnum("size", "sizes");`].join("\n"),
    message: "renames enum type public.mood to feeling: code naming the old type fails",
  },
  {
    rule: "rename-enum-value",
    fires: `await op.renameEnumValue("mood", "ok", "fine");`,
    // A type created in the same revision stays new under the name it is renamed to.
    quiet: [`await op.createEnum("size", ["s", "m"]);`, `await op.renameEnum("size", "sizes");`, `await op.renameEnumValue("sizes", "s", "small");`].join("\n"),
    message: "renames value 'ok' of enum public.mood to 'fine': code still using 'ok' fails",
  },
  {
    rule: "rename-column",
    fires: `await op.renameColumn("users", "email", "mail");`,
    quiet: [newTable("events", `op.column("id", "bigint"), op.column("tmp", "text")`), `await op.renameColumn("events", "tmp", "kind");`].join("\n"),
  },
  {
    rule: "rename-table",
    fires: `await op.renameTable("orders", "purchases");`,
    quiet: [newTable("scratch"), `await op.renameTable("scratch", "events");`].join("\n"),
  },
  {
    rule: "drop-not-null",
    fires: `await op.alterColumn("users", "name", { nullable: { from: false, to: true } });`,
    quiet: `await op.alterColumn("users", "name", { default: { from: "", to: "anonymous" } });`,
  },
  {
    rule: "add-enum-value",
    fires: `await op.addEnumValue("mood", "happy");`,
    // A type created in the same revision stays new under the name it is renamed to.
    quiet: [
      `await op.createEnum("size", ["s", "m"]);`,
      `await op.addEnumValue("size", "l");`,
      `await op.createEnum("shape", ["round"]);`,
      `await op.renameEnum("shape", "form");`,
      `await op.addEnumValue("form", "square");`,
    ].join("\n"),
    message: "adds value 'happy' to enum public.mood at the end",
  },
  {
    rule: "drop-enum",
    fires: `await op.dropEnum("mood");`,
    quiet: [`await op.createEnum("size", ["s", "m"]);`, `await op.dropEnum("size");`].join("\n"),
  },
  {
    rule: "drop-schema",
    fires: `await op.dropSchema("archive");`,
    quiet: `await op.createSchema("archive");`,
  },
  {
    rule: "drop-extension",
    fires: `await op.dropExtension("hstore");`,
    quiet: `await op.createExtension("hstore");`,
  },
  {
    rule: "prefer-text",
    fires: `await op.addColumn("users", op.column("code", "varchar(12)"));`,
    quiet: [`await op.addColumn("users", op.column("code", "text"));`, `await op.addColumn("users", op.column("label", "character varying"));`].join("\n"),
  },
  {
    rule: "avoid-char",
    fires: `await op.addColumn("users", op.column("country", "character(2)"));`,
    quiet: `await op.addColumn("users", op.column("country", "text"));`,
  },
  {
    rule: "prefer-timestamptz",
    fires: `await op.addColumn("users", op.column("seen_at", "timestamp without time zone"));`,
    quiet: `await op.addColumn("users", op.column("seen_at", "timestamp with time zone"));`,
  },
  {
    rule: "prefer-bigint-key",
    fires: `await op.createTable("tags", [op.column("id", "integer", { nullable: false, serial: true })], { primaryKey: { name: "tags_pkey", columns: ["id"] } });`,
    quiet: [
      newTable("tags"),
      `await op.createTable("tag_links", [op.column("tag_id", "integer", { nullable: false }), op.column("position", "smallint", { nullable: false })], { primaryKey: { name: "tag_links_pkey", columns: ["tag_id", "position"] } });`,
    ].join("\n"),
  },
  {
    rule: "prefer-bigint-column",
    options: { enable: ["prefer-bigint-column"] },
    quietOptions: {},
    fires: `await op.addColumn("users", op.column("logins", "integer"));`,
    quiet: `await op.addColumn("users", op.column("logins", "integer"));`,
  },
  {
    rule: "prefer-identity",
    fires: `await op.createTable("tags", [op.column("id", "bigint", { nullable: false, serial: true })]);`,
    quiet: `await op.createTable("tags", [op.column("id", "bigint", { nullable: false, identity: "by default" })]);`,
  },
  {
    rule: "foreign-key-without-index",
    fires: [
      newTable("payments", `op.column("id", "bigint", { nullable: false, identity: "always" }), op.column("order_id", "bigint")`),
      `await op.createForeignKey("payments", "payments_order_fk", ["order_id"], "orders", ["id"]);`,
    ].join("\n"),
    quiet: [
      newTable("payments", `op.column("id", "bigint", { nullable: false, identity: "always" }), op.column("order_id", "bigint")`),
      `await op.createForeignKey("payments", "payments_order_fk", ["order_id"], "orders", ["id"]);`,
      `await op.createIndex("payments", "payments_order_id_idx", ["order_id"]);`,
      `await op.createForeignKey("orders", "orders_user_fk", ["user_id"], "users", ["id"]);`,
    ].join("\n"),
    message: `foreign key "payments_order_fk" on public.payments (order_id) has no index leading with its columns`,
  },
  {
    rule: "identifier-too-long",
    fires: [newTable("events"), `await op.createIndex("events", "${"i".repeat(64)}", ["id"]);`].join("\n"),
    quiet: [newTable("events"), `await op.createIndex("events", "${"i".repeat(63)}", ["id"]);`].join("\n"),
  },
  {
    rule: "unfilled-backfill",
    fires: execute(`UPDATE "public"."users" SET "email" = /* autogen: FILL IN a value for existing rows */ WHERE "email" IS NULL`),
    quiet: execute(`UPDATE "public"."users" SET "email" = 'unknown' WHERE "email" IS NULL`),
    message: "backfill placeholder not filled in",
  },
  {
    rule: "unanalysed-sql",
    fires: execute("CREATE TRIGGER audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit()"),
    quiet: execute("UPDATE users SET email = lower(email) WHERE email IS NOT NULL"),
  },
  {
    rule: "transaction-control",
    fires: [execute("COMMIT"), execute("CREATE INDEX CONCURRENTLY users_email_idx ON users (email)"), execute("BEGIN")].join("\n"),
    quiet: autocommit(execute("CREATE INDEX CONCURRENTLY users_email_idx ON users (email)")),
  },
  {
    rule: "truncate-cascade",
    fires: execute("TRUNCATE users CASCADE"),
    quiet: execute("TRUNCATE orders"),
  },
  {
    rule: "drop-database",
    fires: execute("DROP DATABASE reports"),
    quiet: execute("SELECT 1"),
  },
  {
    rule: "domain-constraint",
    fires: execute("CREATE DOMAIN positive_int AS bigint CHECK (VALUE > 0)"),
    quiet: execute("CREATE DOMAIN email_address AS text"),
  },
  {
    rule: "reindex-non-concurrently",
    fires: execute("REINDEX INDEX orders_user_id_idx"),
    quiet: autocommit(execute("REINDEX INDEX CONCURRENTLY orders_user_id_idx")),
  },
  {
    rule: "table-rewrite-command",
    fires: execute("VACUUM FULL orders"),
    quiet: autocommit(execute("VACUUM (ANALYZE) orders")),
  },
  {
    rule: "detach-partition-non-concurrently",
    fires: execute("ALTER TABLE measurements DETACH PARTITION measurements_2020"),
    quiet: autocommit(execute("ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY")),
  },
  {
    rule: "upgrade-not-recorded",
    fires: `const rows = await op.query("SELECT count(*) FROM users");`,
    quiet: `if (!op.isOffline) { await op.query("SELECT count(*) FROM users"); }`,
  },
];

const BASE = `${BASE_SCHEMA}\nawait op.addColumn("users", op.column("name", "text", { nullable: false, default: "" }));`;

describe("each rule fires on the risky form and stays quiet on the safe one", () => {
  it.each(CASES.map((c) => [c.rule, c] as const))("%s", async (_rule, c) => {
    const project = createLintProject(c.config);
    try {
      project.add({ id: "r01", parent: null, upgrade: `${BASE}\n${c.setup ?? ""}` });
      project.add({ id: "r02", parent: "r01", upgrade: c.fires });
      project.add({ id: "r03", parent: "r01", upgrade: c.quiet });
      const fired = await project.lint({ ...c.options, range: "r02:r02" });
      const quiet = await project.lint({ ...(c.quietOptions ?? c.options), range: "r03:r03" });
      expect(rulesOf(fired.findings, "r02")).toContain(c.rule);
      expect(rulesOf(quiet.findings, "r03")).not.toContain(c.rule);
      // A quiet revision that failed to replay would be quiet for the wrong reason.
      expect(rulesOf(quiet.findings, "r03")).not.toContain("upgrade-not-recorded");
      const finding = fired.findings.find((f) => f.rule === c.rule)!;
      expect(finding.line).toBeGreaterThan(0);
      expect(finding.severity).toBe(RULES.find((rule) => rule.id === c.rule)!.severity);
      if (c.message) expect(finding.message).toContain(c.message);
    } finally {
      project.remove();
    }
  });

  it("covers every rule that analyses operations or SQL", () => {
    const meta = new Set(["invalid-suppression", "unused-suppression", "per-op-suppression-unavailable"]);
    const tested = new Set(CASES.map((c) => c.rule));
    expect(RULES.filter((rule) => !meta.has(rule.id) && !tested.has(rule.id)).map((rule) => rule.id)).toEqual([]);
  });
});

describe("the operations' own safe forms", () => {
  const lintR02 = async (upgrade: string, options: Omit<LintCommandOptions, "cwd"> = {}) => {
    const project = createLintProject();
    try {
      project.add({ id: "r01", parent: null, upgrade: BASE });
      project.add({ id: "r02", parent: "r01", upgrade });
      return rulesOf((await project.lint({ range: "r02:r02", ...options })).findings, "r02");
    } finally {
      project.remove();
    }
  };

  it("concurrently, inside an autocommit block, is quiet", async () => {
    const rules = await lintR02(
      [
        autocommit(`await op.createIndex("users", "users_email_idx", ["email"], { concurrently: true });`),
        autocommit(`await op.dropIndex("orders", "orders_user_id_idx", { concurrently: true });`),
      ].join("\n"),
    );
    expect(rules).toEqual([]);
  });

  it("a unique index built concurrently, then attached as the constraint, is quiet", async () => {
    const rules = await lintR02(
      [
        autocommit(`await op.createIndex("users", "users_email_idx", ["email"], { unique: true, concurrently: true });`),
        execute("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx"),
      ].join("\n"),
    );
    expect(rules).toEqual([]);
  });

  it("concurrently inside the transaction fails", async () => {
    expect(await lintR02(`await op.createIndex("users", "users_email_idx", ["email"], { concurrently: true });`)).toEqual(["concurrently-in-transaction"]);
  });

  it("NOT VALID, then validateConstraint in an autocommit block, is quiet; in the same transaction it is not", async () => {
    const add = [
      `await op.createForeignKey("orders", "orders_user_fk", ["user_id"], "users", ["id"], { notValid: true });`,
      `await op.createCheckConstraint("orders", "orders_total_positive", op.sql("total > 0"), { notValid: true });`,
    ].join("\n");
    const later = [autocommit(`await op.validateConstraint("orders", "orders_user_fk");`), autocommit(`await op.validateConstraint("orders", "orders_total_positive");`)].join("\n");
    const same = [`await op.validateConstraint("orders", "orders_user_fk");`, `await op.validateConstraint("orders", "orders_total_positive");`].join("\n");
    expect(await lintR02(`${add}\n${later}`)).toEqual([]);
    expect(await lintR02(`${add}\n${same}`)).toEqual(["validate-in-same-transaction", "validate-in-same-transaction"]);
  });

  it("keys and indexes renamed in place are quiet, and lint's model follows them: the renamed index still covers a new foreign key", async () => {
    const rules = await lintR02(
      [
        `await op.renameConstraint("orders", "orders_pkey", "PK_orders");`,
        `await op.renameIndex("orders", "orders_user_id_idx", "IDX_orders_user");`,
        `await op.createForeignKey("orders", "orders_user_fk", ["user_id"], "users", ["id"], { notValid: true });`,
        autocommit(`await op.validateConstraint("orders", "orders_user_fk");`),
      ].join("\n"),
    );
    expect(rules).toEqual([]);
    expect(await lintR02(`await op.renameIndex("orders", "orders_user_id_idx", "${"i".repeat(64)}");`)).toEqual(["identifier-too-long"]);
  });

  it("the NOT NULL sequence autogen generates is quiet", async () => {
    const rules = await lintR02(
      [
        `await op.createCheckConstraint("users", "users_email_not_null", op.sql('"email" IS NOT NULL'), { notValid: true });`,
        autocommit(`await op.validateConstraint("users", "users_email_not_null");`),
        `await op.alterColumn("users", "email", { nullable: { from: true, to: false } });`,
        `await op.dropCheckConstraint("users", "users_email_not_null");`,
      ].join("\n"),
    );
    expect(rules).toEqual([]);
  });
});

describe("lock_timeout set by the runner", () => {
  const lintWith = async (config: Record<string, unknown>, options: Omit<LintCommandOptions, "cwd"> = {}) => {
    const project = createLintProject(config);
    try {
      project.add({ id: "r01", parent: null, upgrade: BASE });
      project.add({ id: "r02", parent: "r01", upgrade: `await op.addColumn("users", op.column("nickname", "text"));` });
      return rulesOf((await project.lint({ range: "r02:r02", ...options })).findings, "r02");
    } finally {
      project.remove();
    }
  };

  it("follows the config's safety.lockTimeout, unless told otherwise", async () => {
    expect(await lintWith({})).toEqual([]);
    expect(await lintWith({ safety: { lockTimeout: "2s" } })).toEqual([]);
    expect(await lintWith({ safety: { lockTimeout: "0" } })).toEqual(["missing-lock-timeout"]);
    expect(await lintWith({}, { assumeLockTimeout: false })).toEqual(["missing-lock-timeout"]);
    expect(await lintWith({ safety: { lockTimeout: "0" } }, { assumeLockTimeout: true })).toEqual([]);
  });
});

describe("rules that depend on the PostgreSQL version", () => {
  const lintOne = async (upgrade: string, pgVersion: number) => {
    const project = createLintProject();
    try {
      project.add({ id: "r01", parent: null, upgrade: BASE });
      project.add({ id: "r02", parent: "r01", upgrade });
      return rulesOf((await project.lint({ range: "r02:r02", pgVersion })).findings, "r02");
    } finally {
      project.remove();
    }
  };

  it("before PostgreSQL 11 any default rewrites the table", async () => {
    const add = `await op.addColumn("users", op.column("active", "boolean", { nullable: false, default: true }));`;
    expect(await lintOne(add, 10)).toContain("volatile-default");
    expect(await lintOne(add, 11)).not.toContain("volatile-default");
  });

  it("before PostgreSQL 12 a validated CHECK does not spare SET NOT NULL its scan", async () => {
    const safeForm = [
      execute("ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID"),
      autocommit(execute("ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null")),
      `await op.alterColumn("users", "email", { nullable: { from: true, to: false } });`,
    ].join("\n");
    expect(await lintOne(safeForm, 11)).toContain("set-not-null");
    expect(await lintOne(safeForm, 12)).not.toContain("set-not-null");
  });

  it("a serial column added to an existing table rewrites it", async () => {
    expect(await lintOne(`await op.addColumn("users", op.column("seq", "bigint", { nullable: false, serial: true }));`, 16)).toContain("volatile-default");
  });
});

describe("the model of earlier revisions", () => {
  it("knows a table created in an earlier revision is existing, and one created here is new", async () => {
    const project = createLintProject();
    try {
      project.add({ id: "r01", parent: null, upgrade: newTable("events") });
      project.add({ id: "r02", parent: "r01", upgrade: [newTable("logs"), `await op.createIndex("logs", "logs_id_idx", ["id"]);`, `await op.createIndex("events", "events_id_idx", ["id"]);`].join("\n") });
      const report = await project.lint({ range: "r02:r02" });
      const indexFindings = report.findings.filter((f) => f.rule === "create-index-non-concurrently");
      expect(indexFindings.map((f) => f.operation)).toEqual(["createIndex public.events events_id_idx"]);
    } finally {
      project.remove();
    }
  });

  it("follows renames: a renamed table is still the existing table", async () => {
    const project = createLintProject();
    try {
      project.add({ id: "r01", parent: null, upgrade: newTable("events", `op.column("id", "bigint"), op.column("kind", "text")`) });
      project.add({ id: "r02", parent: "r01", upgrade: `await op.renameTable("events", "happenings");` });
      project.add({ id: "r03", parent: "r02", upgrade: `await op.renameColumn("happenings", "kind", "category");\nawait op.createIndex("happenings", "h_category_idx", ["category"]);` });
      const report = await project.lint({ range: "r03:r03" });
      expect(rulesOf(report.findings, "r03")).toEqual(expect.arrayContaining(["rename-column", "create-index-non-concurrently"]));
    } finally {
      project.remove();
    }
  });

  it("an index from an earlier revision covers a later foreign key; a merge sees both branches", async () => {
    const project = createLintProject();
    try {
      project.add({ id: "r01", parent: null, upgrade: [newTable("users"), newTable("orders", `op.column("id", "bigint"), op.column("user_id", "bigint")`)].join("\n") });
      project.add({ id: "r02", parent: "r01", upgrade: autocommit(execute("CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id)")) });
      project.add({ id: "r03", parent: "r01", upgrade: `await op.addColumn("users", op.column("nickname", "text"));` });
      project.write(
        "migrations/r04.ts",
        [
          'import type { Operations } from "typeorm-autogen";',
          'export const revision = "r04";',
          'export const downRevision = ["r02", "r03"];',
          "export async function upgrade(op: Operations): Promise<void> {",
          '  await op.execute("ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID");',
          "}",
          "export async function downgrade(op: Operations): Promise<void> {}",
          "",
        ].join("\n"),
      );
      const report = await project.lint({ range: "r04:r04", assumeLockTimeout: true });
      expect(report.findings).toEqual([]);
    } finally {
      project.remove();
    }
  });
});
