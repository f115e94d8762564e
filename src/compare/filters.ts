import type { QualifiedName, SchemaModel } from "../model/schema";

/** `*` matches any run of characters; a pattern with a dot matches `schema.name`, one without matches `name`. */
const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

export const tableExcluder = (globs: readonly string[], alwaysExcluded: readonly QualifiedName[]) => {
  const patterns = globs.map((glob) => ({ qualified: glob.includes("."), pattern: globToRegExp(glob) }));
  return (table: QualifiedName): boolean =>
    alwaysExcluded.some((excluded) => excluded.schema === table.schema && excluded.name === table.name) ||
    patterns.some(({ qualified, pattern }) => pattern.test(qualified ? `${table.schema}.${table.name}` : table.name));
};

/** What `includeObject` is asked about, as Alembic's include_object hook is. */
export interface ObjectInfo {
  readonly kind: "table" | "view" | "column" | "index" | "unique" | "check" | "exclusion" | "foreignKey" | "enum";
  readonly schema: string;
  readonly name: string;
  /** The table (or materialized view) a column, index or constraint belongs to. */
  readonly table?: string;
  /** Where the object was seen: in the database, or declared by the entities. */
  readonly side: "database" | "entities";
}

export type IncludeObject = (object: ObjectInfo) => boolean;

/**
 * Leaves out what `include` refuses, on one side of the comparison. An object left out of both sides
 * is neither created nor dropped nor altered: autogen does not manage it.
 */
export const filterModel = (model: SchemaModel, include: IncludeObject, side: ObjectInfo["side"]): SchemaModel => ({
  ...model,
  enums: model.enums.filter((enumType) => include({ kind: "enum", schema: enumType.schema, name: enumType.name, side })),
  tables: model.tables
    .filter((table) => include({ kind: "table", schema: table.schema, name: table.name, side }))
    .map((table) => {
      const part = (kind: ObjectInfo["kind"]) => (object: { name: string }) => include({ kind, schema: table.schema, name: object.name, table: table.name, side });
      return {
        ...table,
        columns: table.columns.filter(part("column")),
        indexes: table.indexes.filter(part("index")),
        uniques: table.uniques.filter(part("unique")),
        checks: table.checks.filter(part("check")),
        exclusions: table.exclusions.filter(part("exclusion")),
        foreignKeys: table.foreignKeys.filter(part("foreignKey")),
      };
    }),
  views: model.views
    .filter((view) => include({ kind: "view", schema: view.schema, name: view.name, side }))
    .map((view) => ({
      ...view,
      indexes: view.indexes.filter((index) => include({ kind: "index", schema: view.schema, name: index.name, table: view.name, side })),
    })),
});
