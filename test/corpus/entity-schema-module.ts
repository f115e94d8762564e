/**
 * EntitySchema data -> the text of a DataSource module. JSON would silently drop function-valued
 * options (`default: () => "now()"`), so values are written as JavaScript source instead: functions as
 * their own source text, everything else as literals.
 */
import type { EntitySchemaData } from "./types";

const toSource = (value: unknown, indent: string): string => {
  if (typeof value === "function") return String(value);
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${toSource(item, inner)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${toSource(item, inner)}`).join(",\n")}\n${indent}}`;
};

export const entitySchemaModule = (
  schemas: readonly EntitySchemaData[],
  dataSourceOptions: Readonly<Record<string, unknown>> = {},
): string =>
  [
    `const { DataSource, EntitySchema } = require("typeorm");`,
    `const schemas = ${toSource(schemas, "")};`,
    `module.exports = new DataSource(Object.assign(`,
    `  { type: "postgres", entities: schemas.map((schema) => new EntitySchema(schema)) },`,
    `  ${toSource(dataSourceOptions, "  ")},`,
    `));`,
    "",
  ].join("\n");
