/**
 * Edited applied migrations. Each applied step records a checksum of the SQL it ran (with the `-x`
 * arguments it ran with), so changing what a migration does is reported by upgrade, current and check
 * (exit 1, naming the revision and the file), while reformatting it is not. `--allow-edited` goes on
 * regardless; `repair` records the new checksum, after which nothing is reported.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/database";
import {
  createReliabilityProject,
  databaseState,
  expectExit,
  expectSameState,
  logRows,
  versionRows,
  type CliResult,
  type MigrationSpec,
  type ReliabilityProject,
} from "./support";

const NOTES = {
  name: "note",
  tableName: "notes",
  columns: { id: { type: "integer", primary: true }, body: { type: "text", nullable: true } },
};

/** The model after SEED, which adds the index. */
const NOTES_INDEXED = { ...NOTES, indices: [{ name: "notes_body_idx", columns: ["body"] }] };

const INIT = "t00000000001";
const SEED = "t00000000002";
const ARGS = "t00000000003";
const LATER = "t00000000004";

/** The seed migration as first written and applied. */
const SEED_SOURCE = `/**
 * seed the first note
 */
import type { Operations } from "typeorm-autogen";

export const revision = "${SEED}";
export const downRevision = "${INIT}";

const greeting = "hello";

export async function upgrade(op: Operations): Promise<void> {
  await op.execute(\`INSERT INTO notes (id, body) VALUES (1, '\${greeting}')\`);
  await op.createIndex("notes", "notes_body_idx", ["body"]);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex("notes", "notes_body_idx");
  await op.execute("DELETE FROM notes WHERE id = 1");
}
`;

/** A migration whose work depends on `-x seed=...`; applied with `-x seed=yes`. */
const argsSource = (yes: string, no: string): string => `/**
 * optional demo data
 */
import type { Operations } from "typeorm-autogen";

export const revision = "${ARGS}";
export const downRevision = "${SEED}";

export async function upgrade(op: Operations): Promise<void> {
  if (op.args.seed === "yes") await op.execute("${yes}");
  else await op.execute("${no}");
}

export async function downgrade(op: Operations): Promise<void> {}
`;
const ARGS_YES = "INSERT INTO notes (id, body) VALUES (2, 'seeded')";
const ARGS_NO = "SELECT 1";

/** Same SQL, different text: none of these may be reported. */
const REFORMATS: readonly (readonly [string, (source: string) => string])[] = [
  ["whitespace and line breaks", (s) => s.replace("  await op.createIndex(\"notes\", \"notes_body_idx\", [\"body\"]);", '\n\n    await op.createIndex(\n      "notes",\n      "notes_body_idx",\n      ["body"],\n    );\n')],
  ["comments", (s) => s.replace("export async function upgrade", "// Seeds the first note.\n/* reviewed by the data team */\nexport async function upgrade").replace("await op.createIndex", "// searched by body\n  await op.createIndex")],
  ["quote style", (s) => s.replace('await op.createIndex("notes", "notes_body_idx", ["body"]);', "await op.createIndex('notes', `notes_body_idx`, ['body']);")],
  ["a renamed local variable", (s) => s.replace('const greeting = "hello";', 'const salutation = "hello";').replace("${greeting}", "${salutation}")],
  ["the SQL built another way", (s) => s.replace("`INSERT INTO notes (id, body) VALUES (1, '${greeting}')`", "\"INSERT INTO notes (id, body) VALUES (1, '\" + greeting + \"')\"")],
  ["a changed downgrade", (s) => s.replace('await op.execute("DELETE FROM notes WHERE id = 1");', 'await op.execute("DELETE FROM notes WHERE id IN (1)");')],
];

/** Different SQL: every one must be reported. */
const EDITS: readonly (readonly [string, (source: string) => string])[] = [
  ["a changed value", (s) => s.replace('const greeting = "hello";', 'const greeting = "hullo";')],
  ["a changed statement", (s) => s.replace("INSERT INTO notes (id, body) VALUES (1,", "INSERT INTO notes (body, id) VALUES (1,")],
  ["an added operation", (s) => s.replace('["body"]);\n}', '["body"]);\n  await op.execute("UPDATE notes SET body = upper(body)");\n}')],
  ["a removed operation", (s) => s.replace('  await op.createIndex("notes", "notes_body_idx", ["body"]);\n', "")],
  ["a changed operation argument", (s) => s.replace('await op.createIndex("notes", "notes_body_idx", ["body"]);', 'await op.createIndex("notes", "notes_body_idx", ["body"], { unique: true });')],
];

const mustApply = (source: string, variant: (source: string) => string): string => {
  const changed = variant(source);
  if (changed === source) throw new Error("the variant did not change the file: its marker is stale");
  return changed;
};

describe("edited applied migrations", () => {
  let db: TestDatabase;
  let project: ReliabilityProject;
  const seedFile = () => project.file(path.join("migrations", `${SEED}.ts`));
  const url = () => ["--url", db.url];

  beforeAll(async () => {
    db = await createTestDatabase("autogen_rel_tamper");
    project = createReliabilityProject([NOTES]);
    expectExit(await project.cli(["revision", "-m", "init", "--rev-id", INIT, ...url()]), 0);
    project.useEntities([NOTES_INDEXED]);
    project.write(path.join("migrations", `${SEED}.ts`), SEED_SOURCE);
    project.write(path.join("migrations", `${ARGS}.ts`), argsSource(ARGS_YES, ARGS_NO));
    expectExit(await project.cli(["upgrade", "-x", "seed=yes", ...url()]), 0);
    expect((await db.client.query("SELECT id, body FROM notes ORDER BY id")).rows).toEqual([
      { id: 1, body: "hello" },
      { id: 2, body: "seeded" },
    ]);
  }, 120_000);

  afterAll(async () => {
    project?.remove();
    await db?.drop();
  });

  afterEach(() => {
    project.write(path.join("migrations", `${SEED}.ts`), SEED_SOURCE);
    project.write(path.join("migrations", `${ARGS}.ts`), argsSource(ARGS_YES, ARGS_NO));
  });

  /** current, check and upgrade all agree that nothing was edited. */
  const expectNothingReported = async (): Promise<void> => {
    const current = expectExit(await project.cli(["current", ...url()]), 0);
    expect(current.stdout).toBe(`${ARGS} (head) optional demo data\n`);
    expect(expectExit(await project.cli(["check", ...url()]), 0).stdout).toBe("No changes: the database matches the entities.\n");
    expect(expectExit(await project.cli(["upgrade", ...url()]), 0).stdout).toBe(`Nothing to upgrade; at ${ARGS}.\n`);
  };

  const expectEditedError = (result: CliResult, revision: string, file: string): void => {
    expectExit(result, 1);
    expect(result.stderr).toContain(`autogen: 1 applied migration(s) changed since they were applied: ${revision} (${file}).`);
    expect(result.stderr).toContain("run `autogen repair`");
    expect(result.stderr).toContain("--allow-edited");
  };

  /** upgrade, current and check each report the edit, with exit 1, and change nothing. */
  const expectReported = async (revision: string, file: string): Promise<void> => {
    const before = await databaseState(db.client);
    expectEditedError(await project.cli(["upgrade", ...url()]), revision, file);
    const current = expectExit(await project.cli(["current", ...url()]), 1);
    expect(current.stdout).toContain(`Edited since applied: ${revision} (${file}); run \`autogen repair\` if that was deliberate.`);
    expectEditedError(await project.cli(["check", ...url()]), revision, file);
    expectSameState(await databaseState(db.client), before);
  };

  it("nothing is reported right after upgrade, although the arguments are not given again", () => expectNothingReported());

  it.each(REFORMATS)("reformatting (%s) is not reported", async (_label, variant) => {
    project.write(path.join("migrations", `${SEED}.ts`), mustApply(SEED_SOURCE, variant));
    await expectNothingReported();
  });

  it.each(EDITS)("an edit (%s) is reported by upgrade, current and check, naming the revision and the file", async (_label, variant) => {
    project.write(path.join("migrations", `${SEED}.ts`), mustApply(SEED_SOURCE, variant));
    await expectReported(SEED, seedFile());
  });

  it("a migration that depends on -x args is verified with the args it ran with", async () => {
    const file = project.file(path.join("migrations", `${ARGS}.ts`));
    // The branch that did not run may change freely...
    project.write(path.join("migrations", `${ARGS}.ts`), argsSource(ARGS_YES, "SELECT 2"));
    await expectNothingReported();
    // ...the branch that ran (seed=yes, as recorded) may not.
    project.write(path.join("migrations", `${ARGS}.ts`), argsSource("INSERT INTO notes (id, body) VALUES (2, 'other')", ARGS_NO));
    await expectReported(ARGS, file);
    const recorded = await db.client.query("SELECT args FROM autogen_version_log WHERE revision = $1", [ARGS]);
    expect(recorded.rows).toEqual([{ args: { seed: "yes" } }]);
  });

  it("--allow-edited proceeds: upgrade applies what is pending, current and check exit 0", async () => {
    project.write(path.join("migrations", `${SEED}.ts`), mustApply(SEED_SOURCE, EDITS[0]![1]));
    const later: MigrationSpec = { id: LATER, parent: ARGS, upgrade: ['await op.execute("UPDATE notes SET body = body")'] };
    project.writeMigration(later);
    try {
      const upgrade = expectExit(await project.cli(["upgrade", "--allow-edited", ...url()]), 0);
      expect(upgrade.stdout).toContain(`Upgraded ${LATER}`);
      expect(await versionRows(db.client)).toEqual([LATER]);
      const current = expectExit(await project.cli(["current", "--allow-edited", ...url()]), 0);
      expect(current.stdout).toContain(`Edited since applied: ${SEED}`);
      expectExit(await project.cli(["check", "--allow-edited", ...url()]), 0);
    } finally {
      // Back to where the other tests expect the database.
      expectExit(await project.cli(["downgrade", ARGS, "--allow-edited", ...url()]), 0);
      expect(await versionRows(db.client)).toEqual([ARGS]);
      rmSync(project.file(path.join("migrations", `${LATER}.ts`)));
    }
  });

  it("repair records the new checksum; then nothing is reported, and a second repair has nothing to do", async () => {
    const edited = mustApply(SEED_SOURCE, EDITS[4]![1]);
    project.write(path.join("migrations", `${SEED}.ts`), edited);
    await expectReported(SEED, seedFile());
    const before = await logRows(db.client);
    const repair = expectExit(await project.cli(["repair", ...url()]), 0);
    expect(repair.stdout).toBe(`Recorded the new checksum of ${SEED} (${seedFile()}).\n`);
    const after = await logRows(db.client);
    // Only the edited revision's latest upgrade row changed.
    expect(after.filter((row, index) => row.checksum !== before[index]!.checksum).map((row) => row.revision)).toEqual([SEED]);

    // From now on the edited file is the reference.
    const current = expectExit(await project.cli(["current", ...url()]), 0);
    expect(current.stdout).toBe(`${ARGS} (head) optional demo data\n`);
    expectExit(await project.cli(["check", ...url()]), 0);
    expect(expectExit(await project.cli(["upgrade", ...url()]), 0).stdout).toBe(`Nothing to upgrade; at ${ARGS}.\n`);
    expect(expectExit(await project.cli(["repair", ...url()]), 0).stdout).toBe(
      "Nothing to repair: every applied migration matches its recorded checksum.\n",
    );
    // And the original text is now the edit.
    project.write(path.join("migrations", `${SEED}.ts`), SEED_SOURCE);
    await expectReported(SEED, seedFile());
    expectExit(await project.cli(["repair", ...url()]), 0);
    await expectNothingReported();
  });
});
