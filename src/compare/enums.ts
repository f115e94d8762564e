import type { EnumType, QualifiedName, SchemaModel } from "../model/schema";
import { parseTypeReference } from "../model/type-names";
import type { AddEnumValueOp, EnumColumnUse, ReplaceEnumOp } from "../ops/types";

/** Columns of the model whose type is the enum or an array of it. */
export const enumColumnUses = (model: SchemaModel, enumType: QualifiedName): EnumColumnUse[] =>
  model.tables.flatMap((table) =>
    table.columns.flatMap((column) => {
      const reference = parseTypeReference(column.type);
      if (!reference || reference.schema !== enumType.schema || reference.name !== enumType.name) return [];
      return [{ table: { schema: table.schema, name: table.name }, column: column.name, array: reference.array, default: column.default }];
    }),
  );

/**
 * Values are added in place (`ALTER TYPE ... ADD VALUE`) where that reaches the declared list: each
 * new value goes before the next existing value it precedes, so the final order matches exactly.
 * Removing or reordering values cannot be done in place and becomes a type swap.
 */
export const compareEnumValues = (current: EnumType, target: EnumType, currentModel: SchemaModel): (AddEnumValueOp | ReplaceEnumOp)[] => {
  const name = { schema: target.schema, name: target.name };
  const columns = enumColumnUses(currentModel, name);
  const kept = target.values.filter((value) => current.values.includes(value));
  const removed = current.values.filter((value) => !target.values.includes(value));
  const reordered = kept.some((value, position) => value !== current.values[position]);
  if (removed.length > 0 || reordered) {
    return [{ kind: "replaceEnum", name, from: current.values, to: target.values, columns, mapping: {} }];
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
