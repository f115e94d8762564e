import { qualifiedKey } from "../model/keys";
import type { EnumType, QualifiedName, SchemaModel } from "../model/schema";
import { parseTypeReference, printedTypeName } from "../model/type-names";
import type { AddEnumValueOp, EnumColumnUse, MigrationOp, ReplaceEnumOp } from "../ops/types";

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
  let values = [...current.values];
  target.values.forEach((value, position) => {
    if (values.includes(value)) return;
    const nextExisting = target.values.slice(position + 1).find((later) => values.includes(later)) ?? null;
    ops.push({ kind: "addEnumValue", name, value, before: nextExisting, after: null, existing: { values, columns } });
    values = nextExisting === null ? [...values, value] : values.flatMap((candidate) => (candidate === nextExisting ? [value, candidate] : [candidate]));
  });
  return ops;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Parts whose text holds a constant of a swapped type (`state = 'done'::public.status` in an index
 * predicate or a check): PostgreSQL rebuilds them during the swap with the constant still of the old
 * type, and finds no operator between the two types. They are dropped before the swap and created
 * again after it. Per table (`qualifiedKey`), the names of those parts.
 */
export const partsCastingToSwapped = (current: SchemaModel, swaps: readonly ReplaceEnumOp[]): Map<string, Set<string>> => {
  const casts = swaps.map((swap) => new RegExp(`::${escapeRegExp(printedTypeName(current, swap.name))}(?![A-Za-z0-9_$"])`));
  const casting = (text: string | null) => text !== null && casts.some((cast) => cast.test(text));
  const parts = new Map<string, Set<string>>();
  if (casts.length === 0) return parts;
  for (const table of current.tables) {
    const names = [
      ...table.checks.filter((check) => casting(check.expression)),
      ...table.exclusions.filter((exclusion) => casting(exclusion.definition)),
      ...table.indexes.filter((index) => index.keys.some(casting) || casting(index.where)),
    ].map((part) => part.name);
    if (names.length > 0) parts.set(qualifiedKey(table), new Set(names));
  }
  return parts;
};
