/**
 * Offline `--sql`: a range of migrations rendered as one SQL script, for a DBA to review and apply with
 * psql, with no database connection at all. The `op` calls go through the same emitter as `upgrade`,
 * and the version-table rows come from the same head bookkeeping and statement builders, so applying
 * the script leaves the database exactly as `upgrade` would (only the log's timings differ).
 */
import { AutogenError, describeCause } from "../errors";
import type { QualifiedName } from "../model/schema";
import { emitAllSql } from "../sql/emit";
import type { Direction, RevisionGraph, Step } from "./graph";
import { applyHeadChange, headChange } from "./heads";
import { refuseUnfilledBackfills } from "./backfill-check";
import { checksumOfSql } from "./checksums";
import { timeoutStatements, type StatementTimeouts } from "./statement-timeouts";
import type { TransactionMode } from "./transaction-policy";
import { Operations } from "./operations";
import type { MigrationScript } from "./scripts";
import { OfflineModeError, SqlScriptSink, type SqlScriptOutput } from "./sinks";
import { headChangeSql, logStepLiteralSql, versionTableDdl } from "./version-table";

export class OfflineRangeError extends AutogenError {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`Cannot render "${target}" as SQL: ${reason}.`);
  }
}

/** A migration's own code failed while its SQL was being written (not a statement: nothing runs). */
export class OfflineMigrationError extends AutogenError {
  constructor(
    readonly revision: string,
    readonly direction: Direction,
    readonly reason: string,
    cause: unknown,
  ) {
    super(`Revision ${revision} ${direction === "up" ? "upgrade" : "downgrade"} failed while writing SQL: ${reason}`, { cause });
  }
}

/** Where the script starts and where it ends, both as targets (`base`, `head`, ids, `ae10+2`, ...). */
export interface SqlRange {
  readonly from: string;
  readonly to: string;
}

/**
 * `FROM:TO`, or `TO` alone for an upgrade from base. A downgrade must say where it starts, because
 * without a database nothing else can tell (Alembic requires the same).
 */
export const parseSqlRange = (target: string, direction: Direction): SqlRange => {
  const colon = target.indexOf(":");
  if (colon < 0) {
    if (direction === "down") {
      throw new OfflineRangeError(
        target,
        `a downgrade needs the revision it starts from, since --sql reads no database: write FROM:TO, ` +
          `for example "head:${target === "head" ? "base" : target}"`,
      );
    }
    return checkedRange(target, { from: "base", to: target });
  }
  return checkedRange(target, { from: target.slice(0, colon), to: target.slice(colon + 1) });
};

const checkedRange = (target: string, range: SqlRange): SqlRange => {
  if (range.from === "" || range.to === "") throw new OfflineRangeError(target, 'write the range as FROM:TO, for example "base:head"');
  if (range.from === "current" || range.to === "current") {
    throw new OfflineRangeError(target, '"current" names what the database holds, and --sql reads no database; name the revision');
  }
  return range;
};

/**
 * The rows the version table holds at `target` when it got there by upgrading from base. This is more
 * than the target's ids: a branch that another one only depends on keeps a row of its own.
 */
export const versionRowsAt = (graph: RevisionGraph, target: string): string[] =>
  graph.upgradePlan([], target).reduce<string[]>((heads, step) => applyHeadChange(heads, headChange(heads, step, graph)), []);

/** A comment on one line: message text must not end the comment early and run as SQL. */
const commentLine = (text: string): string => `-- ${text.replace(/\s+/g, " ").trim()}`;

/**
 * A trailing line comment would swallow the semicolon (`... -- note;`), so the terminator then goes on
 * a line of its own; a statement that already ends with one keeps it as written.
 */
const terminated = (sql: string): string => {
  const text = sql.trimEnd();
  if (text.endsWith(";")) return text;
  const lastLine = text.slice(text.lastIndexOf("\n") + 1);
  return lastLine.includes("--") ? `${text}\n;` : `${text};`;
};

/** The script being written, and whether a transaction is open at its end. */
export class SqlScript implements SqlScriptOutput {
  private readonly blocks: string[] = [];
  private open = false;

  comment(text: string): void {
    this.blocks.push(commentLine(text));
  }

  statement(sql: string): void {
    this.blocks.push(terminated(sql));
  }

  begin(): void {
    if (this.open) throw new Error("bug: BEGIN inside an open transaction of the offline script");
    this.blocks.push("BEGIN;");
    this.open = true;
  }

  commit(): void {
    if (!this.open) throw new Error("bug: COMMIT without an open transaction in the offline script");
    this.blocks.push("COMMIT;");
    this.open = false;
  }

  async outsideTransaction(block: () => Promise<void>): Promise<void> {
    const wasOpen = this.open;
    if (wasOpen) this.commit();
    await block();
    if (wasOpen) this.begin();
  }

  /** Blank lines between statements, as psql users expect to read them; one newline at the end. */
  text(): string {
    if (this.open) throw new Error("bug: the offline script ends inside a transaction");
    return `${this.blocks.join("\n\n")}\n`;
  }
}

export interface OfflineScriptRequest {
  /** `--tag`, handed to migrations as `op.tag`. */
  readonly tag?: string;
  /** lock_timeout / statement_timeout, set once for the psql session that runs the script. */
  readonly timeouts?: StatementTimeouts;
  readonly graph: RevisionGraph;
  readonly scripts: ReadonlyMap<string, MigrationScript>;
  readonly versionTable: QualifiedName;
  readonly defaultSchema: string;
  readonly args: Readonly<Record<string, string>>;
  readonly transactionMode: TransactionMode;
  readonly direction: Direction;
  readonly range: SqlRange;
}

export interface OfflineScript {
  readonly sql: string;
  readonly steps: readonly { readonly revision: string; readonly direction: Direction }[];
  /** The version table's rows once the script has run. */
  readonly heads: readonly string[];
}

const describeSide = (ids: readonly string[]): string => (ids.length === 0 ? "base" : ids.join(", "));

/** Alembic's header, with whole ids so the line can be searched for. */
const stepHeader = ({ revision, direction }: Step): string => {
  const [from, to] = direction === "up" ? [revision.parents, [revision.id]] : [[revision.id], revision.parents];
  const message = revision.message === "" ? "" : `: ${revision.message}`;
  return `Running ${direction === "up" ? "upgrade" : "downgrade"} ${describeSide(from)} -> ${describeSide(to)}${message}`;
};

const writeStepOps = async (script: MigrationScript, step: Step, op: Operations, output: SqlScript): Promise<void> => {
  const run = () => (step.direction === "up" ? script.upgrade(op) : script.downgrade(op));
  try {
    if (script.transactional) await run();
    else await output.outsideTransaction(run);
  } catch (error) {
    if (error instanceof OfflineModeError) throw error;
    throw new OfflineMigrationError(step.revision.id, step.direction, describeCause(error), error);
  }
};

export const renderOfflineScript = async (request: OfflineScriptRequest): Promise<OfflineScript> => {
  const { graph, versionTable, direction, range } = request;
  let heads = versionRowsAt(graph, range.from);
  const plan = direction === "up" ? graph.upgradePlan(heads, range.to) : graph.downgradePlan(heads, range.to);
  refuseUnfilledBackfills(
    plan.filter((step) => step.direction === "up").map((step) => request.scripts.get(step.revision.id)!),
    "upgrade --sql",
  );
  const perStep = request.transactionMode === "each";
  // Mode "none" writes no BEGIN/COMMIT at all: each statement commits as psql runs it.
  const whole = request.transactionMode === "all";
  const output = new SqlScript();
  output.comment(`autogen ${direction === "up" ? "upgrade" : "downgrade"} ${range.from}:${range.to} (offline script)`);
  if (request.timeouts) timeoutStatements(request.timeouts).forEach((statement) => output.statement(statement));
  if (whole) output.begin();
  // A downgrade starts from a database that has the table; an upgrade may start from an empty one.
  if (direction === "up") versionTableDdl(versionTable).forEach((statement) => output.statement(statement));
  for (const step of plan) {
    if (perStep) output.begin();
    output.comment(stepHeader(step));
    const sink = new SqlScriptSink(output, { revision: step.revision.id, direction: step.direction });
    await writeStepOps(request.scripts.get(step.revision.id)!, step, new Operations(sink, request.defaultSchema, request.args, request.tag ?? null), output);
    const change = headChange(heads, step, graph);
    headChangeSql(versionTable, change).forEach((statement) => output.statement(statement));
    heads = applyHeadChange(heads, change);
    output.statement(
      logStepLiteralSql(versionTable, {
        revision: step.revision.id,
        direction: step.direction,
        checksum: checksumOfSql(emitAllSql(sink.applied)),
        durationMs: null,
        args: request.args,
        offline: true,
      }),
    );
    if (perStep) output.commit();
  }
  if (whole) output.commit();
  return {
    sql: output.text(),
    steps: plan.map((step) => ({ revision: step.revision.id, direction: step.direction })),
    heads,
  };
};
