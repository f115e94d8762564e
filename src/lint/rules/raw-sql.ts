/** Hand-written SQL in `op.execute`: what lint cannot read, and what nobody should run in a migration. */
import { excerpt, tableLabel } from "../names";
import type { LintRule } from "../rule";
import { isUnfilledBackfill } from "../../safety/backfill";

export const unanalysedSql: LintRule = {
  id: "unanalysed-sql",
  severity: "warning",
  summary: "SQL in op.execute that lint cannot analyse.",
  help:
    "Lint understands operations and a few common statements (CREATE/DROP INDEX, ADD/VALIDATE/DROP CONSTRAINT, SET, " +
    "plain DML); anything else may take locks or rewrite tables unseen. Review what it locks, and prefer an op.* call " +
    "where one exists. Suppress with the reason once reviewed.",
  statements: {
    unanalysed: (statement) => [`runs SQL lint cannot analyse: ${excerpt(statement.text)}`],
  },
};

export const transactionControl: LintRule = {
  id: "transaction-control",
  severity: "error",
  summary: "BEGIN, COMMIT, ROLLBACK or SAVEPOINT in op.execute.",
  help:
    "autogen manages transactions itself (one per run, per migration, or none, and op.autocommitBlock for statements " +
    "that must run outside one). A COMMIT in the middle ends its transaction early, so a later failure can no longer be " +
    "rolled back, and a BEGIN nests or is left open. Use op.autocommitBlock or `transactional = false` instead.",
  statements: {
    transactionControl: (statement) => [`runs ${statement.command} itself: autogen manages the migration's transactions`],
  },
};

export const truncateCascade: LintRule = {
  id: "truncate-cascade",
  severity: "error",
  summary: "TRUNCATE ... CASCADE in op.execute.",
  help:
    "CASCADE also empties every table that references the truncated ones through foreign keys, recursively, which is " +
    "rarely visible in the migration. Name each table to empty explicitly.",
  statements: {
    truncate: (statement) => (statement.cascade ? [`truncates with CASCADE, emptying every table that references it: ${excerpt(statement.text)}`] : []),
  },
};

export const dropDatabase: LintRule = {
  id: "drop-database",
  severity: "error",
  summary: "DROP DATABASE in op.execute.",
  help: "A migration manages one database's schema; dropping a database belongs in operations tooling, never in the migration history.",
  statements: { dropDatabase: (statement) => [`drops a database: ${excerpt(statement.text)}`] },
};

export const domainConstraint: LintRule = {
  id: "domain-constraint",
  severity: "warning",
  summary: "A CHECK constraint on a domain, created or added in op.execute.",
  help:
    "Adding a domain constraint scans every column of every table using the domain under locks, and domain checks cannot " +
    "be changed NOT VALID per table. Put the CHECK on the table columns instead.",
  statements: { domainConstraint: (statement) => [`puts a constraint on a domain: ${excerpt(statement.text)}`] },
};

export const tableRewriteCommand: LintRule = {
  id: "table-rewrite-command",
  severity: "error",
  summary: "VACUUM FULL or CLUSTER in op.execute.",
  help:
    "Both rewrite the whole table under an ACCESS EXCLUSIVE lock. Reclaim space online with the pg_repack or pg_squeeze " +
    "extensions, outside migrations.",
  statements: {
    rewriteCommand: (statement) => [`runs ${statement.command}, rewriting the table under an ACCESS EXCLUSIVE lock: ${excerpt(statement.text)}`],
  },
};

export const detachPartitionNonConcurrently: LintRule = {
  id: "detach-partition-non-concurrently",
  severity: "warning",
  summary: "DETACH PARTITION without CONCURRENTLY in op.execute.",
  help:
    "A plain DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table. On PostgreSQL 14+ use DETACH " +
    "PARTITION ... CONCURRENTLY inside op.autocommitBlock.",
  statements: {
    detachPartition: (statement) =>
      statement.concurrently ? [] : [`detaches a partition of ${tableLabel(statement.table)} without CONCURRENTLY: locks the partitioned table`],
  },
};

export const unfilledBackfill: LintRule = {
  id: "unfilled-backfill",
  severity: "error",
  summary: "A backfill placeholder autogen generated that nobody filled in.",
  help:
    "`revision` adds a NOT NULL column to a table with rows in three steps: nullable, a backfill, then SET NOT NULL. The " +
    "backfill is written as op.execute(`UPDATE ... SET \"col\" = /* autogen: FILL IN ... */ WHERE \"col\" IS NULL`) because " +
    "only you know what existing rows should hold. Until the comment is replaced with a value or expression the statement " +
    "is a syntax error, and upgrade and check refuse the migration. For a large table, update in batches instead.",
  revision: (facts) =>
    facts.ops.flatMap(({ op }, opIndex) =>
      op.kind === "execute" && isUnfilledBackfill(op.sql)
        ? [{ opIndex, message: `backfill placeholder not filled in: ${excerpt(op.sql)}` }]
        : [],
    ),
};
