/** A connection that counts its queries: introspection promises a constant number, whatever the size. */
import type { Queryable } from "../../src/db/queryable";

export const counting = (inner: Queryable): Queryable & { count: number } => {
  const wrapper = {
    count: 0,
    query: ((text: string, values?: readonly unknown[]) => {
      wrapper.count += 1;
      return inner.query(text, values);
    }) as Queryable["query"],
  };
  return wrapper;
};
