/**
 * What non-transactional work can leave behind when it is interrupted. `CREATE INDEX CONCURRENTLY`
 * that fails or is killed leaves an INVALID index: unused for reads, still maintained on writes, and
 * blocking a retry under the same name.
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
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

export const findLeftovers = async (db: Queryable, schemas: readonly string[]): Promise<Leftover[]> => {
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
