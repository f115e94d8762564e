/** Dropping and renaming tables, schemas, types and extensions; changing enums. */
import { displayName } from "../../model/keys";
import { tableLabel } from "../names";
import type { LintRule } from "../rule";

export const dropTable: LintRule = {
  id: "drop-table",
  severity: "error",
  summary: "An existing table dropped.",
  help:
    "Every row is gone, and the running application fails on its first query of the table. Stop using the table in a " +
    "release first, keep a backup (or rename it aside for a while), then drop it; suppress with the reason once that is done.",
  ops: {
    dropTable: (op, context) => (context.isNewTable(op.name) ? [] : [`drops table ${tableLabel(op.name)} and every row in it`]),
  },
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
