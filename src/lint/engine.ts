/**
 * The lint pass: revisions replayed oldest first into a model of the schema, each selected revision's
 * operations run past the rules with what came before them, and findings placed at the file line of
 * the `op` call they are about, where suppression comments can silence them with a reason.
 *
 * Pure: recorded operations and file text in, a report out. Loading files and running `upgrade()`
 * happen in the command.
 */
import { qualifiedKey } from "../model/keys";
import type { QualifiedName } from "../model/schema";
import { describeOp } from "../ops/describe";
import type { MigrationOp } from "../ops/types";
import type { RevisionGraph, RevisionNode } from "../runtime/graph";
import { activeRules, ruleById } from "./catalog";
import { classifySql, setsLockTimeout, type SqlStatement } from "./execute-sql";
import { locksOfOp, locksOfStatement, type TableLock } from "./locks";
import { LintModel } from "./model";
import { constraintKey } from "./names";
import type { LintOptions, LintRule, OpContext, RecordedOp, RevisionFacts, Severity } from "./rule";
import type { MigrationSource, SuppressionComment } from "./source-map";

export interface RevisionInput {
  readonly node: RevisionNode;
  readonly ops: readonly RecordedOp[];
  /** Why recording stopped early, or null. */
  readonly notRecorded: string | null;
  /** False for a migration exporting `transactional = false`. */
  readonly transactional: boolean;
  /** The file's op calls and suppression comments; null when it could not be read. */
  readonly source: MigrationSource | null;
}

export interface LintInput {
  readonly graph: RevisionGraph;
  /** Every revision of the graph: earlier ones build the model even when they are not linted. */
  readonly revisions: ReadonlyMap<string, RevisionInput>;
  /** The revisions to report on. */
  readonly selected: ReadonlySet<string>;
  readonly options: LintOptions;
}

export interface LintFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly revision: string;
  readonly file: string | null;
  /** 1-based line in the file, or null when unknown. */
  readonly line: number | null;
  readonly message: string;
  /** The operation it is about (`createIndex public.users IDX_users_email`), or null. */
  readonly operation: string | null;
  /** Its position among the operations upgrade() performs (0-based), or null. */
  readonly opIndex: number | null;
}

export interface SuppressedFinding extends LintFinding {
  readonly reason: string;
  readonly scope: "operation" | "file";
}

export interface LintReport {
  /** Linted revisions, oldest first. */
  readonly revisions: readonly string[];
  readonly findings: readonly LintFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly errors: number;
  readonly warnings: number;
}

interface Hit {
  readonly rule: LintRule;
  readonly opIndex: number | null;
  readonly message: string;
}

const predecessorsOf = (node: RevisionNode): string[] => [...new Set([...node.parents, ...node.dependsOn])];

/** The SQL statements of each `op.execute`, read once per revision. */
const statementsOf = (input: RevisionInput, defaultSchema: string): Map<number, SqlStatement[]> =>
  new Map(
    input.ops.flatMap(({ op }, index) => (op.kind === "execute" ? [[index, classifySql(op.sql, defaultSchema)] as const] : [])),
  );

const applyRevision = (model: LintModel, input: RevisionInput, statements: ReadonlyMap<number, readonly SqlStatement[]>): void => {
  input.ops.forEach(({ op }, index) => {
    const sql = statements.get(index);
    if (sql) sql.forEach((statement) => model.applyStatement(statement));
    else model.apply(op);
  });
};

/** Tracks the objects a revision creates, through renames and drops. */
class NewObjects {
  readonly tables = new Set<string>();
  readonly enums = new Set<string>();

  note(op: MigrationOp): void {
    if (op.kind === "createTable") this.tables.add(qualifiedKey(op.table));
    if (op.kind === "dropTable" || op.kind === "archiveTable") this.tables.delete(qualifiedKey(op.name));
    // Indexes on a materialized view created in the same revision block no one.
    if (op.kind === "createView" && op.view.materialized) this.tables.add(qualifiedKey(op.view));
    if (op.kind === "dropView") this.tables.delete(qualifiedKey(op.name));
    if (op.kind === "renameTable" && this.tables.delete(qualifiedKey(op.name))) {
      this.tables.add(qualifiedKey({ schema: op.name.schema, name: op.newName }));
    }
    if (op.kind === "createEnum") this.enums.add(qualifiedKey(op.enumType));
    if (op.kind === "dropEnum") this.enums.delete(qualifiedKey(op.name));
    if (op.kind === "renameEnum" && this.enums.delete(qualifiedKey(op.name))) {
      this.enums.add(qualifiedKey({ schema: op.name.schema, name: op.newName }));
    }
  }

  isTable = (table: QualifiedName): boolean => this.tables.has(qualifiedKey(table));
  isEnum = (name: QualifiedName): boolean => this.enums.has(qualifiedKey(name));
}

/** Runs the rules over one revision, changing `model` into the schema after it. */
const lintRevision = (
  model: LintModel,
  input: RevisionInput,
  statements: ReadonlyMap<number, readonly SqlStatement[]>,
  rules: readonly LintRule[],
  options: LintOptions,
): Hit[] => {
  const hits: Hit[] = [];
  const created = new NewObjects();
  const locks: TableLock[] = [];
  let lockTimeoutAt: number | null = null;
  let notValidInTransaction = new Set<string>();
  input.ops.forEach(({ op, inAutocommit }, opIndex) => {
    const inTransaction = input.transactional && options.transactionMode !== "none" && !inAutocommit;
    // An operation outside the transaction means the one before it was committed.
    if (!inTransaction) notValidInTransaction = new Set();
    const context: OpContext = {
      model,
      isNewTable: created.isTable,
      isNewEnum: created.isEnum,
      inTransaction,
      addedNotValidInThisTransaction: notValidInTransaction,
      options,
    };
    const sql = statements.get(opIndex);
    if (sql === undefined) {
      for (const rule of rules) {
        const handler = rule.ops?.[op.kind] as ((op: MigrationOp, context: OpContext) => readonly string[]) | undefined;
        handler?.(op, context).forEach((message) => hits.push({ rule, opIndex, message }));
      }
      for (const lock of locksOfOp(op)) if (!created.isTable(lock.table)) locks.push({ ...lock, opIndex });
      model.apply(op);
      created.note(op);
      if (inTransaction && op.kind === "createCheckConstraint" && op.notValid) notValidInTransaction.add(constraintKey(op.table, op.constraint.name));
      if (inTransaction && op.kind === "createForeignKey" && op.notValid) notValidInTransaction.add(constraintKey(op.table, op.foreignKey.name));
      return;
    }
    // Several statements sent as one query run as one implicit transaction, even in autocommit mode.
    const notValidHere = inTransaction ? notValidInTransaction : new Set<string>();
    for (const statement of sql) {
      const statementContext: OpContext = { ...context, addedNotValidInThisTransaction: notValidHere };
      if (lockTimeoutAt === null && setsLockTimeout(statement)) lockTimeoutAt = opIndex;
      for (const lock of locksOfStatement(statement, model)) if (!created.isTable(lock.table)) locks.push({ ...lock, opIndex });
      for (const rule of rules) {
        const handler = rule.statements?.[statement.kind] as ((statement: SqlStatement, context: OpContext) => readonly string[]) | undefined;
        handler?.(statement, statementContext).forEach((message) => hits.push({ rule, opIndex, message }));
      }
      model.applyStatement(statement);
      if (statement.kind === "createTable") created.tables.add(qualifiedKey(statement.table));
      if (statement.kind === "addConstraint" && statement.notValid && statement.name !== null) {
        notValidHere.add(constraintKey(statement.table, statement.name));
      }
    }
  });
  const facts: RevisionFacts = {
    ops: input.ops,
    statements,
    modelAfter: model,
    isNewTable: created.isTable,
    locks,
    lockTimeoutAt,
    options,
  };
  for (const rule of rules) rule.revision?.(facts).forEach((hit) => hits.push({ rule, ...hit }));
  return hits;
};

interface Placed {
  readonly file: string | null;
  /** Operation lines are known: every recorded operation was paired with an `op` call of the file. */
  readonly paired: boolean;
  line(opIndex: number | null): number | null;
}

const placeOps = (input: RevisionInput): Placed => {
  const source = input.source;
  // A replay that stopped early recorded the operations of the first calls only.
  const lengthsFit = input.notRecorded === null ? source?.calls.length === input.ops.length : (source?.calls.length ?? 0) >= input.ops.length;
  const paired = source !== null && lengthsFit && input.ops.every(({ op }, index) => source.calls[index].method === op.kind);
  return {
    file: input.node.path,
    paired,
    line: (opIndex) => (paired && opIndex !== null ? source!.calls[opIndex].line : (source?.upgradeLine ?? null)),
  };
};

/** Rules about the lint run itself cannot be silenced: they are about the silencing. */
const UNSUPPRESSIBLE = new Set(["invalid-suppression", "unused-suppression"]);

const finishRevision = (input: RevisionInput, hits: readonly Hit[], rules: readonly LintRule[]) => {
  const active = new Set(rules.map((rule) => rule.id));
  const placed = placeOps(input);
  const findings: LintFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const meta = (id: string, line: number | null, message: string): void => {
    const rule = ruleById(id)!;
    if (active.has(id)) findings.push({ rule: id, severity: rule.severity, revision: input.node.id, file: placed.file, line, message, operation: null, opIndex: null });
  };
  const source = input.source;
  const used = new Set<SuppressionComment>();
  const valid = (comment: SuppressionComment): boolean => comment.reason !== null && comment.rules.length > 0;
  const opSuppressions = (opIndex: number | null): readonly SuppressionComment[] =>
    placed.paired && opIndex !== null ? source!.calls[opIndex].suppressions.filter(valid) : [];
  const fileSuppressions = source?.fileSuppressions.filter(valid) ?? [];

  const allHits: Hit[] = [...hits];
  if (input.notRecorded !== null) {
    allHits.push({ rule: ruleById("upgrade-not-recorded")!, opIndex: null, message: `upgrade() stopped after ${input.ops.length} operation(s) while being recorded: ${input.notRecorded}` });
  }
  const operationComments = source?.calls.flatMap((call) => call.suppressions) ?? [];
  if (source !== null && !placed.paired && operationComments.length > 0) {
    allHits.push({
      rule: ruleById("per-op-suppression-unavailable")!,
      opIndex: null,
      message: `recorded ${input.ops.length} operation(s) but upgrade() has ${source.calls.length} op call(s) (${input.ops.map(({ op }) => op.kind).join(", ")} vs ${source.calls.map((call) => call.method).join(", ")}): operation suppressions in this file are ignored`,
    });
  }
  for (const hit of allHits) {
    if (!active.has(hit.rule.id)) continue;
    const finding: LintFinding = {
      rule: hit.rule.id,
      severity: hit.rule.severity,
      revision: input.node.id,
      file: placed.file,
      line: placed.line(hit.opIndex),
      message: hit.message,
      operation: hit.opIndex === null ? null : describeOp(input.ops[hit.opIndex].op),
      opIndex: hit.opIndex,
    };
    const byOperation = opSuppressions(hit.opIndex).find((comment) => comment.rules.includes(hit.rule.id));
    const byFile = fileSuppressions.find((comment) => comment.rules.includes(hit.rule.id));
    const suppression = UNSUPPRESSIBLE.has(hit.rule.id) ? undefined : (byOperation ?? byFile);
    if (suppression) {
      used.add(suppression);
      suppressed.push({ ...finding, reason: suppression.reason!, scope: suppression.scope });
    } else findings.push(finding);
  }

  // Suppressions at calls that were not paired with an operation, or that a replay stopped before,
  // had no chance to be used: they are checked for validity only.
  const reached = source?.calls.slice(0, input.notRecorded === null ? undefined : input.ops.length) ?? [];
  const couldBeUsed = new Set(placed.paired ? reached.flatMap((call) => call.suppressions) : []);
  const comments = [...operationComments, ...(source?.fileSuppressions ?? []), ...(source?.strayOperationSuppressions ?? [])];
  for (const comment of comments.sort((a, b) => a.line - b.line)) {
    const directive = comment.scope === "file" ? "autogen-lint-ignore-file" : "autogen-lint-ignore";
    const unknown = comment.rules.filter((id) => ruleById(id) === undefined);
    if (comment.rules.length === 0) meta("invalid-suppression", comment.line, `${directive} names no rule: write "// ${directive} <rule>: <reason>"`);
    else if (comment.reason === null) meta("invalid-suppression", comment.line, `${directive} ${comment.rules.join(", ")} gives no reason: write ": <why this is safe here>" after the rule(s)`);
    if (unknown.length > 0) meta("invalid-suppression", comment.line, `${directive} names unknown rule(s) ${unknown.join(", ")}`);
    if (!valid(comment) || used.has(comment)) continue;
    if (comment.scope === "operation" && source?.strayOperationSuppressions.includes(comment)) {
      meta("unused-suppression", comment.line, `autogen-lint-ignore ${comment.rules.join(", ")} is not directly above an \`await op.<call>(...)\` of upgrade()`);
    } else if ((comment.scope === "file" || couldBeUsed.has(comment)) && comment.rules.some((id) => active.has(id))) {
      meta("unused-suppression", comment.line, `${directive} ${comment.rules.join(", ")} suppresses nothing here`);
    }
  }
  return { findings, suppressed };
};

const byPosition = (order: ReadonlyMap<string, number>) => (a: LintFinding, b: LintFinding): number =>
  (order.get(a.revision)! - order.get(b.revision)!) || ((a.line ?? 0) - (b.line ?? 0)) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);

export const lintHistory = (input: LintInput): LintReport => {
  const { graph, revisions, selected, options } = input;
  const rules = activeRules(options.enable, options.disable);
  const order = graph.history().reverse();
  const position = new Map(order.map((node, index) => [node.id, index]));
  const statements = new Map(order.map((node) => [node.id, statementsOf(revisions.get(node.id)!, options.defaultSchema)]));
  const after = new Map<string, LintModel>();
  // How many later revisions still need each revision's model: the last one takes it without a copy,
  // so a long linear history holds one model at a time.
  const waiting = new Map<string, number>();
  for (const node of order) for (const id of predecessorsOf(node)) waiting.set(id, (waiting.get(id) ?? 0) + 1);
  const takeAfter = (id: string): LintModel => {
    const left = waiting.get(id)! - 1;
    waiting.set(id, left);
    const model = after.get(id)!;
    if (left > 0) return model.clone();
    after.delete(id);
    return model;
  };

  const modelBefore = (node: RevisionNode): LintModel => {
    const predecessors = predecessorsOf(node);
    if (predecessors.length === 0) return LintModel.empty();
    if (predecessors.length === 1) return takeAfter(predecessors[0]);
    predecessors.forEach((id) => {
      waiting.set(id, waiting.get(id)! - 1);
      if (waiting.get(id) === 0) after.delete(id);
    });
    // A merge (or a dependency) sees everything its ancestors did: replay them in history order.
    const ancestors = new Set<string>();
    const pending = [...predecessors];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      if (ancestors.has(id)) continue;
      ancestors.add(id);
      pending.push(...predecessorsOf(graph.get(id)));
    }
    const model = LintModel.empty();
    for (const ancestor of order) {
      if (ancestors.has(ancestor.id)) applyRevision(model, revisions.get(ancestor.id)!, statements.get(ancestor.id)!);
    }
    return model;
  };

  const findings: LintFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const node of order) {
    const revision = revisions.get(node.id)!;
    const model = modelBefore(node);
    if (selected.has(node.id)) {
      const hits = lintRevision(model, revision, statements.get(node.id)!, rules, options);
      const result = finishRevision(revision, hits, rules);
      findings.push(...result.findings);
      suppressed.push(...result.suppressed);
    } else applyRevision(model, revision, statements.get(node.id)!);
    if ((waiting.get(node.id) ?? 0) > 0) after.set(node.id, model);
  }
  findings.sort(byPosition(position));
  suppressed.sort(byPosition(position));
  return {
    revisions: order.filter((node) => selected.has(node.id)).map((node) => node.id),
    findings,
    suppressed,
    errors: findings.filter((finding) => finding.severity === "error").length,
    warnings: findings.filter((finding) => finding.severity === "warning").length,
  };
};
