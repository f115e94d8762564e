/**
 * The rename prompt as a person meets it: the built CLI under a real pseudo-terminal (util-linux
 * `script`), with answers typed on its stdin. `revision` asks once per candidate — a column, a table
 * and an enum value here — and the answers decide between the rename ops, which keep the data, and
 * drop + add marked for review.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { CLI, createProject, expectExit, type Project } from "./support";

/** util-linux `script` on PATH, or why the tests below cannot run. */
const findScript = (): { path: string } | { missing: string } => {
  const probe = spawnSync("script", ["--version"], { encoding: "utf8" });
  if (probe.error) return { missing: `\`script\` is not on PATH (${probe.error.message})` };
  if (!/util-linux/.test(`${probe.stdout}${probe.stderr}`)) return { missing: "`script` on PATH is not the util-linux one (-q -e -f -c are needed)" };
  return { path: "script" };
};
const script = findScript();
const describeAtTerminal = "path" in script ? describe : describe.skip;
if ("missing" in script) {
  // Printed so that a skipped run says why; the tests need a pseudo-terminal and nothing else gives one.
  console.warn(`Skipping the rename prompt tests: ${script.missing}. Install util-linux to run them.`);
}

const QUESTION = "a rename (keeping the data)? [y/N]";

const dataSource = (version: "v1" | "v2"): string => {
  const v2 = version === "v2";
  const pk = { type: "int", primary: true, generated: "increment" };
  const schemas = [
    {
      name: "Person",
      tableName: "people",
      columns: {
        id: pk,
        [v2 ? "full_name" : "name"]: { type: "varchar", length: 80 },
        status: { type: "enum", enumName: "person_status", enum: ["active", v2 ? "waiting" : "pending", "gone"], default: "active" },
      },
    },
    {
      name: "Pet",
      tableName: v2 ? "animals" : "pets",
      columns: { id: pk, ownerId: { type: "int", name: "owner_id" } },
      relations: { owner: { type: "many-to-one", target: "Person", joinColumn: { name: "owner_id" }, onDelete: "CASCADE" } },
    },
  ];
  return [
    `const { DataSource, EntitySchema } = require("typeorm");`,
    `const schemas = ${JSON.stringify(schemas, null, 2)};`,
    `module.exports = new DataSource({ type: "postgres", entities: schemas.map((schema) => new EntitySchema(schema)) });`,
    "",
  ].join("\n");
};

const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
const withoutEscapes = (text: string): string => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");

interface TerminalRun {
  readonly code: number | null;
  readonly output: string;
  readonly questions: number;
}

/**
 * Runs the CLI inside `script`, so that its stdin and stdout are a terminal. `answers` are typed as
 * a person types them: each once its question is on screen, or all at once before the first one.
 */
const runAtTerminal = (project: Project, args: readonly string[], db: TestDatabase, answers: readonly string[], typeAhead: boolean): Promise<TerminalRun> =>
  new Promise((resolve, reject) => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the e2e tests.`);
    const command = [process.execPath, CLI, ...args].map(shellQuote).join(" ");
    const child = spawn("script", ["-qefc", command, "/dev/null"], { cwd: project.dir, env: { ...process.env, DATABASE_URL: db.url } });
    let output = "";
    let answered = 0;
    const questions = () => withoutEscapes(output).split(QUESTION).length - 1;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the CLI at a terminal did not finish; it printed:\n${withoutEscapes(output)}`));
    }, 45_000);
    if (typeAhead) {
      child.stdin.write(answers.map((answer) => `${answer}\n`).join(""));
      answered = answers.length;
    }
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      while (answered < answers.length && questions() > answered) child.stdin.write(`${answers[answered++]}\n`);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, output: withoutEscapes(output), questions: questions() });
    });
  });

describeAtTerminal("revision asks about renames at a terminal", () => {
  let db: TestDatabase;
  let project: Project;

  beforeEach(async () => {
    db = await createTestDatabase("autogen_e2e");
    project = createProject();
    project.write("data-source.js", dataSource("v1"));
    project.write("autogen.config.js", `module.exports = { dataSource: "data-source.js", migrations: "migrations" };\n`);
    expectExit(await project.cli(["revision", "-m", "v1", "--rev-id", "0000000000b1"], { databaseUrl: db.url }), 0);
    expectExit(await project.cli(["upgrade", "head"], { databaseUrl: db.url }), 0);
    await db.client.query(`INSERT INTO people (name, status) VALUES ('Ada', 'pending'); INSERT INTO pets (owner_id) VALUES (1)`);
    project.write("data-source.js", dataSource("v2"));
  });

  afterEach(async () => {
    await db.drop();
    project.remove();
  });

  const migration = (id: string): string => readFileSync(path.join(project.dir, "migrations", project.migrations().find((file) => file.startsWith(id))!), "utf8");

  it("renames the column, the table and the enum value answered yes, and the upgrade keeps their data", async () => {
    const run = await runAtTerminal(project, ["revision", "-m", "renames", "--rev-id", "0000000000b2"], db, ["y", "yes", "Y"], false);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`Is column public.people.name -> full_name ${QUESTION}`);
    expect(run.output).toContain(`Is table public.pets -> animals ${QUESTION}`);
    expect(run.output).toContain(`Is enum value public.person_status 'pending' -> 'waiting' ${QUESTION}`);
    expect(run.questions).toBe(3);

    const file = migration("0000000000b2");
    expect(file).toContain(`await op.renameColumn("people", "name", "full_name");`);
    expect(file).toContain(`await op.renameTable("pets", "animals");`);
    expect(file).toContain(`await op.renameEnumValue("person_status", "pending", "waiting");`);
    expect(file).not.toMatch(/^\s*await op\.(dropColumn|dropTable|replaceEnum)\(/m);

    expectExit(await project.cli(["upgrade", "head"], { databaseUrl: db.url }), 0);
    expect((await db.client.query(`SELECT full_name, status::text AS status FROM people`)).rows).toEqual([{ full_name: "Ada", status: "waiting" }]);
    expect((await db.client.query(`SELECT owner_id FROM animals`)).rows).toEqual([{ owner_id: 1 }]);
    expectExit(await project.cli(["check"], { databaseUrl: db.url }), 0);
  });

  it("answered no (typed before the questions appear) is a decision: drop + add with no possible-rename mark, --strict passes, the new column gets its backfill", async () => {
    const run = await runAtTerminal(project, ["revision", "-m", "no renames", "--rev-id", "0000000000b2", "--strict"], db, ["n", "n", "no"], true);
    expect(run.code).toBe(0);
    expect(run.questions).toBe(3);

    const file = migration("0000000000b2");
    expect(file).toMatch(/^\s*await op\.dropColumn\("people", "name"\);/m);
    expect(file).toMatch(/^\s*await op\.dropTable\("pets"\);/m);
    expect(file).not.toContain("possible rename");
    expect(file).not.toMatch(/^\s*await op\.rename(Column|Table|EnumValue)\(/m);
    // No longer a rename candidate, the new NOT NULL column of a table with rows gets the backfill form.
    expect(file).toContain(`await op.addColumn("people", op.column("full_name", "character varying(80)", { nullable: true }));`);
    expect(file).toMatch(/UPDATE "public"\."people" SET "full_name" = \/\* .* \*\/ WHERE "full_name" IS NULL/);
    // Nothing was applied: the rows are as they were.
    expect((await db.client.query(`SELECT name, status::text AS status FROM people`)).rows).toEqual([{ name: "Ada", status: "pending" }]);
  });
});
