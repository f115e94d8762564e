/** The pure parts of the safe forms: drops turned into archives, and hazards judged in plan context. */
import { planHazards } from "../../src/ops/hazards";
import type { MigrationOp } from "../../src/ops/types";
import { ArchiveKeyError, isArchiveTable, toArchivedDrops, withoutArchives } from "../../src/safety/archive";
import { ALL_SAFE_FORMS, toSafeForms } from "../../src/safety/safe-forms";
import { column, model, ref, table } from "./model-builders";

const USERS = ref("users");
const code = column("code", "text");
const users = table("users", [column("id", "integer", { nullable: false }), code], { primaryKey: { name: "users_pkey", columns: ["id"] } });
const keyless = table("users", [column("id", "integer", { nullable: false }), code]);
const dropCode: MigrationOp = { kind: "dropColumn", table: USERS, column: "code", existing: code };

describe("toArchivedDrops", () => {
  it("turns drops into archives named archive_<table>[_<column>], taking the next free name", () => {
    const ops: MigrationOp[] = [dropCode, { kind: "dropTable", name: ref("tags"), existing: table("tags", []) }];
    expect(toArchivedDrops(ops, model([users]), [USERS, ref("archive_users_code")])).toEqual([
      { kind: "archiveColumn", table: USERS, column: "code", archive: "archive_users_code_2", key: ["id"], existing: code },
      { kind: "archiveTable", name: ref("tags"), archive: "archive_tags", existing: table("tags", []) },
    ]);
  });

  it("keeps a long name within 63 bytes, suffix included", () => {
    const long = "t".repeat(60);
    const [op] = toArchivedDrops([{ kind: "dropTable", name: ref(long), existing: table(long, []) }], model([]), [ref(`archive_${long}`.slice(0, 63))]);
    expect(op).toMatchObject({ archive: `archive_${long}`.slice(0, 61) + "_2" });
  });

  it.each([
    ["the table has no primary key", model([keyless]), [dropCode]],
    ["it is part of the primary key", model([users]), [{ ...dropCode, column: "id" } as MigrationOp]],
  ])("refuses a column when %s, naming it", (reason, current, ops) => {
    expect(() => toArchivedDrops(ops, current, [])).toThrow(ArchiveKeyError);
    expect(() => toArchivedDrops(ops, current, [])).toThrow(`--archive cannot keep column "public"."users"."${ops[0]!.kind === "dropColumn" ? ops[0]!.column : ""}": ${reason}`);
  });

  it("recognises archives by their comment, not their name", () => {
    const archive = table("archive_x", [], { comment: 'autogen archive of table "public"."x"' });
    const mine = table("archive_mine", [], { comment: null });
    expect([isArchiveTable(archive), isArchiveTable(mine)]).toEqual([true, false]);
    expect(withoutArchives(model([archive, mine])).tables).toEqual([mine]);
  });
});

describe("planHazards", () => {
  const lockKinds = (ops: MigrationOp[]) => planHazards(ops).map((hazards) => hazards.filter((hazard) => hazard.kind === "takes a lock").length);
  const index = { name: "users_code_idx", unique: false, keys: ["code"], method: "btree", where: null };

  it("flags a lock held during a build or scan on a table with rows, and not on a table the plan created", () => {
    const plain: MigrationOp[] = [
      { kind: "createIndex", table: USERS, index },
      { kind: "createCheckConstraint", table: USERS, constraint: { name: "c", expression: "(code <> '')" } },
      { kind: "alterColumn", table: USERS, column: "code", changes: { nullable: { from: true, to: false } } },
    ];
    expect(lockKinds(plain)).toEqual([1, 1, 1]);
    expect(lockKinds([{ kind: "createTable", table: users }, ...plain])).toEqual([0, 0, 0, 0]);
  });

  it("does not flag the SET NOT NULL that a validated IS NOT NULL check proves, nor the NOT VALID and VALIDATE steps", () => {
    const check = { name: "users_code_not_null", expression: '"code" IS NOT NULL' };
    const safe: MigrationOp[] = [
      { kind: "createCheckConstraint", table: USERS, constraint: check, notValid: true, temporary: true },
      { kind: "validateConstraint", table: USERS, name: check.name },
      { kind: "alterColumn", table: USERS, column: "code", changes: { nullable: { from: true, to: false } } },
    ];
    expect(lockKinds(safe)).toEqual([0, 0, 0]);
    expect(lockKinds([safe[0]!, safe[2]!])).toEqual([0, 1]);
  });

  it("flags a concurrent primary key: it builds an index and may fail on duplicates or NULLs", () => {
    const [hazards] = planHazards([{ kind: "createPrimaryKey", table: USERS, primaryKey: { name: "users_pkey", columns: ["id"] }, concurrently: true }]);
    expect(hazards!.map((hazard) => hazard.kind)).toEqual(["builds an index", "may fail on existing data"]);
  });
});

describe("toSafeForms for a new NOT NULL column", () => {
  const region = column("region", "text", { nullable: false });
  const add: MigrationOp = { kind: "addColumn", table: USERS, column: region };
  const kinds = (ops: MigrationOp[]) => ops.map((op) => op.kind);

  it("adds it nullable, then the placeholder, then the safe SET NOT NULL", () => {
    const ops = toSafeForms([add], ALL_SAFE_FORMS);
    expect(kinds(ops)).toEqual(["addColumn", "execute", "createCheckConstraint", "validateConstraint", "alterColumn", "dropCheckConstraint"]);
    expect(ops[0]).toEqual({ ...add, column: { ...region, nullable: true } });
    expect(ops[1]).toMatchObject({ backfill: { table: USERS, column: "region" } });
    expect(kinds(toSafeForms([add], { ...ALL_SAFE_FORMS, safeNotNull: false }))).toEqual(["addColumn", "execute", "alterColumn"]);
  });

  it("leaves it alone on a new table, with a default, when switched off, or when it may be a rename", () => {
    expect(toSafeForms([{ kind: "createTable", table: table("users", []) }, add], ALL_SAFE_FORMS)[1]).toBe(add);
    const withDefault: MigrationOp = { kind: "addColumn", table: USERS, column: { ...region, default: "'eu'::text" } };
    expect(toSafeForms([withDefault], ALL_SAFE_FORMS)).toEqual([withDefault]);
    expect(toSafeForms([add], { ...ALL_SAFE_FORMS, backfillRequiredColumns: false })).toEqual([add]);
    const drop: MigrationOp = { kind: "dropColumn", table: USERS, column: "area", possibleRename: "region", existing: column("area", "text") };
    expect(toSafeForms([add, drop], ALL_SAFE_FORMS)).toEqual([add, drop]);
  });
});
