/**
 * Every column type TypeORM maps on PostgreSQL, a few per set so a failure names the family.
 */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";

export const columnTypeSets: CorpusSet[] = [
  schemaSet("character types", ["varchar(n)", "varchar without length", "char(n)", "character", "text"], [
    entity("strings", {
      code: { type: "varchar", length: 12 },
      free: { type: "varchar" },
      spelled: { type: "character varying", length: 300 },
      fixed: { type: "char", length: 3 },
      single: { type: "character" },
      body: { type: "text", nullable: true },
    }),
  ]),
  schemaSet("integer types", ["int2", "int4", "int8", "smallint", "integer", "bigint", "int"], [
    entity("integers", {
      a: { type: "int2" },
      b: { type: "int4" },
      c: { type: "int8" },
      d: { type: "smallint", nullable: true },
      e: { type: "integer" },
      f: { type: "bigint" },
      g: { type: "int" },
    }),
  ]),
  schemaSet("exact and floating numbers", ["numeric(p,s)", "numeric(p)", "numeric", "decimal", "real", "float4", "float8", "double precision", "money"], [
    entity("numbers", {
      price: { type: "numeric", precision: 10, scale: 2 },
      whole: { type: "numeric", precision: 8 },
      free: { type: "numeric" },
      dec: { type: "decimal", precision: 5, scale: 3 },
      r: { type: "real" },
      f4: { type: "float4" },
      f8: { type: "float8" },
      d: { type: "double precision" },
      cash: { type: "money", nullable: true },
    }),
  ]),
  schemaSet("booleans", ["boolean", "bool"], [
    entity("flags", { a: { type: "boolean" }, b: { type: "bool", nullable: true } }),
  ]),
  schemaSet("dates and times with precision", ["date", "time", "time(p)", "timetz", "timestamp", "timestamp(p)", "timestamptz", "timestamptz(p)", "interval"], [
    entity("moments", {
      day: { type: "date" },
      at: { type: "time" },
      atPrecise: { type: "time", precision: 3 },
      atZoned: { type: "timetz" },
      atZonedSpelled: { type: "time with time zone", nullable: true },
      stamp: { type: "timestamp" },
      stampPrecise: { type: "timestamp", precision: 3 },
      stampZoned: { type: "timestamptz" },
      stampZonedPrecise: { type: "timestamp with time zone", precision: 0 },
      stampSpelled: { type: "timestamp without time zone", nullable: true },
      span: { type: "interval" },
    }),
  ]),
  schemaSet("uuid, json, jsonb, bytea", ["uuid", "json", "jsonb", "bytea"], [
    entity("documents", {
      ref: { type: "uuid" },
      raw: { type: "json", nullable: true },
      doc: { type: "jsonb" },
      blob: { type: "bytea", nullable: true },
    }),
  ]),
  schemaSet("network addresses", ["inet", "cidr", "macaddr", "macaddr8"], [
    entity("hosts", {
      address: { type: "inet" },
      network: { type: "cidr" },
      mac: { type: "macaddr" },
      mac8: { type: "macaddr8", nullable: true },
    }),
  ]),
  schemaSet("bit strings", ["bit", "bit(n)", "varbit", "bit varying(n)"], [
    entity("masks", {
      one: { type: "bit" },
      eight: { type: "bit", length: 8 },
      free: { type: "varbit" },
      upTo: { type: "bit varying", length: 16 },
    }),
  ]),
  schemaSet("text search and documents", ["tsvector", "tsquery", "xml", "jsonpath"], [
    entity("searchables", {
      document: { type: "tsvector" },
      query: { type: "tsquery", nullable: true },
      markup: { type: "xml", nullable: true },
      selector: { type: "jsonpath", nullable: true },
    }),
  ]),
  schemaSet("geometric types", ["point", "line", "lseg", "box", "path", "polygon", "circle"], [
    entity("shapes", {
      p: { type: "point" },
      l: { type: "line", nullable: true },
      s: { type: "lseg", nullable: true },
      b: { type: "box", nullable: true },
      pa: { type: "path", nullable: true },
      po: { type: "polygon", nullable: true },
      c: { type: "circle", nullable: true },
    }),
  ]),
  schemaSet("range types", ["int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange"], [
    entity("ranges", {
      ints: { type: "int4range" },
      bigs: { type: "int8range", nullable: true },
      nums: { type: "numrange", nullable: true },
      stamps: { type: "tsrange", nullable: true },
      zoned: { type: "tstzrange", nullable: true },
      days: { type: "daterange", nullable: true },
    }),
  ]),
  schemaSet("multirange types", ["int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange"], [
    entity("multiranges", {
      ints: { type: "int4multirange" },
      bigs: { type: "int8multirange", nullable: true },
      nums: { type: "nummultirange", nullable: true },
      stamps: { type: "tsmultirange", nullable: true },
      zoned: { type: "tstzmultirange", nullable: true },
      days: { type: "datemultirange", nullable: true },
    }),
  ]),
  schemaSet("arrays of every kind", ["int[]", "text[]", "varchar(n)[]", "numeric(p,s)[]", "uuid[]", "jsonb[]", "timestamptz[]", "boolean[]", "char(n)[]"], [
    entity("arrays", {
      ints: { type: "int", array: true },
      texts: { type: "text", array: true, nullable: true },
      codes: { type: "varchar", length: 20, array: true },
      amounts: { type: "numeric", precision: 12, scale: 4, array: true, nullable: true },
      refs: { type: "uuid", array: true, nullable: true },
      docs: { type: "jsonb", array: true, nullable: true },
      stamps: { type: "timestamptz", array: true, nullable: true },
      flags: { type: "boolean", array: true, nullable: true },
      letters: { type: "char", length: 2, array: true, nullable: true },
    }),
  ]),
];
