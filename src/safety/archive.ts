/**
 * `revision --archive` (or `safety.archiveDrops`): drops that keep the data. A dropped table is copied
 * to `archive_<table>` and a dropped column to `archive_<table>_<column>` (beside the table's primary
 * key) before the drop, and the downgrade restores from the copy and drops it: a reversible drop.
 *
 * Archives are recognised by the comment the archive op writes on them (`autogen archive of ...`), not
 * by their name, so a user's own `archive_*` table is still managed, and an archive is never planned
 * as a table to drop by the next `revision` or `check`. Drop an archive by hand once it is no longer
 * needed.
 *
 * A column is matched back to its row by the primary key, so a column of a table without one (or one
 * that is itself part of the key, or whose key is dropped with it) cannot be archived: that stops the
 * revision with an error naming the column, rather than quietly dropping the data. A stored generated
 * column holds nothing that cannot be computed again, so it is dropped as usual.
 */
import { AutogenError } from "../errors";
import { truncateIdentifier } from "../model/identifiers";
import { qualifiedKey } from "../model/keys";
import type { QualifiedName, SchemaModel, Table } from "../model/schema";
import type { MigrationOp } from "../ops/types";
import { quoteIdent, quoteQualified } from "../sql/quote";

export const ARCHIVE_COMMENT_PREFIX = "autogen archive of ";

export class ArchiveKeyError extends AutogenError {
  constructor(
    readonly table: QualifiedName,
    readonly column: string,
    readonly reason: string,
  ) {
    super(
      `--archive cannot keep column ${quoteQualified(table)}.${quoteIdent(column)}: ${reason}, and its values are restored by ` +
        "primary key. Give the table a primary key in an earlier revision, or generate this one without --archive.",
    );
  }
}

export const archiveComment = (what: string): string => `${ARCHIVE_COMMENT_PREFIX}${what}`;

export const isArchiveTable = (table: Pick<Table, "comment">): boolean => table.comment?.startsWith(ARCHIVE_COMMENT_PREFIX) ?? false;

/** The model without the archives `--archive` made: they are kept on purpose, not drift. */
export const withoutArchives = (model: SchemaModel): SchemaModel => ({ ...model, tables: model.tables.filter((table) => !isArchiveTable(table)) });

/** How many characters of `stem` fit in 63 bytes before `suffix`. */
const cutFor = (stem: string, suffix: string): number => {
  let bytes = Buffer.byteLength(suffix, "utf8");
  let length = 0;
  for (const character of stem) {
    bytes += Buffer.byteLength(character, "utf8");
    if (bytes > 63) break;
    length += character.length;
  }
  return length;
};

/** `archive_<base>`, cut to 63 bytes, with `_2`, `_3`... while the name is taken in the schema. */
const archiveName = (schema: string, base: string, taken: Set<string>): string => {
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? "" : `_${n}`;
    // The suffix must survive the cut to 63 bytes, so the stem is cut first.
    const stem = truncateIdentifier(`archive_${base}`);
    const name = suffix === "" ? stem : `${stem.slice(0, cutFor(stem, suffix))}${suffix}`;
    const key = qualifiedKey({ schema, name });
    if (!taken.has(key)) {
      taken.add(key);
      return name;
    }
  }
};

/**
 * Turns the plan's drops into archives. `current` is the database before the plan (for primary keys);
 * `takenNames` are every table name already in the database, archives included.
 */
export const toArchivedDrops = (ops: readonly MigrationOp[], current: SchemaModel, takenNames: Iterable<QualifiedName>): MigrationOp[] => {
  const taken = new Set([...takenNames].map(qualifiedKey));
  const tables = new Map(current.tables.map((table) => [qualifiedKey(table), table]));
  const droppedColumns = new Set(ops.flatMap((op) => (op.kind === "dropColumn" ? [`${qualifiedKey(op.table)}\u0000${op.column}`] : [])));
  return ops.map((op): MigrationOp => {
    if (op.kind === "dropTable") {
      return {
        kind: "archiveTable",
        name: op.name,
        archive: archiveName(op.name.schema, op.name.name, taken),
        ...(op.possibleRename === undefined ? {} : { possibleRename: op.possibleRename }),
        ...(op.existing === undefined ? {} : { existing: op.existing }),
      };
    }
    if (op.kind === "dropColumn" && op.existing?.generated === null) {
      const key = tables.get(qualifiedKey(op.table))?.primaryKey?.columns ?? [];
      const refuse = (reason: string) => new ArchiveKeyError(op.table, op.column, reason);
      if (key.length === 0) throw refuse("the table has no primary key");
      if (key.includes(op.column)) throw refuse("it is part of the primary key");
      const droppedKey = key.find((column) => droppedColumns.has(`${qualifiedKey(op.table)}\u0000${column}`));
      if (droppedKey !== undefined) throw refuse(`the key column ${quoteIdent(droppedKey)} is dropped by the same revision`);
      return {
        kind: "archiveColumn",
        table: op.table,
        column: op.column,
        archive: archiveName(op.table.schema, `${op.table.name}_${op.column}`, taken),
        key,
        ...(op.possibleRename === undefined ? {} : { possibleRename: op.possibleRename }),
        existing: op.existing,
      };
    }
    return op;
  });
};
