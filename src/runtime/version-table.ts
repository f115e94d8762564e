/**
 * The version table keeps one row per applied head, as Alembic does; beside it a log of every
 * applied step (revision, direction, checksum, when, how long, by whom).
 */
import type { Queryable } from "../db/queryable";
import type { QualifiedName } from "../model/schema";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { AutogenError } from "../errors";
import type { HeadChange } from "./heads";
import type { Direction } from "./graph";

export class VersionTableError extends AutogenError {}

export const logTableOf = (table: QualifiedName): QualifiedName => ({ schema: table.schema, name: `${table.name}_log` });

export const versionTableDdl = (table: QualifiedName): string[] => [
  `CREATE TABLE IF NOT EXISTS ${quoteQualified(table)} (version_num varchar(64) NOT NULL, CONSTRAINT ${quoteIdent(`${table.name}_pkc`)} PRIMARY KEY (version_num))`,
  `CREATE TABLE IF NOT EXISTS ${quoteQualified(logTableOf(table))} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  revision varchar(64) NOT NULL,
  direction varchar(4) NOT NULL,
  checksum varchar(64),
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL,
  applied_by text NOT NULL DEFAULT current_user
)`,
];

export const ensureVersionTable = async (db: Queryable, table: QualifiedName): Promise<void> => {
  for (const statement of versionTableDdl(table)) await db.query(statement);
};

export const versionTableExists = async (db: Queryable, table: QualifiedName): Promise<boolean> =>
  (await db.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [quoteQualified(table)])).rows[0]
    .present;

export const readHeads = async (db: Queryable, table: QualifiedName): Promise<string[]> => {
  if (!(await versionTableExists(db, table))) return [];
  const rows = await db.query<{ version_num: string }>(`SELECT version_num FROM ${quoteQualified(table)} ORDER BY version_num`);
  return rows.rows.map((row) => row.version_num);
};

/** SQL for one head change; each statement must touch exactly one row. */
export const headChangeStatements = (table: QualifiedName, change: HeadChange): { text: string; values: string[] }[] => {
  const t = quoteQualified(table);
  const insert = (id: string) => ({ text: `INSERT INTO ${t} (version_num) VALUES ($1)`, values: [id] });
  const remove = (id: string) => ({ text: `DELETE FROM ${t} WHERE version_num = $1`, values: [id] });
  const update = (from: string, to: string) => ({ text: `UPDATE ${t} SET version_num = $2 WHERE version_num = $1`, values: [from, to] });
  switch (change.kind) {
    case "insert":
      return [insert(change.add)];
    case "delete":
      return [remove(change.remove)];
    case "update":
      return [update(change.from, change.to)];
    case "merge":
      return [...change.from.slice(1).map(remove), update(change.from[0], change.to)];
    case "unmerge":
      return [update(change.from, change.to[0]), ...change.to.slice(1).map(insert)];
  }
};

export const writeHeadChange = async (db: Queryable, table: QualifiedName, change: HeadChange): Promise<void> => {
  for (const statement of headChangeStatements(table, change)) {
    const result = await db.query(statement.text, statement.values);
    if (result.rowCount !== 1) {
      throw new VersionTableError(
        `The version table ${table.schema}.${table.name} is not in the expected state: "${statement.text}" with ${statement.values.join(", ")} changed ${result.rowCount} rows instead of 1. Another process may have changed it; run \`autogen current\`.`,
      );
    }
  }
};

export const logStep = async (
  db: Queryable,
  table: QualifiedName,
  step: { revision: string; direction: Direction; checksum: string | null; durationMs: number },
): Promise<void> => {
  await db.query(`INSERT INTO ${quoteQualified(logTableOf(table))} (revision, direction, checksum, duration_ms) VALUES ($1, $2, $3, $4)`, [step.revision, step.direction, step.checksum, Math.round(step.durationMs)]);
};
