import { qualifiedKey } from "../model/keys";
import type { EnumType, QualifiedName, SchemaModel } from "../model/schema";
import { parseTypeReference } from "../model/type-names";
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
