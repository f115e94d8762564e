/**
 * Column types that extensions provide, and collations. TypeORM's synchronize runs
 * `CREATE EXTENSION IF NOT EXISTS` for citext, hstore, cube and ltree columns (and uuid-ossp or pgcrypto
 * for generated uuids) when it connects; autogen must write the same `createExtension` into the
 * migration, before the tables that use the type.
 */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";

export const extensionTypeSets: CorpusSet[] = [
  schemaSet("hstore column (extension installed by both)", ["hstore", "extension"], [
    entity("settings", { values: { type: "hstore" }, extra: { type: "hstore", nullable: true } }),
  ]),
  schemaSet("citext column (extension installed by both)", ["citext", "citext[]", "unique on citext", "extension"], [
    entity("logins", {
      email: { type: "citext", unique: true },
      aliases: { type: "citext", array: true, nullable: true },
    }),
  ]),
  schemaSet("ltree column (extension installed by both)", ["ltree", "extension"], [
    entity("categories", { path: { type: "ltree" } }),
  ]),
  schemaSet("cube column (extension installed by both)", ["cube", "extension"], [
    entity("vectors", { coords: { type: "cube" } }),
  ]),
  schemaSet("several extension types in one table", ["citext", "hstore", "ltree", "cube", "several extensions"], [
    entity("mixed_extension_columns", {
      name: { type: "citext" },
      attributes: { type: "hstore", nullable: true },
      path: { type: "ltree", nullable: true },
      point: { type: "cube", nullable: true },
    }),
  ]),
  schemaSet("collations", ["collation C", "collation POSIX", "collation ucs_basic", "collation on char and text", "collated array"], [
    entity("collated", {
      byteOrder: { type: "varchar", length: 50, collation: "C" },
      posix: { type: "text", collation: "POSIX", nullable: true },
      fixed: { type: "char", length: 4, collation: "C", nullable: true },
      labels: { type: "varchar", length: 10, array: true, collation: "C", nullable: true },
      ucs: { type: "text", collation: "ucs_basic", nullable: true },
      plain: { type: "text" },
    }),
  ]),
];
