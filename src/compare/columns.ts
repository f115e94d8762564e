import type { Column, QualifiedName } from "../model/schema";
import { displayName } from "../model/keys";
import type { ColumnChanges, ColumnDependents, MigrationOp } from "../ops/types";
import { UnsupportedChangeError } from "./errors";
import { isEnabled, type CompareOptions } from "./options";

const changeOf = <T>(from: T, to: T): { from: T; to: T } | undefined => (from === to ? undefined : { from, to });

/**
 * How a change of generation expression is made. In place where PostgreSQL can: a new expression
 * with SET EXPRESSION (17+, unless the type or collation changes too, which it cannot combine), an
 * expression dropped with DROP EXPRESSION (13+, keeping the values). Otherwise the column is dropped
 * and added again, which computes every value anew: a plain column becoming generated loses what it
 * held, a generated one only recomputes.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-EXPRESSION
 */
export type GenerationChange = "none" | "inPlace" | "recreate";

/** The version when none is known: every form is chosen to work on PostgreSQL 13 and later. */
const ASSUMED_VERSION = 13;

export const generationChange = (table: QualifiedName, current: Column, target: Column, options: CompareOptions): GenerationChange => {
  if (current.generated === target.generated) return "none";
  const version = options.serverVersion ?? ASSUMED_VERSION;
  if (current.generated !== null && target.generated !== null) {
    return version >= 17 && current.type === target.type && current.collation === target.collation ? "inPlace" : "recreate";
  }
  if (target.generated !== null) return "recreate";
  if (version < 13) {
    throw new UnsupportedChangeError(
      `column ${displayName(table)}.${current.name}`,
      `generated expression ${current.generated} -> none`,
      `PostgreSQL ${version} cannot drop a generation expression in place (13 can), and dropping the column would lose its values. ` +
        "Write this change by hand with op.execute() in an empty revision (autogen revision --empty).",
    );
  }
  return "inPlace";
};

/**
 * The column's changes made in place, or null. `dependents` tells what includes the column, for an
 * expression dropped in place, whose reverse must drop and add the column again.
 */
export const compareColumn = (
  table: QualifiedName,
  current: Column,
  target: Column,
  options: CompareOptions,
  dependents: () => ColumnDependents,
): MigrationOp | null => {
  const comparison = { table, current, target };
  const generation = generationChange(table, current, target, options);
  if (generation === "recreate") return { kind: "recreateColumn", table, column: target, existing: current };
  const changes: ColumnChanges = {
    type: isEnabled(options.compareType, comparison) ? changeOf(current.type, target.type) : undefined,
    nullable: changeOf(current.nullable, target.nullable),
    default: isEnabled(options.compareServerDefault, comparison) ? changeOf(current.default, target.default) : undefined,
    comment: changeOf(current.comment, target.comment),
    serial: changeOf(current.serial, target.serial),
    identity: changeOf(current.identity, target.identity),
    collation: changeOf(current.collation, target.collation),
    generated: changeOf(current.generated, target.generated),
  };
  const present = Object.fromEntries(Object.entries(changes).filter(([, change]) => change !== undefined)) as ColumnChanges;
  if (Object.keys(present).length === 0) return null;
  return {
    kind: "alterColumn",
    table,
    column: current.name,
    changes: present,
    ...(present.collation ? { columnType: target.type } : {}),
    ...(present.generated?.to === null ? { existing: { column: current, dependents: dependents() } } : {}),
  };
};
