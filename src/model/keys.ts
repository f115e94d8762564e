import type { QualifiedName } from "./schema";

/** A stable key for maps and sorting; the NUL separator cannot occur in a PostgreSQL identifier. */
export const qualifiedKey = (object: QualifiedName): string => `${object.schema}\u0000${object.name}`;

export const displayName = (object: QualifiedName): string => `${object.schema}.${object.name}`;

/** Code-point order, never locale order: output must be byte-identical on every machine. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const byName = <T extends { readonly name: string }>(a: T, b: T): number => compareText(a.name, b.name);

export const byQualifiedName = (a: QualifiedName, b: QualifiedName): number =>
  compareText(qualifiedKey(a), qualifiedKey(b));

export const indexBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T> =>
  new Map(items.map((item) => [key(item), item]));
