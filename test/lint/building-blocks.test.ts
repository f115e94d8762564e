/** The pieces lint rules stand on: type names, default volatility, op.execute SQL, the source map. */
import { classifySql, keyColumn, setsLockTimeout, splitStatements } from "../../src/lint/execute-sql";
import { readMigrationSource } from "../../src/lint/source-map";
import { parseTypeName, typeChangeRewrites } from "../../src/model/sql-types";
import { defaultVolatility } from "../../src/lint/volatility";

describe("type names", () => {
  it.each([
    ["int4", { base: "integer", modifiers: [], array: false }],
    ["character varying(80)", { base: "varchar", modifiers: [80], array: false }],
    ["VARCHAR(80)[]", { base: "varchar", modifiers: [80], array: true }],
    ["numeric(10,2)", { base: "numeric", modifiers: [10, 2], array: false }],
    ["timestamp(3) without time zone", { base: "timestamp", modifiers: [3], array: false }],
    ["timestamp with time zone", { base: "timestamptz", modifiers: [], array: false }],
    ["timestamptz(6)", { base: "timestamptz", modifiers: [6], array: false }],
    ["character(3)", { base: "char", modifiers: [3], array: false }],
    ["public.order_status", { base: "public.order_status", modifiers: [], array: false }],
  ])("%s", (text, expected) => {
    expect(parseTypeName(text)).toEqual(expected);
  });

  it.each([
    ["character varying(20)", "character varying(40)", null, false],
    ["varchar(20)", "text", null, false],
    ["text", "character varying", null, false],
    ["numeric(10,2)", "numeric(12,2)", null, false],
    ["numeric(10,2)", "numeric", null, false],
    ["timestamp(3) with time zone", "timestamptz", null, false],
    ["cidr", "inet", null, false],
    ["int4", "integer", null, false],
    ["character varying(40)", "character varying(20)", null, true],
    ["numeric(10,2)", "numeric(12,3)", null, true],
    ["integer", "bigint", null, true],
    ["timestamp without time zone", "timestamp with time zone", null, true],
    ["text", "character varying(20)", null, true],
    ["varchar(20)", "varchar(40)", "lower(v)", true],
    ["text[]", "character varying[]", null, true],
  ])("%s -> %s (using %s) rewrites: %s", (from, to, using, rewrites) => {
    expect(typeChangeRewrites(from, to, using)).toBe(rewrites);
  });
});

describe("default volatility", () => {
  it.each([
    ["0", "constant"],
    ["'x'::text", "constant"],
    ["'0'::numeric(12,2)", "constant"],
    ["now()", "constant"],
    ["CURRENT_TIMESTAMP", "constant"],
    ["'{}'::jsonb", "constant"],
    ["'f(x)'::text", "constant"],
    ["CASE WHEN 1 IN (1, 2) THEN 'a' ELSE 'b' END", "constant"],
    ["CAST(1 AS numeric(3,0))", "constant"],
    ["gen_random_uuid()", "volatile"],
    ["nextval('s'::regclass)", "volatile"],
    ["public.uuid_generate_v4()", "volatile"],
    ["(random() * 10)::integer", "volatile"],
    ["my_function()", "unknown"],
  ])("%s is %s", (expression, kind) => {
    expect(defaultVolatility(expression).kind).toBe(kind);
  });
});

describe("op.execute SQL", () => {
  it("splits on semicolons outside quotes, dollar quotes and comments", () => {
    const sql = `SET lock_timeout = '1s'; -- a; comment\nUPDATE t SET a = 'x;y' /* ; */ WHERE b = "c;d";\nDO $body$ BEGIN PERFORM 1; END $body$;`;
    expect(splitStatements(sql)).toEqual([
      "SET lock_timeout = '1s'",
      `UPDATE t SET a = 'x;y' WHERE b = "c;d"`,
      "DO $body$ BEGIN PERFORM 1; END $body$",
    ]);
  });

  it("recognises the safe forms and the dangerous ones", () => {
    const statements = classifySql(
      [
        `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "IDX_a" ON app."Users" USING btree (lower(email), "Name" DESC) WHERE deleted_at IS NULL`,
        "DROP INDEX CONCURRENTLY public.idx_old",
        "ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID",
        "ALTER TABLE orders VALIDATE CONSTRAINT fk_user",
        "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx",
        "ALTER TABLE users ADD CONSTRAINT chk CHECK (email IS NOT NULL) NOT VALID",
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL",
        "ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok'",
        "BEGIN",
        "TRUNCATE orders CASCADE",
        "VACUUM (FULL, ANALYZE) orders",
        "REINDEX INDEX idx",
        "ALTER TABLE users ADD COLUMN x int, ADD COLUMN y int",
        "CREATE TRIGGER t AFTER INSERT ON users EXECUTE FUNCTION f()",
      ].join(";\n"),
      "public",
    );
    expect(statements.map((statement) => statement.kind)).toEqual([
      "createIndex",
      "dropIndex",
      "addConstraint",
      "validateConstraint",
      "addConstraint",
      "addConstraint",
      "setNotNull",
      "addEnumValue",
      "transactionControl",
      "truncate",
      "rewriteCommand",
      "reindex",
      "unanalysed",
      "unanalysed",
    ]);
    expect(statements[0]).toMatchObject({
      name: "IDX_a",
      table: { schema: "app", name: "Users" },
      unique: true,
      concurrently: true,
      columns: [null, "Name"],
      partial: true,
    });
    expect(statements[2]).toMatchObject({ constraint: "foreign key", notValid: true, columns: ["user_id"], referencedTable: { schema: "public", name: "users" } });
    expect(statements[4]).toMatchObject({ constraint: "unique", usingIndex: "users_email_idx" });
    expect(statements[7]).toMatchObject({ value: "happy", placed: true });
  });

  it.each([
    ["SET lock_timeout = '5s'", true],
    ["set local lock_timeout to 2000", true],
    ["SET lock_timeout = 0", false],
    ["SET lock_timeout = '0'", false],
    ["SET lock_timeout TO DEFAULT", false],
    ["SET statement_timeout = '5s'", false],
  ])("%s sets a lock timeout: %s", (sql, expected) => {
    expect(setsLockTimeout(classifySql(sql, "public")[0])).toBe(expected);
  });

  it.each([
    ["email", "email"],
    ['"Email" DESC NULLS LAST', "Email"],
    ["email text_pattern_ops", "email"],
    ["lower(email)", null],
    ["(a + b)", null],
  ])("index key %s is column %s", (key, column) => {
    expect(keyColumn(key)).toBe(column);
  });
});

describe("source map", () => {
  it("finds op calls in order, with the suppressions directly above each", () => {
    const source = readMigrationSource(
      "m.ts",
      [
        "// autogen-lint-ignore-file prefer-text: legacy naming",
        "export async function upgrade(db: Operations): Promise<void> {",
        "  // autogen-lint-ignore drop-column: unused since 2024",
        "  // REVIEW (deletes data): drops column",
        "  await db.dropColumn(\"users\", \"legacy\");",
        "  await db.addColumn(\"users\", db.column(\"a\", \"text\", { default: db.sql(\"1\") }));",
        "",
        "  // autogen-lint-ignore create-index-non-concurrently: stray, a blank line follows",
        "",
        "  await db.autocommitBlock(async () => {",
        "    // autogen-lint-ignore drop-index-non-concurrently, create-index-non-concurrently",
        "    await db.execute(\"CREATE INDEX CONCURRENTLY i ON users (a)\");",
        "  });",
        "  const rows = await db.query(\"SELECT 1\");",
        "}",
      ].join("\n"),
    );
    expect(source.upgradeLine).toBe(2);
    expect(source.calls.map((call) => [call.method, call.line])).toEqual([
      ["dropColumn", 5],
      ["addColumn", 6],
      ["execute", 12],
    ]);
    expect(source.calls[0].suppressions).toEqual([{ line: 3, scope: "operation", rules: ["drop-column"], reason: "unused since 2024" }]);
    expect(source.calls[2].suppressions).toEqual([
      { line: 11, scope: "operation", rules: ["drop-index-non-concurrently", "create-index-non-concurrently"], reason: null },
    ]);
    expect(source.fileSuppressions).toEqual([{ line: 1, scope: "file", rules: ["prefer-text"], reason: "legacy naming" }]);
    expect(source.strayOperationSuppressions.map((comment) => comment.line)).toEqual([8]);
  });

  it("reads CommonJS migrations", () => {
    const source = readMigrationSource(
      "m.js",
      ["exports.revision = 'a';", "exports.upgrade = async function (op) {", "  await op.dropTable('t');", "};"].join("\n"),
    );
    expect(source.calls.map((call) => [call.method, call.line])).toEqual([["dropTable", 3]]);
  });

  it("reads an upgrade exported through module.exports with a shorthand property", () => {
    const source = readMigrationSource(
      "m.js",
      ["async function upgrade(op) {", "  await op.dropTable('t');", "}", "module.exports = { revision: 'a', upgrade };"].join("\n"),
    );
    expect(source.calls.map((call) => call.method)).toEqual(["dropTable"]);
  });
});
