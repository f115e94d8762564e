/**
 * The backfill placeholder of a NOT NULL column added to a table that holds rows. The safe form is
 * add nullable -> backfill -> SET NOT NULL, and only the reviewer knows what the existing rows should
 * hold, so autogen writes the backfill as an `op.execute` to fill in:
 *
 *   UPDATE "public"."users" SET "region" = /* autogen: FILL IN a value for existing rows *\/ WHERE "region" IS NULL
 *
 * Why this shape: left as it is, it is a syntax error (nothing follows `=` but a comment), so PostgreSQL
 * rejects it before touching a row and it can never "succeed" by accident, the way a no-op or a NULL
 * would. Filling it in is replacing the comment with an expression. The marker text is what upgrade,
 * check and lint look for, to refuse the migration before running anything: a migration whose earlier
 * safe forms committed in autocommit blocks would otherwise stop half-way. The comment holds no
 * identifier, so no column name can end it early.
 */
import type { QualifiedName } from "../model/schema";
import type { ExecuteOp } from "../ops/types";
import { quoteIdent, quoteQualified } from "../sql/quote";

export const BACKFILL_MARKER = "autogen: FILL IN";

export const backfillPlaceholder = (table: QualifiedName, column: string): ExecuteOp => ({
  kind: "execute",
  sql: `UPDATE ${quoteQualified(table)} SET ${quoteIdent(column)} = /* ${BACKFILL_MARKER} a value for existing rows */ WHERE ${quoteIdent(column)} IS NULL`,
  backfill: { table, column },
});

/** SQL that still holds the placeholder's marker: not filled in yet. */
export const isUnfilledBackfill = (sql: string): boolean => sql.includes(BACKFILL_MARKER);

/** 1-based numbers of the lines of a migration file that hold the marker. */
export const unfilledBackfillLines = (text: string): number[] =>
  text.split(/\r?\n/).flatMap((line, index) => (line.includes(BACKFILL_MARKER) ? [index + 1] : []));
