import type { EnumType } from "../model/schema";
import { displayName } from "../model/keys";
import type { AddEnumValueOp } from "../ops/types";
import { UnsupportedChangeError } from "./errors";

/**
 * Values can only be added in place (`ALTER TYPE ... ADD VALUE`); each new value is placed before
 * the next existing value it precedes in the declaration, so the final order matches it exactly.
 */
export const compareEnumValues = (current: EnumType, target: EnumType): AddEnumValueOp[] => {
  const removed = current.values.filter((value) => !target.values.includes(value));
  if (removed.length > 0) {
    throw new UnsupportedChangeError(
      `enum ${displayName(current)}`,
      `removing value(s) ${removed.map((value) => `'${value}'`).join(", ")}`,
      "Removing a value needs a type swap with a mapping for rows that use it; write it with op.execute() in an empty revision.",
    );
  }
  const kept = target.values.filter((value) => current.values.includes(value));
  if (kept.some((value, position) => value !== current.values[position])) {
    throw new UnsupportedChangeError(
      `enum ${displayName(current)}`,
      `reordering values (${current.values.join(", ")} -> ${target.values.join(", ")})`,
      "PostgreSQL cannot reorder enum values in place; write the type swap with op.execute() in an empty revision.",
    );
  }
  const ops: AddEnumValueOp[] = [];
  target.values.forEach((value, position) => {
    if (current.values.includes(value)) return;
    const nextExisting = target.values.slice(position + 1).find((later) => current.values.includes(later));
    ops.push({
      kind: "addEnumValue",
      name: { schema: target.schema, name: target.name },
      value,
      before: nextExisting ?? null,
      after: null,
    });
  });
  return ops;
};
