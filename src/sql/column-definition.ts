import type { Column } from "../model/schema";
import { quoteIdent } from "./quote";

/** `serial` is a CREATE-time shorthand for an owned sequence plus a `nextval` default. */
const SERIAL_TYPES: Readonly<Record<string, string>> = {
  integer: "serial",
  bigint: "bigserial",
  smallint: "smallserial",
};

export const serialTypeFor = (type: string): string => {
  const serial = SERIAL_TYPES[type];
  if (!serial) throw new Error(`A serial column must be smallint, integer or bigint, not ${type}`);
  return serial;
};

/** The column as it appears inside CREATE TABLE or ADD COLUMN. */
export const columnDefinition = (column: Column): string => {
  const parts = [quoteIdent(column.name), column.serial ? serialTypeFor(column.type) : column.type];
  if (column.collation !== null) parts.push(`COLLATE ${quoteIdent(column.collation)}`);
  if (column.identity !== null) parts.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
  if (column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (!column.nullable) parts.push("NOT NULL");
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  return parts.join(" ");
};
