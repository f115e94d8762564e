/**
 * The one place identifiers and literals are quoted. Identifiers are always quoted, so capitals,
 * spaces, quotes, unicode and reserved words need no special cases.
 */
import type { QualifiedName } from "../model/schema";

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const quoteQualified = (object: QualifiedName): string =>
  `${quoteIdent(object.schema)}.${quoteIdent(object.name)}`;

export const quoteIdentList = (names: readonly string[]): string => names.map(quoteIdent).join(", ");

/**
 * A string literal. With `standard_conforming_strings` on (the default since PostgreSQL 9.1) a
 * backslash is an ordinary character, so doubling single quotes is the whole escaping rule.
 */
export const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export const quoteLiteralOrNull = (value: string | null): string => (value === null ? "NULL" : quoteLiteral(value));
