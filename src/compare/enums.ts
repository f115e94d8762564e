import { qualifiedKey } from "../model/keys";
import type { EnumType, QualifiedName, SchemaModel, View } from "../model/schema";
import { parseTypeReference, printedTypeName } from "../model/type-names";
import type { AddEnumValueOp, EnumColumnUse, MigrationOp, ReplaceEnumOp, SwapDependents } from "../ops/types";
import { readsColumns, viewsInTheWay } from "./view-readers";

/** Columns of the model whose type is the enum or an array of it. */
export const enumColumnUses = (model: SchemaModel, enumType: QualifiedName): EnumColumnUse[] =>
  model.tables.flatMap((table) =>
    table.columns.flatMap((column) => {
      const reference = parseTypeReference(column.type);
      if (!reference || reference.schema !== enumType.schema || reference.name !== enumType.name) return [];
      return [{ table: { schema: table.schema, name: table.name }, column: column.name, array: reference.array, default: column.default }];
    }),
  );

const columnKey = (table: QualifiedName, column: string): string => `${qualifiedKey(table)}\u0000${column}`;

/**
 * The uses a type swap converts, each with the default it sets after the swap where the target
 * changes it and the column keeps the type: set any earlier, a default naming a new value would fail,
 * and set back as it was, one naming a removed value would.
 */
const swapUses = (currentModel: SchemaModel, targetModel: SchemaModel, name: QualifiedName): EnumColumnUse[] => {
  const after = new Map(enumColumnUses(targetModel, name).map((use) => [columnKey(use.table, use.column), use]));
  return enumColumnUses(currentModel, name).map((use) => {
    const target = after.get(columnKey(use.table, use.column));
    return target && target.array === use.array && target.default !== use.default ? { ...use, defaultAfter: target.default } : use;
  });
};

/** Columns whose default a swap in `ops` sets: the column comparison leaves those defaults alone. */
export const defaultsSetBySwaps = (ops: readonly MigrationOp[]): Set<string> =>
  new Set(
    ops.flatMap((op) =>
      op.kind === "replaceEnum" ? op.columns.filter((use) => use.defaultAfter !== undefined).map((use) => columnKey(use.table, use.column)) : [],
    ),
  );

export const swapSetsDefault = (swapped: ReadonlySet<string>, table: QualifiedName, column: string): boolean => swapped.has(columnKey(table, column));

/**
 * Values are added in place (`ALTER TYPE ... ADD VALUE`) where that reaches the declared list: each
 * new value goes before the next existing value it precedes, so the final order matches exactly.
 * Removing or reordering values cannot be done in place and becomes a type swap.
 */
export const compareEnumValues = (
  current: EnumType,
  target: EnumType,
  currentModel: SchemaModel,
  targetModel: SchemaModel,
): (AddEnumValueOp | ReplaceEnumOp)[] => {
  const name = { schema: target.schema, name: target.name };
  const columns = enumColumnUses(currentModel, name);
  const kept = target.values.filter((value) => current.values.includes(value));
  const removed = current.values.filter((value) => !target.values.includes(value));
  const reordered = kept.some((value, position) => value !== current.values[position]);
  if (removed.length > 0 || reordered) {
    return [{ kind: "replaceEnum", name, from: current.values, to: target.values, columns: swapUses(currentModel, targetModel, name), mapping: {} }];
  }
  const ops: AddEnumValueOp[] = [];
  const dependents = swapDependents(currentModel, name, columns);
  let values = [...current.values];
  target.values.forEach((value, position) => {
    if (values.includes(value)) return;
    const nextExisting = target.values.slice(position + 1).find((later) => values.includes(later)) ?? null;
    ops.push({ kind: "addEnumValue", name, value, before: nextExisting, after: null, existing: { values, columns, dependents } });
    values = nextExisting === null ? [...values, value] : values.flatMap((candidate) => (candidate === nextExisting ? [value, candidate] : [candidate]));
  });
  return ops;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether SQL text as PostgreSQL prints it casts a constant to the type (`'done'::public.status`). */
const castsTo = (model: SchemaModel, name: QualifiedName): ((text: string | null) => boolean) => {
  const cast = new RegExp(`::${escapeRegExp(printedTypeName(model, name))}(?![A-Za-z0-9_$"])`);
  return (text) => text !== null && cast.test(text);
};

/** Per table of the model, its indexes and constraints whose text holds a constant of the type. */
const partsCastingTo = (model: SchemaModel, name: QualifiedName): SwapDependents["parts"] => {
  const casting = castsTo(model, name);
  return model.tables.flatMap((table) => {
    const part = {
      table: { schema: table.schema, name: table.name },
      indexes: table.indexes.filter((index) => index.keys.some(casting) || casting(index.where)),
      checks: table.checks.filter((check) => casting(check.expression)),
      exclusions: table.exclusions.filter((exclusion) => casting(exclusion.definition)),
    };
    return part.indexes.length + part.checks.length + part.exclusions.length > 0 ? [part] : [];
  });
};

/**
 * Parts whose text holds a constant of a swapped type (`state = 'done'::public.status` in an index
 * predicate or a check): PostgreSQL rebuilds them during the swap with the constant still of the old
 * type, and finds no operator between the two types. They are dropped before the swap and created
 * again after it. Per table (`qualifiedKey`), the names of those parts.
 */
export const partsCastingToSwapped = (current: SchemaModel, swaps: readonly ReplaceEnumOp[]): Map<string, Set<string>> => {
  const parts = new Map<string, Set<string>>();
  for (const { table, indexes, checks, exclusions } of swaps.flatMap((swap) => partsCastingTo(current, swap.name))) {
    const names = parts.get(qualifiedKey(table)) ?? new Set<string>();
    for (const part of [...checks, ...exclusions, ...indexes]) names.add(part.name);
    parts.set(qualifiedKey(table), names);
  }
  return parts;
};

/** Whether a view reads a column of a swapped type or casts to it: a swap cannot go on under it. */
export const viewBlocksSwap = (model: SchemaModel, name: QualifiedName, columns: readonly EnumColumnUse[]): ((view: View) => boolean) => {
  const casting = castsTo(model, name);
  return (view) => casting(view.definition) || columns.some((use) => readsColumns(use.table, [use.column])(view));
};

/**
 * What a swap of the type in the model would have to drop and create again: the reverse of an added
 * value is such a swap, with nothing in the plan around it.
 */
export const swapDependents = (model: SchemaModel, name: QualifiedName, columns: readonly EnumColumnUse[]): SwapDependents => ({
  parts: partsCastingTo(model, name),
  views: viewsInTheWay(model, viewBlocksSwap(model, name, columns)),
});
