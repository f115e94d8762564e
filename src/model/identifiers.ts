/**
 * PostgreSQL keeps identifiers to NAMEDATALEN - 1 = 63 bytes, silently cutting longer ones (never
 * inside a multi-byte character). Names that skip the shadow database are cut the same way here.
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
 */
const MAX_IDENTIFIER_BYTES = 63;

export const truncateIdentifier = (name: string): string => {
  if (Buffer.byteLength(name, "utf8") <= MAX_IDENTIFIER_BYTES) return name;
  let bytes = 0;
  let cut = "";
  for (const character of name) {
    bytes += Buffer.byteLength(character, "utf8");
    if (bytes > MAX_IDENTIFIER_BYTES) break;
    cut += character;
  }
  return cut;
};
