/**
 * A failing statement placed at every operation position of a chain of 4 pending migrations x 3
 * operations, in each transaction mode. Afterwards the database (schema through introspection, the
 * version table and its log) must be exactly:
 *   all  — the state before the run;
 *   each — the state after the migrations before the failing one (built on a fresh database);
 *   none — that state plus the failing migration's statements before the failure, with the version
 *          table still at the last completed revision.
 */
import { createTestDatabase } from "../support/database";
import { differences } from "../support/models";
import {
  cloneDatabase,
  createReliabilityProject,
  databaseState,
  expectExit,
  expectSameState,
  formatSummary,
  report,
  versionRows,
  type DatabaseState,
  type MigrationSpec,
  type ReliabilityProject,
} from "./support";

const BASE = "fbase0000001";
const MIGRATIONS = 4;
const OPS = 3;
const id = (n: number) => `fchain${String(n).padStart(6, "0")}`;

/** Operation `op` (0-based) of migration `n` (1-based): every one changes the schema. */
const goodOp = (n: number, op: number): string =>
  [
    `await op.createTable("f_${n}", [op.column("id", "integer", { nullable: false }), op.column("v", "text")], { primaryKey: { name: "f_${n}_pkey", columns: ["id"] } });`,
    `await op.addColumn("f_${n}", op.column("extra_${n}", "integer", { default: ${n} }));`,
    `await op.createIndex("f_${n}", "f_${n}_v_idx", ["v"]);`,
  ][op]!;

/** Two ways to fail: an error raised by the statement itself, and an object that already exists. */
const FAILURES = {
  division: { line: 'await op.execute("SELECT 1/0");', operation: 'execute "SELECT 1/0"', postgres: "division by zero" },
  duplicate: {
    line: 'await op.createTable("base_table", [op.column("id", "integer")]);',
    operation: "createTable public.base_table",
    postgres: 'relation "base_table" already exists',
  },
} as const;

const baseMigration: MigrationSpec = {
  id: BASE,
  parent: null,
  upgrade: ['await op.execute("CREATE TABLE base_table (id integer PRIMARY KEY, label text NOT NULL)");'],
};

/** The chain with migration `failAt.n`'s operation `failAt.op` replaced; `truncate` drops it and what follows. */
const chain = (failAt: { n: number; op: number; kind: keyof typeof FAILURES } | null, truncate = false): MigrationSpec[] =>
  Array.from({ length: MIGRATIONS }, (_, index) => {
    const n = index + 1;
    const lines = Array.from({ length: OPS }, (_, op) =>
      failAt?.n === n && op === failAt.op ? FAILURES[failAt.kind].line : goodOp(n, op),
    );
    return { id: id(n), parent: n === 1 ? BASE : id(n - 1), upgrade: truncate && failAt?.n === n ? lines.slice(0, failAt.op) : lines };
  });

const projectWith = (migrations: readonly MigrationSpec[]): ReliabilityProject => {
  const project = createReliabilityProject();
  [baseMigration, ...migrations].forEach((spec) => project.writeMigration(spec));
  return project;
};

const positions = Array.from({ length: MIGRATIONS * OPS }, (_, index) => ({
  n: Math.floor(index / OPS) + 1,
  op: index % OPS,
  kind: index % 2 === 0 ? ("division" as const) : ("duplicate" as const),
}));

describe("a failure at each operation position", () => {
  /** A database at BASE with no open connection: the template of every run. */
  let template: { name: string; drop(): Promise<void> };
  let preRun: DatabaseState;
  const references = new Map<string, DatabaseState>();
  const failedRunMs: number[] = [];
  let checked = 0;

  beforeAll(async () => {
    const db = await createTestDatabase("autogen_rel_fail_tpl");
    const project = projectWith(chain(null));
    try {
      expectExit(await project.cli(["upgrade", BASE, "--url", db.url]), 0);
      preRun = await databaseState(db.client);
      await db.client.end();
      template = db;
    } finally {
      project.remove();
    }
  });

  afterAll(async () => {
    await template?.drop();
    report("failure-injection", {
      positions: positions.length,
      modes: 3,
      runs: failedRunMs.length,
      statesCompared: checked,
      failedRun: formatSummary("failed upgrade (exit 1) wall time", failedRunMs),
    });
  });

  /** The state a fresh database reaches by upgrading `project` to `target` (cached by `key`). */
  const reference = async (key: string, migrations: readonly MigrationSpec[], target: string): Promise<DatabaseState> => {
    const cached = references.get(key);
    if (cached) return cached;
    const db = await cloneDatabase(template.name, "autogen_rel_fail_ref");
    const project = projectWith(migrations);
    try {
      expectExit(await project.cli(["upgrade", target, "--url", db.url]), 0);
      const state = await databaseState(db.client);
      references.set(key, state);
      return state;
    } finally {
      project.remove();
      await db.drop();
    }
  };

  const runFailing = async (position: (typeof positions)[number], mode: "all" | "each" | "none") => {
    const db = await cloneDatabase(template.name, "autogen_rel_fail");
    const project = projectWith(chain(position));
    try {
      const started = performance.now();
      const result = expectExit(await project.cli(["upgrade", "--transaction", mode, "--url", db.url]), 1);
      failedRunMs.push(performance.now() - started);
      const failure = FAILURES[position.kind];
      expect(result.stderr).toContain(`autogen: Revision ${id(position.n)} upgrade failed at ${failure.operation}: ${failure.postgres}`);
      expect(result.stderr).not.toContain("internal error");
      return { state: await databaseState(db.client), stderr: result.stderr };
    } finally {
      project.remove();
      await db.drop();
    }
  };

  const label = (p: (typeof positions)[number]) => `migration ${p.n} of ${MIGRATIONS}, operation ${p.op + 1} of ${OPS} (${p.kind})`;

  it.each(positions.map((p) => [label(p), p] as const))("--transaction all, %s: the database is as before the run", async (_label, position) => {
    const { state, stderr } = await runFailing(position, "all");
    expect(stderr).toContain("Rolled back: the database and the version table are as they were before this run.");
    expectSameState(state, preRun);
    checked += 1;
  });

  it.each(positions.map((p) => [label(p), p] as const))(
    "--transaction each, %s: the database is exactly at the last good migration",
    async (_label, position) => {
      const { state, stderr } = await runFailing(position, "each");
      expect(stderr).toContain(`Rolled back revision ${id(position.n)}; the ${position.n - 1} migration(s) before it in this run stay applied and recorded.`);
      const lastGood = position.n === 1 ? BASE : id(position.n - 1);
      const expected = await reference(`each:${lastGood}`, chain(null), lastGood);
      // Not the pre-run state once a migration succeeded: "each" really kept something.
      expect(expected.versions).toEqual([lastGood]);
      expectSameState(state, expected);
      checked += 1;
    },
  );

  it.each(positions.map((p) => [label(p), p] as const))(
    "--transaction none, %s: the statements before the failure stay; the version table records the last completed revision",
    async (_label, position) => {
      const { state, stderr } = await runFailing(position, "none");
      expect(stderr).toContain(`Transaction mode "none": statements of revision ${id(position.n)} that ran before the failure stay applied`);
      const lastGood = position.n === 1 ? BASE : id(position.n - 1);
      // The schema: the good prefix plus the failing migration's operations before the failing one.
      const partial = await reference(`none:${position.n}:${position.op}`, chain(position, true), id(position.n));
      // The version table and its log: the good prefix only.
      const prefix = await reference(`each:${lastGood}`, chain(null), lastGood);
      // Once an operation ran before the failure, the partial schema really differs from the prefix.
      expect(differences(partial.schema, prefix.schema).length > 0).toBe(position.op > 0);
      expectSameState(state, { schema: partial.schema, versions: prefix.versions, log: prefix.log });
      checked += 1;
    },
  );
});

/**
 * Work that runs outside the run's transaction (`transactional = false`, `op.autocommitBlock`) commits
 * what came before it. A later failure must still leave the version table describing the schema, and
 * the message must not claim that everything was rolled back.
 */
describe("non-transactional work in a run that fails later", () => {
  const NT = (n: number) => `fnontx${String(n).padStart(6, "0")}`;
  const base: MigrationSpec = { ...baseMigration, id: NT(0) };
  const createF1: MigrationSpec = {
    id: NT(1),
    parent: NT(0),
    upgrade: ['await op.execute("CREATE TABLE nt_1 (id integer PRIMARY KEY, v text)");'],
  };
  const concurrentIndex: MigrationSpec = {
    id: NT(2),
    parent: NT(1),
    transactional: false,
    upgrade: ['await op.execute("CREATE INDEX CONCURRENTLY nt_1_v_idx ON nt_1 (v)");'],
  };
  const failing = (fixed: boolean): MigrationSpec => ({
    id: NT(3),
    parent: NT(2),
    upgrade: ['await op.execute("CREATE TABLE nt_3 (id integer)");', ...(fixed ? [] : ['await op.execute("SELECT 1/0");'])],
  });
  const projectOf = (specs: readonly MigrationSpec[]): ReliabilityProject => {
    const project = createReliabilityProject();
    specs.forEach((spec) => project.writeMigration(spec));
    return project;
  };

  /** The state `upgrade target` leaves on a fresh database. */
  const stateAt = async (specs: readonly MigrationSpec[], target: string): Promise<DatabaseState> => {
    const db = await createTestDatabase("autogen_rel_nt_ref");
    const project = projectOf(specs);
    try {
      expectExit(await project.cli(["upgrade", target, "--url", db.url]), 0);
      return await databaseState(db.client);
    } finally {
      project.remove();
      await db.drop();
    }
  };

  it.each(["all", "each"] as const)(
    "--transaction %s: a completed `transactional = false` migration stays recorded, and the next upgrade resumes after it",
    async (mode) => {
      const db = await createTestDatabase("autogen_rel_nt");
      const project = projectOf([base, createF1, concurrentIndex, failing(false)]);
      try {
        expectExit(await project.cli(["upgrade", NT(0), "--url", db.url]), 0);
        const result = expectExit(await project.cli(["upgrade", "--transaction", mode, "--url", db.url]), 1);
        expect(result.stderr).toContain(`Revision ${NT(3)} upgrade failed at execute "SELECT 1/0": division by zero`);
        // NT(1) and NT(2) were committed when NT(2) stepped out of the transaction: the database is at NT(2).
        expectSameState(await databaseState(db.client), await stateAt([base, createF1, concurrentIndex], NT(2)));
        expect(result.stderr).not.toContain("as they were before this run");

        project.writeMigration(failing(true));
        expectExit(await project.cli(["upgrade", "--transaction", mode, "--url", db.url]), 0);
        expect(await versionRows(db.client)).toEqual([NT(3)]);
      } finally {
        project.remove();
        await db.drop();
      }
    },
  );

  it("--transaction all: a failure after an autocommit block does not claim that the run was rolled back", async () => {
    const db = await createTestDatabase("autogen_rel_nt");
    const withBlock: MigrationSpec = {
      id: NT(2),
      parent: NT(1),
      upgrade: [
        'await op.execute("CREATE TABLE nt_2 (id integer)");',
        'await op.autocommitBlock(async () => { await op.execute("CREATE INDEX CONCURRENTLY nt_2_idx ON nt_2 (id)"); });',
        'await op.execute("SELECT 1/0");',
      ],
    };
    const project = projectOf([base, createF1, withBlock]);
    try {
      expectExit(await project.cli(["upgrade", NT(0), "--url", db.url]), 0);
      const result = expectExit(await project.cli(["upgrade", "--url", db.url]), 1);
      expect(result.stderr).toContain(`Revision ${NT(2)} upgrade failed at execute "SELECT 1/0": division by zero`);
      // What the block committed stays: NT(1) whole, and NT(2) up to the end of its autocommit block.
      expect(await versionRows(db.client)).toEqual([NT(1)]);
      const tables = (await databaseState(db.client)).schema.tables.map((table) => table.name).sort();
      expect(tables).toEqual(["base_table", "nt_1", "nt_2"]);
      // So the message must not say the database is as it was before the run.
      expect(result.stderr).not.toContain("as they were before this run");
    } finally {
      project.remove();
      await db.drop();
    }
  });
});
