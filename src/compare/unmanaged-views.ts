/**
 * A view autogen does not manage (a `synchronize: false` view entity, one left out by excludeTables
 * or includeObject, one made by hand) is never dropped by a plan, yet PostgreSQL refuses to drop or
 * retype a column it reads. Such a plan would fail at `upgrade` (or at `downgrade`, where the reverse
 * of an added enum value or of a dropped expression does so); `revision` refuses it up front instead,
 * naming the view and what it reads.
 */
import { AutogenError } from "../errors";
import { displayName, qualifiedKey } from "../model/keys";
import type { QualifiedName } from "../model/schema";
import { IrreversibleOpError, reverseOp } from "../ops/reverse";
import type { MigrationOp } from "../ops/types";
import type { ViewReader } from "../sources/introspect/view-readers";
import { touchedBy, touchedColumns } from "./views";

export interface UnmanagedViewInTheWay {
  readonly view: QualifiedName;
  /** What it reads that the plan (or its downgrade) drops or retypes: `schema.table.column`. */
  readonly reads: readonly string[];
}

export class UnmanagedViewError extends AutogenError {
  constructor(readonly views: readonly UnmanagedViewInTheWay[]) {
    super(
      [
        "Views autogen does not manage read what this migration (or its downgrade) drops or retypes, which PostgreSQL refuses; no migration was written:",
        ...views.map(({ view, reads }) => `  view ${displayName(view)} reads ${reads.join(", ")}`),
        "autogen never drops a view it does not manage. Either declare them as view entities, so autogen rebuilds them around " +
          "the change, or generate with --no-verify and add op.execute() calls that drop them before the change and create them " +
          "again after it, in upgrade() and in downgrade().",
      ].join("\n"),
    );
  }
}

/** The downgrade's ops as far as they can be known; an irreversible op has no downgrade to block. */
const reverses = (ops: readonly MigrationOp[]): MigrationOp[] =>
  ops.flatMap((op) => {
    try {
      return reverseOp(op);
    } catch (error) {
      if (error instanceof IrreversibleOpError) return [];
      throw error;
    }
  });

export const unmanagedViewsInTheWay = (ops: readonly MigrationOp[], readers: readonly ViewReader[], managed: ReadonlySet<string>): UnmanagedViewInTheWay[] => {
  const touched = touchedBy([...ops, ...reverses(ops)]);
  return readers
    .filter((reader) => !managed.has(qualifiedKey(reader)))
    .flatMap((reader) => {
      const reads = reader.dependsOn.flatMap((dependency) => touchedColumns(touched, dependency).map((column) => `${displayName(dependency)}.${column}`));
      return reads.length > 0 ? [{ view: { schema: reader.schema, name: reader.name }, reads }] : [];
    });
};
