import type { QualifiedName } from "../model/schema";

/** `*` matches any run of characters; a pattern with a dot matches `schema.name`, one without matches `name`. */
const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

export const tableExcluder = (globs: readonly string[], alwaysExcluded: readonly QualifiedName[]) => {
  const patterns = globs.map((glob) => ({ qualified: glob.includes("."), pattern: globToRegExp(glob) }));
  return (table: QualifiedName): boolean =>
    alwaysExcluded.some((excluded) => excluded.schema === table.schema && excluded.name === table.name) ||
    patterns.some(({ qualified, pattern }) => pattern.test(qualified ? `${table.schema}.${table.name}` : table.name));
};
