import type { Column, QualifiedName } from "../model/schema";
import { displayName } from "../model/keys";
import type { ColumnChanges, MigrationOp } from "../ops/types";
import { UnsupportedChangeError } from "./errors";
import { isEnabled, type CompareOptions } from "./options";

const changeOf = <T>(from: T, to: T): { from: T; to: T } | undefined => (from === to ? undefined : { from, to });

/** Attributes whose change needs a dedicated operation that autogen does not write yet. */
const unsupportedChange = (table: QualifiedName, current: Column, target: Column): string | null => {
  if (current.serial !== target.serial) return `serial ${current.serial} -> ${target.serial}`;
  if (current.identity !== target.identity) return `identity ${current.identity ?? "none"} -> ${target.identity ?? "none"}`;
  if (current.generated !== target.generated) return `generated expression ${current.generated ?? "none"} -> ${target.generated ?? "none"}`;
  if (current.collation !== target.collation) return `collation ${current.collation ?? "default"} -> ${target.collation ?? "default"}`;
  void table;
  return null;
};

export const compareColumn = (
  table: QualifiedName,
  current: Column,
  target: Column,
  options: CompareOptions,
): MigrationOp | null => {
  const unsupported = unsupportedChange(table, current, target);
  if (unsupported !== null) {
    throw new UnsupportedChangeError(
      `column ${displayName(table)}.${current.name}`,
      unsupported,
      "Write this change by hand with op.execute() in an empty revision (autogen revision --empty).",
    );
  }
  const comparison = { table, current, target };
  const changes: ColumnChanges = {
    type: isEnabled(options.compareType, comparison) ? changeOf(current.type, target.type) : undefined,
    nullable: changeOf(current.nullable, target.nullable),
    default: isEnabled(options.compareServerDefault, comparison) ? changeOf(current.default, target.default) : undefined,
    comment: changeOf(current.comment, target.comment),
  };
  const present = Object.fromEntries(Object.entries(changes).filter(([, change]) => change !== undefined)) as ColumnChanges;
  if (Object.keys(present).length === 0) return null;
  return { kind: "alterColumn", table, column: current.name, changes: present };
};
