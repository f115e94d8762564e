/**
 * Cases where the spelling of SQL is easy to get wrong: expressions PostgreSQL rewrites, literals that
 * need escaping, defaults on unusual types, identifiers that need quoting in every position, and
 * foreign keys declared without relations.
 */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";



export const edgeCaseSets: CorpusSet[] = [
  schemaSet(
    "array default with a quote and a comma",
    ["text[] default whose elements contain an apostrophe and a comma"],
    [entity("awkward_arrays", { words: { type: "text", array: true, default: ["it's", "a,b"] } })],
    {
      // TypeORM writes array defaults as `'{${values.join(",")}}'`: no quoting of elements, no
      // escaping of quotes. Synchronize sends DEFAULT '{it's,a,b}' and PostgreSQL rejects it; the
      // intended value is the two elements "it's" and "a,b".
      synchronizeIsWrong: {
        reason: "TypeORM neither quotes array elements nor escapes quotes in array defaults: synchronize sends DEFAULT '{it's,a,b}'",
        error: "syntax error",
      },
      expectColumns: [{ table: "public.awkward_arrays", name: "words", default: `'{it''s,"a,b"}'::text[]` }],
    },
  ),
  schemaSet("CHECK expressions PostgreSQL rewrites", ["BETWEEN", "= ANY(ARRAY[...]) on text", "regular expression match", "IS DISTINCT FROM", "COALESCE", "LIKE", "NOT", "cast in a check", "check on a jsonb key"], [
    entity("validated", {
      score: { type: "int" },
      kind: { type: "text" },
      email: { type: "varchar", length: 200 },
      low: { type: "int", nullable: true },
      high: { type: "int", nullable: true },
      code: { type: "varchar", length: 10, nullable: true },
      doc: { type: "jsonb", default: {} },
    }, {
      checks: [
        { name: "CHK_validated_score", expression: `"score" BETWEEN 0 AND 100` },
        { name: "CHK_validated_kind", expression: `"kind" = ANY (ARRAY['a', 'b'])` },
        { name: "CHK_validated_email", expression: `"email" ~* '^[^@]+@[^@]+$'` },
        { name: "CHK_validated_range", expression: `"low" IS DISTINCT FROM "high"` },
        { name: "CHK_validated_low", expression: `COALESCE("low", 0) >= 0` },
        { name: "CHK_validated_code", expression: `NOT ("code" LIKE '%-')` },
        { name: "CHK_validated_cast", expression: `"score"::numeric / 2 < 60` },
        { name: "CHK_validated_doc", expression: `"doc" ? 'version' OR "doc" = '{}'` },
      ],
    }),
  ]),
  schemaSet("partial index predicates PostgreSQL rewrites", ["IN list on varchar in WHERE", "IS NOT NULL AND ...", "boolean column predicate", "LIKE predicate"], [
    entity("jobs_queue", {
      state: { type: "varchar", length: 10 },
      runAt: { type: "timestamptz", nullable: true },
      urgent: { type: "boolean", default: false },
      name: { type: "varchar", length: 60 },
    }, {
      indices: [
        { name: "IDX_jobs_pending", columns: ["runAt"], where: `"state" IN ('queued', 'retrying')` },
        { name: "IDX_jobs_scheduled", columns: ["runAt"], where: `"runAt" IS NOT NULL AND "state" <> 'done'` },
        { name: "IDX_jobs_urgent", columns: ["name"], where: `"urgent"` },
        { name: "IDX_jobs_temp", columns: ["name"], where: `"name" LIKE 'tmp%'` },
      ],
    }),
  ]),
  schemaSet("generated tsvector column", ["generated STORED tsvector", "to_tsvector with a regconfig literal", "COALESCE over varchar"], [
    entity("documents_fts", {
      title: { type: "varchar", length: 200 },
      body: { type: "text", nullable: true },
      search: {
        type: "tsvector",
        generatedType: "STORED",
        asExpression: `to_tsvector('english', coalesce("title", '') || ' ' || coalesce("body", ''))`,
        nullable: true,
      },
    }),
  ]),
  schemaSet("defaults on unusual types", ["range default", "inet default", "cidr default", "interval default", "point default", "uuid literal default", "bytea default", "bit default", "money default", "macaddr default", "tsvector default", "bigint at its maximum"], [
    entity("odd_defaults", {
      span: { type: "int4range", default: "[1,10)" },
      host: { type: "inet", default: "127.0.0.1" },
      net: { type: "cidr", default: "10.0.0.0/8" },
      every: { type: "interval", default: "1 day 02:00:00" },
      origin: { type: "point", default: "(0,0)" },
      nil: { type: "uuid", default: "00000000-0000-0000-0000-000000000000" },
      bytes: { type: "bytea", default: () => "'\\x00ff'::bytea" },
      mask: { type: "bit", length: 4, default: () => "B'1010'" },
      cash: { type: "money", default: 0 },
      mac: { type: "macaddr", default: "08:00:2b:01:02:03" },
      words: { type: "tsvector", default: () => "''::tsvector" },
      top: { type: "bigint", default: "9223372036854775807" },
    }),
  ]),
  schemaSet("foreign keys declared without relations", ["EntitySchema foreignKeys", "composite explicit foreign key", "named explicit foreign key with actions"], [
    entity("regions_fk", { code: { type: "varchar", length: 5, primary: true }, country: { type: "char", length: 2, primary: true } }, { name: "RegionFk" }),
    entity("offices", {
      regionCode: { type: "varchar", length: 5 },
      regionCountry: { type: "char", length: 2 },
      parentOffice: { type: "int", nullable: true },
    }, {
      name: "Office",
      foreignKeys: [
        { target: "RegionFk", columnNames: ["regionCode", "regionCountry"], referencedColumnNames: ["code", "country"], onDelete: "CASCADE" },
        { name: "FK_offices_parent", target: "Office", columnNames: ["parentOffice"], referencedColumnNames: ["id"], onDelete: "SET NULL", deferrable: "INITIALLY DEFERRED" },
      ],
    }),
  ]),
  schemaSet("schema name that needs quoting", ["schema \"Reporting Data\"", "enum in that schema", "FK into it", "index in it"], [
    entity("Monthly Figures", {
      month: { type: "date" },
      status: { type: "enum", enum: ["draft", "final"], default: "draft" },
    }, { name: "MonthlyFigure", schema: "Reporting Data", indices: [{ name: "IDX_monthly_month", columns: ["month"] }] }),
    entity("figure_notes", { note: { type: "text" } }, {
      name: "FigureNote",
      relations: { figure: { type: "many-to-one", target: "MonthlyFigure", joinColumn: { name: "figure_id" }, onDelete: "CASCADE" } },
    }),
  ]),
  schemaSet("foreign key columns follow the referenced key's type", ["FK to bigint identity", "FK to smallserial", "FK to varchar(12)", "FK to char(2)", "FK to uuid"], [
    entity("big_refs", { id: { type: "bigint", primary: true, generated: "identity", generatedIdentity: "BY DEFAULT" } }, { name: "BigRef" }),
    entity("small_refs", { id: { type: "smallint", primary: true, generated: "increment" } }, { name: "SmallRef" }),
    entity("code_refs", { code: { type: "varchar", length: 12, primary: true } }, { name: "CodeRef" }),
    entity("char_refs", { iso: { type: "char", length: 2, primary: true } }, { name: "CharRef" }),
    entity("uuid_refs", { id: { type: "uuid", primary: true, default: () => "gen_random_uuid()" } }, { name: "UuidRef" }),
    entity("referrers", {}, {
      name: "Referrer",
      relations: {
        big: { type: "many-to-one", target: "BigRef" },
        small: { type: "many-to-one", target: "SmallRef" },
        code: { type: "many-to-one", target: "CodeRef" },
        iso: { type: "many-to-one", target: "CharRef" },
        uuid: { type: "many-to-one", target: "UuidRef" },
      },
    }),
  ]),
  schemaSet("a wide table of mixed columns", ["forty columns", "every nullability", "defaults, comments and uniques together"], [
    entity("wide", Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => {
        const kinds = [
          { type: "varchar", length: 10 + i, nullable: i % 2 === 0, default: i % 3 === 0 ? `v${i}` : undefined },
          { type: "int", nullable: i % 2 === 1, default: i % 4 === 0 ? -i : undefined, comment: `column ${i}` },
          { type: "numeric", precision: 10 + (i % 5), scale: i % 3, nullable: true },
          { type: "timestamptz", default: i % 2 === 0 ? () => "now()" : undefined },
          { type: "boolean", default: i % 2 === 0 },
          { type: "jsonb", nullable: true, unique: false },
          { type: "text", array: true, nullable: true },
          { type: "uuid", unique: i % 7 === 0, nullable: true },
        ] as const;
        return [`c${String(i).padStart(2, "0")}`, kinds[i % kinds.length]];
      }),
    )),
  ]),
];
