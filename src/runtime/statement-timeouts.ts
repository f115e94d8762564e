/**
 * Timeouts every migration runs under, so a schema change cannot queue behind a long transaction and
 * block everything queued behind it in turn: `lock_timeout` bounds each wait for a lock (the
 * migration fails fast and can be retried), `statement_timeout` bounds each statement.
 * https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
 */
import type { Queryable } from "../db/queryable";
import { quoteLiteral } from "../sql/quote";

export interface StatementTimeouts {
  readonly lockTimeout: string;
  readonly statementTimeout: string;
}

/** The SET statements, for a live session and for offline scripts alike. */
export const timeoutStatements = (timeouts: StatementTimeouts): string[] => [
  `SET lock_timeout = ${quoteLiteral(timeouts.lockTimeout)}`,
  `SET statement_timeout = ${quoteLiteral(timeouts.statementTimeout)}`,
];

/** Runs `action` with the timeouts set on the session, and puts the previous values back after. */
export const withStatementTimeouts = async <T>(db: Queryable, timeouts: StatementTimeouts, action: () => Promise<T>): Promise<T> => {
  const { rows } = await db.query<{ lock: string; statement: string }>(
    "SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement",
  );
  for (const statement of timeoutStatements(timeouts)) await db.query(statement);
  try {
    return await action();
  } finally {
    await db.query("SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)", [rows[0].lock, rows[0].statement]);
  }
};

/** SQLSTATE lock_not_available: a lock_timeout expired. */
export const isLockTimeout = (error: unknown): boolean => {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: string }).code === "55P03") return true;
  }
  return false;
};
