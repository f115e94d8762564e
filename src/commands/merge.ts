/**
 * `autogen merge`: a revision whose parents are the branches it joins, and does nothing itself. Before
 * writing it, the branches are checked against each other: which objects more than one of them touches
 * (read from their operations, no database needed), and whether replaying them in either order into
 * shadow databases fails or ends in different schemas.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tableExcluder } from "../compare/filters";
import type { ResolvedConfig } from "../config/config";
import { ConnectionError } from "../db/connect";
import { ShadowDatabaseError } from "../db/shadow";
import { ShadowServerError } from "../db/shadow-server";
import { AutogenError, describeCause } from "../errors";
import { findOverlaps, type RecordedRevision } from "../runtime/branch-overlap";
import { replayBranches } from "../runtime/branch-replay";
import { RevisionGraph } from "../runtime/graph";
import { divergence, type Divergence } from "../runtime/merge-base";
import { Operations } from "../runtime/operations";
import type { MigrationScript } from "../runtime/scripts";
import { RecordingSink } from "../runtime/sinks";
import { logTableOf } from "../runtime/version-table";
import { loadHistory, loadProjectConfig, openDatabase, type CommandOptions, type Database, type History } from "./context";
import { buildMergeReport, type MergeReport, type ReplayReport, type UnanalysedRevision } from "./merge-report";
import { defaultTemplatePath } from "./package-files";
import { DatabaseRelativeParentError } from "./revision-parents";
import { claimRevision } from "./new-revision";

export interface MergeOptions extends CommandOptions {
  readonly message: string;
  /** Revisions, branch labels, `heads`, `<label>@head`: at least two distinct revisions in all. */
  readonly revisions: readonly string[];
  readonly revisionId?: string;
  readonly branchLabels?: readonly string[];
  /** Refuse to write the merge when the branches conflict. */
  readonly strict?: boolean;
  /** False skips the shadow replay; the overlap analysis still runs. */
  readonly replay?: boolean;
  /** Injected for deterministic output; defaults to the wall clock and random ids. */
  readonly clock?: () => Date;
  readonly newRevisionId?: () => string;
}

export interface MergeResult {
  readonly kind: "written";
  readonly file: string;
  readonly revision: string;
  readonly parents: readonly string[];
  readonly branchLabels: readonly string[];
  readonly report: MergeReport;
}

export class NothingToMergeError extends AutogenError {
  constructor(
    readonly expressions: readonly string[],
    readonly revisions: readonly string[],
  ) {
    const named = revisions.length === 0 ? "no revision" : `only ${revisions.join(", ")}`;
    const verb = expressions.length === 1 ? "names" : "name";
    super(`Nothing to merge: ${expressions.join(" ")} ${verb} ${named}; a merge joins two or more revisions.`);
  }
}

export class MergeConflictsError extends AutogenError {
  constructor(readonly report: MergeReport) {
    super(
      `Not writing the merge (--strict): the branches conflict.\n\n${report.review.join("\n\n")}\n\n` +
        "Resolve the conflicts on one branch (or drop --strict to write the merge with these notes in its header).",
    );
  }
}


const loadRenderer = (): typeof import("../render/render-migration") => require("../render/render-migration");

const resolveTips = (graph: RevisionGraph, expressions: readonly string[]): string[] => {
  const ids = expressions.flatMap((expression) => {
    if (/^(current|[+-]\d+)$/.test(expression)) throw new DatabaseRelativeParentError("merge", expression);
    return graph.resolve(expression, []);
  });
  const tips = [...new Set(ids)].sort();
  if (tips.length < 2) throw new NothingToMergeError(expressions, tips);
  return tips;
};

interface RecordedUpgrade extends RecordedRevision {
  /** Why upgrade() stopped before its end, when it threw. */
  readonly failure: string | null;
}

/** The operations a revision's upgrade() would run, collected without a database. */
const recordUpgrade = async (script: MigrationScript, defaultSchema: string): Promise<RecordedUpgrade> => {
  const sink = new RecordingSink();
  try {
    await script.upgrade(new Operations(sink, defaultSchema));
    return { id: script.id, ops: sink.ops, failure: null };
  } catch (error) {
    return { id: script.id, ops: sink.ops, failure: describeCause(error) };
  }
};

const analyseOverlaps = async (history: History, parted: Divergence, defaultSchema: string) => {
  const recorded = new Map<string, RecordedUpgrade>();
  for (const id of parted.branches.flatMap((branch) => branch.revisions)) {
    if (!recorded.has(id)) recorded.set(id, await recordUpgrade(history.byId.get(id)!, defaultSchema));
  }
  const overlaps = findOverlaps(
    parted.branches.map((branch) => ({ tip: branch.tip, revisions: branch.revisions.map((id) => recorded.get(id)!) })),
  );
  const unanalysed: UnanalysedRevision[] = [...recorded.values()].flatMap(({ id, ops, failure }) => [
    ...(ops.some((op) => op.kind === "execute")
      ? [{ revision: id, reason: "runs raw SQL (op.execute), which the overlap analysis cannot read; the shadow replay runs it" }]
      : []),
    ...(failure === null
      ? []
      : [{ revision: id, reason: `could not be read without a database (${failure}); only its operations before that were analysed` }]),
  ]);
  return { overlaps, unanalysed };
};

/** Without a reachable server (or the right to create databases there) the replay is skipped, not fatal. */
const replay = async (config: ResolvedConfig, history: History, tips: readonly string[], options: MergeOptions): Promise<ReplayReport> => {
  if (options.replay === false) return { kind: "skipped", reason: "--no-replay" };
  let db: Database;
  try {
    db = await openDatabase(config, options);
  } catch (error) {
    if (error instanceof ConnectionError) return { kind: "skipped", reason: `no database reachable (${error.message})` };
    throw error;
  }
  try {
    const result = await replayBranches(
      {
        serverUrl: await db.shadowServerUrl(),
        graph: history.graph,
        scripts: history.byId,
        versionTable: config.versionTable,
        defaultSchema: config.defaultSchema,
        excludeTable: tableExcluder(config.excludeTables, [config.versionTable, logTableOf(config.versionTable)]),
      },
      tips,
    );
    return { kind: "replayed", ...result };
  } catch (error) {
    if (error instanceof ShadowDatabaseError || error instanceof ShadowServerError) return { kind: "skipped", reason: error.message };
    throw error;
  } finally {
    await db.close();
  }
};

export const mergeCommand = async (options: MergeOptions): Promise<MergeResult> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  const tips = resolveTips(history.graph, options.revisions);
  const parted = divergence(history.graph, tips);
  const { revision, branchLabels } = claimRevision(history, { ...options, parents: tips, dependsOn: [] });
  const templatePath = config.templatePath ?? defaultTemplatePath();
  if (!existsSync(templatePath)) throw new AutogenError(`Migration template ${templatePath} does not exist.`);

  const { overlaps, unanalysed } = await analyseOverlaps(history, parted, config.defaultSchema);
  const report = buildMergeReport({
    base: parted.base,
    branches: parted.branches,
    overlaps,
    unanalysed,
    replay: await replay(config, history, tips, options),
  });
  if (options.strict && report.review.length > 0) throw new MergeConflictsError(report);

  const { renderMigration, slugify } = loadRenderer();
  const text = renderMigration(readFileSync(templatePath, "utf8"), {
    message: options.message,
    revision,
    downRevision: tips,
    branchLabels,
    dependsOn: [],
    createDate: (options.clock ?? (() => new Date()))(),
    ops: [],
    context: { defaultSchema: config.defaultSchema },
    notes: [...report.review, ...report.notes],
  });
  const file = path.join(config.migrationsDir, `${revision}_${slugify(options.message)}.ts`);
  mkdirSync(config.migrationsDir, { recursive: true });
  writeFileSync(file, text);
  return { kind: "written", file, revision, parents: tips, branchLabels, report };
};
