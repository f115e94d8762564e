/**
 * Declared model -> the model PostgreSQL makes of it: rendered as DDL by the one SQL emitter, applied
 * to a shadow database, read back by the same introspector as the live database. Both sides of the
 * comparison are then spelled by PostgreSQL, which is what keeps spurious diffs out.
 *
 * Applying DDL costs seconds for large models, so results are cached by the DDL text and the server
 * version: an unchanged model is normalized once per server version.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Client } from "pg";
import { compareSchemas } from "../compare/compare-schemas";
import { connect, serverVersionNum } from "../db/connect";
import { withShadowDatabase } from "../db/shadow";
import { AutogenError, describeCause } from "../errors";
import { emptyModel, type SchemaModel } from "../model/schema";
import { introspect } from "../sources/introspect/introspect";
import { emitAllSql } from "../sql/emit";

export class DeclaredModelError extends AutogenError {
  constructor(
    readonly statement: string,
    reason: string,
  ) {
    super(`PostgreSQL rejected the entity model: ${reason}\nwhile running:\n${statement}`);
  }
}

/** Bump when the model's shape or the introspector's spelling changes, so old cache entries are ignored. */
const CACHE_FORMAT = "1";

export const declaredModelDdl = (declared: SchemaModel): string[] =>
  emitAllSql(compareSchemas(emptyModel(["public"]), declared));

/**
 * One round trip for the whole model (thousands of statements for a large one); only when PostgreSQL
 * rejects it are the statements replayed one by one, to name the one that fails.
 */
const applyDdl = async (shadow: Client, ddl: readonly string[]): Promise<void> => {
  try {
    await shadow.query(`BEGIN;\n${ddl.join(";\n")};\nCOMMIT`);
    return;
  } catch {
    await shadow.query("ROLLBACK");
  }
  await shadow.query("BEGIN");
  for (const statement of ddl) {
    try {
      await shadow.query(statement);
    } catch (error) {
      await shadow.query("ROLLBACK");
      throw new DeclaredModelError(statement, describeCause(error));
    }
  }
  await shadow.query("ROLLBACK");
  throw new DeclaredModelError(ddl.join(";\n"), "the model's DDL failed as a whole but each statement succeeded alone");
};

export interface NormalizeResult {
  readonly model: SchemaModel;
  readonly cached: boolean;
}

export const normalizeTarget = async (
  serverUrl: string,
  declared: SchemaModel,
  cacheDir: string | null,
): Promise<NormalizeResult> => {
  const ddl = declaredModelDdl(declared);
  const probe = await connect(serverUrl);
  const version = await serverVersionNum(probe).finally(() => probe.end());
  const key = createHash("sha256")
    .update([CACHE_FORMAT, String(version), declared.schemas.join(","), ...ddl].join("\n;\n"))
    .digest("hex")
    .slice(0, 32);
  const cacheFile = cacheDir === null ? null : path.join(cacheDir, `target-${key}.json`);
  if (cacheFile !== null && existsSync(cacheFile)) {
    return { model: JSON.parse(readFileSync(cacheFile, "utf8")) as SchemaModel, cached: true };
  }
  const model = await withShadowDatabase(serverUrl, async (shadow) => {
    await applyDdl(shadow, ddl);
    const normalized = await introspect(shadow, { schemas: declared.schemas });
    const declaredExtensions = new Set(declared.extensions.map((extension) => extension.name));
    return { ...normalized, extensions: normalized.extensions.filter((extension) => declaredExtensions.has(extension.name)) };
  });
  if (cacheFile !== null) {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    // Write-then-rename so a concurrent reader never sees half a file.
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(model));
    renameSync(temporary, cacheFile);
  }
  return { model, cached: false };
};
