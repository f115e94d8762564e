/**
 * Enum renames without a database: which pairs are candidates, how hints read, how a decided rename
 * rewrites every place PostgreSQL prints the type or the value, the REVIEW notes of undecided ones,
 * and the reverse of a swap that mapped values.
 */
import {
  findEnumRenameCandidates,
  parseEnumRenameHint,
  renameEnumIn,
  renameEnumValueIn,
} from "../../src/compare/enum-renames";
import { RenameHintError } from "../../src/compare/errors";
import { applyRenames } from "../../src/compare/renames";
import { LintModel } from "../../src/lint/model";
import type { EnumType, SchemaModel } from "../../src/model/schema";
import { hazardsOf } from "../../src/ops/hazards";
import { reverseOp } from "../../src/ops/reverse";
import type { MigrationOp, ReplaceEnumOp } from "../../src/ops/types";
import { column, index, model, ref, table } from "./model-builders";

const status = (values: string[], name = "status", schema = "public"): EnumType => ({ schema, name, values });
const holders = (type = "public.status", extra: Partial<Parameters<typeof table>[2]> = {}) =>
  table("holders", [column("state", type, { default: `'active'::${type}` }), column("history", `${type}[]`)], extra);
const withStatus = (values: string[], type = "status"): SchemaModel => model([holders(`public.${type}`)], { enums: [status(values, type)] });

describe("enum rename candidates", () => {
  it.each([
    { name: "one value replaced in place", from: ["a", "b", "c"], to: ["a", "x", "c"], expected: [["b", "x"]] },
    { name: "the first and the last value", from: ["a", "b", "c"], to: ["x", "b", "y"], expected: [["a", "x"], ["c", "y"]] },
    { name: "a rename beside a value added elsewhere", from: ["a", "b", "c"], to: ["a", "x", "c", "d"], expected: [["b", "x"]] },
    { name: "two values for one: no telling which", from: ["a", "b", "c"], to: ["a", "x", "y", "c"], expected: [] },
    { name: "one value gone, none come", from: ["a", "b", "c"], to: ["a", "c"], expected: [] },
    { name: "kept values reordered", from: ["a", "b", "c"], to: ["c", "x", "a"], expected: [] },
  ])("values: $name", ({ from, to, expected }) => {
    const candidates = findEnumRenameCandidates(withStatus(from), withStatus(to));
    expect(candidates).toEqual(expected.map(([old, renamed]) => ({ kind: "enumValue", type: ref("status"), from: old, to: renamed })));
  });

  it("types: same schema, same values, and every column of the old type now of the new one", () => {
    const current = withStatus(["a", "b"]);
    expect(findEnumRenameCandidates(current, withStatus(["a", "b"], "state"))).toEqual([{ kind: "enum", from: ref("status"), to: "state" }]);
    // Different values, or a column left on another type, or another schema: not the same type renamed.
    expect(findEnumRenameCandidates(current, withStatus(["a", "c"], "state"))).toEqual([]);
    const split = model([table("holders", [column("state", "public.state"), column("history", "text[]")])], { enums: [status(["a", "b"], "state")] });
    expect(findEnumRenameCandidates(current, split)).toEqual([]);
    const moved = model([holders("audit.status")], { enums: [status(["a", "b"], "status", "audit")] });
    expect(findEnumRenameCandidates(current, moved)).toEqual([]);
  });
});

describe("enum rename hints", () => {
  const current = model([], { enums: [status(["v1.0", "a:b", "it's"]), status(["x"], "kind", "sales")] });

  it.each([
    ["enum:status=state", { kind: "enum", from: ref("status"), to: "state" }],
    ["enum:sales.kind=sort", { kind: "enum", from: ref("kind", "sales"), to: "sort" }],
    // The first colon ends the type: a value may hold dots and colons.
    ["enum:status:v1.0=v1.1", { kind: "enumValue", type: ref("status"), from: "v1.0", to: "v1.1" }],
    ["enum:status:a:b=c", { kind: "enumValue", type: ref("status"), from: "a:b", to: "c" }],
    ["enum:sales.kind:x=y=z", { kind: "enumValue", type: ref("kind", "sales"), from: "x", to: "y=z" }],
  ])("%s", (hint, expected) => {
    expect(parseEnumRenameHint(hint, current, "public")).toEqual(expected);
  });

  it.each([
    ["enum:", "write enum:type=new for an enum type"],
    ["enum:=x", "write enum:type=new for an enum type"],
    ["enum:status:=x", "write enum:type=new for an enum type"],
    ["enum:status:v1.0=", "write enum:type=new for an enum type"],
    ["enum:.status=x", "write enum:type=new for an enum type"],
    ["enum:kind=sort", "there is no enum type public.kind in the database."],
    ["enum:status:nope=x", "enum type public.status has no value 'nope'."],
    ["enum:status:v1.0=it's", "enum type public.status already has a value 'it''s'"],
    ["enum:sales.kind=kind", "enum type sales.kind exists already."],
  ])("refuses %s", (hint, message) => {
    expect(() => parseEnumRenameHint(hint, current, "public")).toThrow(RenameHintError);
    expect(() => parseEnumRenameHint(hint, current, "public")).toThrow(message);
  });
});

describe("a decided enum rename, applied to the current model", () => {
  it("a value: enum constants in defaults, arrays, checks and index predicates print the new label", () => {
    const holder = table(
      "holders",
      [
        column("state", "public.status", { default: "'in progress'::public.status" }),
        column("history", "public.status[]", { default: `'{active,"in progress",it''s}'::public.status[]` }),
        column("other", "public.status_old", { default: "'in progress'::public.status_old" }),
      ],
      {
        checks: [{ name: "c", expression: "(state <> ALL (ARRAY['in progress'::public.status, 'active'::public.status]))" }],
        indexes: [index("i", ["state"], { where: "(state = 'in progress'::public.status)" })],
      },
    );
    const current = model([holder], { enums: [status(["active", "in progress", "it's"]), status(["in progress"], "status_old")] });
    const renamed = renameEnumValueIn(current, ref("status"), "in progress", "it's \"done\"");
    expect(renamed.enums).toEqual([status(["active", `it's "done"`, "it's"]), status(["in progress"], "status_old")]);
    const [state, history, other] = renamed.tables[0]!.columns;
    expect(state!.default).toBe(`'it''s "done"'::public.status`);
    expect(history!.default).toBe(`'{active,"it''s \\"done\\"",it''s}'::public.status[]`);
    // Another type whose name starts the same is left alone.
    expect(other!.default).toBe("'in progress'::public.status_old");
    expect(renamed.tables[0]!.checks[0]!.expression).toBe(`(state <> ALL (ARRAY['it''s "done"'::public.status, 'active'::public.status]))`);
    expect(renamed.tables[0]!.indexes[0]!.where).toBe(`(state = 'it''s "done"'::public.status)`);
  });

  it("a type: the type, the columns of it and of arrays of it, and every cast to it", () => {
    const current = model(
      [holders("public.status", { indexes: [index("i", ["state"], { where: "(state = 'active'::public.status)" })] }), table("others", [column("s", "public.status_old")])],
      { enums: [status(["active"]), status(["active"], "status_old")] },
    );
    const target = model([holders('public."Status"')], { enums: [status(["active"], "Status")] });
    const renamed = renameEnumIn(current, { kind: "enum", from: ref("status"), to: "Status" }, target);
    expect(renamed.enums.map((enumType) => enumType.name)).toEqual(["Status", "status_old"]);
    expect(renamed.tables[0]!.columns.map((candidate) => [candidate.type, candidate.default])).toEqual([
      ['public."Status"', `'active'::public."Status"`],
      ['public."Status"[]', null],
    ]);
    expect(renamed.tables[0]!.indexes[0]!.where).toBe(`(state = 'active'::public."Status")`);
    expect(renamed.tables[1]!.columns[0]!.type).toBe("public.status_old");
  });

  it("the ops: the type is renamed first, then its value under the type's new name", () => {
    const current = withStatus(["a", "b"]);
    const target = withStatus(["a", "c"], "state");
    const { ops, current: renamed } = applyRenames(
      current,
      [
        { kind: "enumValue", type: ref("status"), from: "b", to: "c" },
        { kind: "enum", from: ref("status"), to: "state" },
      ],
      target,
    );
    expect(ops).toEqual([
      { kind: "renameEnum", name: ref("status"), newName: "state" },
      { kind: "renameEnumValue", name: ref("state"), value: "b", newValue: "c" },
    ]);
    expect(renamed.enums).toEqual(target.enums);
  });
});

describe("enum rename notes for the reviewer", () => {
  const swap: ReplaceEnumOp = {
    kind: "replaceEnum",
    name: ref("status", "sales"),
    from: ["a", "b"],
    to: ["a", "c"],
    columns: [],
    mapping: {},
    possibleRenames: { b: "c" },
  };

  it("an undecided value rename names the op line and the hint, schema-qualified outside public", () => {
    expect(hazardsOf(swap)[0]).toEqual({
      kind: "possible rename",
      message:
        `'b' may be a rename to 'c'; if so, keep the rows that hold it with: await op.renameEnumValue({ schema: "sales", name: "status" }, "b", "c"); ` +
        "in place of this swap (before it, if other values change too), or generate again with --rename enum:sales.status:b=c",
    });
  });

  it("an undecided type rename marks the drop", () => {
    const drop: MigrationOp = { kind: "dropEnum", name: ref("status"), possibleRename: "state" };
    expect(hazardsOf(drop)).toEqual([
      {
        kind: "possible rename",
        message:
          `this may be a rename to "state"; if so, replace this drop, the creation of "state" and the column type changes to it with: ` +
          `await op.renameEnum("status", "state"); or generate again with --rename enum:status=state`,
      },
    ]);
    expect(hazardsOf({ kind: "dropEnum", name: ref("status") })).toEqual([]);
  });
});

describe("the reverse of a swap that mapped values", () => {
  it("maps a value the swap added back to the one value it came from; merged values stay merged and are flagged", () => {
    const upgrade: ReplaceEnumOp = {
      kind: "replaceEnum",
      name: ref("status"),
      from: ["new", "pending", "held", "done"],
      to: ["new", "waiting", "archived", "done"],
      columns: [],
      // pending -> waiting can be undone; held merged into done cannot; archived has no origin.
      mapping: { pending: "waiting", held: "done" },
    };
    const [downgrade] = reverseOp(upgrade) as [ReplaceEnumOp];
    expect(downgrade).toEqual({ ...upgrade, from: upgrade.to, to: upgrade.from, mapping: { waiting: "pending" } });
    expect(hazardsOf(downgrade).filter((hazard) => hazard.kind === "may fail on existing data")).toEqual([
      { kind: "may fail on existing data", message: `removes 'archived' from "public"."status": fails if a row still holds one; map them with the op's mapping` },
    ]);
  });

  it("does not guess when two removed values went to one added value", () => {
    const upgrade: ReplaceEnumOp = { kind: "replaceEnum", name: ref("status"), from: ["a", "b"], to: ["c"], columns: [], mapping: { a: "c", b: "c" } };
    expect((reverseOp(upgrade)[0] as ReplaceEnumOp).mapping).toEqual({});
  });
});

describe("lint model", () => {
  it("a renamed type is known under its new name, and its columns print it", () => {
    const lint = LintModel.empty();
    lint.apply({ kind: "createEnum", enumType: status(["a"]) });
    lint.apply({ kind: "createTable", table: holders() });
    lint.apply({ kind: "renameEnum", name: ref("status"), newName: "state" });
    expect([...lint.enums]).toEqual(["public\u0000state"]);
    expect([...lint.table(ref("holders"))!.columns.values()].map((candidate) => candidate.type)).toEqual(["public.state", "public.state[]"]);
  });
});
