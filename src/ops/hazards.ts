/**
 * Hazards travel with operations: a closed set of kinds, each with a one-line explanation naming the
 * objects, shown to the reviewer as `// REVIEW (<kind>): ...` at the operation.
 *
 * A hazard depends on where its operation stands in the plan: a table created earlier in the same plan
 * holds no rows, so scanning, rewriting or locking it costs nothing and fails on nothing. Lock levels are
 * PostgreSQL's (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES and
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES); only locks held for
 * the length of a scan, a build or a rewrite are flagged: the brief ones of a drop or a rename are not.
 * Defaults are judged as on PostgreSQL 11+, where only a volatile default rewrites the table.
 */
import { defaultVolatility } from "../lint/volatility";
import { compareText, qualifiedKey } from "../model/keys";
import type { Column, QualifiedName } from "../model/schema";
import { isSerialTypeName, typeChangeRewrites } from "../model/sql-types";
import { isUnfilledBackfill } from "../safety/backfill";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { dispatch, type MigrationOp, type PerOpKind, type ReplaceEnumOp } from "./types";

export type HazardKind =
  | "deletes data"
  | "rewrites table"
  | "may fail on existing data"
  | "breaks running code"
  | "irreversible"
  | "possible rename"
  | "takes a lock"
  | "builds an index"
  | "needs a backfill";

export interface Hazard {
  readonly kind: HazardKind;
  readonly message: string;
}

/** What the plan did before an operation, as far as its hazards care. */
export interface PlanContext {
  /** Created earlier in the same plan: empty. */
  isNewTable(table: QualifiedName): boolean;
  /**
   * A validated `CHECK ("col" IS NOT NULL)` earlier in the plan, which lets SET NOT NULL skip its scan
   * (PostgreSQL 12+): the safe form's scaffolding.
   */
  provesNotNull(table: QualifiedName, column: string): boolean;
}

/** An operation judged on its own: every table may hold rows, nothing is proven. */
export const STANDALONE: PlanContext = { isNewTable: () => false, provesNotNull: () => false };

const none = (): Hazard[] => [];
/** Names are shown as SQL spells them, so they can be pasted into a query. */
const column = (table: QualifiedName, name: string) => `${quoteQualified(table)}.${quoteIdent(name)}`;

type LockMode = "ACCESS EXCLUSIVE" | "SHARE ROW EXCLUSIVE" | "SHARE";
/** What each mode keeps waiting; the ones flagged here all block writes, ACCESS EXCLUSIVE reads too. */
const WAITS: Readonly<Record<LockMode, string>> = {
  "ACCESS EXCLUSIVE": "reads and writes wait until it ends",
  "SHARE ROW EXCLUSIVE": "inserts, updates and deletes wait until it ends",
  SHARE: "inserts, updates and deletes wait until it ends",
};

const lock = (mode: LockMode, tables: readonly QualifiedName[], during: string): Hazard => ({
  kind: "takes a lock",
  message: `holds ${mode} on ${tables.map(quoteQualified).join(" and ")} ${during}: ${WAITS[mode]}`,
});

/** Why adding this column writes every existing row again, or null when PostgreSQL only records it. */
const addRewrites = (col: Column): string | null => {
  if (col.generated !== null) return "as a stored generated column, computed for every existing row";
  if (col.serial || isSerialTypeName(col.type)) return "as a serial column, filled from its sequence for every existing row";
  if (col.identity !== null) return "as an identity column, filled from its sequence for every existing row";
  if (col.default === null) return null;
  const volatility = defaultVolatility(col.default);
  if (volatility.kind === "volatile") return `with volatile DEFAULT ${col.default}, evaluated for every existing row`;
  if (volatility.kind === "unknown") {
    return `with DEFAULT ${col.default}, which calls ${volatility.functions.join(", ")}: if that is volatile, it is evaluated for every existing row`;
  }
  return null;
};

/**
 * A table or type as an `op` call and a `--rename` hint name it, to be pasted as they are: a bare name stands
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

const possibleRenameOfTable = (name: QualifiedName, possibleRename: string | undefined): Hazard[] =>
  possibleRename === undefined
    ? []
    : [{ kind: "possible rename", message: `this may be a rename to ${quoteIdent(possibleRename)}; if so, replace this drop and the creation of ${quoteIdent(possibleRename)} with: await op.renameTable(${opRef(name)}, ${JSON.stringify(possibleRename)}); or generate again with --rename ${hintPath(name)}=${possibleRename}` }];

const possibleRenameOfColumn = (table: QualifiedName, name: string, possibleRename: string | undefined): Hazard[] =>
  possibleRename === undefined
    ? []
    : [{ kind: "possible rename", message: `this may be a rename to ${quoteIdent(possibleRename)}; if so, replace this drop and the add of ${quoteIdent(possibleRename)} with: await op.renameColumn(${opRef(table)}, ${JSON.stringify(name)}, ${JSON.stringify(possibleRename)}); or generate again with --rename ${hintPath(table)}.${name}=${possibleRename}` }];

const hazardRules = (plan: PlanContext): PerOpKind<Hazard[]> => {
  /** Hazards that only rows make real: none on a table the plan created. */
  const onRows = (table: QualifiedName, hazards: () => Hazard[]): Hazard[] => (plan.isNewTable(table) ? [] : hazards());
  return {
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
      const tables = [...new Map(op.columns.filter((use) => !plan.isNewTable(use.table)).map((use) => [qualifiedKey(use.table), use.table])).values()];
      return [
        ...possibleValueRenames(op),
        { kind: "rewrites table", message: `swaps enum type ${quoteQualified(op.name)} and rewrites ${uses} under an ACCESS EXCLUSIVE lock` },
        ...(tables.length > 0 ? [lock("ACCESS EXCLUSIVE", tables, `while it rewrites the columns of type ${quoteQualified(op.name)}`)] : []),
        ...(removed.length > 0
          ? [{ kind: "may fail on existing data" as const, message: `removes ${removed.map((value) => `'${value}'`).join(", ")} from ${quoteQualified(op.name)}: fails if a row still holds one; map them with the op's mapping` }]
          : []),
      ];
    },
    createTable: none,
    dropTable: (op) => [
      ...possibleRenameOfTable(op.name, op.possibleRename),
      { kind: "deletes data", message: `drops table ${quoteQualified(op.name)} and every row in it` },
    ],
    archiveTable: (op) => [
      ...possibleRenameOfTable(op.name, op.possibleRename),
      { kind: "breaks running code", message: `drops table ${quoteQualified(op.name)} after copying its rows to ${quoteIdent(op.archive)}: code still using it fails; the downgrade restores it from the copy` },
      lock("SHARE", [op.name], `while it copies every row to ${quoteIdent(op.archive)}`),
    ],
    restoreTable: none,
    renameTable: (op) => [
      { kind: "breaks running code", message: `code still using ${quoteQualified(op.name)} fails once it is renamed to ${quoteIdent(op.newName)}` },
    ],
    setTableComment: none,
    addColumn: (op) =>
      onRows(op.table, () => {
        const col = op.column;
        const label = column(op.table, col.name);
        const hazards: Hazard[] = [];
        const filled = col.default !== null || col.serial || isSerialTypeName(col.type) || col.identity !== null || col.generated !== null;
        if (!col.nullable && !filled) {
          hazards.push({ kind: "may fail on existing data", message: `adds NOT NULL column ${label} without a default: fails if the table has rows` });
        }
        const rewrite = addRewrites(col);
        if (rewrite !== null) {
          hazards.push(
            { kind: "rewrites table", message: `adds ${label} ${rewrite}: the whole table is written again` },
            lock("ACCESS EXCLUSIVE", [op.table], "while it rewrites the table"),
          );
        }
        return hazards;
      }),
    dropColumn: (op) => [
      ...possibleRenameOfColumn(op.table, op.column, op.possibleRename),
      { kind: "deletes data", message: `drops column ${column(op.table, op.column)} and everything stored in it` },
    ],
    archiveColumn: (op) => [
      ...possibleRenameOfColumn(op.table, op.column, op.possibleRename),
      { kind: "breaks running code", message: `drops column ${column(op.table, op.column)} after copying its values to ${quoteIdent(op.archive)}: code still using it fails; the downgrade restores it from the copy` },
      lock("SHARE", [op.table], `while it copies ${quoteIdent(op.column)} of every row to ${quoteIdent(op.archive)}`),
    ],
    restoreColumn: (op) => [lock("ACCESS EXCLUSIVE", [op.table], `while it writes ${quoteIdent(op.column.name)} back into every row from ${quoteIdent(op.archive)}`)],
    alterColumn: (op) => {
      const hazards: Hazard[] = [];
      const { type, nullable } = op.changes;
      const existing = !plan.isNewTable(op.table);
      if (type && typeChangeRewrites(type.from, type.to, op.using ?? null)) {
        hazards.push({
          kind: "rewrites table",
          message: `changes ${column(op.table, op.column)} from ${type.from} to ${type.to}: rewrites the table under an ACCESS EXCLUSIVE lock, and fails on values that do not convert`,
        });
        if (existing) hazards.push(lock("ACCESS EXCLUSIVE", [op.table], "while it rewrites the table and rebuilds its indexes"));
      }
      if (op.changes.identity?.to === "always") {
        hazards.push({ kind: "breaks running code", message: `makes ${column(op.table, op.column)} GENERATED ALWAYS: inserts that set it explicitly start failing` });
      }
      if (op.changes.collation) {
        hazards.push({ kind: "rewrites table", message: `changes the collation of ${column(op.table, op.column)}: its indexes are rebuilt under an ACCESS EXCLUSIVE lock` });
        if (existing && !hazards.some((hazard) => hazard.kind === "takes a lock")) {
          hazards.push(lock("ACCESS EXCLUSIVE", [op.table], `while it rebuilds the indexes on ${quoteIdent(op.column)}`));
        }
      }
      const { generated } = op.changes;
      if (generated && generated.from !== null && generated.to !== null) {
        hazards.push({ kind: "rewrites table", message: `sets a new generation expression for ${column(op.table, op.column)}: rewrites the table under an ACCESS EXCLUSIVE lock and computes every value anew` });
        if (existing && !hazards.some((hazard) => hazard.kind === "takes a lock")) {
          hazards.push(lock("ACCESS EXCLUSIVE", [op.table], `while it computes ${quoteIdent(op.column)} for every row`));
        }
      }
      if (generated && generated.from !== null && generated.to === null) {
        hazards.push({
          kind: "breaks running code",
          message: `stops computing ${column(op.table, op.column)}: it keeps its values, but rows inserted without it from now on hold NULL (or its default)`,
        });
      }
      if (nullable && !nullable.to) {
        hazards.push({ kind: "may fail on existing data", message: `sets ${column(op.table, op.column)} NOT NULL: fails if any row holds NULL` });
        if (existing && !plan.provesNotNull(op.table, op.column)) {
          hazards.push(lock("ACCESS EXCLUSIVE", [op.table], `while it scans every row for a NULL in ${quoteIdent(op.column)}`));
        }
      }
      return hazards;
    },
    recreateColumn: (op) => {
      const target = column(op.table, op.column.name);
      if (op.column.generated === null) return [{ kind: "deletes data", message: `drops ${target} and adds it again empty` }];
      const rewrite: Hazard[] = [
        {
          kind: "rewrites table",
          message: `drops ${target} and adds it again as GENERATED ALWAYS AS (${op.column.generated}) STORED: rewrites the table under an ACCESS EXCLUSIVE lock and computes every value`,
        },
        ...onRows(op.table, () => [lock("ACCESS EXCLUSIVE", [op.table], `while it computes ${quoteIdent(op.column.name)} for every row`)]),
      ];
      if (op.existing !== undefined && op.existing.generated !== null) return rewrite;
      return [
        { kind: "deletes data", message: `replaces what ${target} holds with the values its generation expression computes` },
        { kind: "breaks running code", message: `makes ${target} generated: inserts and updates that set it start failing` },
        ...rewrite,
      ];
    },
    renameColumn: (op) => [
      { kind: "breaks running code", message: `code still using ${column(op.table, op.column)} fails once it is renamed to ${quoteIdent(op.newName)}` },
    ],
    // Attaching the concurrently built index takes ACCESS EXCLUSIVE only briefly, unless a key column
    // still allows NULL: PostgreSQL then sets NOT NULL, scanning the table under that lock.
    createPrimaryKey: (op) =>
      onRows(op.table, () =>
        op.concurrently
          ? [
              { kind: "builds an index", message: `builds the index of ${quoteIdent(op.primaryKey.name)} on ${quoteQualified(op.table)} without blocking writes, then attaches it under a brief ACCESS EXCLUSIVE lock; if interrupted it leaves an INVALID index (autogen check reports it)` },
              { kind: "may fail on existing data", message: `adds PRIMARY KEY (${op.primaryKey.columns.join(", ")}) on ${quoteQualified(op.table)}: the build fails over duplicate rows and the attach over NULLs, which it scans for under ACCESS EXCLUSIVE if a key column still allows them` },
            ]
          : [
              { kind: "may fail on existing data", message: `adds PRIMARY KEY (${op.primaryKey.columns.join(", ")}) on ${quoteQualified(op.table)}: fails over duplicate rows or NULLs` },
              lock("ACCESS EXCLUSIVE", [op.table], `while it builds the index of ${quoteIdent(op.primaryKey.name)}`),
            ],
      ),
    dropPrimaryKey: none,
    createUniqueConstraint: (op) => [
      { kind: "may fail on existing data", message: `adds UNIQUE (${op.constraint.columns.join(", ")}) on ${quoteQualified(op.table)}: fails over duplicate rows` },
      ...onRows(op.table, () =>
        op.concurrently
          ? [{ kind: "builds an index", message: `builds the index of ${quoteIdent(op.constraint.name)} on ${quoteQualified(op.table)} without blocking writes, then attaches it under a brief ACCESS EXCLUSIVE lock; if interrupted it leaves an INVALID index (autogen check reports it)` }]
          : [lock("ACCESS EXCLUSIVE", [op.table], `while it builds the index of ${quoteIdent(op.constraint.name)}`)],
      ),
    ],
    dropUniqueConstraint: none,
    createCheckConstraint: (op) => [
      { kind: "may fail on existing data", message: `adds CHECK ${op.constraint.expression} on ${quoteQualified(op.table)}: fails if a row violates it` },
      ...onRows(op.table, () => (op.notValid ? [] : [lock("ACCESS EXCLUSIVE", [op.table], `while it checks every row against ${quoteIdent(op.constraint.name)}`)])),
    ],
    dropCheckConstraint: none,
    createExclusionConstraint: (op) => [
      { kind: "may fail on existing data", message: `adds ${op.constraint.definition} on ${quoteQualified(op.table)}: fails if existing rows conflict` },
      ...onRows(op.table, () => [lock("ACCESS EXCLUSIVE", [op.table], `while it builds the index of ${quoteIdent(op.constraint.name)}`)]),
    ],
    dropExclusionConstraint: none,
    // The scan is over the referencing table's rows; the referenced table is locked in the same mode.
    createForeignKey: (op) =>
      onRows(op.table, () =>
        op.notValid
          ? []
          : [lock("SHARE ROW EXCLUSIVE", [op.table, op.foreignKey.referencedTable], `while it checks every row of ${quoteQualified(op.table)} against ${quoteIdent(op.foreignKey.name)}`)],
      ),
    dropForeignKey: none,
    // Only the name changes: no row is read or written, and the lock is brief. Code seldom names a
    // constraint (an error handler matching a unique violation's name would), so nothing is flagged.
    renameConstraint: none,
    createIndex: (op) =>
      onRows(op.table, () =>
        op.concurrently
          ? [{ kind: "builds an index", message: `builds ${quoteIdent(op.index.name)} on ${quoteQualified(op.table)} without blocking writes; if interrupted it leaves an INVALID index (autogen check reports it)` }]
          : [lock("SHARE", [op.table], `while it builds ${quoteIdent(op.index.name)}`)],
      ),
    dropIndex: none,
    // SHARE UPDATE EXCLUSIVE (PostgreSQL 12+), which lets reads and writes go on; queries never name an index.
    renameIndex: none,
    createView: (op) =>
      op.view.materialized
        ? [{ kind: "takes a lock", message: `fills materialized view ${quoteQualified(op.view)} by running its query inside the migration: the locks the migration holds are kept as long as that query runs` }]
        : [],
    dropView: (op) => [
      { kind: "breaks running code", message: `drops ${op.materialized ? "materialized view" : "view"} ${quoteQualified(op.name)}: queries reading it fail until it is created again` },
    ],
    // VALIDATE takes SHARE UPDATE EXCLUSIVE, which lets reads and writes go on: no lock hazard.
    validateConstraint: (op) => [
      { kind: "may fail on existing data", message: `checks every row of ${quoteQualified(op.table)} against ${quoteIdent(op.name)}; fails if one violates it (reads and writes go on meanwhile)` },
    ],
    execute: (op) =>
      op.backfill !== undefined && isUnfilledBackfill(op.sql)
        ? [{ kind: "needs a backfill", message: `write the value of ${column(op.backfill.table, op.backfill.column)} for existing rows in place of the FILL IN comment (batch it for a large table); until then this is a syntax error and upgrade, check and lint refuse the migration` }]
        : [],
  };
};

/** What the plan has done so far, noted op by op. */
class PlanFacts implements PlanContext {
  private readonly created = new Set<string>();
  /** `CHECK ("col" IS NOT NULL)` constraints added so far, by table and name, with whether they are validated. */
  private readonly notNullChecks = new Map<string, { readonly column: string; readonly validated: boolean }>();

  isNewTable = (table: QualifiedName): boolean => this.created.has(qualifiedKey(table));

  provesNotNull = (table: QualifiedName, column: string): boolean =>
    [...this.notNullChecks].some(([key, check]) => key.startsWith(`${qualifiedKey(table)}\u0000`) && check.column === column && check.validated);

  note(op: MigrationOp): void {
    const constraint = (table: QualifiedName, name: string) => `${qualifiedKey(table)}\u0000${name}`;
    if (op.kind === "createTable" || op.kind === "restoreTable") this.created.add(qualifiedKey(op.table));
    // A materialized view created by the plan has no readers yet: building its indexes blocks nobody.
    if (op.kind === "createView") this.created.add(qualifiedKey(op.view));
    if (op.kind === "dropTable" || op.kind === "archiveTable") this.created.delete(qualifiedKey(op.name));
    if (op.kind === "renameTable" && this.created.delete(qualifiedKey(op.name))) this.created.add(qualifiedKey({ schema: op.name.schema, name: op.newName }));
    if (op.kind === "createCheckConstraint") {
      const match = /^"((?:[^"]|"")+)" IS NOT NULL$/.exec(op.constraint.expression);
      if (match) this.notNullChecks.set(constraint(op.table, op.constraint.name), { column: match[1]!.replace(/""/g, '"'), validated: !op.notValid });
    }
    if (op.kind === "validateConstraint") {
      const check = this.notNullChecks.get(constraint(op.table, op.name));
      if (check) this.notNullChecks.set(constraint(op.table, op.name), { ...check, validated: true });
    }
    if (op.kind === "dropCheckConstraint") this.notNullChecks.delete(constraint(op.table, op.name));
  }
}

export const hazardsOf = (op: MigrationOp, plan: PlanContext = STANDALONE): Hazard[] => dispatch(hazardRules(plan), op);

/** Each operation's hazards, in plan order, judged with what the plan did before it. */
export const planHazards = (ops: readonly MigrationOp[]): Hazard[][] => {
  const facts = new PlanFacts();
  return ops.map((op) => {
    const hazards = hazardsOf(op, facts);
    facts.note(op);
    return hazards;
  });
};
