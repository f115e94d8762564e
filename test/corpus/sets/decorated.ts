/**
 * Sets written as decorated classes (test/corpus/decorated/<set>/), for what only decorators express
 * or what users mostly write with them: table comments, trees, inheritance, views, embedded columns,
 * abstract bases, exclusion constraints, custom naming strategies.
 */
import path from "node:path";
import type { CorpusSet } from "../types";

const decorated = (
  directory: string,
  name: string,
  features: readonly string[],
  rest: Omit<Partial<CorpusSet>, "name" | "features" | "source"> = {},
): CorpusSet => ({
  name,
  features,
  source: { kind: "dataSourceModule", file: path.resolve(__dirname, "..", "decorated", directory, "data-source.ts") },
  ...rest,
});

export const decoratedSets: CorpusSet[] = [
  decorated("table-comments", "decorated: table and column comments", ["@Entity({ comment }) with newline, \\r\\n and quotes", "column comment on the key", "empty comment"]),
  decorated("closure-tree", "decorated: closure-table trees", ["@Tree(\"closure-table\")", "generated closure table and its keys", "custom closure table and column names", "uuid tree key", "@TreeParent onDelete"]),
  decorated("nested-set-tree", "decorated: nested-set tree", ["@Tree(\"nested-set\")", "nsleft and nsright columns with defaults"]),
  decorated("materialized-path-tree", "decorated: materialized-path tree", ["@Tree(\"materialized-path\")", "mpath column with default"]),
  decorated("single-table-inheritance", "decorated: single-table inheritance", ["@TableInheritance with a varchar(20) discriminator", "@ChildEntity columns nullable in the shared table", "grandchild entity", "child column default"]),
  decorated("views", "decorated: view entities", ["@ViewEntity with a SQL expression", "materialized view", "view reading a view via dependsOn", "@Index on a materialized view", "view in a non-public schema", "expression as a query-builder function"]),
  decorated("embedded-columns", "decorated: embedded columns with prefixes", ["embedded with the default prefix", "custom prefix", "prefix: false", "nested embedded", "defaults inside an embedded"]),
  decorated("abstract-base", "decorated: abstract base classes", ["abstract base with @PrimaryGeneratedColumn(\"uuid\")", "@CreateDateColumn", "@UpdateDateColumn", "@DeleteDateColumn", "@VersionColumn", "two-level abstract hierarchy", "CreateDateColumn with precision"]),
  decorated("generated-values", "decorated: @Generated values and identity keys", ["@PrimaryGeneratedColumn(\"identity\") ALWAYS", "@Generated(\"uuid\") on a non-key column", "@Generated(\"increment\") on a non-key column", "identity BY DEFAULT on a non-key column", "uuid + bigserial composite key", "uuidExtension: pgcrypto"]),
  decorated("class-constraints", "decorated: class-level indexes, uniques and checks", ["@Index([...], { unique })", "named partial @Index", "three-column @Index", "@Unique named and unnamed", "@Check named and unnamed", "@Index() on a property", "@Index({ unique: true }) on a property"]),
  // Check 2 passes only because autogen reads no exclusion constraint on either side.
  decorated("exclusion-constraints", "decorated: exclusion constraints", ["@Exclusion USING gist", "btree_gist installed by TypeORM", "tstzrange overlap"], {
  }),
  decorated("relation-options", "decorated: relation options", ["self-reference with ON DELETE SET NULL ON UPDATE CASCADE", "RESTRICT + deferrable INITIALLY DEFERRED", "foreignKeyConstraintName", "createForeignKeyConstraints: false", "lazy relation", "@RelationId adds no column", "many-to-many with custom junction referencing a unique column", "junction onDelete/onUpdate", "one-to-one deferrable INITIALLY IMMEDIATE"]),
  decorated("cross-schema", "decorated: entities in several schemas", ["schema: crm and schema: billing", "FK across schemas", "junction table across schemas", "enum in billing", "string TypeScript enum", "same enum named in public"]),
  decorated("typescript-enums", "decorated: TypeScript enums", ["string enum", "numeric enum", "enum member as default", "enum array with default", "shared enumName", "simple-enum on PostgreSQL"]),
  decorated("naming-strategy", "decorated: custom naming strategy", ["snake_case tables and columns", "custom primary key, foreign key, unique and index names", "custom junction table and columns"]),
  decorated("schema-trees", "decorated: trees and inheritance in a non-public schema", ["closure-table tree in schema catalog", "nested-set tree in catalog", "single-table inheritance in catalog", "enum in catalog", "table comment in catalog"]),
  decorated("not-synchronized", "decorated: synchronize: false entity, junction and index", ["@Entity({ synchronize: false })", "@JoinTable({ synchronize: false })", "@Index(name, { synchronize: false }) without columns", "hand-made objects left alone"], {
    handMadeSql: [
      `CREATE INDEX "IDX_events_kind_lower" ON "events" (lower("kind"))`,
      `CREATE TABLE "event_archive" ("id" integer PRIMARY KEY, "kind" text NOT NULL) PARTITION BY RANGE ("id")`,
      `CREATE TABLE "event_tag_links" ("eventsId" integer NOT NULL REFERENCES "events", "eventTagsId" integer NOT NULL REFERENCES "event_tags", PRIMARY KEY ("eventsId", "eventTagsId"))`,
    ],
  }),
  decorated("inferred-types", "decorated: column types inferred from TypeScript", ["string -> varchar", "number -> integer", "boolean", "Date -> timestamp", "simple-array", "simple-json", "inferred composite key"]),
  decorated("composite-relations", "decorated: composite keys and relations", ["composite key that includes the join columns", "two-column @JoinColumn", "ON DELETE CASCADE ON UPDATE CASCADE"]),
  decorated("virtual-columns", "decorated: columns that are not stored and columns that are", ["@VirtualColumn has no column", "select: false column", "insert/update: false column"]),
];
