/**
 * Named parts of a table (indexes, constraints) compare by name; a part whose definition changed is
 * dropped and created again, since PostgreSQL cannot alter them in place.
 */
import { compareText } from "../model/keys";

export interface NamedDiff<T> {
  readonly dropped: readonly T[];
  readonly created: readonly T[];
}

const sameDefinition = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export const diffNamed = <T extends { readonly name: string }>(current: readonly T[], target: readonly T[]): NamedDiff<T> => {
  const currentByName = new Map(current.map((part) => [part.name, part]));
  const targetByName = new Map(target.map((part) => [part.name, part]));
  const dropped = current.filter((part) => {
    const wanted = targetByName.get(part.name);
    return wanted === undefined || !sameDefinition(part, wanted);
  });
  const created = target.filter((part) => {
    const existing = currentByName.get(part.name);
    return existing === undefined || !sameDefinition(part, existing);
  });
  const byName = (a: T, b: T) => compareText(a.name, b.name);
  return { dropped: [...dropped].sort(byName), created: [...created].sort(byName) };
};
