/**
 * The safe-widening table of `type-change-rewrite` against PostgreSQL itself: each type change is run
 * as autogen emits it (ALTER COLUMN ... TYPE ... USING col::type) on a table with rows, and a rewrite
 * shows as a new relfilenode. Lint must call a change a rewrite exactly when PostgreSQL rewrites.
 */
import { typeChangeRewrites } from "../../src/model/sql-types";
import { emitSql } from "../../src/sql/emit";
import { createTestDatabase, type TestDatabase } from "../support/database";

const CHANGES: readonly (readonly [string, string])[] = [
  ["character varying(50)", "character varying(120)"],
  ["character varying(50)", "character varying"],
  ["character varying(50)", "text"],
  ["text", "character varying"],
  ["numeric(8,2)", "numeric(12,2)"],
  ["numeric(8,2)", "numeric"],
  ["timestamp(3) without time zone", "timestamp(6) without time zone"],
  ["timestamp(3) with time zone", "timestamp with time zone"],
  ["cidr", "inet"],
  ["integer", "bigint"],
  ["smallint", "integer"],
  ["character varying(120)", "character varying(50)"],
  ["numeric(8,2)", "numeric(12,4)"],
  ["text", "character varying(20)"],
  ["character(3)", "text"],
  ["timestamp without time zone", "timestamp with time zone"],
  ["text[]", "character varying[]"],
];

const SAMPLE: Readonly<Record<string, string>> = { cidr: "'10.0.0.0/8'", timestamp: "now()", numeric: "1.5", integer: "1", smallint: "1" };
const sampleFor = (type: string): string => {
  if (type.endsWith("[]")) return "'{a}'";
  const key = Object.keys(SAMPLE).find((prefix) => type.startsWith(prefix));
  return key ? SAMPLE[key] : "'ab'";
};

describe("type changes lint calls safe are exactly the ones PostgreSQL makes without a rewrite", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("autogen_lint_types");
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each(CHANGES)("%s -> %s", async (from, to) => {
    // A time zone other than UTC: timestamp -> timestamptz skips the rewrite only under UTC.
    await db.client.query("SET timezone = 'Europe/Paris'");
    await db.client.query(`DROP TABLE IF EXISTS t; CREATE TABLE t (c ${from}); INSERT INTO t SELECT ${sampleFor(from)} FROM generate_series(1, 5)`);
    const filenode = async () => (await db.client.query<{ node: string }>("SELECT pg_relation_filenode('t')::text AS node")).rows[0].node;
    const before = await filenode();
    for (const statement of emitSql({ kind: "alterColumn", table: { schema: "public", name: "t" }, column: "c", changes: { type: { from, to } } })) {
      await db.client.query(statement);
    }
    const rewritten = (await filenode()) !== before;
    expect({ from, to, rewrites: typeChangeRewrites(from, to, null) }).toEqual({ from, to, rewrites: rewritten });
  });
});
