/**
 * Reading a type name as `format_type()` prints it under `search_path = pg_catalog`: a schema and a
 * name, each bare or double-quoted (with `""` for a quote), and `[]` for an array. Used to find the
 * columns that use a given enum type without teaching the model PostgreSQL's quoting rules.
 */
import type { QualifiedName } from "./schema";

export interface TypeReference extends QualifiedName {
  readonly array: boolean;
}

const IDENTIFIER = /^(?:"((?:[^"]|"")*)"|([^".[\]]+))/;

const readIdentifier = (text: string): { value: string; rest: string } | null => {
  const match = IDENTIFIER.exec(text);
  if (!match) return null;
  return { value: match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2], rest: text.slice(match[0].length) };
};

/** An identifier as PostgreSQL prints it: bare when it is a plain lower-case name, else double-quoted. */
const printIdentifier = (name: string): string => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);

/**
 * The reverse of `parseTypeReference`. PostgreSQL also quotes names that are SQL keywords; a type
 * named like one is printed bare here, which only a comparison with catalog text could notice.
 */
export const formatTypeReference = (reference: TypeReference): string =>
  `${printIdentifier(reference.schema)}.${printIdentifier(reference.name)}${reference.array ? "[]" : ""}`;

export const parseTypeReference = (type: string): TypeReference | null => {
  const schema = readIdentifier(type);
  if (!schema || !schema.rest.startsWith(".")) return null;
  const name = readIdentifier(schema.rest.slice(1));
  if (!name) return null;
  if (name.rest === "") return { schema: schema.value, name: name.value, array: false };
  if (name.rest === "[]") return { schema: schema.value, name: name.value, array: true };
  return null;
};
