/**
 * Views and materialized views between two models. A view is never altered in place: `CREATE OR
 * REPLACE VIEW` accepts only appended columns of unchanged types, and a materialized view has no such
 * form, so a changed view is dropped and created again. PostgreSQL also refuses to drop a relation a
 * view reads and to change the type of a column it reads, so a view is rebuilt around such changes
 * too, and with it every view that reads it: drops come before every other change (dependents first),
 * creations after every other change (dependencies first).
 * https://www.postgresql.org/docs/current/sql-createview.html
 */
import { byQualifiedName, compareText, indexBy, qualifiedKey } from "../model/keys";
import type { QualifiedName, SchemaModel, View, ViewDependency } from "../model/schema";
import type { MigrationOp } from "../ops/types";
import { diffNamed } from "./table-parts";

export interface ViewPlan {
  /** View drops and the drops of changed indexes on kept materialized views: they run first. */
  readonly drops: readonly MigrationOp[];
  /** View creations with their indexes, and new indexes on kept views: they run last. */
  readonly creates: readonly MigrationOp[];
}

const ref = (view: QualifiedName): QualifiedName => ({ schema: view.schema, name: view.name });

/** Everything that compares: the dependencies are derived from the query and are not compared. */
const sameView = (a: View, b: View): boolean => a.materialized === b.materialized && a.definition === b.definition;

export interface Touched {
  /** Relations dropped (`qualifiedKey`). */
  readonly relations: ReadonlySet<string>;
  /** Per table (`qualifiedKey`), the columns dropped, retyped or dropped and added again. */
  readonly columns: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Relations and columns the ops drop or retype, which a view reading them would block. */
export const touchedBy = (ops: readonly MigrationOp[]): Touched => {
  const relations = new Set<string>();
  const columns = new Map<string, Set<string>>();
  const column = (table: QualifiedName, name: string) => {
    const key = qualifiedKey(table);
    columns.set(key, (columns.get(key) ?? new Set()).add(name));
  };
  for (const op of ops) {
    if (op.kind === "dropTable") relations.add(qualifiedKey(op.name));
    if (op.kind === "dropColumn") column(op.table, op.column);
    // A column dropped and added again (a new generation expression) is dropped all the same.
    if (op.kind === "recreateColumn") column(op.table, op.column.name);
    // A collation change restates the type (`TYPE t COLLATE c`), which PostgreSQL refuses just the same.
    if (op.kind === "alterColumn" && (op.changes.type !== undefined || op.changes.collation !== undefined)) column(op.table, op.column);
    if (op.kind === "replaceEnum") for (const use of op.columns) column(use.table, use.column);
  }
  return { relations, columns };
};

/** The columns of a dependency the ops touch: all it reads when its relation goes or it reads whole rows. */
export const touchedColumns = (touched: Touched, dependency: ViewDependency): readonly string[] => {
  if (touched.relations.has(qualifiedKey(dependency))) return dependency.wholeRow ? ["*"] : dependency.columns;
  const columns = touched.columns.get(qualifiedKey(dependency));
  if (columns === undefined) return [];
  return dependency.wholeRow ? [...columns].sort(compareText) : dependency.columns.filter((name) => columns.has(name));
};

const blockedBy = (ops: readonly MigrationOp[]) => {
  const touched = touchedBy(ops);
  return (dependency: ViewDependency): boolean => touched.relations.has(qualifiedKey(dependency)) || touchedColumns(touched, dependency).length > 0;
};

/**
 * Views in creation order: each after the views it reads, ties broken by name so the order is the
 * same on every run. Dependencies outside `views` are taken to exist already.
 */
export const viewCreationOrder = (views: readonly View[]): View[] => {
  const pending = new Map([...views].sort(byQualifiedName).map((view) => [qualifiedKey(view), view]));
  const ordered: View[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()].find((view) => view.dependsOn.every((dependency) => !pending.has(qualifiedKey(dependency))));
    // A cycle cannot be built in PostgreSQL; should a model claim one, name order still ends the loop.
    const next = ready ?? pending.values().next().value!;
    ordered.push(next);
    pending.delete(qualifiedKey(next));
  }
  return ordered;
};

/**
 * `alsoBlocked` names views in the way for a reason their dependencies do not show: a constant cast
 * to a swapped enum type keeps the old type from being dropped.
 */
export const planViews = (
  current: SchemaModel,
  target: SchemaModel,
  otherOps: readonly MigrationOp[],
  alsoBlocked: (view: View) => boolean = () => false,
): ViewPlan => {
  const currentViews = indexBy(current.views, qualifiedKey);
  const targetViews = indexBy(target.views, qualifiedKey);
  const blocked = blockedBy(otherOps);

  const rebuilt = new Set(
    current.views
      .filter((view) => {
        const wanted = targetViews.get(qualifiedKey(view));
        return wanted === undefined || !sameView(view, wanted) || view.dependsOn.some(blocked) || alsoBlocked(view);
      })
      .map(qualifiedKey),
  );
  // Whatever reads a view that goes, goes with it (and comes back after it, when still wanted).
  for (let grew = true; grew; ) {
    grew = false;
    for (const view of current.views) {
      if (!rebuilt.has(qualifiedKey(view)) && view.dependsOn.some((dependency) => rebuilt.has(qualifiedKey(dependency)))) {
        rebuilt.add(qualifiedKey(view));
        grew = true;
      }
    }
  }

  const drops: MigrationOp[] = viewCreationOrder(current.views.filter((view) => rebuilt.has(qualifiedKey(view))))
    .reverse()
    .map((view) => ({ kind: "dropView", name: ref(view), materialized: view.materialized, existing: view }));
  const creates: MigrationOp[] = [];
  for (const view of viewCreationOrder(target.views.filter((view) => !currentViews.has(qualifiedKey(view)) || rebuilt.has(qualifiedKey(view))))) {
    creates.push({ kind: "createView", view: { ...view, indexes: [] } });
    for (const index of view.indexes) creates.push({ kind: "createIndex", table: ref(view), index });
  }

  const kept = [...target.views]
    .sort(byQualifiedName)
    .filter((view) => currentViews.has(qualifiedKey(view)) && !rebuilt.has(qualifiedKey(view)));
  for (const view of kept) {
    const { dropped, created } = diffNamed(currentViews.get(qualifiedKey(view))!.indexes, view.indexes);
    for (const index of dropped) drops.push({ kind: "dropIndex", table: ref(view), name: index.name, existing: index });
    for (const index of created) creates.push({ kind: "createIndex", table: ref(view), index });
  }
  return { drops, creates };
};

/**
 * How many operations at the start of a plan drop views (or indexes of views in `current`). They must
 * stay ahead of the rename ops `autogenerate` puts first: a dropped view records its query with the old
 * names, and the downgrade recreates it only after renaming back.
 */
export const leadingViewDrops = (ops: readonly MigrationOp[], current: SchemaModel): number => {
  const views = new Set(current.views.map(qualifiedKey));
  const end = ops.findIndex((op) => op.kind !== "dropView" && !(op.kind === "dropIndex" && views.has(qualifiedKey(op.table))));
  return end === -1 ? ops.length : end;
};
