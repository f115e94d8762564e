/**
 * Hazards travel with operations: a closed set of kinds, each with a one-line explanation naming the
 * objects, shown to the reviewer as `// REVIEW (<kind>): ...` at the operation.
 */
import type { QualifiedName } from "../model/schema";
import { isSerialTypeName, typeChangeRewrites } from "../model/sql-types";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { compareText } from "../model/keys";
import { dispatch, type MigrationOp, type PerOpKind, type ReplaceEnumOp } from "./types";

export type HazardKind =
  | "deletes data"
  | "rewrites table"
  | "may fail on existing data"
  | "breaks running code"
  | "irreversible"
  | "possible rename"
  | "takes a lock"
  | "builds an index";

export interface Hazard {
  readonly kind: HazardKind;
  readonly message: string;
}

const none = (): Hazard[] => [];
/** Names are shown as SQL spells them, so they can be pasted into a query. */
const column = (table: QualifiedName, name: string) => `${quoteQualified(table)}.${quoteIdent(name)}`;

/**
 * A type as an `op` call and a `--rename` hint name it, to be pasted as they are: a bare name stands
 * for the default schema, which is `public` unless the config says otherwise.
 */
const opRef = (name: QualifiedName): string =>
  name.schema === "public" ? JSON.stringify(name.name) : `{ schema: ${JSON.stringify(name.schema)}, name: ${JSON.stringify(name.name)} }`;
const hintPath = (name: QualifiedName): string => (name.schema === "public" ? name.name : `${name.schema}.${name.name}`);

const possibleValueRenames = (op: ReplaceEnumOp): Hazard[] =>
  Object.entries(op.possibleRenames ?? {})
    .sort(([a], [b]) => compareText(a, b))
    .map(([from, to]) => ({
      kind: "possible rename",
      message:
        `${quoteLiteral(from)} may be a rename to ${quoteLiteral(to)}; if so, keep the rows that hold it with: ` +
        `await op.renameEnumValue(${opRef(op.name)}, ${JSON.stringify(from)}, ${JSON.stringify(to)}); in place of this swap ` +
        `(before it, if other values change too), or generate again with --rename enum:${hintPath(op.name)}:${from}=${to}`,
    }));

const hazardRules: PerOpKind<Hazard[]> = {
  createSchema: none,
  dropSchema: (op) => [{ kind: "deletes data", message: `drops schema ${quoteIdent(op.schema)}` }],
  createExtension: none,
  dropExtension: (op) => [{ kind: "breaks running code", message: `drops extension ${quoteIdent(op.extension.name)} and the functions and types it provides` }],
  createEnum: none,
  dropEnum: (op) =>
    op.possibleRename === undefined
      ? []
      : [
          {
            kind: "possible rename",
            message:
              `this may be a rename to ${quoteIdent(op.possibleRename)}; if so, replace this drop, the creation of ${quoteIdent(op.possibleRename)} ` +
              `and the column type changes to it with: await op.renameEnum(${opRef(op.name)}, ${JSON.stringify(op.possibleRename)}); ` +
              `or generate again with --rename enum:${hintPath(op.name)}=${op.possibleRename}`,
          },
        ],
  addEnumValue: (op) =>
    op.existing
      ? []
      : [{ kind: "irreversible", message: `PostgreSQL cannot remove value '${op.value}' from ${quoteQualified(op.name)} again in place` }],
  renameEnumValue: (op) => [
    {
      kind: "breaks running code",
      message: `code still using value ${quoteLiteral(op.value)} of ${quoteQualified(op.name)} fails once it is renamed to ${quoteLiteral(op.newValue)}`,
    },
  ],
  renameEnum: (op) => [
    {
      kind: "breaks running code",
      message: `code still naming type ${quoteQualified(op.name)} (casts, functions) fails once it is renamed to ${quoteIdent(op.newName)}`,
    },
  ],
  replaceEnum: (op) => {
    const removed = op.from.filter((value) => !op.to.includes(value) && !(value in op.mapping));
    const uses = op.columns.map((use) => `${quoteQualified(use.table)}.${quoteIdent(use.column)}`).join(", ") || "no column";
    return [
      ...possibleValueRenames(op),
      { kind: "rewrites table", message: `swaps enum type ${quoteQualified(op.name)} and rewrites ${uses} under an ACCESS EXCLUSIVE lock` },
      ...(removed.length > 0
        ? [{ kind: "may fail on existing data" as const, message: `removes ${removed.map((value) => `'${value}'`).join(", ")} from ${quoteQualified(op.name)}: fails if a row still holds one; map them with the op's mapping` }]
        : []),
    ];
  },
  createTable: none,
  dropTable: (op) => [
    ...(op.possibleRename === undefined
      ? []
      : [{ kind: "possible rename" as const, message: `this may be a rename to ${quoteIdent(op.possibleRename)}; if so, replace this drop and the creation of ${quoteIdent(op.possibleRename)} with: await op.renameTable(${JSON.stringify(op.name.name)}, ${JSON.stringify(op.possibleRename)}); or generate again with --rename ${op.name.name}=${op.possibleRename}` }]),
    { kind: "deletes data", message: `drops table ${quoteQualified(op.name)} and every row in it` },
  ],
  renameTable: (op) => [
    { kind: "breaks running code", message: `code still using ${quoteQualified(op.name)} fails once it is renamed to ${quoteIdent(op.newName)}` },
  ],
  setTableComment: none,
  addColumn: (op) =>
    !op.column.nullable &&
    op.column.default === null &&
    !op.column.serial &&
    !isSerialTypeName(op.column.type) &&
    op.column.identity === null &&
    op.column.generated === null
      ? [{ kind: "may fail on existing data", message: `adds NOT NULL column ${column(op.table, op.column.name)} without a default: fails if the table has rows` }]
      : [],
  dropColumn: (op) => [
    ...(op.possibleRename === undefined
      ? []
      : [{ kind: "possible rename" as const, message: `this may be a rename to ${quoteIdent(op.possibleRename)}; if so, replace this drop and the add of ${quoteIdent(op.possibleRename)} with: await op.renameColumn(${JSON.stringify(op.table.name)}, ${JSON.stringify(op.column)}, ${JSON.stringify(op.possibleRename)}); or generate again with --rename ${op.table.name}.${op.column}=${op.possibleRename}` }]),
    { kind: "deletes data", message: `drops column ${column(op.table, op.column)} and everything stored in it` },
  ],
  alterColumn: (op) => {
    const hazards: Hazard[] = [];
    const { type, nullable } = op.changes;
    if (type && typeChangeRewrites(type.from, type.to, op.using ?? null)) {
      hazards.push({
        kind: "rewrites table",
        message: `changes ${column(op.table, op.column)} from ${type.from} to ${type.to}: rewrites the table under an ACCESS EXCLUSIVE lock, and fails on values that do not convert`,
      });
    }
    if (op.changes.identity?.to === "always") {
      hazards.push({ kind: "breaks running code", message: `makes ${column(op.table, op.column)} GENERATED ALWAYS: inserts that set it explicitly start failing` });
    }
    if (op.changes.collation) {
      hazards.push({ kind: "rewrites table", message: `changes the collation of ${column(op.table, op.column)}: its indexes are rebuilt under an ACCESS EXCLUSIVE lock` });
    }
    const { generated } = op.changes;
    if (generated && generated.from !== null && generated.to !== null) {
      hazards.push({ kind: "rewrites table", message: `sets a new generation expression for ${column(op.table, op.column)}: rewrites the table under an ACCESS EXCLUSIVE lock and computes every value anew` });
    }
    if (generated && generated.from !== null && generated.to === null) {
      hazards.push({
        kind: "breaks running code",
        message: `stops computing ${column(op.table, op.column)}: it keeps its values, but rows inserted without it from now on hold NULL (or its default)`,
      });
    }
    if (nullable && !nullable.to) {
      hazards.push({ kind: "may fail on existing data", message: `sets ${column(op.table, op.column)} NOT NULL: fails if any row holds NULL` });
    }
    return hazards;
  },
  recreateColumn: (op) => {
    const target = column(op.table, op.column.name);
    if (op.column.generated === null) return [{ kind: "deletes data", message: `drops ${target} and adds it again empty` }];
    const rewrite: Hazard = {
      kind: "rewrites table",
      message: `drops ${target} and adds it again as GENERATED ALWAYS AS (${op.column.generated}) STORED: rewrites the table under an ACCESS EXCLUSIVE lock and computes every value`,
    };
    if (op.existing !== undefined && op.existing.generated !== null) return [rewrite];
    return [
      { kind: "deletes data", message: `replaces what ${target} holds with the values its generation expression computes` },
      { kind: "breaks running code", message: `makes ${target} generated: inserts and updates that set it start failing` },
      rewrite,
    ];
  },
  renameColumn: (op) => [
    { kind: "breaks running code", message: `code still using ${column(op.table, op.column)} fails once it is renamed to ${quoteIdent(op.newName)}` },
  ],
  createPrimaryKey: none,
  dropPrimaryKey: none,
  createUniqueConstraint: (op) => [
    { kind: "may fail on existing data", message: `adds UNIQUE (${op.constraint.columns.join(", ")}) on ${quoteQualified(op.table)}: fails over duplicate rows` },
  ],
  dropUniqueConstraint: none,
  createCheckConstraint: (op) => [
    { kind: "may fail on existing data", message: `adds CHECK ${op.constraint.expression} on ${quoteQualified(op.table)}: fails if a row violates it` },
  ],
  dropCheckConstraint: none,
  createExclusionConstraint: (op) => [
    { kind: "may fail on existing data", message: `adds ${op.constraint.definition} on ${quoteQualified(op.table)}: fails if existing rows conflict` },
  ],
  dropExclusionConstraint: none,
  createForeignKey: none,
  dropForeignKey: none,
  createIndex: (op) =>
    op.concurrently
      ? [{ kind: "builds an index", message: `builds ${quoteIdent(op.index.name)} on ${quoteQualified(op.table)} without blocking writes; if interrupted it leaves an INVALID index (autogen check reports it)` }]
      : [],
  dropIndex: none,
  validateConstraint: (op) => [
    { kind: "may fail on existing data", message: `checks every row of ${quoteQualified(op.table)} against ${quoteIdent(op.name)}; fails if one violates it (reads and writes go on meanwhile)` },
  ],
  execute: none,
};

export const hazardsOf = (op: MigrationOp): Hazard[] => dispatch(hazardRules, op);
