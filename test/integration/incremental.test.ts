/**
 * v1 entities -> v2 entities, one kind of change per case: the generated operations are asserted,
 * the upgrade keeps the data, `check` afterwards finds nothing, and `downgrade -1` restores v1 exactly.
 */
import type { EntitySchemaColumnOptions, EntitySchemaOptions } from "typeorm";
import { checkCommand } from "../../src/commands/check";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { describeAll, differences, readSchema } from "../support/models";
import { createTestProject } from "../support/project";

type Columns = EntitySchemaOptions<unknown>["columns"];
type Schema = EntitySchemaOptions<unknown>;

const pk = { type: "int", primary: true, generated: "increment" } as const;
const item = (columns: Columns, extra: Partial<Schema> = {}): Schema => ({
  name: "Item",
  tableName: "items",
  columns: { id: pk, ...columns },
  ...extra,
});
const owner: Schema = { name: "Owner", tableName: "owners", columns: { id: pk, name: { type: "varchar" } } };
const withOwner = (onDelete: string, extra: Columns = {}): Schema[] => [
  owner,
  item(extra, {
    relations: { owner: { type: "many-to-one", target: "Owner", joinColumn: { name: "owner_id" }, onDelete: onDelete as never } },
  }),
];

interface Case {
  readonly name: string;
  readonly v1: Schema[];
  readonly v2: Schema[];
  readonly ops: string[];
  /** The operations when the server is PostgreSQL 17 or later, where they differ. */
  readonly opsFrom17?: string[];
  /** SQL run on v1 before upgrading, to prove the upgrade keeps data. */
  readonly seed?: string;
  /** A query whose result must be the same before and after the upgrade. */
  readonly keeps?: string;
  /** A statement run after the upgrade, and the rows it must return. */
  readonly then?: { readonly query: string; readonly rows: readonly Record<string, unknown>[] };
  readonly irreversible?: boolean;
}

const cases: Case[] = [
  {
    name: "add a nullable column",
    v1: [item({ name: { type: "varchar" } })],
    v2: [item({ name: { type: "varchar" }, note: { type: "text", nullable: true } })],
    ops: ["addColumn public.items.note"],
  },
  {
    name: "drop a column",
    v1: [item({ name: { type: "varchar" }, legacy: { type: "int", nullable: true } })],
    v2: [item({ name: { type: "varchar" } })],
    ops: ["dropColumn public.items.legacy"],
  },
  {
    name: "widen a varchar, keeping the data",
    v1: [item({ name: { type: "varchar", length: 20 } })],
    v2: [item({ name: { type: "varchar", length: 120 } })],
    ops: ["alterColumn public.items.name (type)"],
    seed: `INSERT INTO items (name) VALUES ('kept')`,
    keeps: "SELECT name FROM items",
  },
  {
    name: "integer to bigint with ALTER ... TYPE ... USING, keeping the data",
    v1: [item({ amount: { type: "int" } })],
    v2: [item({ amount: { type: "bigint" } })],
    ops: ["alterColumn public.items.amount (type)"],
    seed: "INSERT INTO items (amount) VALUES (42)",
    keeps: "SELECT amount::text FROM items",
  },
  {
    name: "numeric precision and scale",
    v1: [item({ price: { type: "numeric", precision: 8, scale: 2 } })],
    v2: [item({ price: { type: "numeric", precision: 12, scale: 3 } })],
    ops: ["alterColumn public.items.price (type)"],
    seed: "INSERT INTO items (price) VALUES (12.34)",
    keeps: "SELECT (price * 100)::int FROM items",
  },
  {
    name: "array element type",
    v1: [item({ tags: { type: "varchar", length: 10, array: true, nullable: true } })],
    v2: [item({ tags: { type: "text", array: true, nullable: true } })],
    ops: ["alterColumn public.items.tags (type)"],
    seed: `INSERT INTO items (tags) VALUES ('{a,b}')`,
    keeps: "SELECT tags::text FROM items",
  },
  {
    name: "nullable to not null",
    v1: [item({ name: { type: "varchar", nullable: true } })],
    v2: [item({ name: { type: "varchar" } })],
    // The safe form: a validated IS NOT NULL check lets SET NOT NULL skip its locked scan.
    ops: [
      "createCheckConstraint public.items items_name_not_null",
      "validateConstraint public.items items_name_not_null",
      "alterColumn public.items.name (nullable)",
      "dropCheckConstraint public.items items_name_not_null",
    ],
    seed: `INSERT INTO items (name) VALUES ('kept')`,
    keeps: "SELECT name FROM items",
  },
  {
    name: "add, then change, a default with a quote in it",
    v1: [item({ label: { type: "varchar", default: "plain" } })],
    v2: [item({ label: { type: "varchar", default: "it's" } })],
    ops: ["alterColumn public.items.label (default)"],
  },
  {
    name: "type and default change together",
    v1: [item({ level: { type: "varchar", default: "1" } })],
    v2: [item({ level: { type: "int", default: 1 } })],
    ops: ["alterColumn public.items.level (type, default)"],
    seed: "INSERT INTO items DEFAULT VALUES",
    keeps: "SELECT level::text FROM items",
  },
  {
    // EntitySchema has no table comment (TypeORM ignores it); the demo entities cover table comments.
    name: "column comment with quotes and line breaks",
    v1: [item({ name: { type: "varchar" } })],
    v2: [item({ name: { type: "varchar", comment: "shown\r\nto 'users'" } })],
    ops: ["alterColumn public.items.name (comment)"],
  },
  {
    name: "add a partial unique index",
    v1: [item({ code: { type: "varchar" } })],
    v2: [item({ code: { type: "varchar" } }, { indices: [{ name: "IDX_items_code", columns: ["code"], unique: true, where: `"code" <> ''` }] })],
    ops: ["createIndex public.items IDX_items_code"],
  },
  {
    name: "change an index predicate under the same name",
    v1: [item({ code: { type: "varchar" } }, { indices: [{ name: "IDX_items_code", columns: ["code"], where: `"code" <> ''` }] })],
    v2: [item({ code: { type: "varchar" } }, { indices: [{ name: "IDX_items_code", columns: ["code"], where: `"code" <> 'x'` }] })],
    ops: ["dropIndex public.items IDX_items_code", "createIndex public.items IDX_items_code"],
  },
  {
    name: "add and drop unique constraints",
    v1: [item({ a: { type: "int" }, b: { type: "int" } }, { uniques: [{ name: "UQ_items_a", columns: ["a"] }] })],
    v2: [item({ a: { type: "int" }, b: { type: "int" } }, { uniques: [{ name: "UQ_items_a_b", columns: ["a", "b"] }] })],
    ops: ["dropUniqueConstraint public.items UQ_items_a", "createUniqueConstraint public.items UQ_items_a_b"],
  },
  {
    name: "a check whose expression changes under an explicit name",
    v1: [item({ qty: { type: "int" } }, { checks: [{ name: "CHK_items_qty", expression: `"qty" >= 0` }] })],
    v2: [item({ qty: { type: "int" } }, { checks: [{ name: "CHK_items_qty", expression: `"qty" > 0` }] })],
    ops: ["dropCheckConstraint public.items CHK_items_qty", "createCheckConstraint public.items CHK_items_qty", "validateConstraint public.items CHK_items_qty"],
  },
  {
    name: "add an exclusion constraint to an existing table",
    v1: [item({ room: { type: "int" }, during: { type: "tsrange" } })],
    v2: [item({ room: { type: "int" }, during: { type: "tsrange" } }, { exclusions: [{ name: "XCL_items_no_overlap", expression: `USING gist ("room" WITH =, "during" WITH &&)` }] })],
    ops: ["createExtension btree_gist", "createExclusionConstraint public.items XCL_items_no_overlap"],
  },
  {
    name: "serial key to identity, keeping ids and the next value",
    v1: [{ name: "Seq", tableName: "seqs", columns: { id: { type: "int", primary: true, generated: "increment" }, v: { type: "int" } } }],
    v2: [{ name: "Seq", tableName: "seqs", columns: { id: { type: "int", primary: true, generated: "identity", generatedIdentity: "BY DEFAULT" }, v: { type: "int" } } }],
    ops: ["alterColumn public.seqs.id (serial, identity)"],
    seed: "INSERT INTO seqs (v) VALUES (1), (2), (3)",
    keeps: "SELECT id FROM seqs ORDER BY id",
    then: { query: "INSERT INTO seqs (v) VALUES (4) RETURNING id", rows: [{ id: 4 }] },
  },
  {
    // EntitySchema does not pass `generatedIdentity` on (ALWAYS vs BY DEFAULT); decorators do, and
    // the demo entities and the unit tables cover it.
    name: "identity back to a serial, keeping ids and the next value",
    v1: [{ name: "Seq", tableName: "seqs", columns: { id: { type: "bigint", primary: true, generated: "identity" }, v: { type: "int" } } }],
    v2: [{ name: "Seq", tableName: "seqs", columns: { id: { type: "bigint", primary: true, generated: "increment" }, v: { type: "int" } } }],
    ops: ["alterColumn public.seqs.id (serial, identity)"],
    seed: "INSERT INTO seqs (v) VALUES (1), (2)",
    keeps: "SELECT id FROM seqs ORDER BY id",
    then: { query: "INSERT INTO seqs (v) VALUES (3) RETURNING id::int", rows: [{ id: 3 }] },
  },
  {
    name: "a column's collation",
    v1: [item({ code: { type: "varchar", length: 20 } })],
    v2: [item({ code: { type: "varchar", length: 20, collation: "C" } })],
    ops: ["alterColumn public.items.code (collation)"],
    seed: "INSERT INTO items (code) VALUES ('b'), ('a')",
    keeps: "SELECT code FROM items ORDER BY id",
  },
  {
    name: "a foreign key's ON DELETE action",
    v1: withOwner("CASCADE"),
    v2: withOwner("SET NULL"),
    ops: [
      "dropForeignKey public.items FK_3dfe6bec02ed2b26ded4bd89253",
      "createForeignKey public.items FK_3dfe6bec02ed2b26ded4bd89253 -> public.owners",
      "validateConstraint public.items FK_3dfe6bec02ed2b26ded4bd89253",
    ],
  },
  {
    name: "a new table referencing an existing one",
    v1: [owner],
    v2: withOwner("CASCADE"),
    ops: ["createTable public.items", "createForeignKey public.items FK_3dfe6bec02ed2b26ded4bd89253 -> public.owners"],
  },
  {
    name: "drop a referenced table and the foreign key that needs it",
    v1: withOwner("CASCADE"),
    v2: [item({})],
    ops: ["dropForeignKey public.items FK_3dfe6bec02ed2b26ded4bd89253", "dropTable public.owners", "dropColumn public.items.owner_id"],
  },
  {
    name: "change the primary key",
    v1: [{ name: "Pair", tableName: "pairs", columns: { a: { type: "int", primary: true }, b: { type: "int" } } }],
    v2: [{ name: "Pair", tableName: "pairs", columns: { a: { type: "int", primary: true }, b: { type: "int", primary: true } } }],
    ops: ["dropPrimaryKey public.pairs PK_82ca8d047cee4fb75434ec9320a", "createPrimaryKey public.pairs PK_67a783b3049b866f99d04a3a144"],
  },
  {
    name: "a new enum column, then its type is created first",
    v1: [item({})],
    v2: [item({ state: { type: "enum", enum: ["new", "done"], default: "new" } })],
    ops: ["createEnum public.items_state_enum", "addColumn public.items.state"],
  },
  {
    name: "drop an enum column and its type",
    v1: [item({ state: { type: "enum", enum: ["new", "done"], nullable: true } })],
    v2: [item({})],
    ops: ["dropColumn public.items.state", "dropEnum public.items_state_enum"],
  },
  {
    name: "add an enum value in the middle, keeping declared order",
    v1: [item({ state: { type: "enum", enum: ["new", "done"], nullable: true } })],
    v2: [item({ state: { type: "enum", enum: ["new", "doing", "done"], nullable: true } })],
    ops: ["addEnumValue public.items_state_enum 'doing'"],
    seed: `INSERT INTO items (state) VALUES ('done')`,
    keeps: "SELECT state::text FROM items",
  },
  {
    name: "remove an enum value no row uses: a type swap that keeps the data and the default",
    v1: [item({ state: { type: "enum", enum: ["new", "old", "done"], default: "new" }, tags: { type: "enum", enum: ["new", "old", "done"], enumName: "items_state_enum", array: true, nullable: true } })],
    v2: [item({ state: { type: "enum", enum: ["new", "done"], default: "new" }, tags: { type: "enum", enum: ["new", "done"], enumName: "items_state_enum", array: true, nullable: true } })],
    ops: ["replaceEnum public.items_state_enum (new, old, done) -> (new, done)"],
    seed: `INSERT INTO items (state, tags) VALUES ('done', '{new,done}')`,
    keeps: "SELECT state::text, tags::text FROM items",
  },
  {
    // PostgreSQL would rebuild the predicate and the check during the swap with 'done' still of the
    // old type, and find no operator between the two: they are dropped before and created after.
    name: "remove an enum value while an index predicate and a check name a kept one",
    v1: [
      item(
        { state: { type: "enum", enum: ["new", "old", "done"], default: "new" } },
        { indices: [{ name: "IDX_items_done", columns: ["id"], where: `"state" = 'done'` }], checks: [{ name: "CHK_items_state", expression: `"state" <> 'done' OR "id" > 0` }] },
      ),
    ],
    v2: [
      item(
        { state: { type: "enum", enum: ["new", "done"], default: "new" } },
        { indices: [{ name: "IDX_items_done", columns: ["id"], where: `"state" = 'done'` }], checks: [{ name: "CHK_items_state", expression: `"state" <> 'done' OR "id" > 0` }] },
      ),
    ],
    ops: [
      "dropIndex public.items IDX_items_done",
      "dropCheckConstraint public.items CHK_items_state",
      "replaceEnum public.items_state_enum (new, old, done) -> (new, done)",
      "createCheckConstraint public.items CHK_items_state",
      "validateConstraint public.items CHK_items_state",
      "createIndex public.items IDX_items_done",
    ],
    seed: `INSERT INTO items (state) VALUES ('done'), ('new')`,
    keeps: "SELECT state::text FROM items ORDER BY id",
  },
  {
    // ADD VALUE needs nothing rebuilt, but its reverse is a type swap, which cannot carry a predicate
    // or a check holding a constant of the type: the downgrade drops them around it.
    name: "add an enum value while an index predicate and a check name an existing one",
    v1: [
      item(
        { state: { type: "enum", enum: ["new", "done"], default: "new" } },
        { indices: [{ name: "IDX_items_done", columns: ["id"], where: `"state" = 'done'` }], checks: [{ name: "CHK_items_state", expression: `"state" <> 'done' OR "id" > 0` }] },
      ),
    ],
    v2: [
      item(
        { state: { type: "enum", enum: ["new", "done", "archived"], default: "new" } },
        { indices: [{ name: "IDX_items_done", columns: ["id"], where: `"state" = 'done'` }], checks: [{ name: "CHK_items_state", expression: `"state" <> 'done' OR "id" > 0` }] },
      ),
    ],
    ops: ["addEnumValue public.items_state_enum 'archived'"],
    seed: `INSERT INTO items (state) VALUES ('done'), ('new')`,
    keeps: "SELECT state::text FROM items ORDER BY id",
  },
  {
    name: "reorder enum values",
    v1: [item({ state: { type: "enum", enum: ["low", "high"], nullable: true } })],
    v2: [item({ state: { type: "enum", enum: ["high", "low"], nullable: true } })],
    ops: ["replaceEnum public.items_state_enum (low, high) -> (high, low)"],
    seed: `INSERT INTO items (state) VALUES ('low'), ('high')`,
    keeps: "SELECT state::text FROM items ORDER BY id",
  },
];

const generatedItem = (total: EntitySchemaColumnOptions, indexed: boolean): Schema =>
  item(
    { price: { type: "int" }, total },
    indexed ? { indices: [{ name: "IDX_items_total", columns: ["total"] }], uniques: [{ name: "UQ_items_id_total", columns: ["id", "total"] }] } : {},
  );
const totalAs = (expression: string): EntitySchemaColumnOptions => ({ type: "int", generatedType: "STORED", asExpression: expression, nullable: true });
const plainTotal: EntitySchemaColumnOptions = { type: "int", nullable: true };

cases.push(
  {
    // Before PostgreSQL 17 the column is dropped and added again; the index and the unique
    // constraint that include it go with it, so they are dropped before and created after.
    name: "a generated column's new expression, with an index and a unique constraint on it",
    v1: [generatedItem(totalAs(`"price" * 2`), true)],
    v2: [generatedItem(totalAs(`"price" * 3`), true)],
    ops: [
      "dropIndex public.items IDX_items_total",
      "dropUniqueConstraint public.items UQ_items_id_total",
      "recreateColumn public.items.total",
      "createUniqueConstraint public.items UQ_items_id_total",
      "createIndex public.items IDX_items_total",
    ],
    opsFrom17: ["alterColumn public.items.total (generated)"],
    seed: "INSERT INTO items (price) VALUES (5)",
    keeps: "SELECT id, price FROM items",
    then: { query: "SELECT total FROM items", rows: [{ total: 15 }] },
  },
  {
    name: "a generated column made plain keeps its values",
    v1: [generatedItem(totalAs(`"price" * 2`), true)],
    v2: [generatedItem(plainTotal, true)],
    ops: ["alterColumn public.items.total (generated)"],
    seed: "INSERT INTO items (price) VALUES (5)",
    keeps: "SELECT id, price, total FROM items",
    then: { query: "INSERT INTO items (price, total) VALUES (1, 7) RETURNING total", rows: [{ total: 7 }] },
  },
  {
    // What the column held is replaced by what the expression computes ("deletes data").
    name: "a plain column made generated, with an index and a unique constraint on it",
    v1: [generatedItem(plainTotal, true)],
    v2: [generatedItem(totalAs(`"price" * 2`), true)],
    ops: [
      "dropIndex public.items IDX_items_total",
      "dropUniqueConstraint public.items UQ_items_id_total",
      "recreateColumn public.items.total",
      "createUniqueConstraint public.items UQ_items_id_total",
      "createIndex public.items IDX_items_total",
    ],
    seed: "INSERT INTO items (price, total) VALUES (5, 99)",
    keeps: "SELECT id, price FROM items",
    then: { query: "SELECT total FROM items", rows: [{ total: 10 }] },
  },
);

const rows = async (db: TestDatabase, query: string | undefined) => (query ? (await db.client.query(query)).rows : []);

describe.each(cases)("incremental: $name", (testCase) => {
  it("generates the expected operations, keeps data, converges and reverts", async () => {
    const project = createTestProject();
    const db = await createTestDatabase();
    try {
      const v1Config = project.useEntitySchemas(testCase.v1);
      const v1 = { cwd: project.dir, configFile: v1Config, url: db.url };
      await revisionCommand({ ...v1, message: "v1", revisionId: "0000000000a1" });
      await upgradeCommand({ ...v1, target: "head" });
      const before = await readSchema(db.client);
      if (testCase.seed) await db.client.query(testCase.seed);
      const kept = await rows(db, testCase.keeps);

      const v2 = { ...v1, configFile: project.useEntitySchemas(testCase.v2) };
      const result = await revisionCommand({ ...v2, message: "v2", revisionId: "0000000000a2" });
      const version = Number((await db.client.query("SHOW server_version_num")).rows[0].server_version_num);
      const expected = version >= 170000 && testCase.opsFrom17 ? testCase.opsFrom17 : testCase.ops;
      expect(result.kind === "written" ? describeAll(result.ops) : []).toEqual(expected);
      await upgradeCommand({ ...v2, target: "head" });
      expect((await checkCommand(v2)).ops).toEqual([]);
      expect(await rows(db, testCase.keeps)).toEqual(kept);
      if (testCase.then) expect((await db.client.query(testCase.then.query)).rows).toEqual(testCase.then.rows);

      if (testCase.irreversible) {
        await expect(downgradeCommand({ ...v2, target: "-1" })).rejects.toThrow(/Irreversible/);
        return;
      }
      await downgradeCommand({ ...v2, target: "-1" });
      expect(differences(await readSchema(db.client), before)).toEqual([]);
    } finally {
      await db.drop();
      project.remove();
    }
  });
});
