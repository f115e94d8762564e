/** Building and dropping indexes on tables that already hold data and serve traffic. */
import { excerpt, nameLabel, tableLabel } from "../names";
import type { LintRule } from "../rule";

export const createIndexNonConcurrently: LintRule = {
  id: "create-index-non-concurrently",
  severity: "error",
  summary: "An index built on an existing table without CONCURRENTLY.",
  help:
    "A plain CREATE INDEX holds a SHARE lock for the whole build, so every INSERT, UPDATE and DELETE on the table waits " +
    "until it ends. Build it with `op.createIndex(..., { concurrently: true })` inside op.autocommitBlock (CONCURRENTLY cannot run in a transaction), " +
    "or in a migration exporting `transactional = false`; if the build is interrupted, `autogen check` reports the INVALID index left behind.",
  ops: {
    createIndex: (op, context) =>
      context.isNewTable(op.table) || op.concurrently
        ? []
        : [`builds index ${nameLabel(op.index.name)} on existing table ${tableLabel(op.table)} without CONCURRENTLY: writes to it wait for the whole build`],
  },
  statements: {
    createIndex: (statement, context) =>
      statement.concurrently || context.isNewTable(statement.table)
        ? []
        : [`builds index ${statement.name === null ? "(unnamed)" : nameLabel(statement.name)} on existing table ${tableLabel(statement.table)} without CONCURRENTLY: writes to it wait for the whole build`],
  },
};

export const dropIndexNonConcurrently: LintRule = {
  id: "drop-index-non-concurrently",
  severity: "warning",
  summary: "An index dropped from an existing table without CONCURRENTLY.",
  help:
    "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: short once granted, but while it waits for running " +
    "queries, every new query on the table queues behind it. Use `op.dropIndex(..., { concurrently: true })` inside op.autocommitBlock.",
  ops: {
    dropIndex: (op, context) =>
      context.isNewTable(op.table) || op.concurrently
        ? []
        : [`drops index ${nameLabel(op.name)} of ${tableLabel(op.table)} without CONCURRENTLY: takes an ACCESS EXCLUSIVE lock on the table`],
  },
  statements: {
    dropIndex: (statement, context) => {
      if (statement.concurrently) return [];
      return statement.indexes
        .filter((index) => {
          const table = context.model.tableOfIndex(index);
          return table === undefined || !context.isNewTable(table);
        })
        .map((index) => `drops index ${nameLabel(index.name)} without CONCURRENTLY: takes an ACCESS EXCLUSIVE lock on its table`);
    },
  },
};

export const concurrentlyInTransaction: LintRule = {
  id: "concurrently-in-transaction",
  severity: "error",
  summary: "A CONCURRENTLY statement that would run inside a transaction, where PostgreSQL refuses it.",
  help:
    "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY (`{ concurrently: true }`), REINDEX CONCURRENTLY and DETACH PARTITION " +
    "CONCURRENTLY cannot run inside a transaction block, so the migration fails. Wrap the call in " +
    "`await op.autocommitBlock(async () => { ... })`, " +
    "or export `transactional = false` from the migration.",
  ops: {
    createIndex: (op, context) =>
      op.concurrently && context.inTransaction ? [`builds index ${nameLabel(op.index.name)} CONCURRENTLY inside the migration's transaction: PostgreSQL refuses it`] : [],
    dropIndex: (op, context) =>
      op.concurrently && context.inTransaction ? [`drops index ${nameLabel(op.name)} CONCURRENTLY inside the migration's transaction: PostgreSQL refuses it`] : [],
    createUniqueConstraint: (op, context) =>
      op.concurrently && context.inTransaction ? [`builds the index of ${nameLabel(op.constraint.name)} CONCURRENTLY inside the migration's transaction: PostgreSQL refuses it`] : [],
    createPrimaryKey: (op, context) =>
      op.concurrently && context.inTransaction ? [`builds the index of ${nameLabel(op.primaryKey.name)} CONCURRENTLY inside the migration's transaction: PostgreSQL refuses it`] : [],
  },
  statements: {
    createIndex: (statement, context) =>
      statement.concurrently && context.inTransaction ? [`runs CREATE INDEX CONCURRENTLY inside the migration's transaction: PostgreSQL refuses it`] : [],
    dropIndex: (statement, context) =>
      statement.concurrently && context.inTransaction ? [`runs DROP INDEX CONCURRENTLY inside the migration's transaction: PostgreSQL refuses it`] : [],
    reindex: (statement, context) =>
      statement.concurrently && context.inTransaction ? [`runs REINDEX CONCURRENTLY inside the migration's transaction: PostgreSQL refuses it`] : [],
    detachPartition: (statement, context) =>
      statement.concurrently && context.inTransaction
        ? [`runs DETACH PARTITION CONCURRENTLY on ${tableLabel(statement.table)} inside the migration's transaction: PostgreSQL refuses it`]
        : [],
  },
};

export const reindexNonConcurrently: LintRule = {
  id: "reindex-non-concurrently",
  severity: "error",
  summary: "REINDEX without CONCURRENTLY in op.execute.",
  help:
    "A plain REINDEX blocks writes to the table and takes an ACCESS EXCLUSIVE lock on the index, so queries using it wait. " +
    "Use REINDEX ... CONCURRENTLY (PostgreSQL 12+) inside op.autocommitBlock.",
  statements: {
    reindex: (statement) => (statement.concurrently ? [] : [`rebuilds indexes without CONCURRENTLY: ${excerpt(statement.text)}`]),
  },
};
