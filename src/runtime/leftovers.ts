/**
 * What non-transactional work can leave behind when it is interrupted. `CREATE INDEX CONCURRENTLY`
 * that fails or is killed leaves an INVALID index: unused for reads, still maintained on writes, and
 * blocking a retry under the same name.
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
 *
 * The NOT VALID + VALIDATE safe form commits the constraint before its validation runs, so an
 * interrupted run (a violating row, a timeout, a killed process) leaves a foreign key or check that is
 * enforced for new rows but was never proven for old ones; PostgreSQL does not use such a check to
 * skip scans either. Introspection sees a constraint of the right name and shape, so only this says so.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-VALIDATE-CONSTRAINT
 */
import type { Queryable } from "../db/queryable";
import { quoteIdent, quoteQualified } from "../sql/quote";

export interface Leftover {
  readonly object: string;
  readonly problem: string;
  readonly remedy: string;
}

const INVALID_INDEXES_QUERY = `
SELECT n.nspname AS schema, ic.relname AS index, c.relname AS table
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE NOT i.indisvalid AND n.nspname = ANY($1)
ORDER BY 1, 2`;

const NOT_VALID_CONSTRAINTS_QUERY = `
SELECT n.nspname AS schema, c.relname AS table, con.conname AS constraint, con.contype AS type
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT con.convalidated AND con.contype IN ('c', 'f') AND n.nspname = ANY($1)
ORDER BY 1, 2, 3`;

const notValidConstraints = async (db: Queryable, schemas: readonly string[]): Promise<Leftover[]> => {
  const { rows } = await db.query<{ schema: string; table: string; constraint: string; type: "c" | "f" }>(NOT_VALID_CONSTRAINTS_QUERY, [[...schemas]]);
  return rows.map((row) => {
    const table = quoteQualified({ schema: row.schema, name: row.table });
    const name = quoteIdent(row.constraint);
    const kind = row.type === "f" ? "foreign key" : "check";
    return {
      object: `${kind} ${name} on ${table}`,
      problem: "is NOT VALID: the validation that should have followed it did not run or did not finish",
      remedy: `finish it with ALTER TABLE ${table} VALIDATE CONSTRAINT ${name} (after fixing the rows it reports), or undo it with ALTER TABLE ${table} DROP CONSTRAINT ${name} and run the migration that adds it again`,
    };
  });
};

export const findLeftovers = async (db: Queryable, schemas: readonly string[]): Promise<Leftover[]> => [
  ...(await invalidIndexes(db, schemas)),
  ...(await notValidConstraints(db, schemas)),
];

const invalidIndexes = async (db: Queryable, schemas: readonly string[]): Promise<Leftover[]> => {
  const { rows } = await db.query<{ schema: string; index: string; table: string }>(INVALID_INDEXES_QUERY, [[...schemas]]);
  return rows.map((row) => {
    const index = quoteQualified({ schema: row.schema, name: row.index });
    return {
      object: `index ${index} on ${quoteQualified({ schema: row.schema, name: row.table })}`,
      problem: "is INVALID: a concurrent build of it was interrupted",
      remedy: `finish it with REINDEX INDEX CONCURRENTLY ${index}, or undo it with DROP INDEX CONCURRENTLY ${index} and run the migration that builds ${quoteIdent(row.index)} again`,
    };
  });
};
