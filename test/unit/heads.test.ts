import { RevisionGraph, type Direction } from "../../src/runtime/graph";
import { UnknownDatabaseRevisionError, StepNotApplicableError } from "../../src/runtime/graph-errors";
import { applyHeadChange, headChange, type HeadChange } from "../../src/runtime/heads";
import { caught, diamond, rev, threeWay } from "./graph-fixtures";


/**
 * linear:    a - b - c
 * diamond:   a - b - c - m - n          (m merges c and d)
 *                  \- d -/
 * threeWay:  a - b - x - m1 - m2        (m1 merges x and y, m2 merges m1 and z)
 *                 |\- y -/    /
 *                  \-- z ----/
 * labelled:  a - b - c, b - s1 - s2, and a second base n1 - n2 where n2 depends on b
 */
const graphs = {
  linear: RevisionGraph.build([rev("a"), rev("b", ["a"]), rev("c", ["b"])]),
  diamond: diamond(),
  threeWay: threeWay(),
  labelled: RevisionGraph.build([
    rev("a"),
    rev("b", ["a"]),
    rev("c", ["b"]),
    rev("s1", ["b"]),
    rev("s2", ["s1"]),
    rev("n1"),
    rev("n2", ["n1"], { dependsOn: ["b"] }),
  ]),
};
type GraphName = keyof typeof graphs;

const change = (name: GraphName, heads: string[], direction: Direction, id: string): HeadChange =>
  headChange(heads, { revision: graphs[name].get(id), direction }, graphs[name]);


describe("headChange for one step", () => {
  it.each<[GraphName, string[], Direction, string, HeadChange, string[]]>([
    ["linear", [], "up", "a", { kind: "insert", add: "a" }, ["a"]],
    ["linear", ["a"], "up", "b", { kind: "update", from: "a", to: "b" }, ["b"]],
    ["linear", ["b"], "down", "b", { kind: "update", from: "b", to: "a" }, ["a"]],
    ["linear", ["a"], "down", "a", { kind: "delete", remove: "a" }, []],
    ["diamond", ["c"], "up", "d", { kind: "insert", add: "d" }, ["c", "d"]],
    ["diamond", ["c", "d"], "up", "m", { kind: "merge", from: ["c", "d"], to: "m" }, ["m"]],
    ["diamond", ["m"], "down", "m", { kind: "unmerge", from: "m", to: ["c", "d"] }, ["c", "d"]],
    ["diamond", ["c", "d"], "down", "d", { kind: "delete", remove: "d" }, ["c"]],
    ["threeWay", ["m1", "z"], "up", "m2", { kind: "merge", from: ["m1", "z"], to: "m2" }, ["m2"]],
    ["threeWay", ["m2"], "down", "m2", { kind: "unmerge", from: "m2", to: ["m1", "z"] }, ["m1", "z"]],
    ["labelled", ["c"], "up", "n1", { kind: "insert", add: "n1" }, ["c", "n1"]],
    ["labelled", ["c", "n1"], "up", "n2", { kind: "update", from: "n1", to: "n2" }, ["c", "n2"]],
    ["labelled", ["b", "n1"], "up", "n2", { kind: "update", from: "n1", to: "n2" }, ["b", "n2"]],
    ["labelled", ["c", "n2"], "down", "n2", { kind: "update", from: "n2", to: "n1" }, ["c", "n1"]],
    ["labelled", ["c", "n2"], "up", "s1", { kind: "insert", add: "s1" }, ["c", "n2", "s1"]],
    ["labelled", ["n2"], "down", "n2", { kind: "unmerge", from: "n2", to: ["b", "n1"] }, ["b", "n1"]],
  ])("%s: heads %j, %s %s", (name, heads, direction, id, expected, after) => {
    const result = change(name, heads, direction, id);
    expect(result).toEqual(expected);
    expect(applyHeadChange(heads, result)).toEqual(after);
  });

  it.each<[GraphName, string[], Direction, string, string]>([
    ["linear", [], "up", "b", "a must be applied first"],
    ["linear", ["b"], "up", "a", "already applied"],
    ["linear", ["b"], "up", "b", "already applied"],
    ["linear", ["b"], "down", "a", "later revisions built on it are still applied"],
    ["linear", ["b"], "down", "c", "it is not applied"],
    ["diamond", ["c"], "up", "m", "d must be applied first"],
    ["labelled", ["n1"], "up", "n2", "b must be applied first"],
    ["labelled", ["b", "n2"], "down", "b", "another current head depends on it"],
  ])("%s: heads %j refuses %s %s", (name, heads, direction, id, reason) => {
    const error = caught(() => change(name, heads, direction, id));
    expect(error).toBeInstanceOf(StepNotApplicableError);
    expect(error).toMatchObject({ revision: id, direction, currentHeads: heads });
    expect(error.message).toContain(reason);
    expect(error.message).toContain(`revision ${id}`);
  });

  it("rejects a database head no file declares", () => {
    const error = caught(() => change("linear", ["zz"], "up", "a"));
    expect(error).toBeInstanceOf(UnknownDatabaseRevisionError);
    expect(error).toMatchObject({ id: "zz" });
  });
});

describe("applyHeadChange", () => {
  it.each<[string[], HeadChange, string[]]>([
    [["b"], { kind: "insert", add: "a" }, ["a", "b"]],
    [["a", "b"], { kind: "delete", remove: "a" }, ["b"]],
    [["z", "b"], { kind: "update", from: "z", to: "a" }, ["a", "b"]],
    [["q", "c", "d"], { kind: "merge", from: ["c", "d"], to: "m" }, ["m", "q"]],
    [["m", "q"], { kind: "unmerge", from: "m", to: ["d", "c"] }, ["c", "d", "q"]],
  ])("%j with %j gives %j", (heads, headsChange, expected) => {
    expect(applyHeadChange(heads, headsChange)).toEqual(expected);
  });

  it.each<[string[], HeadChange]>([
    [["a"], { kind: "insert", add: "a" }],
    [["a"], { kind: "delete", remove: "b" }],
    [["a"], { kind: "update", from: "b", to: "c" }],
    [["c"], { kind: "merge", from: ["c", "d"], to: "m" }],
    [["a"], { kind: "unmerge", from: "m", to: ["c", "d"] }],
  ])("treats %j with %j as a bug", (heads, headsChange) => {
    expect(() => applyHeadChange(heads, headsChange)).toThrow(/^bug: /);
  });
});

describe("replaying a plan step by step", () => {
  it.each<[GraphName, string[], Direction, string, HeadChange["kind"][], string[]]>([
    ["diamond", [], "up", "head", ["insert", "update", "update", "insert", "merge", "update"], ["n"]],
    ["diamond", ["c", "d"], "up", "head", ["merge", "update"], ["n"]],
    ["diamond", ["n"], "down", "-2", ["update", "unmerge"], ["c", "d"]],
    ["diamond", ["n"], "down", "base", ["update", "unmerge", "delete", "update", "update", "delete"], []],
    ["threeWay", [], "up", "head", ["insert", "update", "update", "insert", "merge", "insert", "merge"], ["m2"]],
    ["threeWay", ["m2"], "down", "-1", ["unmerge"], ["m1", "z"]],
    ["threeWay", ["m2"], "down", "b", ["unmerge", "delete", "unmerge", "delete", "update"], ["b"]],
    [
      "labelled",
      [],
      "up",
      "heads",
      ["insert", "update", "update", "insert", "update", "insert", "update"],
      ["c", "n2", "s2"],
    ],
    [
      "labelled",
      ["c", "n2", "s2"],
      "down",
      "base",
      ["update", "delete", "update", "delete", "update", "update", "delete"],
      [],
    ],
    ["labelled", ["c", "n2", "s2"], "down", "b", ["update", "delete", "update", "update"], ["b", "n1"]],
    ["labelled", ["n2"], "up", "heads", ["insert", "insert", "update"], ["c", "n2", "s2"]],
  ])("%s: from %j, %s to %s", (name, start, direction, target, kinds, end) => {
    const graph = graphs[name];
    const steps = direction === "up" ? graph.upgradePlan(start, target) : graph.downgradePlan(start, target);
    let heads = start;
    const seen: HeadChange["kind"][] = [];
    for (const step of steps) {
      const next = headChange(heads, step, graph);
      seen.push(next.kind);
      heads = applyHeadChange(heads, next);
    }
    expect(seen).toEqual(kinds);
    expect(heads).toEqual(end);
    const moved = new Set(steps.map((step) => step.revision.id));
    const before = [...graph.appliedRevisions(start)];
    const expected = direction === "up" ? [...before, ...moved] : before.filter((id) => !moved.has(id));
    expect([...graph.appliedRevisions(heads)].sort()).toEqual([...new Set(expected)].sort());
  });
});
