/**
 * Views standing in the way of a change PostgreSQL refuses under them, found from what each view
 * reads (its dependencies as the catalog records them), with every view reading those in turn: a
 * view cannot be dropped while another reads it.
 */
import { qualifiedKey } from "../model/keys";
import type { QualifiedName, SchemaModel, View } from "../model/schema";
import { viewCreationOrder } from "./views";

/** Whether the view reads one of the table's columns (a whole-row reference reads them all). */
export const readsColumns =
  (table: QualifiedName, columns: readonly string[]) =>
  (view: View): boolean =>
    view.dependsOn.some(
      (dependency) => qualifiedKey(dependency) === qualifiedKey(table) && (dependency.wholeRow || dependency.columns.some((column) => columns.includes(column))),
    );

/** The views of the model that `blocked` says are in the way, and their readers, in creation order. */
export const viewsInTheWay = (model: SchemaModel, blocked: (view: View) => boolean): View[] => {
  const found = new Set(model.views.filter(blocked).map(qualifiedKey));
  for (let grew = found.size > 0; grew; ) {
    grew = false;
    for (const view of model.views) {
      if (!found.has(qualifiedKey(view)) && view.dependsOn.some((dependency) => found.has(qualifiedKey(dependency)))) {
        found.add(qualifiedKey(view));
        grew = true;
      }
    }
  }
  return viewCreationOrder(model.views.filter((view) => found.has(qualifiedKey(view))));
};
