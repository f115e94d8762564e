/**
 * Refusing migrations whose backfill placeholder (src/safety/backfill.ts) was left as generated, before
 * anything runs. Running one would fail at the placeholder anyway, but only after the work before it:
 * work an autocommit block or a non-transactional step has already committed by then.
 */
import { readFileSync } from "node:fs";
import { AutogenError } from "../errors";
import { BACKFILL_MARKER, unfilledBackfillLines } from "../safety/backfill";
import type { MigrationScript } from "./scripts";

export interface UnfilledBackfill {
  readonly revision: string;
  readonly file: string;
  /** 1-based line of the placeholder in the file. */
  readonly line: number;
}

export class UnfilledBackfillError extends AutogenError {
  constructor(
    readonly placeholders: readonly UnfilledBackfill[],
    /** What was refused: `upgrade`, `check`... */
    readonly command: string,
  ) {
    super(
      [
        `${command} refused: ${placeholders.length === 1 ? "a backfill placeholder is" : `${placeholders.length} backfill placeholders are`} not filled in, so nothing was run:`,
        ...placeholders.map((placeholder) => `  ${placeholder.file}:${placeholder.line} (revision ${placeholder.revision})`),
        `Replace each /* ${BACKFILL_MARKER} ... */ comment with the value existing rows should get: a constant of the column's type, ` +
          "or an expression over the row's other columns.",
      ].join("\n"),
    );
  }
}

/** The placeholders in the files of `scripts`, in the order given. */
export const findUnfilledBackfills = (scripts: readonly Pick<MigrationScript, "id" | "path">[]): UnfilledBackfill[] =>
  scripts.flatMap((script) => {
    let text: string;
    try {
      text = readFileSync(script.path, "utf8");
    } catch {
      return [];
    }
    return unfilledBackfillLines(text).map((line) => ({ revision: script.id, file: script.path, line }));
  });

export const refuseUnfilledBackfills = (scripts: readonly Pick<MigrationScript, "id" | "path">[], command: string): void => {
  const found = findUnfilledBackfills(scripts);
  if (found.length > 0) throw new UnfilledBackfillError(found, command);
};
