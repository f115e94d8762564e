/**
 * Checksums of applied migrations. What is recorded is a hash of the SQL a step ran, so reformatting
 * a file changes nothing while editing what it does is noticed. Verification replays each applied
 * script's upgrade without a database (recording its operations) and compares.
 */
import { createHash } from "node:crypto";
import type { Queryable } from "../db/queryable";
import type { QualifiedName } from "../model/schema";
import { emitAllSql } from "../sql/emit";
import { quoteQualified } from "../sql/quote";
import { AutogenError } from "../errors";
import type { RevisionGraph } from "./graph";
import { Operations } from "./operations";
import type { MigrationScript } from "./scripts";
import { RecordingSink } from "./sinks";
import { logTableOf, versionTableExists } from "./version-table";

export const checksumOfSql = (statements: readonly string[]): string =>
  createHash("sha256").update(statements.join(";\n")).digest("hex");

/** What a step ran with: a migration may branch on `op.args` and `op.isOffline`. */
export interface StepInputs {
  readonly args: Readonly<Record<string, string>>;
  readonly offline: boolean;
}

/**
 * The checksum a script's upgrade would record now with the same inputs, or null when it cannot be
 * replayed without a database (it calls `op.query`).
 */
export const scriptChecksum = async (script: MigrationScript, defaultSchema: string, inputs: StepInputs): Promise<string | null> => {
  const sink = new RecordingSink(inputs.offline);
  try {
    await script.upgrade(new Operations(sink, defaultSchema, inputs.args));
  } catch {
    return null;
  }
  return checksumOfSql(emitAllSql(sink.ops));
};

type RecordedStep = StepInputs & { readonly checksum: string | null };

/** Each revision's latest recorded upgrade: its checksum and the inputs it ran with. */
export const recordedChecksums = async (db: Queryable, versionTable: QualifiedName): Promise<Map<string, RecordedStep>> => {
  if (!(await versionTableExists(db, logTableOf(versionTable)))) return new Map();
  const { rows } = await db.query<{ revision: string; checksum: string | null; args: Record<string, string>; offline: boolean }>(
    `SELECT DISTINCT ON (revision) revision, checksum, args, offline FROM ${quoteQualified(logTableOf(versionTable))}
     WHERE direction = 'up' ORDER BY revision, id DESC`,
  );
  return new Map(rows.map(({ revision, checksum, args, offline }) => [revision, { checksum, args, offline }]));
};

export interface EditedMigration {
  readonly revision: string;
  readonly path: string;
  readonly recorded: string;
  readonly actual: string;
}

export class EditedMigrationError extends AutogenError {
  constructor(readonly edited: readonly EditedMigration[]) {
    super(
      `${edited.length} applied migration(s) changed since they were applied: ${edited.map((entry) => `${entry.revision} (${entry.path})`).join(", ")}. ` +
        "Editing an applied migration does not change the databases it already ran on. If the edit was deliberate, " +
        "run `autogen repair` to record the new checksums; to go on regardless, pass --allow-edited.",
    );
  }
}

/** Applied revisions whose file would now run different SQL than what was recorded. */
export const findEditedMigrations = async (
  db: Queryable,
  versionTable: QualifiedName,
  graph: RevisionGraph,
  scripts: ReadonlyMap<string, MigrationScript>,
  heads: readonly string[],
  defaultSchema: string,
): Promise<EditedMigration[]> => {
  const recorded = await recordedChecksums(db, versionTable);
  const edited: EditedMigration[] = [];
  for (const id of [...graph.appliedRevisions(heads)].sort()) {
    const step = recorded.get(id);
    const script = scripts.get(id);
    // Stamped revisions never ran here, so there is nothing to compare with.
    if (!step?.checksum || !script) continue;
    const actual = await scriptChecksum(script, defaultSchema, step);
    if (actual !== null && actual !== step.checksum) edited.push({ revision: id, path: script.path, recorded: step.checksum, actual });
  }
  return edited;
};
