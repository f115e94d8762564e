import { RevisionGraph, type RevisionNode, type Step } from "../../src/runtime/graph";
import {
  AmbiguousRevisionError,
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  InvalidBranchLabelError,
  MissingParentError,
  MultipleHeadsError,
  NotAppliedTargetError,
  RelativeTargetError,
  RevisionCycleError,
  UnknownDatabaseRevisionError,
  UnknownRevisionError,
} from "../../src/runtime/graph-errors";
import { AutogenError } from "../../src/errors";
import { caught, diamond, rev, threeWay } from "./graph-fixtures";


/**
 * linear:    a - b - c - d
 * diamond:   a - b - c - m - n          (m merges c and d)
 *                  \- d -/
 * threeWay:  a - b - x - m1 - m2        (m1 merges x and y, m2 merges m1 and z)
 *                 |\- y -/    /
 *                  \-- z ----/
 * unmerged:  a - b - {x, y, z}          (three heads)
 * labelled:  main: a - b - c            (label "main" on a)
 *            shop:      b - s1 - s2     (label "shop" on s1, branches from b)
 *            net:  n1 - n2              (label "net" on n1, separate base; n2 depends on b)
 * crossed:   a - b - c - r              (r depends on s1)
 *                  \- s1 - s2           (label "shop" on s1)
 *            t1 - t2 - t3               (label "tail" on t3: the branch reaches down to t1)
 * prefixes:  ae1027 - ae1093 - ae10 - b7c0
 */
const graphs = {
  linear: RevisionGraph.build([rev("d", ["c"]), rev("c", ["b"]), rev("b", ["a"]), rev("a")]),
  diamond: diamond(),
  threeWay: threeWay(),
  unmerged: RevisionGraph.build([rev("a"), rev("b", ["a"]), rev("x", ["b"]), rev("y", ["b"]), rev("z", ["b"])]),
  labelled: RevisionGraph.build([
    rev("a", [], { branchLabels: ["main"] }),
    rev("b", ["a"]),
    rev("c", ["b"]),
    rev("s1", ["b"], { branchLabels: ["shop"] }),
    rev("s2", ["s1"]),
    rev("n1", [], { branchLabels: ["net"] }),
    rev("n2", ["n1"], { dependsOn: ["b"] }),
  ]),
  crossed: RevisionGraph.build([
    rev("a"),
    rev("b", ["a"]),
    rev("c", ["b"]),
    rev("r", ["c"], { dependsOn: ["s1"] }),
    rev("s1", ["b"], { branchLabels: ["shop"] }),
    rev("s2", ["s1"]),
    rev("t1"),
    rev("t2", ["t1"]),
    rev("t3", ["t2"], { branchLabels: ["tail"] }),
  ]),
  prefixes: RevisionGraph.build([
    rev("ae1027"),
    rev("ae1093", ["ae1027"]),
    rev("ae10", ["ae1093"]),
    rev("b7c0", ["ae10"]),
  ]),
};
type GraphName = keyof typeof graphs;


const stepIds = (steps: readonly Step[], direction: Step["direction"]): string[] => {
  expect(steps.every((step) => step.direction === direction)).toBe(true);
  return steps.map((step) => step.revision.id);
};

describe("RevisionGraph.build validation", () => {
  it.each<[string, RevisionNode[], new (...args: never[]) => AutogenError, object, string[]]>([
    [
      "duplicate id",
      [rev("a", [], { path: "one.ts" }), rev("b", ["a"]), rev("a", [], { path: "two.ts" })],
      DuplicateRevisionError,
      { id: "a", paths: ["one.ts", "two.ts"] },
      ["a", "one.ts", "two.ts"],
    ],
    [
      "missing parent",
      [rev("a"), rev("b", ["zz"], { path: "b.ts" })],
      MissingParentError,
      { revision: "b", parent: "zz", relation: "parent", path: "b.ts" },
      ["b", "zz", "b.ts", "downRevision"],
    ],
    [
      "missing dependency",
      [rev("a"), rev("b", ["a"], { dependsOn: ["qq"] })],
      MissingParentError,
      { revision: "b", parent: "qq", relation: "dependsOn" },
      ["b", "qq", "dependsOn"],
    ],
    [
      "cycle through parents",
      [rev("a", ["c"]), rev("b", ["a"]), rev("c", ["b"])],
      RevisionCycleError,
      { cycle: ["a", "c", "b"] },
      ["a -> c -> b -> a"],
    ],
    ["revision that is its own parent", [rev("a", ["a"])], RevisionCycleError, { cycle: ["a"] }, ["a -> a"]],
    [
      "cycle through dependsOn",
      [rev("a", [], { dependsOn: ["b"] }), rev("b", ["a"])],
      RevisionCycleError,
      { cycle: ["a", "b"] },
      ["a -> b -> a"],
    ],
    [
      "label on two revisions",
      [rev("a", [], { branchLabels: ["x"] }), rev("b", [], { branchLabels: ["x"] })],
      DuplicateBranchLabelError,
      { label: "x", revisions: ["a", "b"] },
      ['"x"', "a, b"],
    ],
    [
      "reserved label",
      [rev("a", [], { branchLabels: ["heads"] })],
      InvalidBranchLabelError,
      { label: "heads", revision: "a" },
      ['"heads"', "reserved"],
    ],
    [
      "label with @",
      [rev("a", [], { branchLabels: ["x@y"] })],
      InvalidBranchLabelError,
      { label: "x@y", revision: "a" },
      ['"x@y"'],
    ],
    [
      "label spelled like a revision id",
      [rev("a", [], { branchLabels: ["b"] }), rev("b", ["a"])],
      InvalidBranchLabelError,
      { label: "b", revision: "a" },
      ["revision id"],
    ],
  ])("rejects %s", (_name, revisions, errorClass, fields, mentions) => {
    const error = caught(() => RevisionGraph.build(revisions));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toBeInstanceOf(AutogenError);
    expect(error).toMatchObject(fields);
    for (const text of mentions) expect(error.message).toContain(text);
  });

  it("accepts revisions in any order and keeps them sorted by id", () => {
    expect(graphs.linear.revisions.map((node) => node.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("gives the same answers whatever order the revisions arrive in", () => {
    const shuffled = RevisionGraph.build([...graphs.labelled.revisions].reverse());
    expect(shuffled.history()).toEqual(graphs.labelled.history());
    expect(shuffled.upgradePlan([], "heads")).toEqual(graphs.labelled.upgradePlan([], "heads"));
    const heads = ["c", "n2", "s2"];
    expect(shuffled.downgradePlan(heads, "base")).toEqual(graphs.labelled.downgradePlan(heads, "base"));
  });

  it("builds an empty graph", () => {
    const empty = RevisionGraph.build([]);
    expect([empty.heads(), empty.bases(), empty.history(), empty.upgradePlan([], "head")]).toEqual([[], [], [], []]);
  });
});

describe("heads, bases and get", () => {
  it.each<[GraphName, string[], string[]]>([
    ["linear", ["d"], ["a"]],
    ["diamond", ["n"], ["a"]],
    ["threeWay", ["m2"], ["a"]],
    ["unmerged", ["x", "y", "z"], ["a"]],
    ["labelled", ["c", "n2", "s2"], ["a", "n1"]],
  ])("%s has heads %j and bases %j", (name, heads, bases) => {
    expect(graphs[name].heads()).toEqual(heads);
    expect(graphs[name].bases()).toEqual(bases);
  });

  it("gets a revision by exact id only", () => {
    expect(graphs.labelled.get("n2").dependsOn).toEqual(["b"]);
    const error = caught(() => graphs.prefixes.get("ae10"[0]!));
    expect(error).toBeInstanceOf(UnknownRevisionError);
    expect(error).toMatchObject({ id: "a" });
  });
});

describe("resolve", () => {
  it.each<[GraphName, string, string[], string[]]>([
    ["linear", "head", ["b"], ["d"]],
    ["linear", "heads", [], ["d"]],
    ["linear", "base", ["d"], []],
    ["linear", "current", ["c"], ["c"]],
    ["linear", "c", [], ["c"]],
    ["linear", "+1", ["b"], ["c"]],
    ["linear", "+2", [], ["b"]],
    ["linear", "-1", ["d"], ["c"]],
    ["linear", "-4", ["d"], []],
    ["linear", "b+2", ["a"], ["d"]],
    ["linear", "d-2", [], ["b"]],
    ["prefixes", "ae10", [], ["ae10"]],
    ["prefixes", "ae109", [], ["ae1093"]],
    ["prefixes", "b7", [], ["b7c0"]],
    ["prefixes", "ae102+1", [], ["ae1093"]],
    ["prefixes", "ae10-1", [], ["ae1093"]],
    ["prefixes", "b7-2", [], ["ae1093"]],
    ["diamond", "-1", ["n"], ["m"]],
    ["diamond", "-2", ["n"], ["c", "d"]],
    ["diamond", "m-1", [], ["c", "d"]],
    ["diamond", "+1", ["c"], ["m"]],
    ["diamond", "c+2", [], ["n"]],
    ["diamond", "head", ["c", "d"], ["n"]],
    ["threeWay", "-1", ["m2"], ["m1", "z"]],
    ["unmerged", "heads", [], ["x", "y", "z"]],
    ["labelled", "heads", [], ["c", "n2", "s2"]],
    ["labelled", "shop", [], ["s2"]],
    ["labelled", "shop@head", [], ["s2"]],
    ["labelled", "net@head", [], ["n2"]],
    ["labelled", "s1@head", [], ["s2"]],
    ["labelled", "c@head", [], ["c"]],
    ["labelled", "shop@base", [], ["b"]],
    ["labelled", "net@base", [], []],
    ["labelled", "shop@+1", ["c"], ["s1"]],
    ["labelled", "shop@+2", [], ["b"]],
    ["labelled", "shop@+3", [], ["s1"]],
    ["labelled", "shop@+1", ["c", "s1"], ["s2"]],
    ["labelled", "net@+1", ["c"], ["n1"]],
    ["labelled", "shop@-1", ["c", "n2", "s2"], ["s1"]],
    ["labelled", "shop@-2", ["c", "n2", "s2"], ["b"]],
    ["labelled", "current", ["n2", "c"], ["c", "n2"]],
    ["crossed", "tail", [], ["t3"]],
    ["crossed", "tail@base", [], []],
    ["crossed", "tail@-1", ["t3"], ["t2"]],
    ["crossed", "shop@base", [], ["b"]],
    ["crossed", "-1", ["r", "s1"], ["c"]],
  ])("%s: %s from %j is %j", (name, target, current, expected) => {
    expect(graphs[name].resolve(target, current)).toEqual(expected);
  });

  it.each<[GraphName, string, string[], new (...args: never[]) => AutogenError, object, string[]]>([
    ["unmerged", "head", [], MultipleHeadsError, { heads: ["x", "y", "z"] }, ["x, y, z", '"heads"', "autogen merge"]],
    ["labelled", "main@head", [], MultipleHeadsError, { heads: ["c", "s2"], target: "main@head" }, ["c, s2"]],
    ["labelled", "main", [], MultipleHeadsError, { heads: ["c", "s2"], target: "main" }, ['"main"']],
    ["labelled", "b@head", [], MultipleHeadsError, { heads: ["c", "s2"] }, ["b@head"]],
    ["linear", "zz", [], UnknownRevisionError, { id: "zz" }, ['"zz"', "autogen history"]],
    ["labelled", "nope@head", [], UnknownRevisionError, { id: "nope" }, ['"nope"']],
    ["labelled", "shop@tail", [], UnknownRevisionError, { id: "shop@tail" }, ['"shop@tail"']],
    [
      "prefixes",
      "ae",
      [],
      AmbiguousRevisionError,
      { prefix: "ae", candidates: ["ae10", "ae1027", "ae1093"] },
      ["ae10, ae1027, ae1093", "more characters"],
    ],
    ["prefixes", "ae1+1", [], AmbiguousRevisionError, { prefix: "ae1" }, ['"ae1"']],
    ["linear", "head", ["zz"], UnknownDatabaseRevisionError, { id: "zz" }, ["zz", "autogen stamp"]],
    ["linear", "+3", ["b"], RelativeTargetError, { target: "+3" }, ["only 2 step(s) up", "from b"]],
    ["linear", "c+2", [], RelativeTargetError, { target: "c+2" }, ["only 1 step(s) up", "from c"]],
    ["linear", "-5", ["d"], RelativeTargetError, { target: "-5" }, ["only 4 step(s) down lead", "from d"]],
    ["linear", "-1", [], RelativeTargetError, { target: "-1" }, ["below base"]],
    ["linear", "a-2", [], RelativeTargetError, { target: "a-2" }, ["only 1 step(s) down lead", "from a"]],
    ["diamond", "+1", ["b"], RelativeTargetError, { target: "+1" }, ["b is followed by several revisions (c, d)"]],
    ["diamond", "+1", ["c", "d"], RelativeTargetError, { target: "+1" }, ["starts from several revisions (c, d)"]],
    ["diamond", "-3", ["n"], RelativeTargetError, { target: "-3" }, ["step 2 reaches several revisions (c, d)"]],
    ["unmerged", "+2", ["a"], RelativeTargetError, { target: "+2" }, ["b is followed by several revisions (x, y, z)"]],
    ["labelled", "-1", ["c", "n2", "s2"], RelativeTargetError, { target: "-1" }, ["(c, n2, s2)", "<branch label>@-N"]],
    ["labelled", "shop@-1", ["c"], RelativeTargetError, { target: "shop@-1" }, ["no revision of branch shop"]],
    ["labelled", "shop@+1", ["s2"], RelativeTargetError, { target: "shop@+1" }, ["nothing lies above s2"]],
    ["labelled", "shop@+2", ["s1"], RelativeTargetError, { target: "shop@+2" }, ["only 1 step(s) up"]],
  ])("%s: %s from %j throws %p", (name, target, current, errorClass, fields, mentions) => {
    const error = caught(() => graphs[name].resolve(target, current));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject(fields);
    for (const text of mentions) expect(error.message).toContain(text);
  });
});

describe("upgradePlan", () => {
  it.each<[GraphName, string[], string, string[]]>([
    ["linear", [], "head", ["a", "b", "c", "d"]],
    ["linear", ["b"], "head", ["c", "d"]],
    ["linear", ["b"], "+1", ["c"]],
    ["linear", ["d"], "head", []],
    ["linear", ["c"], "b", []],
    ["linear", ["c"], "base", []],
    ["diamond", [], "head", ["a", "b", "c", "d", "m", "n"]],
    ["diamond", ["c", "d"], "head", ["m", "n"]],
    ["diamond", ["c"], "head", ["d", "m", "n"]],
    ["diamond", ["c"], "d", ["d"]],
    ["diamond", ["b"], "m", ["c", "d", "m"]],
    ["threeWay", [], "head", ["a", "b", "x", "y", "m1", "z", "m2"]],
    ["threeWay", ["m1", "z"], "head", ["m2"]],
    ["unmerged", ["x"], "heads", ["y", "z"]],
    ["unmerged", ["a"], "y", ["b", "y"]],
    ["labelled", [], "net@head", ["n1", "a", "b", "n2"]],
    ["labelled", [], "heads", ["a", "b", "c", "n1", "n2", "s1", "s2"]],
    ["labelled", ["c"], "shop@head", ["s1", "s2"]],
    ["labelled", ["c"], "shop", ["s1", "s2"]],
    ["labelled", ["c"], "shop@+1", ["s1"]],
    ["labelled", ["c", "s2"], "net", ["n1", "n2"]],
    ["labelled", ["n2"], "heads", ["c", "s1", "s2"]],
    ["labelled", ["a"], "shop@base", ["b"]],
    ["crossed", ["c"], "r", ["s1", "r"]],
    ["crossed", [], "tail@+2", ["t1", "t2"]],
  ])("%s: from %j to %s applies %j", (name, current, target, expected) => {
    expect(stepIds(graphs[name].upgradePlan(current, target), "up")).toEqual(expected);
  });

  it("refuses head when several heads exist", () => {
    expect(caught(() => graphs.unmerged.upgradePlan(["x"], "head"))).toBeInstanceOf(MultipleHeadsError);
  });
});

describe("downgradePlan", () => {
  it.each<[GraphName, string[], string, string[]]>([
    ["linear", ["d"], "-1", ["d"]],
    ["linear", ["d"], "-2", ["d", "c"]],
    ["linear", ["d"], "b", ["d", "c"]],
    ["linear", ["d"], "base", ["d", "c", "b", "a"]],
    ["linear", ["d"], "d", []],
    ["linear", [], "base", []],
    ["linear", ["c"], "c-1", ["c"]],
    ["diamond", ["n"], "-2", ["n", "m"]],
    ["diamond", ["n"], "m-1", ["n", "m"]],
    ["diamond", ["n"], "b", ["n", "m", "d", "c"]],
    ["diamond", ["n"], "c", ["n", "m"]],
    ["diamond", ["c", "d"], "a", ["d", "c", "b"]],
    ["threeWay", ["m2"], "-1", ["m2"]],
    ["threeWay", ["m2"], "b", ["m2", "z", "m1", "y", "x"]],
    ["unmerged", ["x", "y", "z"], "b", ["z", "y", "x"]],
    ["unmerged", ["x", "y"], "x-1", ["y", "x"]],
    ["labelled", ["c", "n2", "s2"], "base", ["s2", "s1", "n2", "n1", "c", "b", "a"]],
    ["labelled", ["c", "n2", "s2"], "b", ["s2", "s1", "n2", "c"]],
    ["labelled", ["c", "n2", "s2"], "shop@base", ["s2", "s1"]],
    ["labelled", ["c", "n2", "s2"], "net@base", ["n2", "n1"]],
    ["labelled", ["c", "n2", "s2"], "shop@-1", ["s2"]],
    ["labelled", ["c", "n2", "s2"], "a", ["s2", "s1", "n2", "c", "b"]],
    ["labelled", ["c"], "shop@base", []],
    ["crossed", ["r", "s2", "t3"], "shop@base", ["s2", "r", "s1"]],
    ["crossed", ["r", "s2", "t3"], "tail@base", ["t3", "t2", "t1"]],
    ["crossed", ["r", "s2", "t3"], "s1", ["s2", "r"]],
    ["crossed", ["r", "s1"], "-1", ["r"]],
  ])("%s: from %j to %s reverts %j", (name, current, target, expected) => {
    expect(stepIds(graphs[name].downgradePlan(current, target), "down")).toEqual(expected);
  });

  it.each<[GraphName, string[], string, string[]]>([
    ["labelled", ["c"], "s1", ["s1"]],
    ["labelled", ["c"], "heads", ["n2", "s2"]],
    ["linear", ["b"], "+1", ["c"]],
  ])("%s: from %j refuses %s, which is not applied", (name, current, target, unapplied) => {
    const error = caught(() => graphs[name].downgradePlan(current, target));
    expect(error).toBeInstanceOf(NotAppliedTargetError);
    expect(error).toMatchObject({ target, revisions: unapplied, currentHeads: current });
    for (const id of unapplied) expect(error.message).toContain(id);
    expect(error.message).toContain("autogen upgrade");
  });
});

describe("history and range", () => {
  it.each<[GraphName, string[]]>([
    ["linear", ["d", "c", "b", "a"]],
    ["diamond", ["n", "m", "d", "c", "b", "a"]],
    ["threeWay", ["m2", "z", "m1", "y", "x", "b", "a"]],
    ["labelled", ["s2", "s1", "n2", "n1", "c", "b", "a"]],
  ])("%s lists newest first", (name, expected) => {
    expect(graphs[name].history().map((node) => node.id)).toEqual(expected);
  });

  it.each<[GraphName, string | null, string | null, string[], string[]]>([
    ["linear", "b", "c", [], ["c", "b"]],
    ["linear", null, "b", [], ["b", "a"]],
    ["linear", "c", null, [], ["d", "c"]],
    ["linear", "base", "head", [], ["d", "c", "b", "a"]],
    ["linear", "current", null, ["b"], ["d", "c", "b"]],
    ["linear", "c", "b", [], []],
    ["diamond", "d", "n", [], ["n", "m", "d"]],
    ["labelled", "b", "heads", [], ["s2", "s1", "n2", "c", "b"]],
    ["labelled", "shop@base", null, [], ["s2", "s1"]],
    ["labelled", null, "net@head", [], ["n2", "n1", "b", "a"]],
  ])("%s: %s to %s (current %j) is %j", (name, from, to, current, expected) => {
    expect(graphs[name].range(from, to, current).map((node) => node.id)).toEqual(expected);
  });
});
