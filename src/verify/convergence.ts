/**
 * Convergence, verified before a revision is written: the plan is applied to a shadow copy of the
 * current schema and the result compared with the target (it must be equal), then the downgrade is
 * applied and the result compared with the start (equal again). A plan that does not converge is
 * reported object by object and nothing is written.
 *
 * Only the part of the schema the plan touches is copied (its tables and views, the views reading
 * them, the relations those views read, and the foreign-key neighbours of all these tables, with
 * every schema, extension and enum type), so the cost follows the size of the change, not of the
 * database. A view that reads a changed table is copied even when the plan does not touch it: a plan
 * that forgot to rebuild it fails on the copy as it would on the database. Objects that do not survive being recreated from their printed text
 * (PostgreSQL's deparser is not always a fixed point) cannot be verified this way and are set aside.
 */
import type { Client } from "pg";
import { compareSchemas } from "../compare/compare-schemas";
import { defaultCompareOptions, type CompareOptions } from "../compare/options";
import { withShadowDatabase } from "../db/shadow";
import { AutogenError, describeCause } from "../errors";
import { qualifiedKey } from "../model/keys";
import type { QualifiedName, SchemaModel, Table } from "../model/schema";
import { declaredModelDdl } from "../normalize/normalize-target";
import { describeOp } from "../ops/describe";
import { reversePlan } from "../ops/reverse";
import type { MigrationOp } from "../ops/types";
import { introspect } from "../sources/introspect/introspect";
import { emitSql } from "../sql/emit";
import { withoutArchives } from "../safety/archive";

export interface Divergence {
  /** Which check: the upgrade reaching the target, or the downgrade returning to the start. */
  readonly stage: "upgrade" | "downgrade";
  /** What would still have to change, one line per object; the `from`/`to` in it are the two forms. */
  readonly residue: readonly string[];
  /** Set when applying the plan itself failed. */
  readonly failure: string | null;
}

export class ConvergenceError extends AutogenError {
  constructor(readonly divergences: readonly Divergence[]) {
    super(
      [
        "The generated plan does not converge, so no migration was written:",
        ...divergences.flatMap((divergence) => [
          `  ${divergence.stage}: ${divergence.failure ?? "the result still differs:"}`,
          ...divergence.residue.map((line) => `    ${line}`),
        ]),
        "This is a bug in autogen; please report it with the entities involved. To write the file anyway, pass --no-verify and review it by hand.",
      ].join("\n"),
    );
  }
}

const opTables = (op: MigrationOp): QualifiedName[] => {
  const tables: QualifiedName[] = [];
  if ("table" in op && op.table && typeof op.table === "object" && "schema" in op.table) tables.push(op.table);
  if (op.kind === "dropTable" || op.kind === "renameTable" || op.kind === "archiveTable") tables.push(op.name);
  if (op.kind === "renameTable") tables.push({ schema: op.name.schema, name: op.newName });
  if (op.kind === "createForeignKey" || op.kind === "dropForeignKey") {
    const foreignKey = op.kind === "createForeignKey" ? op.foreignKey : op.existing;
    if (foreignKey) tables.push(foreignKey.referencedTable);
  }
  if (op.kind === "replaceEnum") tables.push(...op.columns.map((use) => use.table));
  if (op.kind === "addEnumValue" && op.existing) tables.push(...op.existing.columns.map((use) => use.table));
  if (op.kind === "createView") tables.push(op.view);
  if (op.kind === "dropView") tables.push(op.name);
  return tables;
};

/** Adds, until nothing changes, the views reading anything in scope, then everything those views read. */
const withViews = (scope: Set<string>, models: readonly SchemaModel[]): void => {
  const views = models.flatMap((model) => model.views);
  const grow = (add: (view: SchemaModel["views"][number]) => string[]) => {
    for (let size = -1; size !== scope.size; ) {
      size = scope.size;
      for (const view of views) for (const key of add(view)) scope.add(key);
    }
  };
  grow((view) => (view.dependsOn.some((dependency) => scope.has(qualifiedKey(dependency))) ? [qualifiedKey(view)] : []));
  grow((view) => (scope.has(qualifiedKey(view)) ? view.dependsOn.map(qualifiedKey) : []));
};

/**
 * The tables and views the plan touches, the views around them, and every table one foreign key away
 * from these on either side; raw SQL may touch anything, so a plan with some keeps the whole schema.
 */
const scopeOf = (ops: readonly MigrationOp[], current: SchemaModel, target: SchemaModel): Set<string> => {
  if (ops.some((op) => op.kind === "execute" && !isPlaceholder(op))) {
    return new Set([...current.tables, ...target.tables, ...current.views, ...target.views].map(qualifiedKey));
  }
  const scope = new Set(ops.flatMap(opTables).map(qualifiedKey));
  withViews(scope, [current, target]);
  for (const model of [current, target]) {
    for (const table of model.tables) {
      for (const foreignKey of table.foreignKeys) {
        if (scope.has(qualifiedKey(table))) scope.add(qualifiedKey(foreignKey.referencedTable));
      }
    }
  }
  for (const model of [current, target]) {
    for (const table of model.tables) {
      if (table.foreignKeys.some((foreignKey) => scope.has(qualifiedKey(foreignKey.referencedTable)))) scope.add(qualifiedKey(table));
    }
  }
  return scope;
};

/** The model cut down to the scope; foreign keys leading out of it are left out on both sides alike. */
const within = (model: SchemaModel, scope: ReadonlySet<string>): SchemaModel => ({
  ...model,
  tables: model.tables
    .filter((table) => scope.has(qualifiedKey(table)))
    .map((table): Table => ({ ...table, foreignKeys: table.foreignKeys.filter((foreignKey) => scope.has(qualifiedKey(foreignKey.referencedTable))) })),
  views: model.views.filter((view) => scope.has(qualifiedKey(view))),
});

/**
 * A backfill placeholder the comparator generated (marked by its `backfill` field, which no `op.execute`
 * of a user carries) is not SQL yet: it fills rows, and the shadow copy has none, so it is skipped.
 */
const isPlaceholder = (op: MigrationOp): boolean => op.kind === "execute" && op.backfill !== undefined;

/** Statement by statement, in autocommit: CONCURRENTLY forms cannot run in a transaction, and the shadow is scratch. */
const apply = async (shadow: Client, ops: readonly MigrationOp[]): Promise<string | null> => {
  for (const op of ops) {
    if (isPlaceholder(op)) continue;
    for (const statement of emitSql(op)) {
      try {
        await shadow.query(statement);
      } catch (error) {
        return `${describeOp(op)} failed: ${describeCause(error)}\n      SQL: ${statement}`;
      }
    }
  }
  return null;
};

/** Objects that differ between two models, as `kind object` keys, to set drifting ones aside. */
const subjects = (a: SchemaModel, b: SchemaModel): Set<string> =>
  new Set([...compareSchemas(a, b), ...compareSchemas(b, a)].map(describeOp));

const residue = (actual: SchemaModel, expected: SchemaModel, drift: ReadonlySet<string>, options: CompareOptions): string[] =>
  compareSchemas(actual, expected, options)
    .filter((op) => !drift.has(describeOp(op)))
    .map((op) => `${describeOp(op)} ${JSON.stringify("changes" in op ? op.changes : op)}`);

export const verifyConvergence = async (
  serverUrl: string,
  current: SchemaModel,
  target: SchemaModel,
  ops: readonly MigrationOp[],
  /** The comparison's own options: a difference it was told to ignore is no divergence either. */
  options: CompareOptions = defaultCompareOptions,
): Promise<Divergence[]> => {
  if (ops.length === 0) return [];
  const scope = scopeOf(ops, current, target);
  const start = within(current, scope);
  const goal = within(target, scope);
  return withShadowDatabase(serverUrl, async (shadow) => {
    const failure = await apply(shadow, declaredModelDdl(start).map((sql) => ({ kind: "execute", sql }) as MigrationOp));
    if (failure) return [{ stage: "upgrade", residue: [], failure: `could not recreate the current schema: ${failure}` }];
    // Archives the plan writes (revision --archive) are kept on purpose and not part of either model.
    const read = async () => withoutArchives(await introspect(shadow, { schemas: [...new Set([...current.schemas, ...target.schemas])] }));
    const copy = await read();
    const drift = subjects(start, { ...copy, extensions: start.extensions });
    const upgradeFailure = await apply(shadow, ops);
    if (upgradeFailure) return [{ stage: "upgrade", residue: [], failure: upgradeFailure }];
    const upgraded = await read();
    const divergences: Divergence[] = [];
    const upgradeResidue = residue({ ...upgraded, extensions: goal.extensions }, goal, drift, options);
    if (upgradeResidue.length > 0) divergences.push({ stage: "upgrade", residue: upgradeResidue, failure: null });
    let downgrade: MigrationOp[];
    try {
      downgrade = reversePlan(ops);
    } catch (error) {
      return [...divergences, { stage: "downgrade", residue: [], failure: describeCause(error) }];
    }
    const downgradeFailure = await apply(shadow, downgrade);
    if (downgradeFailure) return [...divergences, { stage: "downgrade", residue: [], failure: downgradeFailure }];
    const downgraded = await read();
    const downgradeResidue = residue({ ...downgraded, extensions: copy.extensions }, copy, new Set(), options);
    if (downgradeResidue.length > 0) divergences.push({ stage: "downgrade", residue: downgradeResidue, failure: null });
    return divergences;
  });
};
