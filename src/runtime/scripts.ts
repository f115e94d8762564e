/**
 * Migration files -> revisions. Each file is loaded (TypeScript directly) and its exports checked,
 * so a broken file is named with what is wrong before anything touches the database.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { AutogenError, describeCause } from "../errors";
import { registerTypeScriptLoader } from "../sources/typescript-loader";
import type { RevisionNode } from "./graph";
import { checkRevisionId } from "./revision-id";
import type { Operations } from "./operations";

export class MigrationFileError extends AutogenError {
  constructor(
    readonly file: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`Migration ${file}: ${reason}`, { cause });
  }
}

export interface MigrationScript extends RevisionNode {
  readonly path: string;
  readonly upgrade: (op: Operations) => Promise<void>;
  readonly downgrade: (op: Operations) => Promise<void>;
  /** False for a migration that must not run inside a transaction. */
  readonly transactional: boolean;
}

const MIGRATION_FILE = /^(?!.*\.d\.ts$).+\.(ts|js|cjs)$/;

/**
 * Files of the migrations folder and of its subfolders (`revision --version-path` writes into those),
 * in name order at each level. Hidden folders and node_modules hold no migrations.
 */
export const listMigrationFiles = (dir: string): string[] => {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith(".") || entry.name === "node_modules" ? [] : listMigrationFiles(full);
    return MIGRATION_FILE.test(entry.name) ? [full] : [];
  });
};

/** The first line of the file's leading doc comment: the revision message. */
const messageOf = (source: string): string => /^\s*\/\*\*\s*\r?\n\s*\*\s?(.*)$/m.exec(source)?.[1]?.trim() ?? "";

const idList = (file: string, name: string, value: unknown): string[] => {
  if (value === undefined || value === null) return [];
  if (typeof value === "string" && value.length > 0) return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string" && item.length > 0)) return [...value];
  throw new MigrationFileError(file, `\`${name}\` must be a revision id, a list of ids, or null.`);
};

export const loadMigrationScript = (file: string): MigrationScript => {
  registerTypeScriptLoader();
  let exported: Record<string, unknown>;
  try {
    exported = require(file) as Record<string, unknown>;
  } catch (error) {
    throw new MigrationFileError(file, `failed to load: ${describeCause(error)}`, error);
  }
  const { revision, upgrade, downgrade, transactional } = exported;
  if (typeof revision !== "string" || revision.length === 0) {
    throw new MigrationFileError(file, "exports no `revision` id (export const revision = \"...\").");
  }
  if (typeof upgrade !== "function") throw new MigrationFileError(file, "exports no `upgrade(op)` function.");
  if (typeof downgrade !== "function") throw new MigrationFileError(file, "exports no `downgrade(op)` function.");
  if (transactional !== undefined && typeof transactional !== "boolean") {
    throw new MigrationFileError(file, "`transactional` must be true or false.");
  }
  checkRevisionId(revision, `Migration ${file}`);
  return {
    id: revision,
    parents: idList(file, "downRevision", exported.downRevision),
    branchLabels: idList(file, "branchLabels", exported.branchLabels),
    dependsOn: idList(file, "dependsOn", exported.dependsOn),
    message: messageOf(readFileSync(file, "utf8")),
    path: file,
    upgrade: upgrade as MigrationScript["upgrade"],
    downgrade: downgrade as MigrationScript["downgrade"],
    transactional: transactional ?? true,
  };
};

export const loadMigrationScripts = (dir: string): MigrationScript[] => listMigrationFiles(dir).map(loadMigrationScript);
