/**
 * The migration lock: a session-level advisory lock on hashtext('autogen:"public"."autogen_version"')
 * (`migrationLockKey` in src/runtime/lock.ts). A runner waits up to --lock-timeout seconds (config
 * `lockTimeout`, default 60), then fails naming the session that holds the lock; when the lock is
 * released during the wait, the runner proceeds.
 */
import { Client } from "pg";
import { createTestDatabase, type TestDatabase } from "../support/database";
import {
  createReliabilityProject,
  FULL,
  databaseState,
  expectExit,
  expectSameState,
  formatSummary,
  LOCK_KEY,
  report,
  revisionId,
  sleep,
  spawnCli,
  versionRows,
  type ReliabilityProject,
} from "./support";

const ids = [1, 2, 3].map((n) => revisionId("lk", n));
/** Repetitions of the timed cases; the full run's figures go to docs/reliability.md. */
const TRIES = Array.from({ length: FULL ? 10 : 2 }, (_, index) => index + 1);

/** A session that takes the migration lock, as another runner (or a DBA) would. */
const holdLock = async (url: string, application: string): Promise<{ pid: number; release(): Promise<void> }> => {
  const client = new Client({ connectionString: url, application_name: application });
  await client.connect();
  await client.query("SELECT pg_advisory_lock(hashtext($1))", [LOCK_KEY]);
  const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  return {
    pid,
    release: async () => {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [LOCK_KEY]).catch(() => undefined);
      await client.end();
    },
  };
};

describe("the migration lock", () => {
  let db: TestDatabase;
  let project: ReliabilityProject;
  const timeouts: number[] = [];
  const freeRuns: number[] = [];
  const releasedWaits: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("autogen_rel_lock");
    project = createReliabilityProject();
    ids.forEach((id, index) =>
      project.writeMigration({
        id,
        parent: index === 0 ? null : ids[index - 1]!,
        upgrade: [`await op.execute("CREATE TABLE lock_${index + 1} (id integer)");`],
        downgrade: [`await op.execute("DROP TABLE lock_${index + 1}");`],
      }),
    );
    expectExit(await project.cli(["upgrade", ids[0]!, "--url", db.url]), 0);
  });

  afterAll(async () => {
    project?.remove();
    await db?.drop();
    report("lock", {
      free: formatSummary("upgrade with nothing to do and the lock free, process wall time", freeRuns),
      timeoutOf1s: formatSummary("upgrade --lock-timeout 1 against a held lock, process wall time", timeouts),
      releasedAfter1s: formatSummary("upgrade whose lock is released 1 s into the wait, process wall time", releasedWaits),
    });
  });

  afterEach(() => project.writeConfig());

  it.each(TRIES)("baseline: upgrade with the lock free takes it at once (try %i)", async () => {
    const started = performance.now();
    const result = expectExit(await project.cli(["upgrade", ids[0]!, "--lock-timeout", "1", "--url", db.url]), 0);
    freeRuns.push(performance.now() - started);
    expect(result.stdout).toBe(`Nothing to upgrade; at ${ids[0]}.\n`);
  });

  it.each(TRIES)("upgrade --lock-timeout 1 fails after about a second, naming the holder's pid, user and application (try %i)", async () => {
    const holder = await holdLock(db.url, "reliability-holder");
    try {
      const before = await databaseState(db.client);
      const started = performance.now();
      const result = expectExit(await project.cli(["upgrade", "--lock-timeout", "1", "--url", db.url]), 1);
      timeouts.push(performance.now() - started);
      expect(result.stderr).toMatch(
        new RegExp(
          `^autogen: Timed out after 1 s waiting for the migration lock on "public"\\."autogen_version": held by pid ${holder.pid} \\(user \\w+, reliability-holder, from [^,]+, connected since [^,]+, idle\\)\\.`,
        ),
      );
      expect(result.stderr).toContain("raise --lock-timeout, or end that session with pg_terminate_backend(pid)");
      expectSameState(await databaseState(db.client), before);
    } finally {
      await holder.release();
    }
  });

  it("waits the config's lockTimeout when no flag is given", async () => {
    project.writeConfig({ lockTimeout: 1 });
    const holder = await holdLock(db.url, "reliability-holder");
    try {
      const result = expectExit(await project.cli(["upgrade", "--url", db.url]), 1);
      expect(result.stderr).toContain(`Timed out after 1 s waiting for the migration lock on "public"."autogen_version": held by pid ${holder.pid}`);
    } finally {
      await holder.release();
    }
  });

  it("--lock-timeout 0 does not wait at all", async () => {
    const holder = await holdLock(db.url, "reliability-holder");
    try {
      const result = expectExit(await project.cli(["upgrade", "--lock-timeout", "0", "--url", db.url]), 1);
      expect(result.stderr).toContain(`Timed out after 0 s waiting for the migration lock on "public"."autogen_version": held by pid ${holder.pid}`);
    } finally {
      await holder.release();
    }
  });

  it.each(TRIES)("proceeds when the lock is released during the wait (try %i)", async () => {
    const holder = await holdLock(db.url, "reliability-holder");
    const target = ids[1]!;
    const run = spawnCli(project.dir, ["upgrade", target, "--lock-timeout", "30", "--url", db.url]);
    let released = false;
    try {
      // Released once the runner is queued behind the holder.
      for (;;) {
        const waiting = await db.client.query(
          "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        if ((waiting.rowCount ?? 0) > 0) break;
        if (performance.now() - run.startedAt > 20_000) throw new Error("the upgrade never queued for the lock");
        await sleep(10);
      }
      await sleep(1000);
      await holder.release();
      released = true;
      const result = await run.done;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Now at ${target}.`);
      releasedWaits.push(result.endedAt - run.startedAt);
      expect(await versionRows(db.client)).toEqual([target]);
    } finally {
      if (!released) await holder.release();
      expectExit(await project.cli(["downgrade", ids[0]!, "--url", db.url]), 0);
    }
  });

  it("a lock held on another database of the same server does not block", async () => {
    const other = await createTestDatabase("autogen_rel_lock_other");
    const holder = await holdLock(other.url, "reliability-elsewhere");
    try {
      expectExit(await project.cli(["upgrade", ids[1]!, "--lock-timeout", "1", "--url", db.url]), 0);
      expectExit(await project.cli(["downgrade", ids[0]!, "--lock-timeout", "1", "--url", db.url]), 0);
    } finally {
      await holder.release();
      await other.drop();
    }
  });

  it("the timeout message names only the holders of this database's lock", async () => {
    // Advisory locks belong to a database: a session holding the same key on another database of the
    // server is not in the way and must not be named.
    const other = await createTestDatabase("autogen_rel_lock_other");
    const elsewhere = await holdLock(other.url, "reliability-elsewhere");
    const holder = await holdLock(db.url, "reliability-holder");
    try {
      const result = expectExit(await project.cli(["upgrade", "--lock-timeout", "1", "--url", db.url]), 1);
      expect(result.stderr).toContain(`held by pid ${holder.pid} (`);
      expect(result.stderr).not.toContain("reliability-elsewhere");
      expect(result.stderr).not.toContain(`pid ${elsewhere.pid} `);
    } finally {
      await holder.release();
      await elsewhere.release();
      await other.drop();
    }
  });

  it.each([
    ["stamp", ["stamp", ids[1]!]],
    ["repair", ["repair"]],
    ["downgrade", ["downgrade", "base"]],
  ])("%s also honours the config's lockTimeout", async (_name, command) => {
    project.writeConfig({ lockTimeout: 1 });
    const holder = await holdLock(db.url, "reliability-holder");
    try {
      const before = await databaseState(db.client);
      const result = await project.cli([...command, "--url", db.url], { timeoutMs: 8_000 });
      // A process still waiting when the 8 s budget ends reports exit null.
      expectExit(result, 1);
      expect(result.stderr).toContain(`Timed out after 1 s waiting for the migration lock on "public"."autogen_version": held by pid ${holder.pid}`);
      expectSameState(await databaseState(db.client), before);
    } finally {
      await holder.release();
    }
  }, 30_000);
});
