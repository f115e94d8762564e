import type { Column, QualifiedName } from "../model/schema";
import { displayName } from "../model/keys";
import type { ColumnChanges, MigrationOp } from "../ops/types";
import { UnsupportedChangeError } from "./errors";
import { isEnabled, type CompareOptions } from "./options";

const changeOf = <T>(from: T, to: T): { from: T; to: T } | undefined => (from === to ? undefined : { from, to });

/**
 * A generated column's expression cannot be changed in place before PostgreSQL 17, and turning a
 * column into or out of a generated one changes what writes it: both are left to the developer.
 */
const unsupportedChange = (current: Column, target: Column): string | null =>
  current.generated !== target.generated ? `generated expression ${current.generated ?? "none"} -> ${target.generated ?? "none"}` : null;

export const compareColumn = (
  table: QualifiedName,
  current: Column,
  target: Column,
  options: CompareOptions,
): MigrationOp | null => {
  const unsupported = unsupportedChange(current, target);
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
    serial: changeOf(current.serial, target.serial),
    identity: changeOf(current.identity, target.identity),
    collation: changeOf(current.collation, target.collation),
  };
  const present = Object.fromEntries(Object.entries(changes).filter(([, change]) => change !== undefined)) as ColumnChanges;
  if (Object.keys(present).length === 0) return null;
  return {
    kind: "alterColumn",
    table,
    column: current.name,
    changes: present,
    ...(present.collation ? { columnType: target.type } : {}),
  };
};
