/**
 * Renames without data loss: hinted, prompted (an injected answer, as the CLI's prompt gives), and
 * unhinted — where the drop and add are written with a REVIEW comment naming the rename to use, and
 * `--strict` refuses. No case loses data unless nobody said it was a rename.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { EntitySchemaOptions } from "typeorm";
import { checkCommand } from "../../src/commands/check";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { UnresolvedRenamesError } from "../../src/commands/rename-decisions";
import { revisionCommand } from "../../src/commands/revision";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { describeAll } from "../support/models";
import { createTestProject, type TestProject } from "../support/project";

type Schema = EntitySchemaOptions<unknown>;
const pk = { type: "int", primary: true, generated: "increment" } as const;
const people = (nameColumn: string, tableName = "people"): Schema[] => [
  { name: "Person", tableName, columns: { id: pk, [nameColumn]: { type: "varchar", length: 80 }, age: { type: "int", nullable: true } } },
  {
    name: "Pet",
    tableName: "pets",
    columns: { id: pk, ownerId: { type: "int", name: "owner_id" } },
    relations: { owner: { type: "many-to-one", target: "Person", joinColumn: { name: "owner_id" }, onDelete: "CASCADE" } },
  },
];

const setUp = async (): Promise<{ project: TestProject; db: TestDatabase; options: { cwd: string; configFile: string; url: string } }> => {
  const project = createTestProject();
  const db = await createTestDatabase();
  const options = { cwd: project.dir, configFile: project.useEntitySchemas(people("name")), url: db.url };
  await revisionCommand({ ...options, message: "v1", revisionId: "00000000c001" });
  await upgradeCommand({ ...options, target: "head" });
  await db.client.query(`INSERT INTO people (name, age) VALUES ('Ada', 36); INSERT INTO pets (owner_id) VALUES (1)`);
  return { project, db, options };
};

/** A project at v1 with rows in it, removed with its database afterwards whatever the test does. */
const withV1 = async (run: (context: Awaited<ReturnType<typeof setUp>>) => Promise<void>): Promise<void> => {
  const context = await setUp();
  try {
    await run(context);
  } finally {
    await context.db.drop();
    context.project.remove();
  }
};

const data = async (db: TestDatabase, table: string, column: string) =>
  (await db.client.query(`SELECT "${column}" AS value FROM "${table}" ORDER BY id`)).rows.map((row) => row.value);

describe("renames", () => {
  it("renames a hinted column, keeps its data, and renames it back on downgrade", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      const result = await revisionCommand({ ...v2, message: "rename", revisionId: "00000000c002", renames: { hints: ["people.name=fullName"] } });
      expect(result.kind === "written" && describeAll(result.ops)).toEqual(["renameColumn public.people.name -> fullName"]);
      await upgradeCommand({ ...v2, target: "head" });
      expect(await data(db, "people", "fullName")).toEqual(["Ada"]);
      expect((await checkCommand(v2)).ops).toEqual([]);
      await downgradeCommand({ ...v2, target: "-1" });
      expect(await data(db, "people", "name")).toEqual(["Ada"]);
    });
  });

  it("renames a hinted table; keys named after it are rebuilt, rows and references kept", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("name", "persons")) };
      const result = await revisionCommand({ ...v2, message: "rename table", revisionId: "00000000c002", renames: { hints: ["people=persons"] } });
      const ops = result.kind === "written" ? describeAll(result.ops) : [];
      expect(ops[0]).toBe("renameTable public.people -> persons");
      expect(ops.filter((op) => op.startsWith("dropTable") || op.startsWith("createTable"))).toEqual([]);
      await upgradeCommand({ ...v2, target: "head" });
      expect(await data(db, "persons", "name")).toEqual(["Ada"]);
      expect(await data(db, "pets", "owner_id")).toEqual([1]);
      expect((await checkCommand(v2)).ops).toEqual([]);
      await downgradeCommand({ ...v2, target: "-1" });
      expect(await data(db, "people", "name")).toEqual(["Ada"]);
    });
  });

  it("refuses a hint whose new name the entities do not declare, or whose old name they still do", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      // Backwards: would rename, then drop and recreate, losing the data.
      await expect(revisionCommand({ ...v2, message: "x", revisionId: "00000000c002", renames: { hints: ["people.name=nickname"] } })).rejects.toThrow(
        'the entities declare no column "nickname" on public.people',
      );
      await expect(revisionCommand({ ...v2, message: "x", revisionId: "00000000c002", renames: { hints: ["people.age=fullName"] } })).rejects.toThrow(
        'the entities still declare "age" on public.people',
      );
    });
  });

  it("asks about a candidate and renames when the answer is yes", async () => {
    await withV1(async ({ project, db, options }) => {
      const asked: string[] = [];
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      const result = await revisionCommand({
        ...v2,
        message: "prompted",
        revisionId: "00000000c002",
        renames: { confirm: async (candidate) => (asked.push(JSON.stringify(candidate.rename)), true) },
      });
      expect(asked).toEqual([JSON.stringify({ kind: "column", table: { schema: "public", name: "people" }, from: "name", to: "fullName" })]);
      expect(result.kind === "written" && describeAll(result.ops)).toEqual(["renameColumn public.people.name -> fullName"]);
    });
  });

  it("without a decision writes drop + add marked with the rename to use, and --strict refuses", async () => {
    await withV1(async ({ project, db, options }) => {
      const v2 = { ...options, configFile: project.useEntitySchemas(people("fullName")) };
      await expect(revisionCommand({ ...v2, message: "strict", revisionId: "00000000c002", renames: { strict: true } })).rejects.toThrow(UnresolvedRenamesError);
      const result = await revisionCommand({ ...v2, message: "unhinted", revisionId: "00000000c003" });
      expect(result.kind === "written" && describeAll(result.ops)).toEqual(["addColumn public.people.fullName", "dropColumn public.people.name"]);
      const file = readFileSync(result.kind === "written" ? result.file : "", "utf8");
      expect(file).toContain(
        `// REVIEW (possible rename): this may be a rename to "fullName"; if so, replace this drop and the add of "fullName" with: await op.renameColumn("people", "name", "fullName");`,
      );
    });
  });

  it("takes renames from the config, and skips entries that already ran", async () => {
    await withV1(async ({ project, db, options }) => {
      const configFile = project.useEntitySchemas(people("fullName"));
      const config = require(configFile) as Record<string, unknown>;
      writeFileSync(configFile, `module.exports = ${JSON.stringify({ ...config, renames: { "people.name": "fullName", "gone.thing": "other" } })};\n`);
      jest.resetModules();
      const v2 = { ...options, configFile };
      const result = await revisionCommand({ ...v2, message: "from config", revisionId: "00000000c002" });
      expect(result.kind === "written" && describeAll(result.ops)).toEqual(["renameColumn public.people.name -> fullName"]);
    });
  });
});
