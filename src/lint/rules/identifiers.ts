/** Names PostgreSQL would silently cut. */
import type { OpKind, OpOfKind } from "../../ops/types";
import type { LintRule, OpHandlers } from "../rule";

/** NAMEDATALEN - 1: https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS */
const MAX_IDENTIFIER_BYTES = 63;

/** The names each operation gives to new objects. */
const namesGiven: { readonly [K in OpKind]?: (op: OpOfKind<K>) => readonly string[] } = {
  createSchema: (op) => [op.schema],
  createEnum: (op) => [op.enumType.name],
  createTable: (op) => [
    op.table.name,
    ...op.table.columns.map((column) => column.name),
    ...(op.table.primaryKey ? [op.table.primaryKey.name] : []),
    ...op.table.uniques.map((unique) => unique.name),
    ...op.table.checks.map((check) => check.name),
  ],
  renameTable: (op) => [op.newName],
  addColumn: (op) => [op.column.name],
  renameColumn: (op) => [op.newName],
  createPrimaryKey: (op) => [op.primaryKey.name],
  createUniqueConstraint: (op) => [op.constraint.name],
  createCheckConstraint: (op) => [op.constraint.name],
  createExclusionConstraint: (op) => [op.constraint.name],
  createForeignKey: (op) => [op.foreignKey.name],
  createIndex: (op) => [op.index.name],
  renameConstraint: (op) => [op.newName],
  renameIndex: (op) => [op.newName],
};

const tooLong = (names: readonly string[]): string[] =>
  names
    .filter((name) => Buffer.byteLength(name, "utf8") > MAX_IDENTIFIER_BYTES)
    .map((name) => `name "${name}" is ${Buffer.byteLength(name, "utf8")} bytes: PostgreSQL keeps only the first ${MAX_IDENTIFIER_BYTES}`);

const handlers = Object.fromEntries(
  Object.entries(namesGiven).map(([kind, names]) => [kind, (op: never) => tooLong((names as (op: never) => readonly string[])(op))]),
) as OpHandlers;

export const identifierTooLong: LintRule = {
  id: "identifier-too-long",
  severity: "error",
  summary: "A name longer than PostgreSQL's 63-byte limit.",
  help:
    "PostgreSQL truncates longer names without an error, so the object gets a different name than the migration says; two " +
    "names that differ only after byte 63 collide, and later operations naming the full name may hit the wrong object. " +
    "Choose a shorter name.",
  ops: handlers,
  statements: {
    createIndex: (statement) => (statement.name === null ? [] : tooLong([statement.name])),
    addConstraint: (statement) => (statement.name === null ? [] : tooLong([statement.name])),
  },
};
