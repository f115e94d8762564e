/** Adding keys and constraints to tables that already hold rows. */
import { coversColumns } from "../model";
import { constraintKey, nameLabel, tableLabel } from "../names";
import type { LintRule, RevisionHit } from "../rule";

export const foreignKeyWithoutNotValid: LintRule = {
  id: "foreign-key-without-not-valid",
  severity: "error",
  summary: "A foreign key added to an existing table and validated at once.",
  help:
    "Adding a validated foreign key scans the whole table while holding SHARE ROW EXCLUSIVE locks on both tables, blocking " +
    "their writes. Add it with `op.createForeignKey(..., { notValid: true })` (instant; new rows are checked), then " +
    "`op.validateConstraint(...)` in a later transaction (op.autocommitBlock): validation only takes SHARE UPDATE EXCLUSIVE.",
  ops: {
    createForeignKey: (op, context) =>
      context.isNewTable(op.table) || op.notValid
        ? []
        : [`adds foreign key ${nameLabel(op.foreignKey.name)} on existing table ${tableLabel(op.table)} without NOT VALID: scans it while blocking writes to it and to ${tableLabel(op.foreignKey.referencedTable)}`],
  },
  statements: {
    addConstraint: (statement, context) =>
      statement.constraint !== "foreign key" || statement.notValid || context.isNewTable(statement.table)
        ? []
        : [`adds foreign key ${statement.name === null ? "" : `${nameLabel(statement.name)} `}on existing table ${tableLabel(statement.table)} without NOT VALID: scans it while blocking writes`],
  },
};

export const checkWithoutNotValid: LintRule = {
  id: "check-without-not-valid",
  severity: "error",
  summary: "A CHECK constraint added to an existing table and validated at once.",
  help:
    "Adding a validated CHECK scans every row under an ACCESS EXCLUSIVE lock: no reads or writes until it ends. Add it " +
    "with `op.createCheckConstraint(..., { notValid: true })` (new rows are checked at once), then " +
    "`op.validateConstraint(...)` in a later transaction (op.autocommitBlock), which allows reads and writes while it scans.",
  ops: {
    createCheckConstraint: (op, context) =>
      context.isNewTable(op.table) || op.notValid
        ? []
        : [`adds CHECK ${nameLabel(op.constraint.name)} on existing table ${tableLabel(op.table)} without NOT VALID: scans every row under an ACCESS EXCLUSIVE lock`],
  },
  statements: {
    addConstraint: (statement, context) =>
      statement.constraint !== "check" || statement.notValid || context.isNewTable(statement.table)
        ? []
        : [`adds CHECK ${statement.name === null ? "" : `${nameLabel(statement.name)} `}on existing table ${tableLabel(statement.table)} without NOT VALID: scans every row under an ACCESS EXCLUSIVE lock`],
  },
};

export const validateInSameTransaction: LintRule = {
  id: "validate-in-same-transaction",
  severity: "error",
  summary: "VALIDATE CONSTRAINT in the same transaction that added the constraint NOT VALID.",
  help:
    "NOT VALID only helps if the validation runs in a later transaction: the ADD CONSTRAINT's lock is held until commit, so " +
    "validating before that scans the table while still blocking it. Validate in an op.autocommitBlock, or in a later " +
    "revision applied with `upgrade --transaction each` (mode `all` runs every pending revision in one transaction).",
  ops: {
    validateConstraint: (op, context) =>
      context.addedNotValidInThisTransaction.has(constraintKey(op.table, op.name))
        ? [`validates ${nameLabel(op.name)} on ${tableLabel(op.table)} in the transaction that added it NOT VALID: the table stays locked during the scan`]
        : [],
  },
  statements: {
    validateConstraint: (statement, context) =>
      context.addedNotValidInThisTransaction.has(constraintKey(statement.table, statement.name))
        ? [`validates ${nameLabel(statement.name)} on ${tableLabel(statement.table)} in the transaction that added it NOT VALID: the table stays locked during the scan`]
        : [],
  },
};

export const addUniqueConstraint: LintRule = {
  id: "add-unique-constraint",
  severity: "error",
  summary: "A UNIQUE constraint added to an existing table, building its index under a lock.",
  help:
    "ADD CONSTRAINT ... UNIQUE builds the unique index while holding an ACCESS EXCLUSIVE lock: no reads or writes for the " +
    "whole build. Build the index first with `op.createIndex(..., { unique: true, concurrently: true })` (in " +
    "op.autocommitBlock), then attach it " +
    "instantly with `ALTER TABLE ... ADD CONSTRAINT name UNIQUE USING INDEX index_name`.",
  ops: {
    createUniqueConstraint: (op, context) =>
      context.isNewTable(op.table) || op.concurrently
        ? []
        : [`adds UNIQUE ${nameLabel(op.constraint.name)} (${op.constraint.columns.join(", ")}) on existing table ${tableLabel(op.table)}: builds its index under an ACCESS EXCLUSIVE lock`],
  },
  statements: {
    addConstraint: (statement, context) =>
      statement.constraint !== "unique" || statement.usingIndex !== null || context.isNewTable(statement.table)
        ? []
        : [`adds a UNIQUE constraint on existing table ${tableLabel(statement.table)} without USING INDEX: builds its index under an ACCESS EXCLUSIVE lock`],
  },
};

export const addPrimaryKey: LintRule = {
  id: "add-primary-key",
  severity: "error",
  summary: "A primary key added to an existing table, building its index under a lock.",
  help:
    "ADD CONSTRAINT ... PRIMARY KEY builds a unique index (and checks NOT NULL on its columns) under an ACCESS EXCLUSIVE " +
    "lock. Build the index with CREATE UNIQUE INDEX CONCURRENTLY, make the columns NOT NULL the safe way, then " +
    "`ALTER TABLE ... ADD CONSTRAINT name PRIMARY KEY USING INDEX index_name`.",
  ops: {
    createPrimaryKey: (op, context) =>
      context.isNewTable(op.table) || op.concurrently
        ? []
        : [`adds primary key ${nameLabel(op.primaryKey.name)} (${op.primaryKey.columns.join(", ")}) on existing table ${tableLabel(op.table)}: builds its index under an ACCESS EXCLUSIVE lock`],
  },
  statements: {
    addConstraint: (statement, context) =>
      statement.constraint !== "primary key" || statement.usingIndex !== null || context.isNewTable(statement.table)
        ? []
        : [`adds a primary key on existing table ${tableLabel(statement.table)} without USING INDEX: builds its index under an ACCESS EXCLUSIVE lock`],
  },
};

export const addExclusionConstraint: LintRule = {
  id: "add-exclusion-constraint",
  severity: "error",
  summary: "An exclusion constraint added to an existing table.",
  help:
    "ADD CONSTRAINT ... EXCLUDE builds its index under an ACCESS EXCLUSIVE lock, and PostgreSQL has no concurrent or " +
    "NOT VALID form for it. Add it while the table is small or during a maintenance window, or enforce the rule in a " +
    "trigger until then.",
  ops: {
    createExclusionConstraint: (op, context) =>
      context.isNewTable(op.table)
        ? []
        : [`adds exclusion constraint ${nameLabel(op.constraint.name)} on existing table ${tableLabel(op.table)}: builds its index under an ACCESS EXCLUSIVE lock`],
  },
  statements: {
    addConstraint: (statement, context) =>
      statement.constraint !== "exclude" || context.isNewTable(statement.table)
        ? []
        : [`adds an exclusion constraint on existing table ${tableLabel(statement.table)}: builds its index under an ACCESS EXCLUSIVE lock`],
  },
};

export const foreignKeyWithoutIndex: LintRule = {
  id: "foreign-key-without-index",
  severity: "warning",
  summary: "A foreign key whose columns no index leads with.",
  help:
    "Deleting or updating a referenced row makes PostgreSQL look up the referencing rows; without an index on the foreign " +
    "key's columns each such lookup scans the referencing table, and ON DELETE CASCADE gets slow and lock-heavy. Create " +
    "an index (CONCURRENTLY on an existing table) whose leading columns are the foreign key's columns.",
  revision: (facts) => {
    const hits: RevisionHit[] = [];
    const check = (opIndex: number, table: Parameters<typeof facts.modelAfter.table>[0], name: string | null, columns: readonly string[]) => {
      const after = facts.modelAfter.table(table);
      if (after === undefined || columns.length === 0 || coversColumns(after, columns)) return;
      hits.push({
        opIndex,
        message: `foreign key ${name === null ? "" : `${nameLabel(name)} `}on ${tableLabel(table)} (${columns.join(", ")}) has no index leading with its columns`,
      });
    };
    facts.ops.forEach(({ op }, opIndex) => {
      if (op.kind === "createForeignKey") check(opIndex, op.table, op.foreignKey.name, op.foreignKey.columns);
      for (const statement of facts.statements.get(opIndex) ?? []) {
        if (statement.kind === "addConstraint" && statement.constraint === "foreign key") check(opIndex, statement.table, statement.name, statement.columns);
      }
    });
    return hits;
  },
};
