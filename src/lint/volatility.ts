/**
 * Whether a column default is volatile. Since PostgreSQL 11, `ADD COLUMN ... DEFAULT x` stores a
 * non-volatile default once in the catalog; a volatile one (a new value per row) is still evaluated for
 * every existing row, which rewrites the table under an ACCESS EXCLUSIVE lock.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 *
 * Function volatility lives in pg_proc, which lint cannot read without a database, so well-known
 * functions are listed here and any other function call is reported as "cannot tell".
 */

export type Volatility =
  | { readonly kind: "constant" }
  | { readonly kind: "volatile"; readonly functions: readonly string[] }
  | { readonly kind: "unknown"; readonly functions: readonly string[] };

/** Volatile built-ins and extension functions commonly used as defaults. */
const VOLATILE = new Set([
  "random",
  "random_normal",
  "gen_random_uuid",
  "uuidv4",
  "uuidv7",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "clock_timestamp",
  "timeofday",
  "nextval",
  "setval",
  "txid_current",
  "pg_current_xact_id",
]);

/** Immutable or stable functions (and call-like keywords) that are evaluated once for ADD COLUMN. */
const NOT_VOLATILE = new Set([
  "now",
  "transaction_timestamp",
  "statement_timestamp",
  "current_timestamp",
  "current_date",
  "current_time",
  "localtimestamp",
  "localtime",
  "current_user",
  "current_schema",
  "session_user",
  "cast",
  "coalesce",
  "nullif",
  "greatest",
  "least",
  "row",
  "array",
  "lower",
  "upper",
  "length",
  "concat",
  "date_trunc",
  "timezone",
  "make_interval",
  "to_jsonb",
  "to_json",
  "jsonb_build_object",
  "json_build_object",
  "jsonb_build_array",
  "json_build_array",
  "array_fill",
]);

/** String literals and quoted identifiers cannot hold calls; blanking them keeps `'f(x)'` from matching. */
const withoutQuotedText = (expression: string): string => expression.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, "''");

/**
 * `name(` at a word boundary, unless it follows `::` or `AS` (a cast to `numeric(10,2)` or `character
 * varying(20)` names a type, not a call).
 */
const CALL = /(::\s*|\bas\s+)?\b((?:[a-z_][a-z0-9_$]*\s*\.\s*)?[a-z_][a-z0-9_$]*)(?:\s+varying)?\s*\(/gi;

/** Keywords that take a parenthesised list without being functions. */
const KEYWORDS = new Set(["in", "any", "all", "some", "exists", "and", "or", "not", "when", "then", "else", "is", "values"]);

export const defaultVolatility = (expression: string): Volatility => {
  const text = withoutQuotedText(expression);
  const volatile: string[] = [];
  const unknown: string[] = [];
  for (const match of text.matchAll(CALL)) {
    if (match[1] !== undefined) continue;
    const qualified = match[2].replace(/\s+/g, "").toLowerCase();
    const name = qualified.slice(qualified.lastIndexOf(".") + 1);
    if (KEYWORDS.has(name)) continue;
    if (VOLATILE.has(name)) volatile.push(qualified);
    else if (!NOT_VOLATILE.has(name)) unknown.push(qualified);
  }
  if (volatile.length > 0) return { kind: "volatile", functions: volatile };
  if (unknown.length > 0) return { kind: "unknown", functions: unknown };
  return { kind: "constant" };
};
