/** Dropping and renaming tables, views, schemas, types and extensions; changing enums. */
import { displayName, qualifiedKey } from "../../model/keys";
import { tableLabel } from "../names";
import type { LintRule, RevisionFacts, RevisionHit } from "../rule";

export const dropTable: LintRule = {
  id: "drop-table",
  severity: "error",
  summary: "An existing table dropped.",
  help:
    "Every row is gone, and the running application fails on its first query of the table. Stop using the table in a " +
    "release first, keep a backup (or rename it aside for a while), then drop it; suppress with the reason once that is done. " +
    "An archived drop (`op.archiveTable`, `revision --archive`) keeps the rows, but running code breaks all the same.",
  ops: {
    dropTable: (op, context) => (context.isNewTable(op.name) ? [] : [`drops table ${tableLabel(op.name)} and every row in it`]),
    // --archive keeps the data, not the application working: the CI gate must not open because of it.
    archiveTable: (op, context) =>
      context.isNewTable(op.name)
        ? []
        : [`drops table ${tableLabel(op.name)} after copying its rows to "${op.archive}": code still using it fails`],
  },
};

/**
 * A view dropped and not created again by the same revision. A changed view is dropped and created
 * again (there is no OR REPLACE that allows every change), which readers in a transactional migration
 * only wait for: that is quiet. Needs the whole revision, hence a revision rule.
 */
const droppedViews = (ops: RevisionFacts["ops"]): RevisionHit[] => {
  const created = new Set<string>();
  const hits: RevisionHit[] = [];
  ops.forEach(({ op }, opIndex) => {
    if (op.kind === "createView") created.add(qualifiedKey(op.view));
    if (op.kind !== "dropView") return;
    const key = qualifiedKey(op.name);
    if (created.delete(key)) return;
    const recreated = ops.slice(opIndex + 1).some(({ op: later }) => later.kind === "createView" && qualifiedKey(later.view) === key);
    if (recreated) return;
    const what = op.materialized ? "materialized view" : "view";
    hits.push({ opIndex, message: `drops ${what} ${tableLabel(op.name)}: queries reading it fail` });
  });
  return hits;
};

export const dropView: LintRule = {
  id: "drop-view",
  severity: "warning",
  summary: "An existing view or materialized view dropped (not created again by the revision).",
  help:
    "Code deployed before the migration still queries the view and fails. No data is lost (a materialized view's rows " +
    "are computed from its query). Stop reading the view in a release first, then drop it. A view dropped and created " +
    "again in the same revision (a changed definition) is not reported.",
  revision: (facts) => droppedViews(facts.ops),
};

export const renameTable: LintRule = {
  id: "rename-table",
  severity: "warning",
  summary: "An existing table renamed.",
  help:
    "Code deployed before the migration keeps using the old name and fails. Rename, then create a view with the old name " +
    "(`CREATE VIEW old AS SELECT * FROM new`, simple views are updatable) until no code uses it.",
  ops: {
    renameTable: (op, context) =>
      context.isNewTable(op.name) ? [] : [`renames table ${tableLabel(op.name)} to ${op.newName}: code using the old name fails`],
  },
};

export const renameEnum: LintRule = {
  id: "rename-enum",
  severity: "warning",
  summary: "An existing enum type renamed.",
  help:
    "Columns follow the type, but code naming it (casts such as `'x'::old_name`, functions, other databases' queries) " +
    "fails. Rename it in a release where no running code names the type.",
  ops: {
    renameEnum: (op, context) =>
      context.isNewEnum(op.name) ? [] : [`renames enum type ${displayName(op.name)} to ${op.newName}: code naming the old type fails`],
  },
};

export const renameEnumValue: LintRule = {
  id: "rename-enum-value",
  severity: "warning",
  summary: "A value of an existing enum type renamed.",
  help:
    "Stored rows follow the value, but code deployed before the migration still writes and compares the old value and " +
    "fails (`invalid input value for enum`). Add the new value first, move the code and the rows to it, then remove the old " +
    "one; or rename and deploy in one step where that is acceptable.",
  ops: {
    renameEnumValue: (op, context) =>
      context.isNewEnum(op.name)
        ? []
        : [`renames value '${op.value}' of enum ${displayName(op.name)} to '${op.newValue}': code still using '${op.value}' fails`],
  },
};

export const dropSchema: LintRule = {
  id: "drop-schema",
  severity: "warning",
  summary: "A schema dropped.",
  help: "Anything still referring to the schema (search_path settings, functions, other databases' foreign tables) breaks. Check that nothing uses it.",
  ops: { dropSchema: (op) => [`drops schema ${op.schema}`] },
};

export const dropEnum: LintRule = {
  id: "drop-enum",
  severity: "warning",
  summary: "An enum type dropped.",
  help: "Functions, views and casts written against the type break, and its values cannot be read back. Check that nothing outside the migrations uses it.",
  ops: {
    dropEnum: (op, context) => (context.isNewEnum(op.name) ? [] : [`drops enum type ${displayName(op.name)}`]),
  },
};

export const dropExtension: LintRule = {
  id: "drop-extension",
  severity: "warning",
  summary: "An extension dropped.",
  help: "The functions, types and operators it provides disappear, and defaults or indexes using them break. Check that nothing uses them.",
  ops: { dropExtension: (op) => [`drops extension ${op.extension.name} and the functions and types it provides`] },
};

export const addEnumValue: LintRule = {
  id: "add-enum-value",
  severity: "warning",
  summary: "A value added to an existing enum type.",
  help:
    "The new value cannot be used in the transaction that adds it (PostgreSQL: `unsafe use of new value`), so nothing " +
    "later in the same migration may store it; and a value without BEFORE/AFTER goes last, which changes ORDER BY on the " +
    "column. Add the value in its own migration, placed where it sorts.",
  ops: {
    addEnumValue: (op, context) => {
      if (context.isNewEnum(op.name)) return [];
      const placement = op.before !== null ? `before '${op.before}'` : op.after !== null ? `after '${op.after}'` : "at the end";
      return [`adds value '${op.value}' to enum ${displayName(op.name)} ${placement}: it cannot be used until the transaction commits`];
    },
  },
  statements: {
    addEnumValue: (statement, context) =>
      context.isNewEnum(statement.name)
        ? []
        : [`adds value '${statement.value}' to enum ${displayName(statement.name)}${statement.placed ? "" : " at the end"}: it cannot be used until the transaction commits`],
  },
};

const addValueInTransaction = (name: Parameters<typeof displayName>[0], value: string, pgVersion: number): string =>
  `adds value '${value}' to enum ${displayName(name)} inside a transaction: PostgreSQL ${pgVersion} refuses ALTER TYPE ... ADD VALUE there`;

export const addEnumValueInTransaction: LintRule = {
  id: "add-enum-value-in-transaction",
  severity: "error",
  summary: "ALTER TYPE ... ADD VALUE inside a transaction on PostgreSQL before 12.",
  help:
    "Before PostgreSQL 12, ADD VALUE cannot run inside a transaction block, so the migration fails. Put the call in " +
    "op.autocommitBlock, or export `transactional = false` from the migration.",
  ops: {
    addEnumValue: (op, context) =>
      context.options.pgVersion < 12 && context.inTransaction ? [addValueInTransaction(op.name, op.value, context.options.pgVersion)] : [],
  },
  statements: {
    addEnumValue: (statement, context) =>
      context.options.pgVersion < 12 && context.inTransaction ? [addValueInTransaction(statement.name, statement.value, context.options.pgVersion)] : [],
  },
};

export const replaceEnum: LintRule = {
  id: "replace-enum",
  severity: "error",
  summary: "An enum type swapped for a new one, rewriting every column that uses it.",
  help:
    "Removing or reordering enum values means a new type: every column using it is converted under an ACCESS EXCLUSIVE " +
    "lock, which rewrites the tables, and rows holding a removed value make the conversion fail unless mapped. Prefer " +
    "only adding values; or move the columns to text with a CHECK first, which can change without a rewrite.",
  ops: {
    replaceEnum: (op, context) => {
      const tables = [...new Set(op.columns.filter((use) => !context.isNewTable(use.table)).map((use) => tableLabel(use.table)))];
      const removed = op.from.filter((value) => !op.to.includes(value) && !(value in op.mapping));
      const messages: string[] = [];
      if (tables.length > 0) messages.push(`replaces enum ${displayName(op.name)}: rewrites ${tables.join(", ")} under an ACCESS EXCLUSIVE lock`);
      if (removed.length > 0 && tables.length > 0) {
        messages.push(`replaces enum ${displayName(op.name)} without mapping removed value(s) ${removed.map((value) => `'${value}'`).join(", ")}: rows holding them make it fail`);
      }
      return messages;
    },
  },
};
