/** Adding, changing, renaming and dropping columns of tables that already hold rows. */
import { hasNotNullCheck } from "../model";
import { columnLabel, tableLabel } from "../names";
import type { LintRule } from "../rule";
import { isSerialTypeName, typeChangeRewrites } from "../../model/sql-types";
import { defaultVolatility } from "../volatility";

export const addRequiredColumn: LintRule = {
  id: "add-required-column",
  severity: "error",
  summary: "A NOT NULL column without a default added to an existing table.",
  help:
    "The ALTER fails as soon as the table holds a row, and once it succeeds every INSERT from code that does not know the " +
    "column fails too. Add it nullable (or with a constant default), backfill it, then make it NOT NULL the safe way " +
    "(see set-not-null).",
  ops: {
    addColumn: (op, context) => {
      const { column } = op;
      const filled = column.default !== null || column.serial || isSerialTypeName(column.type) || column.identity !== null || column.generated !== null;
      return column.nullable || filled || context.isNewTable(op.table)
        ? []
        : [`adds NOT NULL column ${columnLabel(op.table, column.name)} without a default to existing table ${tableLabel(op.table)}: fails if it has rows`];
    },
  },
};

export const volatileDefault: LintRule = {
  id: "volatile-default",
  severity: "error",
  summary: "A column added to an existing table with a default computed per row, which rewrites the table.",
  help:
    "PostgreSQL 11+ stores a constant default once, but a volatile one (random(), gen_random_uuid(), clock_timestamp(), " +
    "nextval() behind serial and identity columns) is evaluated for every existing row: the table is rewritten under an " +
    "ACCESS EXCLUSIVE lock. Before PostgreSQL 11 every default does this. Add the column without the default, set the " +
    "default with ALTER COLUMN ... SET DEFAULT (new rows), and backfill existing rows in batches.",
  ops: {
    addColumn: (op, context) => {
      if (context.isNewTable(op.table)) return [];
      const { column } = op;
      const label = columnLabel(op.table, column.name);
      if (column.serial || isSerialTypeName(column.type)) return [`adds serial column ${label}: filling it from its sequence rewrites existing table ${tableLabel(op.table)}`];
      if (column.identity !== null) return [`adds identity column ${label}: filling it from its sequence rewrites existing table ${tableLabel(op.table)}`];
      if (column.default === null) return [];
      if (context.options.pgVersion < 11) {
        return [`adds ${label} with DEFAULT ${column.default}: before PostgreSQL 11 any default rewrites existing table ${tableLabel(op.table)}`];
      }
      const volatility = defaultVolatility(column.default);
      if (volatility.kind === "volatile") {
        return [`adds ${label} with volatile DEFAULT ${column.default} (${volatility.functions.join(", ")}): rewrites existing table ${tableLabel(op.table)}`];
      }
      if (volatility.kind === "unknown") {
        return [`adds ${label} with DEFAULT ${column.default}, calling ${volatility.functions.join(", ")}, which may be volatile: then it rewrites existing table ${tableLabel(op.table)}`];
      }
      return [];
    },
  },
};

export const addGeneratedColumn: LintRule = {
  id: "add-generated-column",
  severity: "error",
  summary: "A stored generated column added to an existing table, or its expression changed, which rewrites it.",
  help:
    "GENERATED ALWAYS AS (...) STORED computes the value for every existing row, rewriting the table under an ACCESS " +
    "EXCLUSIVE lock; so do a new expression (SET EXPRESSION, or the column dropped and added again) and a plain column made " +
    "generated. Add a plain nullable column with a trigger that fills new rows, backfill in batches, or accept the " +
    "rewrite in a maintenance window.",
  ops: {
    addColumn: (op, context) =>
      op.column.generated === null || context.isNewTable(op.table)
        ? []
        : [`adds stored generated column ${columnLabel(op.table, op.column.name)}: computing it rewrites existing table ${tableLabel(op.table)}`],
    recreateColumn: (op, context) =>
      op.column.generated === null || context.isNewTable(op.table)
        ? []
        : [`adds ${columnLabel(op.table, op.column.name)} again as a stored generated column: computing it rewrites existing table ${tableLabel(op.table)}`],
    alterColumn: (op, context) =>
      !op.changes.generated?.to || context.isNewTable(op.table)
        ? []
        : [`sets a new generation expression for ${columnLabel(op.table, op.column)}: computing it rewrites existing table ${tableLabel(op.table)}`],
  },
};

const notNullMessage = (table: Parameters<typeof tableLabel>[0], column: string, pgVersion: number): string =>
  pgVersion < 12
    ? `sets ${columnLabel(table, column)} NOT NULL: scans existing table ${tableLabel(table)} under an ACCESS EXCLUSIVE lock (PostgreSQL ${pgVersion} cannot use a CHECK to skip the scan)`
    : `sets ${columnLabel(table, column)} NOT NULL without a validated CHECK (${column} IS NOT NULL): scans existing table ${tableLabel(table)} under an ACCESS EXCLUSIVE lock`;

export const setNotNull: LintRule = {
  id: "set-not-null",
  severity: "error",
  summary: "SET NOT NULL on an existing table without a validated CHECK proving it.",
  help:
    "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, and fails if a NULL is found. On PostgreSQL 12+, " +
    "first add `op.createCheckConstraint(table, name, '\"col\" IS NOT NULL', { notValid: true })`, validate it in a later " +
    "transaction (op.autocommitBlock; reads and writes continue), then SET NOT NULL, which uses the check instead of " +
    "scanning, and drop the check.",
  ops: {
    alterColumn: (op, context) => {
      const nullable = op.changes.nullable;
      if (!nullable || nullable.to || context.isNewTable(op.table)) return [];
      const table = context.model.table(op.table);
      if (context.options.pgVersion >= 12 && table && hasNotNullCheck(table, op.column)) return [];
      return [notNullMessage(op.table, op.column, context.options.pgVersion)];
    },
  },
  statements: {
    setNotNull: (statement, context) => {
      if (context.isNewTable(statement.table)) return [];
      const table = context.model.table(statement.table);
      if (context.options.pgVersion >= 12 && table && hasNotNullCheck(table, statement.column)) return [];
      return [notNullMessage(statement.table, statement.column, context.options.pgVersion)];
    },
  },
};

export const dropNotNull: LintRule = {
  id: "drop-not-null",
  severity: "warning",
  summary: "DROP NOT NULL on an existing column.",
  help:
    "Once NULLs can be written, code that reads the column and assumes a value (including the running version of the " +
    "application and its typed entities) breaks on the first NULL. Deploy code that handles NULL first.",
  ops: {
    alterColumn: (op, context) =>
      op.changes.nullable?.to === true && !context.isNewTable(op.table)
        ? [`drops NOT NULL from ${columnLabel(op.table, op.column)}: readers that assume a value break on the first NULL`]
        : [],
  },
  statements: {
    dropNotNull: (statement, context) =>
      context.isNewTable(statement.table) ? [] : [`drops NOT NULL from ${columnLabel(statement.table, statement.column)}: readers that assume a value break on the first NULL`],
  },
};

export const typeChangeRewrite: LintRule = {
  id: "type-change-rewrite",
  severity: "error",
  summary: "A column type change that rewrites an existing table.",
  help:
    "ALTER COLUMN ... TYPE rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, unless the change " +
    "is binary-compatible: varchar(n) to varchar(m >= n), varchar or text, numeric(p,s) to numeric(p' >= p,s), a higher " +
    "timestamp precision, cidr to inet. Otherwise add a new column, backfill it in batches, switch reads and writes, " +
    "then drop the old one.",
  ops: {
    alterColumn: (op, context) => {
      const type = op.changes.type;
      if (!type || context.isNewTable(op.table) || !typeChangeRewrites(type.from, type.to, op.using ?? null)) return [];
      return [`changes ${columnLabel(op.table, op.column)} from ${type.from} to ${type.to}${op.using ? ` USING ${op.using}` : ""}: rewrites existing table ${tableLabel(op.table)} under an ACCESS EXCLUSIVE lock`];
    },
  },
};

export const dropColumn: LintRule = {
  id: "drop-column",
  severity: "error",
  summary: "A column dropped from an existing table.",
  help:
    "The data is gone, and the running application still selects and inserts the column (TypeORM lists every mapped " +
    "column), so it fails until the new code is deployed. Stop using the column in a release first (remove it from the " +
    "entity), then drop it in a later migration; suppress with the reason once that is done. An archived drop " +
    "(`op.archiveColumn`, `revision --archive`) keeps the values, but running code breaks all the same.",
  ops: {
    dropColumn: (op, context) =>
      context.isNewTable(op.table) ? [] : [`drops column ${columnLabel(op.table, op.column)} and the data in it: code still using it fails`],
    // --archive keeps the data, not the application working: the CI gate must not open because of it.
    archiveColumn: (op, context) =>
      context.isNewTable(op.table)
        ? []
        : [`drops column ${columnLabel(op.table, op.column)} after copying its values to "${op.archive}": code still using it fails`],
  },
};

export const renameColumn: LintRule = {
  id: "rename-column",
  severity: "warning",
  summary: "A column of an existing table renamed.",
  help:
    "Code deployed before the migration keeps using the old name and fails, and code deployed after fails until the " +
    "migration runs. Add the new column, write to both, backfill, move reads, then drop the old one; or rename and deploy " +
    "in one step where downtime is acceptable.",
  ops: {
    renameColumn: (op, context) =>
      context.isNewTable(op.table) ? [] : [`renames ${columnLabel(op.table, op.column)} to ${op.newName}: code using the old name fails`],
  },
};
