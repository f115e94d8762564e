/**
 * The migration lock: a session-level advisory lock keyed by the version table, held by every runner
 * that writes it (upgrade, downgrade, stamp, repair). A runner waits up to a timeout and then says
 * who holds the lock, so a stuck deploy can be traced to its process.
 */
import type { Queryable } from "../db/queryable";
import type { QualifiedName } from "../model/schema";
import { quoteQualified } from "../sql/quote";
import { AutogenError } from "../errors";

export interface LockHolder {
  readonly pid: number;
  readonly user: string | null;
  readonly application: string | null;
  readonly client: string | null;
  readonly since: string | null;
  readonly state: string | null;
}

export class LockTimeoutError extends AutogenError {
  constructor(
    readonly table: QualifiedName,
    readonly waitedMs: number,
    readonly holders: readonly LockHolder[],
  ) {
    const who =
      holders.length === 0
        ? "it was released as the wait ended; run the command again"
        : holders
            .map((holder) => `pid ${holder.pid} (user ${holder.user ?? "?"}, ${holder.application || "no application name"}, from ${holder.client ?? "local socket"}, connected since ${holder.since ?? "?"}, ${holder.state ?? "?"})`)
            .join("; ");
    super(
      `Timed out after ${Math.round(waitedMs / 1000)} s waiting for the migration lock on ${quoteQualified(table)}: held by ${who}. ` +
        "Wait for that run to finish, raise --lock-timeout, or end that session with pg_terminate_backend(pid).",
    );
  }
}

export const migrationLockKey = (table: QualifiedName): string => `autogen:${quoteQualified(table)}`;

/**
 * pg_locks shows a one-bigint advisory key split in two: classid holds the high 32 bits, objid the
 * low 32, with objsubid 1.
 */
const HOLDERS_QUERY = `
SELECT a.pid, a.usename AS user, a.application_name AS application, a.client_addr::text AS client,
       to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ') AS since, a.state
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext($1)::bigint
  AND a.pid <> pg_backend_pid()`;

export const lockHolders = async (db: Queryable, table: QualifiedName): Promise<LockHolder[]> =>
  (await db.query(HOLDERS_QUERY, [migrationLockKey(table)])).rows as unknown as LockHolder[];

/** SQLSTATE lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = "55P03";

/**
 * A real wait in PostgreSQL's lock queue, bounded by `lock_timeout` (which covers advisory locks):
 * waiting runners show in pg_locks, and the first in line gets the lock the moment it is released.
 */
export const acquireMigrationLock = async (db: Queryable, table: QualifiedName, timeoutMs: number): Promise<void> => {
  const key = migrationLockKey(table);
  const started = Date.now();
  if (timeoutMs <= 0) {
    const { rows } = await db.query<{ acquired: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS acquired", [key]);
    if (!rows[0].acquired) throw new LockTimeoutError(table, 0, await lockHolders(db, table));
    return;
  }
  const { rows } = await db.query<{ value: string }>("SELECT current_setting('lock_timeout') AS value");
  await db.query("SELECT set_config('lock_timeout', $1, false)", [`${Math.ceil(timeoutMs)}ms`]);
  try {
    await db.query("SELECT pg_advisory_lock(hashtext($1))", [key]);
  } catch (error) {
    if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
    throw new LockTimeoutError(table, Date.now() - started, await lockHolders(db, table));
  } finally {
    await db.query("SELECT set_config('lock_timeout', $1, false)", [rows[0].value]);
  }
};

export const releaseMigrationLock = async (db: Queryable, table: QualifiedName): Promise<void> => {
  await db.query("SELECT pg_advisory_unlock(hashtext($1))", [migrationLockKey(table)]);
};

export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** lock_timeout is an int of milliseconds: about 24.8 days at most. */
export const MAX_LOCK_TIMEOUT_SECONDS = Math.floor(2_147_483_647 / 1000);

export class LockTimeoutValueError extends AutogenError {}

/** Seconds as given (`--lock-timeout`, config `lockTimeout`) to milliseconds, or a clear error. */
export const lockTimeoutMsOf = (seconds: unknown, where: string): number => {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_LOCK_TIMEOUT_SECONDS) {
    throw new LockTimeoutValueError(`${where} must be a number of seconds from 0 to ${MAX_LOCK_TIMEOUT_SECONDS}, got ${JSON.stringify(seconds) ?? String(seconds)}.`);
  }
  return Math.round(seconds * 1000);
};

export const withMigrationLock = async <T>(
  db: Queryable,
  table: QualifiedName,
  action: () => Promise<T>,
  timeoutMs: number = DEFAULT_LOCK_TIMEOUT_MS,
): Promise<T> => {
  await acquireMigrationLock(db, table, timeoutMs);
  try {
    return await action();
  } finally {
    await releaseMigrationLock(db, table);
  }
};
