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
 */
import { createHash } from "node:crypto";
import type { Client } from "pg";
import { compareSchemas } from "../compare/compare-schemas";
import { connect, serverVersionNum } from "../db/connect";
import { withShadowDatabase } from "../db/shadow";
import { AutogenError, describeCause } from "../errors";
import { truncateIdentifier } from "../model/identifiers";
import { qualifiedKey } from "../model/keys";
import { emptyModel, type SchemaModel, type Table } from "../model/schema";
import { introspect } from "../sources/introspect/introspect";
import { emitAllSql } from "../sql/emit";
import { TableCache } from "./table-cache";

export class DeclaredModelError extends AutogenError {
  constructor(
    readonly statement: string,
    reason: string,
  ) {
    super(`PostgreSQL rejected the entity model: ${reason}\nwhile running:\n${statement}`);
  }
}

/** Bump when the model's shape or the introspector's spelling changes, so old cache entries are ignored. */
const CACHE_FORMAT = "3";

/** The DDL that recreates the declared model from nothing. */
export const declaredModelDdl = (declared: SchemaModel): string[] =>
  emitAllSql(compareSchemas(emptyModel(["public"]), declared));

/** Schemas, extensions and enum types: what every table's DDL may rely on. */
const foundationDdl = (declared: SchemaModel): string[] => declaredModelDdl({ ...declared, tables: [] });

const tableDdl = (table: Table): string[] =>
  emitAllSql(compareSchemas(emptyModel([table.schema]), { ...emptyModel([table.schema]), tables: [{ ...table, foreignKeys: [] }] }));

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
}

export const normalizeTarget = async (serverUrl: string, declared: SchemaModel, cacheDir: string | null): Promise<NormalizeResult> => {
  const probe = await connect(serverUrl);
  const version = await serverVersionNum(probe).finally(() => probe.end());
  const foundation = foundationDdl(declared);
  const cache = new TableCache(cacheDir);
  const units = declared.tables.map((table) => {
    const ddl = tableDdl(table);
    return { table, ddl, key: hash([CACHE_FORMAT, String(version), ...foundation, ...ddl]) };
  });
  const normalized = new Map<string, Table>();
  const missing = units.filter((unit) => {
    const cached = cache.read(unit.key);
    if (cached) normalized.set(qualifiedKey(unit.table), cached);
    return !cached;
  });
  if (missing.length > 0) {
    const read = await withShadowDatabase(serverUrl, async (shadow) => {
      await applyDdl(shadow, [...foundation, ...missing.flatMap((unit) => unit.ddl)]);
      return introspect(shadow, { schemas: declared.schemas });
    });
    const byKey = new Map(read.tables.map((table) => [qualifiedKey(table), table]));
    for (const unit of missing) {
      const table = byKey.get(qualifiedKey(unit.table));
      if (!table) throw new Error(`bug: table ${qualifiedKey(unit.table)} was applied to the shadow database but not read back`);
      normalized.set(qualifiedKey(unit.table), table);
      cache.write(unit.key, table);
    }
  }
  const tables = declared.tables.map((table) => ({
    ...normalized.get(qualifiedKey(table))!,
    foreignKeys: table.foreignKeys.map((foreignKey) => ({ ...foreignKey, name: truncateIdentifier(foreignKey.name) })),
  }));
  const enums = declared.enums.map((enumType) => ({ ...enumType, name: truncateIdentifier(enumType.name) }));
  return {
    model: { ...declared, enums, tables },
    cachedTables: units.length - missing.length,
    normalizedTables: missing.length,
  };
};
