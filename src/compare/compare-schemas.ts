/**
 * (current, target) -> operations, in an order that runs: everything a later step needs exists before
 * it, and everything a drop depends on is gone before it. The downgrade is the reverse of each op in
 * reverse order, which is valid for the same reason.
 */
import type { ForeignKey, QualifiedName, SchemaModel, Table, View } from "../model/schema";
import { byQualifiedName, compareText, indexBy, qualifiedKey } from "../model/keys";
import type { ColumnDependents, MigrationOp, ReplaceEnumOp } from "../ops/types";
import { foreignKeysIncluding, partsIncluding, rebuildsAround } from "./column-dependents";
import { compareColumn, generationChange } from "./columns";
import { compareEnumValues, defaultsSetBySwaps, partsCastingToSwapped, swapSetsDefault, viewBlocksSwap } from "./enums";
import { defaultCompareOptions, type CompareOptions } from "./options";
import { foreignKeyKey, foreignKeysResting } from "./foreign-key-dependencies";
import { planPartRenames } from "./part-renames";
import { diffNamed } from "./table-parts";
import { readsColumns, viewsInTheWay } from "./view-readers";
import { planViews } from "./views";

interface TablePair {
  readonly current: Table;
  readonly target: Table;
}

const ref = (table: QualifiedName): QualifiedName => ({ schema: table.schema, name: table.name });

/** Schemas every database has; they are never created or dropped. */
const BUILTIN_SCHEMAS = new Set(["public"]);

const sortedTables = (tables: readonly Table[]): Table[] => [...tables].sort(byQualifiedName);

const sameDefinition = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Columns of a kept table that are dropped and added again (see columns.ts). */
const recreatedColumns = ({ current: before, target: after }: TablePair, options: CompareOptions): string[] =>
  after.columns.flatMap((column) => {
    const existing = before.columns.find((candidate) => candidate.name === column.name);
    return existing && generationChange(ref(after), existing, column, options) === "recreate" ? [column.name] : [];
  });

/**
 * The ops with the views their reverse must take down and put back (an added enum value's swap back,
 * an expression dropped in place recreated) cut to those the plan keeps: the ones it drops first are
 * created again only last, so in the downgrade they are gone while those reverses run.
 */
const withoutViewsDropped = (ops: readonly MigrationOp[], viewDrops: readonly MigrationOp[]): MigrationOp[] => {
  const dropped = new Set(viewDrops.flatMap((op) => (op.kind === "dropView" ? [qualifiedKey(op.name)] : [])));
  const kept = (views: readonly View[]) => views.filter((view) => !dropped.has(qualifiedKey(view)));
  return ops.map((op): MigrationOp => {
    if (op.kind === "addEnumValue" && op.existing) {
      return { ...op, existing: { ...op.existing, dependents: { ...op.existing.dependents, views: kept(op.existing.dependents.views) } } };
    }
    if (op.kind === "alterColumn" && op.existing) {
      return { ...op, existing: { ...op.existing, dependents: { ...op.existing.dependents, views: kept(op.existing.dependents.views) } } };
    }
    return op;
  });
};

const keptPairs = (current: SchemaModel, target: SchemaModel): TablePair[] => {
  const currentTables = indexBy(current.tables, qualifiedKey);
  return sortedTables(target.tables)
    .filter((table) => currentTables.has(qualifiedKey(table)))
    .map((table) => ({ current: currentTables.get(qualifiedKey(table))!, target: table }));
};

export const compareSchemas = (
  given: SchemaModel,
  target: SchemaModel,
  options: CompareOptions = defaultCompareOptions,
): MigrationOp[] => {
  const currentEnums = indexBy(given.enums, qualifiedKey);
  const targetEnums = indexBy(target.enums, qualifiedKey);
  const enumOps: MigrationOp[] = [...target.enums].sort(byQualifiedName).flatMap((enumType): MigrationOp[] => {
    const existing = currentEnums.get(qualifiedKey(enumType));
    return existing === undefined ? [{ kind: "createEnum", enumType }] : compareEnumValues(existing, enumType, given, target);
  });
  const swaps = enumOps.filter((op): op is ReplaceEnumOp => op.kind === "replaceEnum");

  // A column dropped and added again takes the parts that include it along, and a type swap cannot
  // carry parts holding constants of the type: both are rebuilt around.
  const rebuilds = rebuildsAround(given, new Map(keptPairs(given, target).map((pair) => [qualifiedKey(pair.target), recreatedColumns(pair, options)])));
  const aroundSwaps = partsCastingToSwapped(given, swaps);
  const rebuilt = (table: QualifiedName): ReadonlySet<string> =>
    new Set([...(rebuilds.parts.get(qualifiedKey(table)) ?? []), ...(aroundSwaps.get(qualifiedKey(table)) ?? [])]);

  // Parts that only change their name are renamed; from here on both sides use the new names. Parts
  // rebuilt anyway keep theirs, so the names above stay valid.
  const partRenames = planPartRenames(given, target, (table, kind, name) =>
    kind === "foreignKeys" ? rebuilds.foreignKeys.has(foreignKeyKey(table, { name })) : rebuilt(table).has(name),
  );
  const current = partRenames.current;
  const currentTables = indexBy(current.tables, qualifiedKey);
  const targetTables = indexBy(target.tables, qualifiedKey);
  const droppedTables = sortedTables(current.tables.filter((table) => !targetTables.has(qualifiedKey(table))));
  const createdTables = sortedTables(target.tables.filter((table) => !currentTables.has(qualifiedKey(table))));
  const keptTables = keptPairs(current, target);

  const ops: MigrationOp[] = [];
  const schemaSet = (model: SchemaModel) => new Set(model.schemas);
  const currentSchemas = schemaSet(current);
  const targetSchemas = schemaSet(target);
  for (const schema of [...target.schemas].sort(compareText)) {
    if (!currentSchemas.has(schema) && !BUILTIN_SCHEMAS.has(schema)) ops.push({ kind: "createSchema", schema });
  }

  const currentExtensions = new Set(current.extensions.map((extension) => extension.name));
  const byExtensionName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);
  for (const extension of [...target.extensions].sort(byExtensionName)) {
    if (!currentExtensions.has(extension.name)) ops.push({ kind: "createExtension", extension });
  }

  // Types and added values come first: new columns and defaults may need them. Swaps come later.
  ops.push(...enumOps.filter((op) => op.kind !== "replaceEnum"));

  // Renames run before any part is dropped or created, so that every later op names parts as they
  // are by then (part-renames.ts leaves out a rename whose new name is still taken at this point).
  ops.push(...partRenames.ops);

  // Foreign keys go first: a dropped table, key or unique constraint may be what they reference.
  const targetForeignKeys = new Map(target.tables.map((table) => [qualifiedKey(table), table.foreignKeys]));
  const resting = foreignKeysResting(current, target);
  const isResting = (table: Table, foreignKey: ForeignKey) =>
    resting.has(foreignKeyKey(table, foreignKey)) || rebuilds.foreignKeys.has(foreignKeyKey(table, foreignKey));
  for (const table of sortedTables(current.tables)) {
    const { dropped } = diffNamed(table.foreignKeys, targetForeignKeys.get(qualifiedKey(table)) ?? []);
    const rebuilt = table.foreignKeys.filter((foreignKey) => isResting(table, foreignKey) && !dropped.includes(foreignKey));
    for (const foreignKey of [...dropped, ...rebuilt].sort((a, b) => compareText(a.name, b.name))) {
      ops.push({ kind: "dropForeignKey", table: ref(table), name: foreignKey.name, existing: foreignKey });
    }
  }

  for (const { current: before, target: after } of keptTables) {
    const table = ref(after);
    for (const index of diffNamed(before.indexes, after.indexes, rebuilt(table)).dropped) {
      ops.push({ kind: "dropIndex", table, name: index.name, existing: index });
    }
    for (const unique of diffNamed(before.uniques, after.uniques, rebuilt(table)).dropped) {
      ops.push({ kind: "dropUniqueConstraint", table, name: unique.name, existing: unique });
    }
    for (const check of diffNamed(before.checks, after.checks, rebuilt(table)).dropped) {
      ops.push({ kind: "dropCheckConstraint", table, name: check.name, existing: check });
    }
    for (const exclusion of diffNamed(before.exclusions, after.exclusions, rebuilt(table)).dropped) {
      ops.push({ kind: "dropExclusionConstraint", table, name: exclusion.name, existing: exclusion });
    }
    const primaryKeys = diffNamed(before.primaryKey ? [before.primaryKey] : [], after.primaryKey ? [after.primaryKey] : [], rebuilt(table));
    for (const primaryKey of primaryKeys.dropped) {
      ops.push({ kind: "dropPrimaryKey", table, name: primaryKey.name, existing: primaryKey });
    }
  }

  for (const table of droppedTables) {
    ops.push({ kind: "dropTable", name: ref(table), existing: { ...table, foreignKeys: [] } });
  }
  // A swap runs once what it cannot carry is gone (the parts above, and dropped tables, whose columns
  // it no longer converts), and before new tables and columns that may use the new values.
  const dropped = new Set(droppedTables.map(qualifiedKey));
  for (const swap of swaps) ops.push({ ...swap, columns: swap.columns.filter((use) => !dropped.has(qualifiedKey(use.table))) });
  for (const table of createdTables) {
    ops.push({ kind: "createTable", table: { ...table, indexes: [], foreignKeys: [] } });
  }

  /**
   * What includes a column and stays as it is through the plan: what the reverse of an expression
   * dropped in place must drop and create again around the column (parts the plan changes anyway
   * are dropped and created by their own ops, in the downgrade too).
   */
  const keptDependents = ({ current: before, target: after }: TablePair) => (column: string): ColumnDependents => {
    const found = partsIncluding(before, [column]);
    const kept = <T extends { readonly name: string }>(parts: readonly T[], from: readonly T[], to: readonly T[]): T[] => {
      const { dropped } = diffNamed(from, to, rebuilt(after));
      return parts.filter((part) => !dropped.includes(part));
    };
    const targetTables = indexBy(target.tables, qualifiedKey);
    const keptForeignKey = (holder: Table, foreignKey: ForeignKey) =>
      !isResting(holder, foreignKey) &&
      (targetTables.get(qualifiedKey(holder))?.foreignKeys ?? []).some((candidate) => sameDefinition(candidate, foreignKey));
    return {
      primaryKey: kept(found.primaryKey ? [found.primaryKey] : [], before.primaryKey ? [before.primaryKey] : [], after.primaryKey ? [after.primaryKey] : [])[0] ?? null,
      uniques: kept(found.uniques, before.uniques, after.uniques),
      checks: kept(found.checks, before.checks, after.checks),
      exclusions: kept(found.exclusions, before.exclusions, after.exclusions),
      indexes: kept(found.indexes, before.indexes, after.indexes),
      foreignKeys: foreignKeysIncluding(current, before, [column])
        .filter(({ table: holder, foreignKey }) => keptForeignKey(holder, foreignKey))
        .map(({ table: holder, foreignKey }) => ({ table: ref(holder), foreignKey })),
      // Views the plan drops anyway are taken out below, once the views are planned.
      views: viewsInTheWay(current, readsColumns(before, [column])),
    };
  };

  const swappedDefaults = defaultsSetBySwaps(ops);
  for (const pair of keptTables) {
    ops.push(...compareTableBody(pair.current, pair.target, options, swappedDefaults, keptDependents(pair)));
  }

  for (const { current: before, target: after } of keptTables) {
    const table = ref(after);
    const primaryKeys = diffNamed(before.primaryKey ? [before.primaryKey] : [], after.primaryKey ? [after.primaryKey] : [], rebuilt(table));
    for (const primaryKey of primaryKeys.created) ops.push({ kind: "createPrimaryKey", table, primaryKey });
    for (const constraint of diffNamed(before.uniques, after.uniques, rebuilt(table)).created) {
      ops.push({ kind: "createUniqueConstraint", table, constraint });
    }
    for (const constraint of diffNamed(before.checks, after.checks, rebuilt(table)).created) {
      ops.push({ kind: "createCheckConstraint", table, constraint });
    }
    for (const constraint of diffNamed(before.exclusions, after.exclusions, rebuilt(table)).created) {
      ops.push({ kind: "createExclusionConstraint", table, constraint });
    }
  }
  const indexTargets = [
    ...createdTables.map((table) => ({ table, indexes: diffNamed([], table.indexes).created })),
    ...keptTables.map(({ current: before, target: after }) => ({
      table: after,
      indexes: diffNamed(before.indexes, after.indexes, rebuilt(after)).created,
    })),
  ].sort((a, b) => byQualifiedName(a.table, b.table));
  for (const { table, indexes } of indexTargets) {
    for (const index of indexes) ops.push({ kind: "createIndex", table: ref(table), index });
  }

  const currentForeignKeys = new Map(current.tables.map((table) => [qualifiedKey(table), table.foreignKeys]));
  for (const table of sortedTables(target.tables)) {
    const { created } = diffNamed(currentForeignKeys.get(qualifiedKey(table)) ?? [], table.foreignKeys);
    const rebuilt = table.foreignKeys.filter((foreignKey) => isResting(table, foreignKey) && !created.includes(foreignKey));
    for (const foreignKey of [...created, ...rebuilt].sort((a, b) => compareText(a.name, b.name))) {
      ops.push({ kind: "createForeignKey", table: ref(table), foreignKey });
    }
  }

  // Views wrap every other change: they are dropped before what they block and created after what they read.
  const views = planViews(current, target, ops, (view) => swaps.some((swap) => viewBlocksSwap(current, swap.name, swap.columns)(view)));
  const planned = withoutViewsDropped(ops, views.drops);
  ops.splice(0, ops.length, ...views.drops, ...planned, ...views.creates);

  for (const enumType of [...current.enums].sort(byQualifiedName)) {
    if (!targetEnums.has(qualifiedKey(enumType))) {
      ops.push({ kind: "dropEnum", name: { schema: enumType.schema, name: enumType.name }, existing: enumType });
    }
  }
  // Extensions the entities no longer need are kept: other objects (or other applications) may use
  // them, and the catalog cannot tell. A downgrade still drops the ones its upgrade created.
  for (const schema of [...current.schemas].sort(compareText)) {
    if (!targetSchemas.has(schema) && !BUILTIN_SCHEMAS.has(schema)) ops.push({ kind: "dropSchema", schema });
  }
  return ops;
};

const compareTableBody = (
  before: Table,
  after: Table,
  options: CompareOptions,
  swappedDefaults: ReadonlySet<string>,
  dependentsOf: (column: string) => ColumnDependents,
): MigrationOp[] => {
  const table = ref(after);
  const ops: MigrationOp[] = [];
  const beforeColumns = new Map(before.columns.map((column) => [column.name, column]));
  const afterNames = new Set(after.columns.map((column) => column.name));
  for (const column of after.columns) {
    const existing = beforeColumns.get(column.name);
    if (existing === undefined) {
      ops.push({ kind: "addColumn", table, column });
      continue;
    }
    // A type swap already sets the new default of its columns.
    const wanted = swapSetsDefault(swappedDefaults, table, column.name) ? { ...column, default: existing.default } : column;
    const alter = compareColumn(table, existing, wanted, options, () => dependentsOf(column.name));
    if (alter) ops.push(alter);
  }
  for (const column of before.columns) {
    if (!afterNames.has(column.name)) ops.push({ kind: "dropColumn", table, column: column.name, existing: column });
  }
  if (before.comment !== after.comment) {
    ops.push({ kind: "setTableComment", table, comment: { from: before.comment, to: after.comment } });
  }
  return ops;
};
