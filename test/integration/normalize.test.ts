/**
 * Target normalization: tables go through a shadow database once and are cached one by one; names
 * that skip the shadow (foreign keys, enum types) are cut to 63 bytes exactly as PostgreSQL cuts them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compareSchemas } from "../../src/compare/compare-schemas";
import { truncateIdentifier } from "../../src/model/identifiers";
import type { Column, SchemaModel, Table } from "../../src/model/schema";
import { declaredModelDdl, normalizeTarget } from "../../src/normalize/normalize-target";
import { createTestDatabase, serverUrl } from "../support/database";
import { readSchema } from "../support/models";

const col = (name: string, type: string, extra: Partial<Column> = {}): Column => ({
  name, type, nullable: true, default: null, serial: false, identity: null, generated: null, collation: null, comment: null, ...extra,
});
const LONG_FK = `FK_${"é".repeat(40)}`; // 83 bytes in UTF-8
const LONG_ENUM = `mood_${"x".repeat(70)}`;

const declared = (noteType: string): SchemaModel => {
  const parent: Table = {
    schema: "public", name: "parent", columns: [col("id", "integer", { nullable: false, serial: true }), col("mood", `"public"."${LONG_ENUM}"`, { default: "'ok'" })],
    primaryKey: { name: "PK_parent", columns: ["id"] }, uniques: [], checks: [{ name: "CHK_id", expression: `"id" > 0` }], exclusions: [], foreignKeys: [], indexes: [], comment: null,
  };
  const child: Table = {
    schema: "public", name: "child", columns: [col("id", "integer", { nullable: false }), col("parent_id", "integer"), col("note", noteType, { default: "'x'" })],
    primaryKey: { name: "PK_child", columns: ["id"] }, uniques: [], checks: [], exclusions: [],
    foreignKeys: [{ name: LONG_FK, columns: ["parent_id"], referencedTable: { schema: "public", name: "parent" }, referencedColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION", deferrable: false, initiallyDeferred: false }],
    indexes: [{ name: "IDX_note", unique: false, keys: [`"note"`], method: "btree", where: `"note" <> ''` }], comment: null,
  };
  return { schemas: ["public"], extensions: [], enums: [{ schema: "public", name: LONG_ENUM, values: ["ok", "sad"] }], tables: [child, parent], views: [] };
};

describe("truncateIdentifier", () => {
  it.each([
    ["short", "short"],
    ["a".repeat(63), "a".repeat(63)],
    ["a".repeat(64), "a".repeat(63)],
    // 31 two-byte characters are 62 bytes; a 32nd would make 64, so it is left out rather than split.
    ["é".repeat(40), "é".repeat(31)],
  ])("%s", (name, expected) => expect(truncateIdentifier(name)).toBe(expected));
});

describe("normalizeTarget", () => {
  it("caches tables one by one and re-normalizes only the table that changed", async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "autogen-cache-"));
    try {
      const first = await normalizeTarget(serverUrl(), declared("character varying(20)"), cacheDir);
      expect([first.normalizedTables, first.cachedTables]).toEqual([2, 0]);
      const again = await normalizeTarget(serverUrl(), declared("character varying(20)"), cacheDir);
      expect([again.normalizedTables, again.cachedTables]).toEqual([0, 2]);
      expect(again.model).toEqual(first.model);
      const changed = await normalizeTarget(serverUrl(), declared("text"), cacheDir);
      expect([changed.normalizedTables, changed.cachedTables]).toEqual([1, 1]);
      expect(changed.model.tables.find((table) => table.name === "child")!.columns[2]).toMatchObject({ type: "text", default: "'x'::text" });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("gives what PostgreSQL itself builds from the same DDL, long names included", async () => {
    const db = await createTestDatabase();
    try {
      for (const statement of declaredModelDdl(declared("character varying(20)"))) await db.client.query(statement);
      const built = await readSchema(db.client);
      const { model } = await normalizeTarget(serverUrl(), declared("character varying(20)"), null);
      expect(built.tables.find((table) => table.name === "child")!.foreignKeys[0].name).toBe(truncateIdentifier(LONG_FK));
      expect(compareSchemas(built, model)).toEqual([]);
      expect(compareSchemas(model, built)).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
