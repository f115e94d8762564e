/**
 * The inverse of each operation. `downgrade()` is the reverse of each upgrade op, in reverse order.
 * Inverses are exact because destructive ops carry what they destroy; an op rebuilt without that
 * information cannot be reversed and says so.
 */
import { AutogenError } from "../errors";
import { aroundSwap } from "./around-swap";
import { aroundRecreate, changesBetween, NO_DEPENDENTS, withChanges } from "./recreate-column";
import { dispatch, type ColumnChanges, type MigrationOp, type PerOpKind, type ReplaceEnumOp } from "./types";

export class IrreversibleOpError extends AutogenError {
  constructor(
    readonly op: MigrationOp,
    readonly reason: string,
  ) {
    super(`${op.kind} cannot be reversed: ${reason}`);
  }
}

const requireExisting = <T>(op: MigrationOp, existing: T | undefined, what: string): T => {
  if (existing === undefined) throw new IrreversibleOpError(op, `the ${what} it drops was not recorded`);
  return existing;
};

const flip = <T>(change: { from: T; to: T } | undefined) => (change ? { from: change.to, to: change.from } : undefined);

const reverseChanges = (changes: ColumnChanges): ColumnChanges =>
  Object.fromEntries(
    Object.entries(changes).map(([attribute, change]) => [attribute, flip(change as { from: unknown; to: unknown })]),
  ) as ColumnChanges;

/**
 * The mapping of a reverse swap: a value the swap added stands for the one removed value it mapped
 * there, if only one did. Anything else cannot be mapped back: values mapped onto one that stays are
 * merged for good, and a row holding an added value with no single origin makes the reverse fail,
 * which its hazard says (hazards.ts, replaceEnum).
 */
const mappingBack = (op: ReplaceEnumOp): Record<string, string> => {
  const back: Record<string, string> = {};
  for (const added of op.to.filter((value) => !op.from.includes(value))) {
    const origins = Object.keys(op.mapping).filter((removed) => op.mapping[removed] === added && !op.to.includes(removed));
    if (origins.length === 1) back[added] = origins[0]!;
  }
  return back;
};

const reversers: PerOpKind<MigrationOp[]> = {
  createSchema: (op) => [{ kind: "dropSchema", schema: op.schema }],
  dropSchema: (op) => [{ kind: "createSchema", schema: op.schema }],
  createExtension: (op) => [{ kind: "dropExtension", extension: op.extension }],
  dropExtension: (op) => [{ kind: "createExtension", extension: op.extension }],
  createEnum: (op) => [
    { kind: "dropEnum", name: { schema: op.enumType.schema, name: op.enumType.name }, existing: op.enumType },
  ],
  dropEnum: (op) => [{ kind: "createEnum", enumType: requireExisting(op, op.existing, "enum type") }],
  addEnumValue: (op) => {
    const existing = requireExisting(op, op.existing, "list of values and the columns using the type");
    const added =
      op.before !== null
        ? existing.values.flatMap((value) => (value === op.before ? [op.value, value] : [value]))
        : op.after !== null
          ? existing.values.flatMap((value) => (value === op.after ? [value, op.value] : [value]))
          : [...existing.values, op.value];
    const { before, after } = aroundSwap(existing.dependents);
    return [...before, { kind: "replaceEnum", name: op.name, from: added, to: existing.values, columns: existing.columns, mapping: {} }, ...after];
  },
  renameEnumValue: (op) => [{ kind: "renameEnumValue", name: op.name, value: op.newValue, newValue: op.value }],
  replaceEnum: (op) => [
    {
      kind: "replaceEnum",
      name: op.name,
      from: op.to,
      to: op.from,
      columns: op.columns.map((use) => (use.defaultAfter === undefined ? use : { ...use, default: use.defaultAfter, defaultAfter: use.default })),
      mapping: mappingBack(op),
    },
  ],
  renameEnum: (op) => [{ kind: "renameEnum", name: { schema: op.name.schema, name: op.newName }, newName: op.name.name }],
  createTable: (op) => [{ kind: "dropTable", name: { schema: op.table.schema, name: op.table.name }, existing: op.table }],
  dropTable: (op) => {
    const table = requireExisting(op, op.existing, "table definition");
    const name = { schema: table.schema, name: table.name };
    return [
      { kind: "createTable", table: { ...table, indexes: [], foreignKeys: [] } },
      ...table.indexes.map((index): MigrationOp => ({ kind: "createIndex", table: name, index })),
    ];
  },
  archiveTable: (op) => [{ kind: "restoreTable", table: requireExisting(op, op.existing, "table definition"), archive: op.archive }],
  restoreTable: (op) => [
    { kind: "archiveTable", name: { schema: op.table.schema, name: op.table.name }, archive: op.archive, existing: op.table },
  ],
  renameTable: (op) => [
    { kind: "renameTable", name: { schema: op.name.schema, name: op.newName }, newName: op.name.name },
  ],
  renameConstraint: (op) => [{ kind: "renameConstraint", table: op.table, name: op.newName, newName: op.name }],
  renameIndex: (op) => [{ kind: "renameIndex", table: op.table, name: op.newName, newName: op.name }],
  setTableComment: (op) => [{ kind: "setTableComment", table: op.table, comment: flip(op.comment)! }],
  addColumn: (op) => [{ kind: "dropColumn", table: op.table, column: op.column.name, existing: op.column }],
  dropColumn: (op) => [{ kind: "addColumn", table: op.table, column: requireExisting(op, op.existing, "column definition") }],
  archiveColumn: (op) => [
    { kind: "restoreColumn", table: op.table, column: requireExisting(op, op.existing, "column definition"), archive: op.archive, key: op.key },
  ],
  restoreColumn: (op) => [
    { kind: "archiveColumn", table: op.table, column: op.column.name, archive: op.archive, key: op.key, existing: op.column },
  ],
  alterColumn: (op) => {
    if (op.changes.generated?.to === null) {
      // DROP EXPRESSION cannot be undone in place: the column is added again as generated, which
      // takes what includes it along, so that is dropped first and created again after.
      const existing = requireExisting(op, op.existing, "generated column definition and what includes it");
      const { before, after } = aroundRecreate(op.table, existing.dependents);
      return [...before, { kind: "recreateColumn", table: op.table, column: existing.column, existing: withChanges(existing.column, op.changes) }, ...after];
    }
    return [
      {
        kind: "alterColumn",
        table: op.table,
        column: op.column,
        changes: reverseChanges(op.changes),
        ...(op.columnType === undefined ? {} : { columnType: op.changes.type?.from ?? op.columnType }),
      },
    ];
  },
  recreateColumn: (op) => {
    const existing = requireExisting(op, op.existing, "column definition");
    if (existing.generated !== null || op.column.generated === null) {
      return [{ kind: "recreateColumn", table: op.table, column: existing, existing: op.column }];
    }
    // Back from generated to plain: DROP EXPRESSION keeps the computed values, where dropping and
    // adding the plain column again would leave it empty. What includes the column is dropped and
    // created again by the ops around this one, so there is nothing more to carry.
    const changes = { generated: { from: op.column.generated, to: null }, ...changesBetween(op.column, existing) };
    return [
      {
        kind: "alterColumn",
        table: op.table,
        column: op.column.name,
        changes,
        ...(changes.collation ? { columnType: existing.type } : {}),
        existing: { column: op.column, dependents: NO_DEPENDENTS },
      },
    ];
  },
  renameColumn: (op) => [{ kind: "renameColumn", table: op.table, column: op.newName, newName: op.column }],
  createPrimaryKey: (op) => [
    { kind: "dropPrimaryKey", table: op.table, name: op.primaryKey.name, existing: op.primaryKey },
  ],
  dropPrimaryKey: (op) => [
    { kind: "createPrimaryKey", table: op.table, primaryKey: requireExisting(op, op.existing, "primary key") },
  ],
  createUniqueConstraint: (op) => [
    { kind: "dropUniqueConstraint", table: op.table, name: op.constraint.name, existing: op.constraint },
  ],
  dropUniqueConstraint: (op) => [
    { kind: "createUniqueConstraint", table: op.table, constraint: requireExisting(op, op.existing, "unique constraint") },
  ],
  // A safe SET NOT NULL's scaffolding check lives only within the upgrade: undoing the SET NOT NULL
  // is a DROP NOT NULL, with no check to put back (and no table scan to pay for it).
  createCheckConstraint: (op) =>
    op.temporary ? [] : [{ kind: "dropCheckConstraint", table: op.table, name: op.constraint.name, existing: op.constraint }],
  dropCheckConstraint: (op) =>
    op.temporary ? [] : [{ kind: "createCheckConstraint", table: op.table, constraint: requireExisting(op, op.existing, "check constraint") }],
  createExclusionConstraint: (op) => [
    { kind: "dropExclusionConstraint", table: op.table, name: op.constraint.name, existing: op.constraint },
  ],
  dropExclusionConstraint: (op) => [
    { kind: "createExclusionConstraint", table: op.table, constraint: requireExisting(op, op.existing, "exclusion constraint") },
  ],
  createForeignKey: (op) => [
    { kind: "dropForeignKey", table: op.table, name: op.foreignKey.name, existing: op.foreignKey },
  ],
  dropForeignKey: (op) => [
    { kind: "createForeignKey", table: op.table, foreignKey: requireExisting(op, op.existing, "foreign key") },
  ],
  createIndex: (op) => [
    { kind: "dropIndex", table: op.table, name: op.index.name, existing: op.index, ...(op.concurrently ? { concurrently: true } : {}) },
  ],
  dropIndex: (op) => [
    { kind: "createIndex", table: op.table, index: requireExisting(op, op.existing, "index"), ...(op.concurrently ? { concurrently: true } : {}) },
  ],
  createView: (op) => [
    { kind: "dropView", name: { schema: op.view.schema, name: op.view.name }, materialized: op.view.materialized, existing: op.view },
  ],
  dropView: (op) => {
    const view = requireExisting(op, op.existing, "view definition");
    const name = { schema: view.schema, name: view.name };
    return [
      { kind: "createView", view: { ...view, indexes: [] } },
      ...view.indexes.map((index): MigrationOp => ({ kind: "createIndex", table: name, index })),
    ];
  },
  validateConstraint: () => [],
  // A backfill placeholder fills a column its plan added: dropping that column undoes it.
  execute: (op) => {
    if (op.backfill !== undefined) return [];
    throw new IrreversibleOpError(op, "hand-written SQL has no known inverse");
  },
};

export const reverseOp = (op: MigrationOp): MigrationOp[] => dispatch(reversers, op);

/** The downgrade of a plan: each op's inverse, last op first. */
export const reversePlan = (ops: readonly MigrationOp[]): MigrationOp[] => [...ops].reverse().flatMap(reverseOp);
