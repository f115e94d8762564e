/**
 * The version table keeps one row per applied head, as Alembic does; beside it a log of every
 * applied step (revision, direction, checksum, when, how long, by whom).
 *
 * Every statement that touches these tables is built once here and rendered two ways: with `$n`
 * parameters for a live connection, or with quoted literals for an offline `--sql` script, so what a
 * script records is exactly what `upgrade` records.
 */
import type { Queryable } from "../db/queryable";
import type { QualifiedName } from "../model/schema";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { AutogenError, describeCause } from "../errors";
import type { HeadChange } from "./heads";
import type { Direction } from "./graph";

export class VersionTableError extends AutogenError {}

export const logTableOf = (table: QualifiedName): QualifiedName => ({ schema: table.schema, name: `${table.name}_log` });

/**
 * `duration_ms` is null for a step applied from an offline script: nobody measured it. `args` and
 * `offline` are the inputs a migration may branch on (`op.args`, `op.isOffline`): checksum
 * verification replays a step with them. `IF NOT EXISTS` because `upgrade`, `stamp`,
 * `ensure-version` and offline scripts all start with it.
 */
export const versionTableDdl = (table: QualifiedName): string[] => [
  ...(table.schema === "public" ? [] : [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(table.schema)}`]),
  `CREATE TABLE IF NOT EXISTS ${quoteQualified(table)} (version_num varchar(64) NOT NULL, CONSTRAINT ${quoteIdent(`${table.name}_pkc`)} PRIMARY KEY (version_num))`,
  `CREATE TABLE IF NOT EXISTS ${quoteQualified(logTableOf(table))} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  revision varchar(64) NOT NULL,
  direction varchar(4) NOT NULL,
  checksum varchar(64),
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer,
  applied_by text NOT NULL DEFAULT current_user,
  args jsonb NOT NULL DEFAULT '{}',
  offline boolean NOT NULL DEFAULT false
)`,
];

/**
 * Creates only what is missing: PostgreSQL checks CREATE privilege before IF NOT EXISTS, so a role
 * that may write the existing tables but not create objects must not be asked to.
 */
export const ensureVersionTable = async (db: Queryable, table: QualifiedName): Promise<void> => {
  if ((await versionTableExists(db, table)) && (await versionTableExists(db, logTableOf(table)))) return;
  for (const statement of versionTableDdl(table)) await db.query(statement);
};

export const versionTableExists = async (db: Queryable, table: QualifiedName): Promise<boolean> =>
  (await db.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [quoteQualified(table)])).rows[0]
    .present;

export const readHeads = async (db: Queryable, table: QualifiedName): Promise<string[]> => {
  if (!(await versionTableExists(db, table))) return [];
  try {
    const rows = await db.query<{ version_num: string }>(`SELECT version_num FROM ${quoteQualified(table)} ORDER BY version_num`);
    return rows.rows.map((row) => row.version_num);
  } catch (error) {
    throw new VersionTableError(`Cannot read the version table ${quoteQualified(table)}: ${describeCause(error)}`, { cause: error });
  }
};

/** Turns a value into SQL text: a `$n` parameter online, a quoted literal offline. */
type Bind = (value: string | null) => string;

/** A statement for a live connection: text with `$n` parameters and their values. */
export interface ParameterizedStatement {
  readonly text: string;
  readonly values: readonly (string | null)[];
}

const parameterized = (build: (bind: Bind) => string): ParameterizedStatement => {
  const values: (string | null)[] = [];
  const text = build((value) => {
    values.push(value);
    return `$${values.length}`;
  });
  return { text, values };
};

const literal = (build: (bind: Bind) => string): string => build((value) => (value === null ? "NULL" : quoteLiteral(value)));

/** One row edit; each must touch exactly one row. */
type VersionRowEdit =
  | { readonly action: "insert"; readonly version: string }
  | { readonly action: "delete"; readonly version: string }
  | { readonly action: "update"; readonly from: string; readonly to: string };

const rowEdits = (change: HeadChange): VersionRowEdit[] => {
  const insert = (version: string): VersionRowEdit => ({ action: "insert", version });
  const remove = (version: string): VersionRowEdit => ({ action: "delete", version });
  switch (change.kind) {
    case "insert":
      return [insert(change.add)];
    case "delete":
      return [remove(change.remove)];
    case "update":
      return [{ action: "update", from: change.from, to: change.to }];
    case "merge":
      return [...change.from.slice(1).map(remove), { action: "update", from: change.from[0]!, to: change.to }];
    case "unmerge":
      return [{ action: "update", from: change.from, to: change.to[0]! }, ...change.to.slice(1).map(insert)];
  }
};

const rowEditSql = (table: QualifiedName, edit: VersionRowEdit) => (bind: Bind): string => {
  const t = quoteQualified(table);
  switch (edit.action) {
    case "insert":
      return `INSERT INTO ${t} (version_num) VALUES (${bind(edit.version)})`;
    case "delete":
      return `DELETE FROM ${t} WHERE version_num = ${bind(edit.version)}`;
    case "update": {
      const to = bind(edit.to);
      return `UPDATE ${t} SET version_num = ${to} WHERE version_num = ${bind(edit.from)}`;
    }
  }
};

/** SQL for one head change, for a live connection; each statement must touch exactly one row. */
export const headChangeStatements = (table: QualifiedName, change: HeadChange): ParameterizedStatement[] =>
  rowEdits(change).map((edit) => parameterized(rowEditSql(table, edit)));

/** The same statements as `headChangeStatements`, with literal values, for an offline script. */
export const headChangeSql = (table: QualifiedName, change: HeadChange): string[] =>
  rowEdits(change).map((edit) => literal(rowEditSql(table, edit)));

/** Removes every row: `stamp --purge`, for a database whose recorded revision no file declares. */
export const purgeVersionsSql = (table: QualifiedName): string => `DELETE FROM ${quoteQualified(table)}`;

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

export interface LoggedStep {
  readonly revision: string;
  readonly direction: Direction;
  readonly checksum: string | null;
  /** Null when nobody measured it: the step ran from an offline script. */
  readonly durationMs: number | null;
  readonly args: Readonly<Record<string, string>>;
  readonly offline: boolean;
}

const logStepSql = (table: QualifiedName, step: LoggedStep) => (bind: Bind): string => {
  const duration = step.durationMs === null ? null : String(Math.round(step.durationMs));
  return (
    `INSERT INTO ${quoteQualified(logTableOf(table))} (revision, direction, checksum, duration_ms, args, offline) ` +
    `VALUES (${bind(step.revision)}, ${bind(step.direction)}, ${bind(step.checksum)}, ${bind(duration)}, ` +
    `${bind(JSON.stringify(step.args))}, ${bind(String(step.offline))})`
  );
};

export const logStep = async (db: Queryable, table: QualifiedName, step: LoggedStep): Promise<void> => {
  const statement = parameterized(logStepSql(table, step));
  await db.query(statement.text, statement.values);
};

/** The log insert of `logStep`, with literal values, for an offline script. */
export const logStepLiteralSql = (table: QualifiedName, step: LoggedStep): string => literal(logStepSql(table, step));
