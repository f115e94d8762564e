/**
 * Declared model -> the model PostgreSQL makes of it. Each table is rendered as DDL by the one SQL
 * emitter, applied to a shadow database and read back by the same introspector as the live database,
 * so types, defaults, checks, generated columns and index predicates are spelled by PostgreSQL on
 * both sides of the comparison — which is what keeps spurious diffs out.
 *
 * Only what PostgreSQL re-spells goes through the shadow: foreign keys, enum values, extensions and
 * schemas are structured data and are taken from the declaration as they are. Tables are normalized
 * and cached one by one, keyed by their own DDL, the DDL of the enum types they may mention and the
 * server version: after a change to one entity, only its table is applied again.
 *
 * Views are normalized too (their query as `pg_get_viewdef` prints it, their dependencies as pg_depend
 * records them), but a view's query names tables this code cannot see into. So a view's cache entry
 * is keyed by its own DDL like a table's, and is used only while the normalized form of every relation
 * it was found to read is still the same. When any view must be read again, the shadow gets every
 * table and every view: which tables a changed query reads is only known once PostgreSQL has parsed it.
 */
import { createHash } from "node:crypto";
import type { Client } from "pg";
import { compareSchemas } from "../compare/compare-schemas";
import { connect, serverVersionNum } from "../db/connect";
import { withShadowDatabase } from "../db/shadow";
import { AutogenError, describeCause } from "../errors";
import { truncateIdentifier } from "../model/identifiers";
import { qualifiedKey } from "../model/keys";
import { emptyModel, type SchemaModel, type Table, type View } from "../model/schema";
import { introspect } from "../sources/introspect/introspect";
import { emitAllSql } from "../sql/emit";
import { viewCreationOrder } from "../compare/views";
import { JsonCache, TableCache } from "./table-cache";

export class DeclaredModelError extends AutogenError {
  constructor(
    readonly statement: string,
    reason: string,
  ) {
    super(`PostgreSQL rejected the entity model: ${reason}\nwhile running:\n${statement}`);
  }
}

/** Bump when the model's shape or the introspector's spelling changes, so old cache entries are ignored. */
const CACHE_FORMAT = "4";

/** The DDL that recreates the declared model from nothing. */
export const declaredModelDdl = (declared: SchemaModel): string[] =>
  emitAllSql(compareSchemas(emptyModel(["public"]), declared));

/** Schemas, extensions and enum types: what every table's DDL may rely on. */
const foundationDdl = (declared: SchemaModel): string[] => declaredModelDdl({ ...declared, tables: [], views: [] });

const tableDdl = (table: Table): string[] =>
  emitAllSql(compareSchemas(emptyModel([table.schema]), { ...emptyModel([table.schema]), tables: [{ ...table, foreignKeys: [] }] }));

/** The view and its indexes; `dependsOn` only orders creation, so it is no part of the DDL. */
const viewDdl = (view: View): string[] =>
  emitAllSql(compareSchemas(emptyModel([view.schema]), { ...emptyModel([view.schema]), views: [{ ...view, dependsOn: [] }] }));

/** A normalized view and a hash of the normalized relations it read when it was normalized. */
interface ViewEntry {
  readonly view: View;
  readonly dependencies: string;
}

interface Unit<T> {
  readonly object: T;
  readonly ddl: string[];
  readonly key: string;
}

/**
 * Each view in its own transaction, in declared order; one that fails (it reads a view not created
 * yet, whose `dependsOn` was not declared) is tried again after the others, until a round makes no
 * progress: then its error is PostgreSQL's.
 */
const applyViews = async (shadow: Client, units: readonly Unit<View>[]): Promise<void> => {
  const byKey = new Map(units.map((unit) => [qualifiedKey(unit.object), unit]));
  let pending = viewCreationOrder(units.map((unit) => unit.object)).map((view) => byKey.get(qualifiedKey(view))!);
  while (pending.length > 0) {
    const failed: { unit: Unit<View>; error: unknown }[] = [];
    for (const unit of pending) {
      try {
        await shadow.query(`BEGIN;\n${unit.ddl.join(";\n")};\nCOMMIT`);
      } catch (error) {
        await shadow.query("ROLLBACK");
        failed.push({ unit, error });
      }
    }
    if (failed.length === pending.length) throw new DeclaredModelError(failed[0]!.unit.ddl.join(";\n"), describeCause(failed[0]!.error));
    pending = failed.map(({ unit }) => unit);
  }
};

/**
 * One round trip for many statements; only when PostgreSQL rejects them are they replayed one by one,
 * to name the one that fails.
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
  throw new DeclaredModelError(ddl.join(";\n"), "the statements failed together but each succeeded alone");
};

const hash = (parts: readonly string[]): string => createHash("sha256").update(parts.join("\n;\n")).digest("hex").slice(0, 32);

export interface NormalizeResult {
  readonly model: SchemaModel;
  /** Tables read from the cache, and tables applied to a shadow database this time. */
  readonly cachedTables: number;
  readonly normalizedTables: number;
  /** The same for views. */
  readonly cachedViews: number;
  readonly normalizedViews: number;
}

export const normalizeTarget = async (serverUrl: string, declared: SchemaModel, cacheDir: string | null): Promise<NormalizeResult> => {
  const probe = await connect(serverUrl);
  const version = await serverVersionNum(probe).finally(() => probe.end());
  const foundation = foundationDdl(declared);
  const unitOf = <T,>(object: T, ddl: string[]): Unit<T> => ({ object, ddl, key: hash([CACHE_FORMAT, String(version), ...foundation, ...ddl]) });
  const tableCache = new TableCache(cacheDir);
  const viewCache = new JsonCache<ViewEntry>(cacheDir, "views");
  const tableUnits = declared.tables.map((table) => unitOf(table, tableDdl(table)));
  const viewUnits = declared.views.map((view) => unitOf(view, viewDdl(view)));

  const normalized = new Map<string, Table>();
  const missing = tableUnits.filter((unit) => {
    const cached = tableCache.read(unit.key);
    if (cached) normalized.set(qualifiedKey(unit.object), cached);
    return !cached;
  });

  const declaredViews = new Map(viewUnits.map((unit) => [qualifiedKey(unit.object), unit]));
  const normalizedViews = new Map<string, View>();
  /** What a view's normalized form depends on besides its own DDL: the normalized relations it reads. */
  const dependencyHash = (view: View): string | null => {
    const parts: string[] = [];
    for (const dependency of view.dependsOn) {
      const key = qualifiedKey(dependency);
      if (declaredViews.has(key)) {
        const read = resolveView(declaredViews.get(key)!);
        if (read === null) return null;
        parts.push(JSON.stringify(read));
      } else if (normalized.has(key)) parts.push(JSON.stringify(normalized.get(key)));
      else if (declared.tables.some((table) => qualifiedKey(table) === key)) return null;
      else parts.push(`absent ${key}`);
    }
    return hash(parts);
  };
  const resolving = new Set<string>();
  const resolveView = (unit: Unit<View>): View | null => {
    const key = qualifiedKey(unit.object);
    if (normalizedViews.has(key)) return normalizedViews.get(key)!;
    if (resolving.has(key)) return null;
    resolving.add(key);
    const entry = viewCache.read(unit.key);
    const valid = entry !== null && dependencyHash(entry.view) === entry.dependencies;
    resolving.delete(key);
    if (!valid) return null;
    normalizedViews.set(key, entry.view);
    return entry.view;
  };
  const missingViews = viewUnits.filter((unit) => resolveView(unit) === null);

  if (missing.length > 0 || missingViews.length > 0) {
    const applied = missingViews.length > 0 ? tableUnits : missing;
    const read = await withShadowDatabase(serverUrl, async (shadow) => {
      await applyDdl(shadow, [...foundation, ...applied.flatMap((unit) => unit.ddl)]);
      if (missingViews.length > 0) await applyViews(shadow, viewUnits);
      return introspect(shadow, { schemas: declared.schemas });
    });
    const tablesRead = new Map(read.tables.map((table) => [qualifiedKey(table), table]));
    for (const unit of missing) {
      const table = tablesRead.get(qualifiedKey(unit.object));
      if (!table) throw new Error(`bug: table ${qualifiedKey(unit.object)} was applied to the shadow database but not read back`);
      normalized.set(qualifiedKey(unit.object), table);
      tableCache.write(unit.key, table);
    }
    const viewsRead = new Map(read.views.map((view) => [qualifiedKey(view), view]));
    for (const unit of missingViews) {
      const view = viewsRead.get(qualifiedKey(unit.object));
      if (!view) throw new Error(`bug: view ${qualifiedKey(unit.object)} was applied to the shadow database but not read back`);
      normalizedViews.set(qualifiedKey(unit.object), view);
    }
    for (const unit of missingViews) {
      const view = normalizedViews.get(qualifiedKey(unit.object))!;
      viewCache.write(unit.key, { view, dependencies: dependencyHash(view)! });
    }
  }
  const tables = declared.tables.map((table) => ({
    ...normalized.get(qualifiedKey(table))!,
    foreignKeys: table.foreignKeys.map((foreignKey) => ({ ...foreignKey, name: truncateIdentifier(foreignKey.name) })),
  }));
  const views = declared.views.map((view) => normalizedViews.get(qualifiedKey(view))!);
  const enums = declared.enums.map((enumType) => ({ ...enumType, name: truncateIdentifier(enumType.name) }));
  return {
    model: { ...declared, enums, tables, views },
    cachedTables: tableUnits.length - missing.length,
    normalizedTables: missing.length,
    cachedViews: viewUnits.length - missingViews.length,
    normalizedViews: missingViews.length,
  };
};
