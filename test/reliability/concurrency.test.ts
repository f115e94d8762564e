/**
 * Eight `autogen upgrade` processes started together against one database with 20 pending
 * migrations. The migration lock is held for the whole run and the plan is computed under it, so one
 * process applies everything and the seven others, once they get the lock, find nothing to do. Every
 * migration inserts a marker row (and every other one creates a table), so a double application shows
 * as a second marker row or as a failed process.
 */
import { createTestDatabase } from "../support/database";
import {
  adminClient,
  createReliabilityProject,
  formatSummary,
  FULL,
  logRows,
  report,
  LOCK_KEY,
  revisionId,
  shown,
  sleep,
  spawnCli,
  versionRows,
  type ReliabilityProject,
} from "./support";

const PROCESSES = 8;
const MIGRATIONS = 20;
const REPETITIONS = FULL ? 10 : 3;
const ids = Array.from({ length: MIGRATIONS }, (_, index) => revisionId("c", index + 1));

const writeMigrations = (project: ReliabilityProject): void => {
  ids.forEach((id, index) => {
    const upgrade = [
      ...(index === 0
        ? ['await op.execute("CREATE TABLE applied_marks (revision text NOT NULL, backend_pid integer NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");']
        : []),
      ...(index % 2 === 0 ? [`await op.execute("CREATE TABLE t_${id} (id integer PRIMARY KEY, note text)");`] : []),
      // Some work per step (about 1 s per run in all), so the other processes queue up for the lock.
      `await op.execute("SELECT pg_sleep(0.05)");`,
      `await op.execute("INSERT INTO applied_marks (revision, backend_pid) VALUES ('${id}', pg_backend_pid())");`,
    ];
    project.writeMigration({ id, parent: index === 0 ? null : ids[index - 1]!, upgrade });
  });
};

interface Repetition {
  readonly mode: string;
  readonly wallMs: number;
  readonly processMs: number[];
  readonly winnerMs: number;
  /** How long after the applying process ended each of the others ended. */
  readonly afterWinnerMs: number[];
  readonly samples: number;
  readonly maxWaiting: number;
}

/**
 * Samples pg_locks while the processes run: how many sessions hold the migration lock (never more
 * than one) and how many wait for it in PostgreSQL's lock queue.
 */
const sampleLock = (database: string) => {
  let running = true;
  let samples = 0;
  let maxHolders = 0;
  let maxWaiting = 0;
  const done = (async () => {
    const admin = await adminClient();
    try {
      while (running) {
        const { rows } = await admin.query<{ granted: boolean; n: number }>(
          `SELECT l.granted, count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
           WHERE l.locktype = 'advisory' AND d.datname = $1 AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext($2)::bigint
           GROUP BY l.granted`,
          [database, LOCK_KEY],
        );
        samples += 1;
        maxHolders = Math.max(maxHolders, rows.find((row) => row.granted)?.n ?? 0);
        maxWaiting = Math.max(maxWaiting, rows.find((row) => !row.granted)?.n ?? 0);
        await sleep(5);
      }
    } finally {
      await admin.end();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return { samples, maxHolders, maxWaiting };
    },
  };
};

describe(`${PROCESSES} concurrent upgrades of ${MIGRATIONS} pending migrations`, () => {
  let project: ReliabilityProject;
  const repetitions: Repetition[] = [];

  beforeAll(() => {
    project = createReliabilityProject();
    writeMigrations(project);
  });

  afterAll(() => {
    project?.remove();
    if (repetitions.length === 0) return;
    report("concurrency", {
      processes: PROCESSES,
      migrations: MIGRATIONS,
      repetitions: repetitions.length,
      modes: repetitions.map((r) => r.mode),
      wallMs: repetitions.map((r) => Math.round(r.wallMs)),
      winnerMs: repetitions.map((r) => Math.round(r.winnerMs)),
      summaryWall: formatSummary("batch wall time", repetitions.map((r) => r.wallMs)),
      summaryProcess: formatSummary("per-process wall time", repetitions.flatMap((r) => r.processMs)),
      summaryWinner: formatSummary("the applying process", repetitions.map((r) => r.winnerMs)),
      summaryAfterWinner: formatSummary("others ended after the applying one", repetitions.flatMap((r) => r.afterWinnerMs)),
      maxWaiting: repetitions.map((r) => r.maxWaiting),
      lockSamples: repetitions.map((r) => r.samples),
    });
  });

  const MODES = ["all", "each", "none"] as const;
  it.each(Array.from({ length: REPETITIONS }, (_, index) => [index + 1, MODES[index % MODES.length]!] as const))(
    "repetition %i (--transaction %s): each migration applied exactly once, every process exits 0",
    async (_repetition, mode) => {
      const db = await createTestDatabase("autogen_rel_conc");
      try {
        const sampler = sampleLock(db.name);
        const started = performance.now();
        const runs = Array.from({ length: PROCESSES }, () =>
          spawnCli(project.dir, ["upgrade", "--transaction", mode, "--url", db.url]),
        );
        const results = await Promise.all(runs.map((run) => run.done));
        const wallMs = performance.now() - started;
        const lock = await sampler.stop();
        results.forEach((result) => {
          if (result.code !== 0) throw new Error(`a process failed: exit ${result.code}\n${result.stdout}\n${result.stderr}`);
        });
        expect(lock.maxHolders).toBeLessThanOrEqual(1);
        // Otherwise the processes ran one after another and nothing was raced.
        expect(lock.maxWaiting).toBeGreaterThanOrEqual(1);
        // The plan is computed under the lock: one process applies all twenty, the others none.
        const appliedBy = results.map((result) => (result.stdout.match(/^Upgraded /gm) ?? []).length);
        expect(appliedBy.filter((count) => count > 0)).toEqual([MIGRATIONS]);
        expect(results.filter((result) => result.stdout.startsWith("Nothing to upgrade"))).toHaveLength(PROCESSES - 1);

        const marks = await db.client.query<{ revision: string; n: number }>(
          "SELECT revision, count(*)::int AS n FROM applied_marks GROUP BY revision ORDER BY revision",
        );
        expect(marks.rows.map((row) => [row.revision, row.n])).toEqual(ids.map((id) => [id, 1]));
        // One session did all the work (one process, one connection).
        expect((await db.client.query("SELECT count(DISTINCT backend_pid)::int AS n FROM applied_marks")).rows).toEqual([{ n: 1 }]);
        expect((await logRows(db.client)).map((row) => [row.revision, row.direction])).toEqual(ids.map((id) => [id, "up"]));
        expect((await logRows(db.client)).every((row) => /^[0-9a-f]{64}$/.test(row.checksum ?? ""))).toBe(true);
        expect(await versionRows(db.client)).toEqual([ids[MIGRATIONS - 1]]);
        const tables = await db.client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%'");
        expect(tables.rows[0]!.n).toBe(MIGRATIONS / 2);

        const winner = results.findIndex((_, index) => appliedBy[index]! > 0);
        repetitions.push({
          mode,
          wallMs,
          processMs: results.map((result, index) => result.endedAt - runs[index]!.startedAt),
          winnerMs: results[winner]!.endedAt - runs[winner]!.startedAt,
          afterWinnerMs: results.filter((_, index) => index !== winner).map((result) => result.endedAt - results[winner]!.endedAt),
          samples: lock.samples,
          maxWaiting: lock.maxWaiting,
        });
        // And a ninth run afterwards has nothing to do.
        const after = await project.cli(["upgrade", "--url", db.url]);
        if (after.code !== 0) throw new Error(shown(after));
        expect(after.stdout).toBe(`Nothing to upgrade; at ${ids[MIGRATIONS - 1]}.\n`);
      } finally {
        await db.drop();
      }
    },
    120_000,
  );
});
