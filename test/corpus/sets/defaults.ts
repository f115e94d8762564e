/**
 * Column defaults in every form an entity can declare them: literals of each type, JSON objects,
 * arrays, `null`, SQL functions and casts. PostgreSQL prints them back its own way (`'0'::numeric`,
 * `now()`, `'{}'::integer[]`); both sides must agree on that spelling.
 */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";

export const defaultSets: CorpusSet[] = [
  schemaSet("string literal defaults", ["varchar default", "empty string default", "unicode default", "backslash default", "char default", "text default"], [
    entity("labels", {
      plain: { type: "varchar", default: "plain" },
      empty: { type: "varchar", length: 10, default: "" },
      spaced: { type: "text", default: "two words " },
      unicode: { type: "varchar", default: "ünïcødé ✓" },
      backslash: { type: "text", default: "C:\\temp\\new" },
      fixed: { type: "char", length: 2, default: "XY" },
      numeric: { type: "varchar", default: "42" },
    }),
  ]),
  schemaSet(
    "string default containing a quote",
    ["varchar default with an apostrophe", "text default with a doubled quote"],
    [
      entity("quoted_defaults", {
        note: { type: "varchar", default: "it's" },
        both: { type: "text", default: `say "hi" it''s` },
      }),
    ],
    {
      // TypeORM writes string defaults as `'${value}'` without doubling embedded quotes, so synchronize
      // sends `DEFAULT 'it's'` and PostgreSQL rejects it. autogen must escape the literal.
      synchronizeIsWrong: {
        reason: "TypeORM does not escape quotes in string defaults: synchronize sends DEFAULT 'it's'",
        error: "syntax error",
      },
      expectColumns: [
        { table: "public.quoted_defaults", name: "note", default: "'it''s'::character varying" },
        { table: "public.quoted_defaults", name: "both", default: `'say "hi" it''''s'::text` },
      ],
    },
  ),
  schemaSet("numeric defaults, negative and fractional", ["negative int default", "negative bigint default", "zero", "numeric fraction default", "negative numeric default", "real default", "number given as string"], [
    entity("measurements", {
      offset: { type: "int", default: -5 },
      big: { type: "bigint", default: -9007199254740991 },
      zero: { type: "smallint", default: 0 },
      price: { type: "numeric", precision: 10, scale: 2, default: 19.99 },
      delta: { type: "numeric", precision: 6, scale: 3, default: -0.5 },
      ratio: { type: "real", default: 1.5 },
      weight: { type: "double precision", default: -273.15 },
      asText: { type: "int", default: "7" },
    }),
  ]),
  schemaSet("boolean defaults", ["default true", "default false", "nullable boolean with default"], [
    entity("toggles", {
      on: { type: "boolean", default: true },
      off: { type: "boolean", default: false },
      maybe: { type: "boolean", default: false, nullable: true },
    }),
  ]),
  schemaSet("json and jsonb object defaults", ["jsonb object default", "json object default", "nested object", "jsonb array value", "quote inside json default", "empty object"], [
    entity("json_defaults", {
      settings: { type: "jsonb", default: { theme: "dark", size: 12 } },
      raw: { type: "json", default: { a: [1, 2, { b: null }] } },
      list: { type: "jsonb", default: [1, "two", false] },
      quoted: { type: "jsonb", default: { note: "it's" } },
      empty: { type: "jsonb", default: {} },
    }),
  ]),
  schemaSet("array defaults", ["empty array default", "int array default", "text array default", "array default as SQL", "ARRAY[] constructor default"], [
    entity("array_defaults", {
      none: { type: "int", array: true, default: [] },
      numbers: { type: "int", array: true, default: [1, 2, 3] },
      words: { type: "text", array: true, default: ["a", "b"] },
      sqlEmpty: { type: "varchar", length: 10, array: true, default: () => "'{}'" },
      constructed: { type: "text", array: true, default: () => "ARRAY['x', 'y']::text[]" },
    }),
  ]),
  schemaSet("explicit null defaults", ["default: null on nullable columns"], [
    entity("null_defaults", {
      note: { type: "varchar", nullable: true, default: null },
      count: { type: "int", nullable: true, default: null },
      doc: { type: "jsonb", nullable: true, default: null },
    }),
  ]),
  schemaSet("function defaults", ["now()", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP(3)", "CURRENT_DATE", "LOCALTIMESTAMP", "CURRENT_TIME", "gen_random_uuid()", "clock_timestamp()", "timezone('utc', now())", "expression default"], [
    entity("function_defaults", {
      created: { type: "timestamptz", default: () => "now()" },
      stamped: { type: "timestamp", default: () => "CURRENT_TIMESTAMP" },
      precise: { type: "timestamp", precision: 3, default: () => "CURRENT_TIMESTAMP(3)" },
      day: { type: "date", default: () => "CURRENT_DATE" },
      local: { type: "timestamp", default: () => "LOCALTIMESTAMP" },
      clock: { type: "timetz", default: () => "CURRENT_TIME" },
      token: { type: "uuid", default: () => "gen_random_uuid()" },
      wall: { type: "timestamptz", default: () => "clock_timestamp()" },
      utc: { type: "timestamp", default: () => "timezone('utc', now())" },
      due: { type: "timestamptz", default: () => "now() + interval '1 day'" },
      sum: { type: "int", default: () => "1 + 2" },
    }),
  ]),
  schemaSet("cast defaults", ["'0'::numeric", "'{}'::jsonb", "literal cast to varchar", "interval literal", "bigint cast", "date literal", "time literal"], [
    entity("cast_defaults", {
      amount: { type: "numeric", precision: 12, scale: 2, default: () => "'0'::numeric" },
      doc: { type: "jsonb", default: () => "'{}'::jsonb" },
      state: { type: "varchar", length: 20, default: () => "'pending'::character varying" },
      period: { type: "interval", default: () => "'1 day'::interval" },
      big: { type: "bigint", default: () => "(1)::bigint" },
      day: { type: "date", default: "2020-01-31" },
      at: { type: "time", default: "12:30:00" },
      moment: { type: "timestamptz", default: () => "'2020-01-01 00:00:00+00'::timestamptz" },
    }),
  ]),
];
