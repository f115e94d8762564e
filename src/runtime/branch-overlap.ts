/**
 * Which schema objects more than one branch touches, found from the branches' operations alone (no
 * database). Each operation touches objects along a path (schema > table > column, schema > enum >
 * value): two branches overlap where one path contains the other, unless both only rely on the object
 * staying as it is (two foreign keys to the same column do not conflict; a foreign key to a column the
 * other branch retypes does).
 */
import { compareText } from "../model/keys";
import type { QualifiedName } from "../model/schema";
import { describeOp } from "../ops/describe";
import { dispatch, type MigrationOp, type PerOpKind } from "../ops/types";

type SegmentKind = "schema" | "extension" | "table" | "column" | "constraint" | "index" | "comment" | "enum" | "enum value" | "value order";

interface Segment {
  readonly kind: SegmentKind;
  readonly name: string;
}

/** `changes`: creates, drops, renames or alters the object. `uses`: needs it to stay as it is. */
export type Access = "changes" | "uses";

export interface Touch {
  readonly path: readonly Segment[];
  readonly access: Access;
}

const schemaPath = (schema: string): Segment[] => [{ kind: "schema", name: schema }];
const tablePath = (table: QualifiedName): Segment[] => [...schemaPath(table.schema), { kind: "table", name: table.name }];
const enumPath = (type: QualifiedName): Segment[] => [...schemaPath(type.schema), { kind: "enum", name: type.name }];
const inTable = (table: QualifiedName, kind: SegmentKind, name: string): Segment[] => [...tablePath(table), { kind, name }];

const changes = (path: Segment[]): Touch => ({ path, access: "changes" });
const uses = (path: Segment[]): Touch => ({ path, access: "uses" });
const usesColumns = (table: QualifiedName, columns: readonly string[]): Touch[] =>
  columns.map((column) => uses(inTable(table, "column", column)));

/** The column an index key names, when the key is a plain column (optionally DESC / NULLS ...), not an expression. */
const keyColumn = (key: string): string[] => {
  const match = /^(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))(?:\s|$)/.exec(key);
  if (match === null) return [];
  return [match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!];
};

const touchesByKind: PerOpKind<Touch[]> = {
  createSchema: (op) => [changes(schemaPath(op.schema))],
  dropSchema: (op) => [changes(schemaPath(op.schema))],
  createExtension: (op) => [changes([{ kind: "extension", name: op.extension.name }])],
  dropExtension: (op) => [changes([{ kind: "extension", name: op.extension.name }])],
  createEnum: (op) => [changes(enumPath(op.enumType))],
  dropEnum: (op) => [changes(enumPath(op.name))],
  // Values added by two branches land in a different order depending on which runs first.
  addEnumValue: (op) => [
    changes([...enumPath(op.name), { kind: "enum value", name: op.value }]),
    changes([...enumPath(op.name), { kind: "value order", name: "" }]),
  ],
  renameEnumValue: (op) => [
    changes([...enumPath(op.name), { kind: "enum value", name: op.value }]),
    changes([...enumPath(op.name), { kind: "enum value", name: op.newValue }]),
  ],
  renameEnum: (op) => [changes(enumPath(op.name)), changes(enumPath({ schema: op.name.schema, name: op.newName }))],
  replaceEnum: (op) => [
    changes(enumPath(op.name)),
    ...op.columns.map((use) => changes(inTable(use.table, "column", use.column))),
  ],
  createTable: (op) => [changes(tablePath(op.table))],
  dropTable: (op) => [changes(tablePath(op.name))],
  archiveTable: (op) => [changes(tablePath(op.name)), changes(tablePath({ schema: op.name.schema, name: op.archive }))],
  restoreTable: (op) => [changes(tablePath(op.table)), changes(tablePath({ schema: op.table.schema, name: op.archive }))],
  renameTable: (op) => [changes(tablePath(op.name)), changes(tablePath({ schema: op.name.schema, name: op.newName }))],
  setTableComment: (op) => [changes(inTable(op.table, "comment", ""))],
  addColumn: (op) => [changes(inTable(op.table, "column", op.column.name))],
  dropColumn: (op) => [changes(inTable(op.table, "column", op.column))],
  archiveColumn: (op) => [
    changes(inTable(op.table, "column", op.column)),
    ...usesColumns(op.table, op.key),
    changes(tablePath({ schema: op.table.schema, name: op.archive })),
  ],
  restoreColumn: (op) => [
    changes(inTable(op.table, "column", op.column.name)),
    ...usesColumns(op.table, op.key),
    changes(tablePath({ schema: op.table.schema, name: op.archive })),
  ],
  alterColumn: (op) => [changes(inTable(op.table, "column", op.column))],
  recreateColumn: (op) => [changes(inTable(op.table, "column", op.column.name))],
  renameColumn: (op) => [changes(inTable(op.table, "column", op.column)), changes(inTable(op.table, "column", op.newName))],
  createPrimaryKey: (op) => [
    changes(inTable(op.table, "constraint", op.primaryKey.name)),
    ...usesColumns(op.table, op.primaryKey.columns),
  ],
  dropPrimaryKey: (op) => [changes(inTable(op.table, "constraint", op.name))],
  createUniqueConstraint: (op) => [
    changes(inTable(op.table, "constraint", op.constraint.name)),
    ...usesColumns(op.table, op.constraint.columns),
  ],
  dropUniqueConstraint: (op) => [changes(inTable(op.table, "constraint", op.name))],
  createCheckConstraint: (op) => [changes(inTable(op.table, "constraint", op.constraint.name))],
  dropCheckConstraint: (op) => [changes(inTable(op.table, "constraint", op.name))],
  createExclusionConstraint: (op) => [changes(inTable(op.table, "constraint", op.constraint.name))],
  dropExclusionConstraint: (op) => [changes(inTable(op.table, "constraint", op.name))],
  createForeignKey: (op) => [
    changes(inTable(op.table, "constraint", op.foreignKey.name)),
    ...usesColumns(op.table, op.foreignKey.columns),
    ...usesColumns(op.foreignKey.referencedTable, op.foreignKey.referencedColumns),
  ],
  dropForeignKey: (op) => [changes(inTable(op.table, "constraint", op.name))],
  renameConstraint: (op) => [changes(inTable(op.table, "constraint", op.name)), changes(inTable(op.table, "constraint", op.newName))],
  createIndex: (op) => [changes(inTable(op.table, "index", op.index.name)), ...usesColumns(op.table, op.index.keys.flatMap(keyColumn))],
  dropIndex: (op) => [changes(inTable(op.table, "index", op.name))],
  renameIndex: (op) => [changes(inTable(op.table, "index", op.name)), changes(inTable(op.table, "index", op.newName))],
  // A view lives among the tables (one namespace of relations), and relies on what it reads staying as it is.
  createView: (op) => [
    changes(tablePath(op.view)),
    ...op.view.dependsOn.flatMap((relation) =>
      relation.columns.length === 0 ? [uses(tablePath(relation))] : usesColumns(relation, relation.columns),
    ),
  ],
  dropView: (op) => [changes(tablePath(op.name))],
  validateConstraint: (op) => [changes(inTable(op.table, "constraint", op.name))],
  // Raw SQL can touch anything; the caller reports it as unanalysed, and the shadow replay runs it.
  execute: () => [],
};

export const touchesOf = (op: MigrationOp): Touch[] => dispatch(touchesByKind, op);

/** `column public.users.nickname`, `enum value public.status 'archived'`. */
export const describeObject = (path: readonly Segment[]): string => {
  const last = path[path.length - 1]!;
  const owner = path.slice(0, -1).map((segment) => segment.name).join(".");
  switch (last.kind) {
    case "comment":
      return `comment of table ${owner}`;
    case "value order":
      return `order of the values of enum ${owner}`;
    case "enum value":
      return `enum value ${owner} '${last.name}'`;
    default:
      return `${last.kind} ${path.map((segment) => segment.name).join(".")}`;
  }
};

const pathKey = (path: readonly Segment[]): string => path.map((segment) => `${segment.kind}\u0000${segment.name}`).join("\u0001");

const contains = (outer: readonly Segment[], inner: readonly Segment[]): boolean =>
  outer.length <= inner.length && outer.every((segment, at) => segment.kind === inner[at]!.kind && segment.name === inner[at]!.name);

/** The object two touches share (the outer one when one contains the other), or null. */
const sharedObject = (a: Touch, b: Touch): readonly Segment[] | null => {
  if (a.access === "uses" && b.access === "uses") return null;
  if (contains(a.path, b.path)) return a.path;
  if (contains(b.path, a.path)) return b.path;
  return null;
};

export interface RecordedRevision {
  readonly id: string;
  readonly ops: readonly MigrationOp[];
}

/** A branch being merged: its tip and the revisions since the merge base, in apply order. */
export interface BranchOps {
  readonly tip: string;
  readonly revisions: readonly RecordedRevision[];
}

export interface OverlapTouch {
  readonly revision: string;
  readonly operation: string;
}

export interface OverlapSide {
  readonly tip: string;
  readonly touches: readonly OverlapTouch[];
}

export interface Overlap {
  readonly object: string;
  readonly sides: readonly OverlapSide[];
}

interface TouchRecord {
  /** Position of the op in its branch, so each op is listed once and in apply order. */
  readonly position: number;
  readonly revision: string;
  readonly operation: string;
  readonly touch: Touch;
}

const recordsOf = (branch: BranchOps): TouchRecord[] => {
  let position = 0;
  return branch.revisions.flatMap((revision) =>
    revision.ops.flatMap((op) => {
      const at = position++;
      return touchesOf(op).map((touch) => ({ position: at, revision: revision.id, operation: describeOp(op), touch }));
    }),
  );
};

/**
 * Objects touched by more than one branch, sorted by object. Branches are compared pairwise, each
 * without the revisions the other also contains (with three or more branches, two may share some).
 */
export const findOverlaps = (branches: readonly BranchOps[]): Overlap[] => {
  const records = branches.map(recordsOf);
  const found = new Map<string, { object: string; sides: Map<number, Map<number, OverlapTouch>> }>();
  const note = (key: string, object: string, branch: number, record: TouchRecord) => {
    const entry = found.get(key) ?? { object, sides: new Map() };
    found.set(key, entry);
    const side = entry.sides.get(branch) ?? new Map<number, OverlapTouch>();
    entry.sides.set(branch, side);
    side.set(record.position, { revision: record.revision, operation: record.operation });
  };
  branches.forEach((first, i) => {
    branches.forEach((second, j) => {
      if (j <= i) return;
      const inFirst = new Set(first.revisions.map((revision) => revision.id));
      const inSecond = new Set(second.revisions.map((revision) => revision.id));
      const mine = records[i]!.filter((record) => !inSecond.has(record.revision));
      const theirs = records[j]!.filter((record) => !inFirst.has(record.revision));
      for (const a of mine) {
        for (const b of theirs) {
          const shared = sharedObject(a.touch, b.touch);
          if (shared === null) continue;
          const key = pathKey(shared);
          note(key, describeObject(shared), i, a);
          note(key, describeObject(shared), j, b);
        }
      }
    });
  });
  return [...found.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, entry]) => ({
      object: entry.object,
      sides: [...entry.sides.entries()]
        .sort(([a], [b]) => a - b)
        .map(([branch, touches]) => ({
          tip: branches[branch]!.tip,
          touches: [...touches.entries()].sort(([a], [b]) => a - b).map(([, touch]) => touch),
        })),
    }));
};
