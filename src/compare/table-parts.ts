/**
 * Named parts of a table (indexes, constraints) compare by name; a part whose definition changed is
 * dropped and created again, since PostgreSQL cannot alter them in place. A part whose name alone
 * changed has been renamed before this runs (part-renames.ts), so both sides name it alike.
 */
import { compareText } from "../model/keys";

export interface NamedDiff<T> {
  readonly dropped: readonly T[];
  readonly created: readonly T[];
}

const sameDefinition = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `rebuilt` names parts that are dropped and created again even if unchanged (a column they include is). */
export const diffNamed = <T extends { readonly name: string }>(
  current: readonly T[],
  target: readonly T[],
  rebuilt: ReadonlySet<string> = new Set(),
): NamedDiff<T> => {
  const currentByName = new Map(current.map((part) => [part.name, part]));
  const targetByName = new Map(target.map((part) => [part.name, part]));
  const dropped = current.filter((part) => {
    const wanted = targetByName.get(part.name);
    return wanted === undefined || !sameDefinition(part, wanted) || rebuilt.has(part.name);
  });
  const created = target.filter((part) => {
    const existing = currentByName.get(part.name);
    return existing === undefined || !sameDefinition(part, existing) || rebuilt.has(part.name);
  });
  const byName = (a: T, b: T) => compareText(a.name, b.name);
  return { dropped: [...dropped].sort(byName), created: [...created].sort(byName) };
};
