import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AutogenError } from "../errors";
import { hazardsOf, type Hazard } from "../ops/hazards";
import type { MigrationOp } from "../ops/types";
import { checkRevisionId } from "../runtime/revision-id";
import { readHeads } from "../runtime/version-table";
import { requireDatabaseAtHead } from "./at-head";
import { autogenerate } from "./autogenerate";
import { loadHistory, loadProjectConfig, withDatabase, type CommandOptions } from "./context";
import { defaultTemplatePath } from "./package-files";


export interface RevisionOptions extends CommandOptions {
  readonly message: string;
  readonly empty?: boolean;
  readonly revisionId?: string;
  /** Injected for deterministic output; defaults to the wall clock and random ids. */
  readonly clock?: () => Date;
  readonly newRevisionId?: () => string;
}

export type RevisionResult =
  | { readonly kind: "written"; readonly file: string; readonly revision: string; readonly ops: readonly MigrationOp[]; readonly hazards: readonly Hazard[] }
  | { readonly kind: "noChanges" };

const randomRevisionId = (): string => randomBytes(6).toString("hex");

/** ts-morph takes a quarter of a second to load: only a revision that writes a file pays for it. */
const loadRenderer = (): typeof import("../render/render-migration") => require("../render/render-migration");

export const revisionCommand = async (options: RevisionOptions): Promise<RevisionResult> => {
  const config = loadProjectConfig(options);
  const history = loadHistory(config);
  const parents = history.graph.heads();
  if (parents.length > 1) {
    throw new AutogenError(`The migrations have several heads (${parents.join(", ")}); run \`autogen merge\` first.`);
  }
  const ops = options.empty
    ? null
    : await withDatabase(config, options, async (db) => {
        requireDatabaseAtHead(await readHeads(db.client, config.versionTable), history);
        return (await autogenerate(config, db)).ops;
      });
  if (ops !== null && ops.length === 0) return { kind: "noChanges" };
  const revision = checkRevisionId(options.revisionId ?? (options.newRevisionId ?? randomRevisionId)(), "--rev-id");
  if (history.byId.has(revision)) throw new AutogenError(`Revision id ${revision} is already used by ${history.byId.get(revision)!.path}.`);
  const templatePath = config.templatePath ?? defaultTemplatePath();
  if (!existsSync(templatePath)) throw new AutogenError(`Migration template ${templatePath} does not exist.`);
  const { renderMigration, slugify } = loadRenderer();
  const text = renderMigration(readFileSync(templatePath, "utf8"), {
    message: options.message,
    revision,
    downRevision: parents,
    branchLabels: [],
    dependsOn: [],
    createDate: (options.clock ?? (() => new Date()))(),
    ops,
    context: { defaultSchema: config.defaultSchema },
  });
  mkdirSync(config.migrationsDir, { recursive: true });
  const file = path.join(config.migrationsDir, `${revision}_${slugify(options.message)}.ts`);
  writeFileSync(file, text);
  return { kind: "written", file, revision, ops: ops ?? [], hazards: (ops ?? []).flatMap(hazardsOf) };
};
