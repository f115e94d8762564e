/**
 * The merge conflict analysis without a database: which objects two branches both touch (from their
 * operations, written with the same `op` API migration files use), and where branches part.
 */
import { findOverlaps, type BranchOps } from "../../src/runtime/branch-overlap";
import { RevisionGraph } from "../../src/runtime/graph";
import { divergence, MergeOfAncestorError } from "../../src/runtime/merge-base";
import { Operations } from "../../src/runtime/operations";
import { RecordingSink } from "../../src/runtime/sinks";
import type { MigrationOp } from "../../src/ops/types";
import { caught, rev } from "./graph-fixtures";

type Script = (op: Operations) => Promise<void>;

const record = async (script: Script): Promise<MigrationOp[]> => {
  const sink = new RecordingSink();
  await script(new Operations(sink, "public"));
  return sink.ops;
};

/** Two branches of one revision each: `a1` on branch `a`, `b1` on branch `b`. */
const twoBranches = async (a: Script, b: Script): Promise<BranchOps[]> => [
  { tip: "a", revisions: [{ id: "a1", ops: await record(a) }] },
  { tip: "b", revisions: [{ id: "b1", ops: await record(b) }] },
];

const nickname = (type: string): Script => (op) => op.addColumn("users", op.column("nickname", type));

describe("findOverlaps", () => {
  const conflicting: [string, Script, Script, string[]][] = [
    ["both add the same column", nickname("text"), nickname("varchar(10)"), ["column public.users.nickname"]],
    [
      "both alter the same column",
      (op) => op.alterColumn("users", "name", { nullable: { from: true, to: false } }),
      (op) => op.alterColumn("users", "name", { type: { from: "varchar(20)", to: "text" } }),
      ["column public.users.name"],
    ],
    ["one drops the table the other adds a column to", (op) => op.dropTable("users"), nickname("text"), ["table public.users"]],
    [
      "one renames the column the other alters",
      (op) => op.renameColumn("users", "name", "full_name"),
      (op) => op.alterColumn("users", "name", { type: { from: "varchar(20)", to: "text" } }),
      ["column public.users.name"],
    ],
    [
      "one adds a column under the name the other renames a column to",
      (op) => op.renameColumn("users", "name", "nickname"),
      nickname("text"),
      ["column public.users.nickname"],
    ],
    [
      "a foreign key to a column the other retypes",
      (op) => op.createForeignKey("orders", "FK_orders_user", ["user_id"], "users", ["id"]),
      (op) => op.alterColumn("users", "id", { type: { from: "integer", to: "bigint" } }),
      ["column public.users.id"],
    ],
    [
      "an index on a column the other drops",
      (op) => op.createIndex("users", "IDX_users_email", ["email DESC"]),
      (op) => op.dropColumn("users", "email"),
      ["column public.users.email"],
    ],
    [
      "both add values to one enum (their order depends on which runs first)",
      (op) => op.addEnumValue("status", "archived"),
      (op) => op.addEnumValue("status", "deleted"),
      ["order of the values of enum public.status"],
    ],
    [
      "both add the same enum value",
      (op) => op.addEnumValue("status", "archived"),
      (op) => op.addEnumValue("status", "archived"),
      ["enum value public.status 'archived'", "order of the values of enum public.status"],
    ],
    [
      "one renames the enum value the other adds",
      (op) => op.renameEnumValue("status", "pending", "waiting"),
      (op) => op.addEnumValue("status", "waiting"),
      ["enum value public.status 'waiting'"],
    ],
    [
      "one renames the enum type the other adds a value to",
      (op) => op.renameEnum("status", "state"),
      (op) => op.addEnumValue("status", "archived"),
      ["enum public.status"],
    ],
    [
      "both create the same index",
      (op) => op.createIndex("users", "IDX_x", ["a"]),
      (op) => op.createIndex("users", "IDX_x", ["b"]),
      ["index public.users.IDX_x"],
    ],
    [
      "both set the table comment",
      (op) => op.setTableComment("users", { from: null, to: "a" }),
      (op) => op.setTableComment("users", { from: null, to: "b" }),
      ["comment of table public.users"],
    ],
    [
      "one drops the schema the other creates a table in",
      (op) => op.dropSchema("audit"),
      (op) => op.createTable({ schema: "audit", name: "log" }, []),
      ["schema audit"],
    ],
  ];

  it.each(conflicting)("%s", async (_name, a, b, objects) => {
    const overlaps = findOverlaps(await twoBranches(a, b));
    expect(overlaps.map((overlap) => overlap.object)).toEqual(objects);
    for (const overlap of overlaps) {
      expect(overlap.sides.map((side) => side.tip)).toEqual(["a", "b"]);
      expect(overlap.sides.map((side) => side.touches.map((touch) => touch.revision))).toEqual([["a1"], ["b1"]]);
    }
  });

  const independent: [string, Script, Script][] = [
    [
      "different tables",
      (op) => op.createTable("a_things", [op.column("id", "integer")]),
      (op) => op.createTable("b_things", [op.column("id", "integer")]),
    ],
    ["different columns of one table", nickname("text"), (op) => op.addColumn("users", op.column("age", "integer"))],
    [
      "two foreign keys to the same column",
      (op) => op.createForeignKey("orders", "FK_orders_user", ["user_id"], "users", ["id"]),
      (op) => op.createForeignKey("reviews", "FK_reviews_user", ["user_id"], "users", ["id"]),
    ],
    [
      "same table name in different schemas",
      (op) => op.createTable({ schema: "a", name: "t" }, []),
      (op) => op.createTable({ schema: "b", name: "t" }, []),
    ],
    [
      "renames of different values of one enum",
      (op) => op.renameEnumValue("status", "pending", "waiting"),
      (op) => op.renameEnumValue("status", "done", "finished"),
    ],
    ["raw SQL (left to the shadow replay)", (op) => op.execute("ALTER TABLE users ADD nickname text"), nickname("text")],
  ];

  it.each(independent)("%s do not overlap", async (_name, a, b) => {
    expect(findOverlaps(await twoBranches(a, b))).toEqual([]);
  });

  it("names every revision and operation on each side, each once, in apply order", async () => {
    const branches: BranchOps[] = [
      {
        tip: "a2",
        revisions: [
          {
            id: "a1",
            ops: await record(async (op) => {
              await op.addColumn("users", op.column("nickname", "text"));
              await op.addColumn("users", op.column("age", "integer"));
            }),
          },
          { id: "a2", ops: await record((op) => op.renameColumn("users", "nickname", "handle")) },
        ],
      },
      { tip: "b1", revisions: [{ id: "b1", ops: await record((op) => op.dropTable("users")) }] },
    ];
    expect(findOverlaps(branches)).toEqual([
      {
        object: "table public.users",
        sides: [
          {
            tip: "a2",
            touches: [
              { revision: "a1", operation: "addColumn public.users.nickname" },
              { revision: "a1", operation: "addColumn public.users.age" },
              { revision: "a2", operation: "renameColumn public.users.nickname -> handle" },
            ],
          },
          { tip: "b1", touches: [{ revision: "b1", operation: "dropTable public.users" }] },
        ],
      },
    ]);
  });

  it("ignores revisions two of three branches share, and joins the sides of one object", async () => {
    const shared = { id: "s1", ops: await record(nickname("text")) };
    const branches: BranchOps[] = [
      { tip: "x", revisions: [shared, { id: "x", ops: await record((op) => op.addColumn("users", op.column("age", "integer"))) }] },
      { tip: "y", revisions: [shared, { id: "y", ops: [] }] },
      { tip: "z", revisions: [{ id: "z", ops: await record(nickname("varchar(5)")) }] },
    ];
    const overlaps = findOverlaps(branches);
    expect(overlaps.map((overlap) => overlap.object)).toEqual(["column public.users.nickname"]);
    expect(overlaps[0]!.sides).toEqual([
      { tip: "x", touches: [{ revision: "s1", operation: "addColumn public.users.nickname" }] },
      { tip: "y", touches: [{ revision: "s1", operation: "addColumn public.users.nickname" }] },
      { tip: "z", touches: [{ revision: "z", operation: "addColumn public.users.nickname" }] },
    ]);
  });

  it("sorts overlaps by object, whatever the order of the operations", async () => {
    const addColumns = (tables: string[]): Script => async (op) => {
      for (const name of tables) await op.addColumn(name, op.column("c", "text"));
    };
    const overlaps = findOverlaps(await twoBranches(addColumns(["zebras", "ants"]), addColumns(["ants", "zebras"])));
    expect(overlaps.map((overlap) => overlap.object)).toEqual(["column public.ants.c", "column public.zebras.c"]);
  });
});

describe("divergence", () => {
  /**
   * base0 - base1 - a1 - a2
   *              \- b1
   *              \- c1 (depends on a1)
   * other (a separate base)
   */
  const graph = RevisionGraph.build([
    rev("base0"),
    rev("base1", ["base0"]),
    rev("a1", ["base1"]),
    rev("a2", ["a1"]),
    rev("b1", ["base1"]),
    rev("c1", ["base1"], { dependsOn: ["a1"] }),
    rev("other"),
  ]);

  it("finds the merge base and each branch's revisions since it, in apply order", () => {
    expect(divergence(graph, ["a2", "b1"])).toEqual({
      base: ["base1"],
      branches: [
        { tip: "a2", revisions: ["a1", "a2"] },
        { tip: "b1", revisions: ["b1"] },
      ],
    });
  });

  it("counts a dependency as part of the history that contains it", () => {
    expect(divergence(graph, ["a2", "c1"])).toEqual({
      base: ["a1"],
      branches: [
        { tip: "a2", revisions: ["a2"] },
        { tip: "c1", revisions: ["c1"] },
      ],
    });
  });

  it("has an empty base for branches with separate bases", () => {
    expect(divergence(graph, ["b1", "other"])).toEqual({
      base: [],
      branches: [
        { tip: "b1", revisions: ["base0", "base1", "b1"] },
        { tip: "other", revisions: ["other"] },
      ],
    });
  });

  it("refuses to merge a revision with one of its ancestors", () => {
    const error = caught(() => divergence(graph, ["a1", "a2"]));
    expect(error).toBeInstanceOf(MergeOfAncestorError);
    expect(error).toMatchObject({ ancestor: "a1", descendant: "a2" });
    expect(error.message).toContain("a1 is already part of a2's history");
  });
});
