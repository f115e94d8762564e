/**
 * Catalog queries. A fixed number, whatever the schema size; every one takes the managed schemas as
 * the parameter $1 and prints SQL through PostgreSQL's own deparsers (`format_type`, `pg_get_expr`,
 * `pg_get_indexdef`), run with `search_path = pg_catalog` so user types come back schema-qualified.
 *
 * Objects that belong to an extension (pg_depend deptype 'e') are the extension's, not the user's.
 */

const NOT_EXTENSION_MEMBER = (classId: string, objectId: string) => `NOT EXISTS (
    SELECT 1 FROM pg_depend dep
    WHERE dep.classid = '${classId}'::regclass AND dep.objid = ${objectId} AND dep.deptype = 'e')`;

export const SCHEMAS_QUERY = `
SELECT n.nspname::text AS name
FROM pg_namespace n
WHERE n.nspname = ANY($1)
ORDER BY 1`;

export const EXTENSIONS_QUERY = `
SELECT e.extname AS name, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY 1`;

export const ENUMS_QUERY = `
SELECT n.nspname AS schema, t.typname AS name,
       array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = ANY($1) AND ${NOT_EXTENSION_MEMBER("pg_type", "t.oid")}
GROUP BY n.nspname, t.typname
ORDER BY 1, 2`;

export const TABLES_QUERY = `
SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname = ANY($1) AND ${NOT_EXTENSION_MEMBER("pg_class", "c.oid")}
ORDER BY 2, 3`;

/** A column is `serial` when it owns a sequence (deptype 'a') and its default draws from it. */
export const COLUMNS_QUERY = `
SELECT a.attrelid::int8 AS table_oid, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       NOT a.attnotnull AS nullable,
       pg_get_expr(d.adbin, d.adrelid) AS default_expression,
       a.attidentity AS identity, a.attgenerated AS generated,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
       col_description(a.attrelid, a.attnum) AS comment,
       EXISTS (
         SELECT 1 FROM pg_depend sd JOIN pg_class s ON s.oid = sd.objid AND s.relkind = 'S'
         WHERE sd.classid = 'pg_class'::regclass AND sd.refobjid = a.attrelid
           AND sd.refobjsubid = a.attnum AND sd.deptype = 'a'
       ) AS owns_sequence
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1)
ORDER BY a.attrelid, a.attnum`;

/**
 * Key, unique, check, foreign key and exclusion constraints. PostgreSQL 18 also lists NOT NULL
 * constraints here (contype 'n'); nullability is read from pg_attribute instead, so they are skipped.
 */
export const CONSTRAINTS_QUERY = `
SELECT con.conrelid::int8 AS table_oid, con.conname AS name, con.contype AS type,
       ARRAY(
         SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
         ORDER BY k.position
       ) AS columns,
       fn.nspname AS referenced_schema, fc.relname AS referenced_table,
       ARRAY(
         SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position)
         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
         ORDER BY k.position
       ) AS referenced_columns,
       con.confdeltype AS on_delete, con.confupdtype AS on_update,
       con.condeferrable AS deferrable, con.condeferred AS initially_deferred,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS expression,
       CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END AS definition
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') AND n.nspname = ANY($1) AND NOT c.relispartition
ORDER BY 1, 2`;

/**
 * Indexes that no constraint owns, on tables and materialized views. Each key is deparsed on its own and given its sort options:
 * indoption bit 0 is DESC, bit 1 is NULLS FIRST (the default for DESC).
 */
export const INDEXES_QUERY = `
SELECT i.indrelid::int8 AS table_oid, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
       ARRAY(
         SELECT pg_get_indexdef(i.indexrelid, k.position, true)
           || CASE WHEN i.indoption[k.position - 1] & 1 = 1 THEN ' DESC' ELSE '' END
           || CASE
                WHEN i.indoption[k.position - 1] & 3 = 2 THEN ' NULLS FIRST'
                WHEN i.indoption[k.position - 1] & 3 = 1 THEN ' NULLS LAST'
                ELSE ''
              END
         FROM generate_series(1, i.indnkeyatts) AS k(position)
         ORDER BY k.position
       ) AS keys,
       pg_get_expr(i.indpred, i.indrelid) AS predicate
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
  AND NOT EXISTS (
    SELECT 1 FROM pg_constraint con
    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY 1, 2`;

/**
 * Views and materialized views. `pg_get_viewdef` without its pretty flag keeps every parenthesis, the
 * form pg_dump relies on to recreate a view exactly.
 */
export const VIEWS_QUERY = `
SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind = 'm' AS materialized,
       pg_get_viewdef(c.oid) AS definition
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1) AND ${NOT_EXTENSION_MEMBER("pg_class", "c.oid")}
ORDER BY 2, 3`;

/**
 * What views read: a view's rewrite rule depends (deptype 'n') on every relation and column its query
 * names; a whole-row reference depends on the relation itself (column 0). The rule's dependency on its
 * own view is left out. `v` is the view, `rc` the relation read, `a` the column read.
 * https://www.postgresql.org/docs/current/catalog-pg-depend.html
 */
const VIEW_READS = `
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_namespace vn ON vn.oid = v.relnamespace
JOIN pg_class rc ON rc.oid = d.refobjid
JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_attribute a ON d.refobjsubid > 0 AND a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'n'
  AND d.refobjid <> r.ev_class AND v.relkind IN ('v', 'm')`;

/** What each view of the managed schemas reads, wherever that is: its dependencies. */
export const VIEW_DEPENDENCIES_QUERY = `
SELECT DISTINCT r.ev_class::int8 AS view_oid, rn.nspname AS schema, rc.relname AS name,
       a.attname AS column, d.refobjsubid = 0 AS whole_row${VIEW_READS}
  AND vn.nspname = ANY($1)
ORDER BY 1, 2, 3, 4`;

/**
 * Every view, in any schema, that reads a relation of the managed schemas: views autogen does not
 * manage are not in the model, yet PostgreSQL refuses to drop or retype a column under them all the same.
 */
export const VIEW_READERS_QUERY = `
SELECT DISTINCT vn.nspname AS view_schema, v.relname AS view_name, rn.nspname AS schema, rc.relname AS name,
       a.attname AS column, d.refobjsubid = 0 AS whole_row${VIEW_READS}
  AND rn.nspname = ANY($1)
ORDER BY 1, 2, 3, 4, 5`;
