/**
 * Leftovers of interrupted non-transactional work: a `CREATE UNIQUE INDEX CONCURRENTLY` that fails on
 * duplicates leaves an INVALID index behind. Introspection sees an index of the right name and shape,
 * so the entities and the database "agree"; `check` must still exit 1 and say how to fix it.
 *
 * The migration uses `IF NOT EXISTS`, a common idiom for re-runnable index builds, which is exactly
 * what turns the leftover into a silent problem: the re-run skips the INVALID index and succeeds.
 */
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createReliabilityProject, expectExit, shown, versionRows, type ReliabilityProject } from "./support";

const NOTES = {
  name: "note",
  tableName: "notes",
  columns: { id: { type: "integer", primary: true }, code: { type: "text", nullable: true } },
};
const NOTES_INDEXED = { ...NOTES, indices: [{ name: "IDX_notes_code", columns: ["code"], unique: true }] };
const INIT = "lo0000000001";
const INDEX = "lo0000000002";
const QUALIFIED = '"public"."IDX_notes_code"';

const LEFT_BEHIND = `Left behind: index ${QUALIFIED} on "public"."notes" is INVALID: a concurrent build of it was interrupted.`;
const TO_FIX =
  `  To fix: finish it with REINDEX INDEX CONCURRENTLY ${QUALIFIED}, or undo it with DROP INDEX CONCURRENTLY ${QUALIFIED} ` +
  'and run the migration that builds "IDX_notes_code" again.';

const isValid = async (db: TestDatabase): Promise<boolean | null> =>
  (
    await db.client.query<{ valid: boolean }>(
      "SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'IDX_notes_code'",
    )
  ).rows[0]?.valid ?? null;

describe("an INVALID index left by an interrupted CREATE INDEX CONCURRENTLY", () => {
  let db: TestDatabase;
  let project: ReliabilityProject;
  let failedStderr = "";
  const url = () => ["--url", db.url];

  /** A database at INIT with duplicate codes, and a pending migration that builds the unique index. */
  beforeEach(async () => {
    db = await createTestDatabase("autogen_rel_leftover");
    project = createReliabilityProject([NOTES]);
    expectExit(await project.cli(["revision", "-m", "init", "--rev-id", INIT, ...url()]), 0);
    expectExit(await project.cli(["upgrade", ...url()]), 0);
    await db.client.query("INSERT INTO notes (id, code) VALUES (1, 'dup'), (2, 'dup'), (3, 'unique')");
    project.useEntities([NOTES_INDEXED]);
    project.writeMigration({
      id: INDEX,
      parent: INIT,
      transactional: false,
      upgrade: ['await op.execute(\'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "IDX_notes_code" ON notes (code)\');'],
      downgrade: ['await op.execute(\'DROP INDEX CONCURRENTLY IF EXISTS "IDX_notes_code"\');'],
    });
    const failed = expectExit(await project.cli(["upgrade", ...url()]), 1);
    expect(failed.stderr).toContain(`Revision ${INDEX} upgrade failed at execute`);
    expect(failed.stderr).toContain('could not create unique index "IDX_notes_code"');
    failedStderr = failed.stderr;
    expect(await isValid(db)).toBe(false);
    expect(await versionRows(db.client)).toEqual([INIT]);
  }, 60_000);

  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  /** The duplicates are cleaned up and the migration re-run: IF NOT EXISTS skips the INVALID index. */
  const rerunAfterCleanup = async (): Promise<void> => {
    await db.client.query("DELETE FROM notes WHERE id = 2");
    expectExit(await project.cli(["upgrade", ...url()]), 0);
    expect(await versionRows(db.client)).toEqual([INDEX]);
    expect(await isValid(db)).toBe(false);
  };

  it("check exits 1 and prints the remedy; REINDEX as advised makes check pass", async () => {
    await rerunAfterCleanup();
    const check = expectExit(await project.cli(["check", ...url()]), 1);
    expect(check.stdout).toBe(["No changes: the database matches the entities.", LEFT_BEHIND, TO_FIX, ""].join("\n"));

    const json = expectExit(await project.cli(["check", "--json", ...url()]), 1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      upToDate: false,
      ops: [],
      leftovers: [{ object: `index ${QUALIFIED} on "public"."notes"`, problem: "is INVALID: a concurrent build of it was interrupted" }],
    });

    await db.client.query(`REINDEX INDEX CONCURRENTLY ${QUALIFIED}`);
    expect(await isValid(db)).toBe(true);
    const clean = await project.cli(["check", ...url()]);
    if (clean.code !== 0) throw new Error(shown(clean));
    expect(clean.stdout).toBe("No changes: the database matches the entities.\n");
  });

  it("DROP INDEX CONCURRENTLY as advised removes the leftover, and check then asks for the index", async () => {
    await rerunAfterCleanup();
    await db.client.query(`DROP INDEX CONCURRENTLY ${QUALIFIED}`);
    const check = expectExit(await project.cli(["check", ...url()]), 1);
    expect(check.stdout).not.toContain("Left behind");
    expect(check.stdout).toContain('createIndex public.notes IDX_notes_code');
  });

  it("the failed upgrade does not claim that the database is as it was: the INVALID index stays", () => {
    expect(failedStderr).not.toContain("Rolled back: the database and the version table are as they were before this run.");
  });

  it("check reports the leftover right after the failed upgrade, while the database is still behind", async () => {
    // This is when the leftover exists in practice: the migration that built it did not complete.
    const check = await project.cli(["check", ...url()]);
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toContain(LEFT_BEHIND);
    expect(check.stdout + check.stderr).toContain(TO_FIX);
  });
});

/**
 * The NOT VALID + VALIDATE safe form commits the constraint before validating it, so a VALIDATE that
 * fails on a violating row leaves a NOT VALID check behind: enforced for new rows, never proven for
 * old ones. Introspection sees the check, so the entities and the database "agree"; check must say so.
 */
describe("a NOT VALID constraint left by an interrupted NOT VALID + VALIDATE", () => {
  const CHECKED = { ...NOTES, checks: [{ name: "CHK_notes_code", expression: `"code" <> 'dup'` }] };
  const CHECK = "lo0000000003";
  let db: TestDatabase;
  let project: ReliabilityProject;
  const url = () => ["--url", db.url];
  const LEFT = `Left behind: check "CHK_notes_code" on "public"."notes" is NOT VALID: the validation that should have followed it did not run or did not finish.`;
  const FIX =
    `  To fix: finish it with ALTER TABLE "public"."notes" VALIDATE CONSTRAINT "CHK_notes_code" (after fixing the rows it reports), ` +
    `or undo it with ALTER TABLE "public"."notes" DROP CONSTRAINT "CHK_notes_code" and run the migration that adds it again.`;

  beforeEach(async () => {
    db = await createTestDatabase("autogen_rel_notvalid");
    project = createReliabilityProject([NOTES]);
    expectExit(await project.cli(["revision", "-m", "init", "--rev-id", INIT, ...url()]), 0);
    expectExit(await project.cli(["upgrade", ...url()]), 0);
    await db.client.query("INSERT INTO notes (id, code) VALUES (1, 'dup'), (2, 'ok')");
    project.useEntities([CHECKED]);
    project.writeMigration({
      id: CHECK,
      parent: INIT,
      upgrade: [
        `await op.createCheckConstraint("notes", "CHK_notes_code", op.sql(\`"code" <> 'dup'\`), { notValid: true });`,
        'await op.autocommitBlock(async () => { await op.validateConstraint("notes", "CHK_notes_code"); });',
      ],
      downgrade: ['await op.dropCheckConstraint("notes", "CHK_notes_code");'],
    });
    const failed = expectExit(await project.cli(["upgrade", ...url()]), 1);
    expect(failed.stderr).toContain('check constraint "CHK_notes_code" of relation "notes" is violated by some row');
    expect(await versionRows(db.client)).toEqual([INIT]);
  }, 60_000);

  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("check reports it with the remedy while the database is behind; the remedy and a stamp make check pass", async () => {
    const behind = expectExit(await project.cli(["check", ...url()]), 1);
    expect(behind.stdout + behind.stderr).toContain(`${LEFT}\n${FIX}`);

    await db.client.query("UPDATE notes SET code = 'fixed' WHERE code = 'dup'");
    await db.client.query(`ALTER TABLE "public"."notes" VALIDATE CONSTRAINT "CHK_notes_code"`);
    expectExit(await project.cli(["stamp", CHECK, ...url()]), 0);
    const clean = await project.cli(["check", ...url()]);
    if (clean.code !== 0) throw new Error(shown(clean));
    expect(clean.stdout).toBe("No changes: the database matches the entities.\n");
  });

  it("at head (stamped without validating), check exits 1 and lists it in --json", async () => {
    expectExit(await project.cli(["stamp", CHECK, ...url()]), 0);
    const check = expectExit(await project.cli(["check", ...url()]), 1);
    expect(check.stdout).toBe(["No changes: the database matches the entities.", LEFT, FIX, ""].join("\n"));
    const json = expectExit(await project.cli(["check", "--json", ...url()]), 1);
    expect(JSON.parse(json.stdout)).toMatchObject({ upToDate: false, ops: [], leftovers: [{ object: `check "CHK_notes_code" on "public"."notes"` }] });
  });
});
