/**
 * The `possible rename` note shows the op line and the `--rename` hint to paste instead of a drop: both
 * must name the table in its own schema, and the hint must be one `revision --rename` accepts.
 */
import { parseRenameHint } from "../../src/compare/renames";
import { hazardsOf } from "../../src/ops/hazards";
import type { MigrationOp } from "../../src/ops/types";
import { column, model, table } from "./model-builders";

const note = (op: MigrationOp): string => hazardsOf(op).find((hazard) => hazard.kind === "possible rename")?.message ?? "";
const hintIn = (message: string): string => /--rename (\S+)$/.exec(message)![1]!;

const events = { schema: "rpt", name: "events" };
const current = model([table("events", [column("id", "integer"), column("note", "text")], { schema: "rpt" }), table("users", [column("id", "integer"), column("name", "text")])]);

describe("possible rename notes", () => {
  it.each([
    [{ kind: "dropColumn", table: events, column: "note", possibleRename: "memo" }, `await op.renameColumn({ schema: "rpt", name: "events" }, "note", "memo")`, "rpt.events.note=memo"],
    [{ kind: "dropColumn", table: { schema: "public", name: "users" }, column: "name", possibleRename: "full_name" }, `await op.renameColumn("users", "name", "full_name")`, "users.name=full_name"],
    [{ kind: "dropTable", name: events, possibleRename: "happenings" }, `await op.renameTable({ schema: "rpt", name: "events" }, "happenings")`, "rpt.events=happenings"],
    [{ kind: "archiveTable", name: events, archive: "archive_events", possibleRename: "happenings" }, `await op.renameTable({ schema: "rpt", name: "events" }, "happenings")`, "rpt.events=happenings"],
    [{ kind: "archiveColumn", table: events, column: "note", archive: "archive_events_note", key: ["id"], possibleRename: "memo" }, `await op.renameColumn({ schema: "rpt", name: "events" }, "note", "memo")`, "rpt.events.note=memo"],
  ] as [MigrationOp, string, string][])("%j names the table in its schema", (op, line, hint) => {
    const message = note(op);
    expect(message).toContain(line);
    expect(hintIn(message)).toBe(hint);
    expect(() => parseRenameHint(hint, current, "public")).not.toThrow();
  });
});
