/**
 * A key, constraint or index whose definition stays while its name changes is renamed in place
 * (`renameConstraint`, `renameIndex`) instead of being dropped and created again. TypeORM derives
 * these names from the table and column names, so a table or column rename changes them all; a
 * rebuild would build the index again, scan for the foreign key, and leave the table without its key
 * in between, where PostgreSQL only writes the new name into the catalog.
 *
 * The renames are applied to the current model before the rest of the comparison, as table renames
 * are, so what follows sees the same names on both sides; the ops run before any other part op.
 * A rename is only planned where it is certain: one part disappears and one appears with the same
 * definition, and no other current object holds the new name (a part dropped by the plan, or one
 * renamed away, whose old name would still be taken when the rename runs). Everything else is
 * dropped and created as before.
 */
import { byQualifiedName, compareText, indexBy, qualifiedKey } from "../model/keys";
import type { QualifiedName, SchemaModel, Table } from "../model/schema";
import type { MigrationOp } from "../ops/types";

export type PartKind = "primaryKey" | "uniques" | "checks" | "exclusions" | "foreignKeys" | "indexes";

interface Named {
  readonly name: string;
}

/** Constraints first, indexes last: the order the ops are written in. */
const PART_KINDS: readonly PartKind[] = ["primaryKey", "uniques", "checks", "exclusions", "foreignKeys", "indexes"];

/** Kinds whose name is also a relation's (their index's) name, unique among the schema's relations. */
const RELATION_NAMED: ReadonlySet<PartKind> = new Set(["primaryKey", "uniques", "exclusions", "indexes"]);

const partsOf = (table: Table, kind: PartKind): readonly Named[] =>
  kind === "primaryKey" ? (table.primaryKey ? [table.primaryKey] : []) : table[kind];

/** The definition with the name set aside. */
const definitionOf = (part: Named): string => JSON.stringify({ ...part, name: null });

export interface PartRename {
  readonly table: QualifiedName;
  readonly kind: PartKind;
  readonly from: string;
  readonly to: string;
}

/** Pairs within one kind of one table: one part gone and one new, alone with their definition. */
const pairsOf = (table: QualifiedName, kind: PartKind, before: readonly Named[], after: readonly Named[], excluded: (name: string) => boolean): PartRename[] => {
  const afterNames = new Set(after.map((part) => part.name));
  const beforeNames = new Set(before.map((part) => part.name));
  const gone = before.filter((part) => !afterNames.has(part.name) && !excluded(part.name));
  const appeared = after.filter((part) => !beforeNames.has(part.name) && !excluded(part.name));
  const byDefinition = (parts: readonly Named[]) => {
    const groups = new Map<string, Named[]>();
    for (const part of parts) groups.set(definitionOf(part), [...(groups.get(definitionOf(part)) ?? []), part]);
    return groups;
  };
  const goneByDefinition = byDefinition(gone);
  const appearedByDefinition = byDefinition(appeared);
  const pairs: PartRename[] = [];
  for (const [definition, from] of goneByDefinition) {
    const to = appearedByDefinition.get(definition) ?? [];
    // Two candidates on either side: which is which cannot be known, so neither is renamed.
    if (from.length === 1 && to.length === 1) pairs.push({ table, kind, from: from[0]!.name, to: to[0]!.name });
  }
  return pairs;
};

/**
 * Names held in the current model: per table, its constraints'; per schema, its relations' (tables,
 * views, indexes, and the indexes of keys, unique and exclusion constraints).
 */
const takenNames = (current: SchemaModel) => {
  const relations = new Map<string, Set<string>>();
  const relationsIn = (schema: string) => relations.get(schema) ?? relations.set(schema, new Set()).get(schema)!;
  const constraints = new Map<string, Set<string>>();
  for (const table of current.tables) {
    relationsIn(table.schema).add(table.name);
    const names = new Set<string>();
    for (const kind of PART_KINDS) {
      for (const part of partsOf(table, kind)) {
        if (kind !== "indexes") names.add(part.name);
        if (RELATION_NAMED.has(kind)) relationsIn(table.schema).add(part.name);
      }
    }
    constraints.set(qualifiedKey(table), names);
  }
  for (const view of current.views) {
    relationsIn(view.schema).add(view.name);
    for (const index of view.indexes) relationsIn(view.schema).add(index.name);
  }
  return (rename: PartRename): boolean =>
    (rename.kind !== "indexes" && (constraints.get(qualifiedKey(rename.table))?.has(rename.to) ?? false)) ||
    (RELATION_NAMED.has(rename.kind) && relationsIn(rename.table.schema).has(rename.to));
};

const renamedParts = <T extends Named>(parts: readonly T[], renames: ReadonlyMap<string, string>): T[] =>
  parts.map((part) => (renames.has(part.name) ? { ...part, name: renames.get(part.name)! } : part));

const withRenames = (table: Table, renames: readonly PartRename[]): Table => {
  const of = (kind: PartKind) => new Map(renames.filter((rename) => rename.kind === kind).map((rename) => [rename.from, rename.to]));
  return {
    ...table,
    primaryKey: table.primaryKey ? renamedParts([table.primaryKey], of("primaryKey"))[0]! : null,
    uniques: renamedParts(table.uniques, of("uniques")),
    checks: renamedParts(table.checks, of("checks")),
    exclusions: renamedParts(table.exclusions, of("exclusions")),
    foreignKeys: renamedParts(table.foreignKeys, of("foreignKeys")),
    indexes: renamedParts(table.indexes, of("indexes")),
  };
};

const toOp = (rename: PartRename): MigrationOp =>
  rename.kind === "indexes"
    ? { kind: "renameIndex", table: rename.table, name: rename.from, newName: rename.to }
    : { kind: "renameConstraint", table: rename.table, name: rename.from, newName: rename.to };

/**
 * The current model with the name-only changes made, and the ops that make them, by table, then kind
 * (key, uniques, checks, exclusions, foreign keys, indexes), then old name. `excluded` names parts the plan rebuilds anyway (a
 * column they include is recreated, or an enum type they cast to is swapped): they keep their names
 * and are dropped and created under them.
 */
export const planPartRenames = (
  current: SchemaModel,
  target: SchemaModel,
  excluded: (table: Table, kind: PartKind, name: string) => boolean,
): { current: SchemaModel; ops: MigrationOp[] } => {
  const targetTables = indexBy(target.tables, qualifiedKey);
  const taken = takenNames(current);
  const renames = [...current.tables].sort(byQualifiedName).flatMap((before) => {
    const after = targetTables.get(qualifiedKey(before));
    if (!after) return [];
    const table = { schema: before.schema, name: before.name };
    return PART_KINDS.flatMap((kind) =>
      pairsOf(table, kind, partsOf(before, kind), partsOf(after, kind), (name) => excluded(before, kind, name))
        .sort((a, b) => compareText(a.from, b.from))
        .filter((rename) => !taken(rename)),
    );
  });
  if (renames.length === 0) return { current, ops: [] };
  const byTable = new Map<string, PartRename[]>();
  for (const rename of renames) byTable.set(qualifiedKey(rename.table), [...(byTable.get(qualifiedKey(rename.table)) ?? []), rename]);
  return {
    current: { ...current, tables: current.tables.map((table) => withRenames(table, byTable.get(qualifiedKey(table)) ?? [])) },
    ops: renames.map(toOp),
  };
};
