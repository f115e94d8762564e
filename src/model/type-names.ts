/**
 * Reading a type name as `format_type()` prints it under `search_path = pg_catalog`: a schema and a
 * name, each bare or double-quoted (with `""` for a quote), and `[]` for an array. Used to find the
 * columns that use a given enum type without teaching the model PostgreSQL's quoting rules.
 */
import { qualifiedKey } from "./keys";
import type { QualifiedName, SchemaModel } from "./schema";

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

/**
 * How PostgreSQL prints a type's name in this model (in column types and in casts alike): taken from
 * a column that uses it, so that a name it quotes (a keyword) is matched as printed; otherwise the
 * usual quoting.
 */
export const printedTypeName = (model: SchemaModel, type: QualifiedName): string => {
  for (const table of model.tables) {
    for (const column of table.columns) {
      const reference = parseTypeReference(column.type);
      if (reference && qualifiedKey(reference) === qualifiedKey(type)) return reference.array ? column.type.slice(0, -2) : column.type;
    }
  }
  return formatTypeReference({ ...type, array: false });
};
