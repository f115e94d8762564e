/**
 * Reading the SQL of `op.execute(...)`: split into statements, then each statement recognised as one of
 * the forms that matter to the lint rules (the safe forms autogen's ops cannot express yet, such as
 * CREATE INDEX CONCURRENTLY or ADD CONSTRAINT ... NOT VALID, and the dangerous ones nobody should
 * hide in a string). Anything else is `unanalysed`: lint cannot tell what it locks, so a reviewer must.
 *
 * This is a recogniser, not a parser: it accepts the common spellings and calls the rest unanalysed,
 * which is always the safe answer.
 */
import type { QualifiedName } from "../model/schema";

export type ConstraintType = "foreign key" | "check" | "unique" | "primary key" | "exclude";

interface Text {
  /** The statement with comments removed and whitespace collapsed, for messages. */
  readonly text: string;
}

export type SqlStatement = Text &
  (
    | { readonly kind: "set"; readonly parameter: string; readonly value: string }
    /** Reads or writes rows, or changes nothing that takes a table lock worth reviewing. */
    | { readonly kind: "benign" }
    | { readonly kind: "createTable"; readonly table: QualifiedName }
    | {
        readonly kind: "createIndex";
        readonly name: string | null;
        readonly table: QualifiedName;
        readonly unique: boolean;
        readonly concurrently: boolean;
        /** Key parts that are plain columns; null for an expression. */
        readonly columns: readonly (string | null)[];
        readonly partial: boolean;
        readonly method: string;
      }
    | { readonly kind: "dropIndex"; readonly indexes: readonly QualifiedName[]; readonly concurrently: boolean }
    | {
        readonly kind: "addConstraint";
        readonly table: QualifiedName;
        readonly name: string | null;
        readonly constraint: ConstraintType;
        readonly notValid: boolean;
        /** `UNIQUE USING INDEX i` / `PRIMARY KEY USING INDEX i`: the constraint adopts a built index. */
        readonly usingIndex: string | null;
        readonly columns: readonly string[];
        readonly referencedTable: QualifiedName | null;
        readonly expression: string | null;
      }
    | { readonly kind: "validateConstraint"; readonly table: QualifiedName; readonly name: string }
    | { readonly kind: "dropConstraint"; readonly table: QualifiedName; readonly name: string }
    | { readonly kind: "setNotNull"; readonly table: QualifiedName; readonly column: string }
    | { readonly kind: "dropNotNull"; readonly table: QualifiedName; readonly column: string }
    | { readonly kind: "detachPartition"; readonly table: QualifiedName; readonly concurrently: boolean }
    | { readonly kind: "addEnumValue"; readonly name: QualifiedName; readonly value: string; readonly placed: boolean }
    | { readonly kind: "transactionControl"; readonly command: string }
    | { readonly kind: "truncate"; readonly cascade: boolean }
    | { readonly kind: "dropDatabase" }
    | { readonly kind: "domainConstraint" }
    | { readonly kind: "reindex"; readonly concurrently: boolean }
    | { readonly kind: "rewriteCommand"; readonly command: "VACUUM FULL" | "CLUSTER" }
    /** `table`: the table of an ALTER TABLE lint could not read, which almost surely locks it. */
    | { readonly kind: "unanalysed"; readonly table?: QualifiedName }
  );

/**
 * Statements of a script, with comments blanked out. Quotes, quoted identifiers and dollar-quoted
 * bodies are kept whole, so a `;` inside them does not split.
 */
export const splitStatements = (sql: string): string[] => {
  const statements: string[] = [];
  let current = "";
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    if (rest.startsWith("--")) {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end;
      current += " ";
      continue;
    }
    if (rest.startsWith("/*")) {
      let depth = 0;
      let j = i;
      do {
        if (sql.startsWith("/*", j)) {
          depth += 1;
          j += 2;
        } else if (sql.startsWith("*/", j)) {
          depth -= 1;
          j += 2;
        } else j += 1;
      } while (depth > 0 && j < sql.length);
      i = j;
      current += " ";
      continue;
    }
    const quote = sql[i];
    if (quote === "'" || quote === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === quote && sql[j + 1] === quote) j += 2;
        else if (sql[j] === quote) break;
        else j += 1;
      }
      current += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
    if (dollar) {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      const stop = end < 0 ? sql.length : end + dollar[0].length;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (quote === ";") {
      statements.push(current);
      current = "";
      i += 1;
      continue;
    }
    current += quote;
    i += 1;
  }
  statements.push(current);
  return statements.map((statement) => statement.replace(/\s+/g, " ").trim()).filter((statement) => statement.length > 0);
};

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;

/** An identifier as PostgreSQL reads it: quoted ones keep their case, bare ones fold to lower case. */
export const unquoteIdent = (ident: string): string =>
  ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident.toLowerCase();

const identParts = (qualified: string): string[] => [...qualified.matchAll(new RegExp(IDENT, "g"))].map((match) => unquoteIdent(match[0]));

export const qualifiedName = (qualified: string, defaultSchema: string): QualifiedName => {
  const parts = identParts(qualified);
  return parts.length === 2 ? { schema: parts[0], name: parts[1] } : { schema: defaultSchema, name: parts[0] };
};

/** The parenthesised group starting at `open` (which must be a `(`), and the text after it. */
const group = (text: string, open: number): { inner: string; after: string } | null => {
  if (text[open] !== "(") return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i += 1) {
    const char = text[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "(") depth += 1;
    else if (char === ")") {
      depth -= 1;
      if (depth === 0) return { inner: text.slice(open + 1, i), after: text.slice(i + 1).trim() };
    }
  }
  return null;
};

/** Splits on commas outside parentheses and quotes. */
const topLevelList = (text: string): string[] => {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "(") depth += 1;
    else if (char === ")") depth -= 1;
    else if (char === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part.length > 0);
};

const KEY_COLUMN = new RegExp(String.raw`^(${IDENT})(?:\s+(?:ASC|DESC|NULLS\s+FIRST|NULLS\s+LAST|COLLATE\s+${QUALIFIED}|[a-z_][a-z0-9_]*_ops))*$`, "i");

/** An index key part as a column name, or null when it is an expression. */
export const keyColumn = (key: string): string | null => {
  const match = KEY_COLUMN.exec(key.trim());
  return match ? unquoteIdent(match[1]) : null;
};

const columnList = (inner: string): string[] => topLevelList(inner).map((part) => unquoteIdent(part.trim()));

const re = (source: string): RegExp => new RegExp(source, "i");

const CREATE_INDEX = re(
  String.raw`^CREATE (UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(${IDENT} )?ON (?:ONLY )?(${QUALIFIED})\s*(?:USING (\w+)\s*)?(?=\()`,
);
const DROP_INDEX = re(String.raw`^DROP INDEX (CONCURRENTLY )?(?:IF EXISTS )?(${QUALIFIED}(?:\s*,\s*${QUALIFIED})*)(?: CASCADE| RESTRICT)?$`);
const ALTER_TABLE = re(String.raw`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(${QUALIFIED})(?: \*)? (.*)$`);
const CREATE_TABLE = re(String.raw`^CREATE (?:(?:GLOBAL |LOCAL )?(?:TEMP|TEMPORARY|UNLOGGED) )?TABLE (?:IF NOT EXISTS )?(${QUALIFIED})\s*\(`);
const SET = re(String.raw`^SET (?:SESSION |LOCAL )?([a-z_.]+)\s*(?:=|\bTO\b)\s*(.*)$`);
const ADD_ENUM_VALUE = re(String.raw`^ALTER TYPE (${QUALIFIED}) ADD VALUE (?:IF NOT EXISTS )?'((?:[^']|'')*)'(.*)$`);
const TRANSACTION = re(String.raw`^(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE TRANSACTION)\b`);
const BENIGN = re(
  String.raw`^(SELECT|INSERT|UPDATE|DELETE|WITH|VALUES|COPY|COMMENT ON|ANALYZE|ANALYSE|RESET|SHOW|NOTIFY|DISCARD|CREATE SCHEMA|CREATE EXTENSION|CREATE TYPE|CREATE SEQUENCE|CREATE (?:OR REPLACE )?FUNCTION|CREATE (?:OR REPLACE )?PROCEDURE)\b`,
);

/** `Omit` applied to each member of a union, so each keeps its own fields. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What an ALTER TABLE action is, before the table and text are added. */
type Action = OmitEach<Extract<SqlStatement, { table: QualifiedName }>, "text" | "table"> | { readonly kind: "unanalysed" };

const alterTableAction = (action: string, defaultSchema: string): Action => {
  if (topLevelList(action).length !== 1) return { kind: "unanalysed" };
  let match = re(String.raw`^VALIDATE CONSTRAINT (${IDENT})$`).exec(action);
  if (match) return { kind: "validateConstraint", name: unquoteIdent(match[1]) };
  match = re(String.raw`^DROP CONSTRAINT (?:IF EXISTS )?(${IDENT})(?: CASCADE| RESTRICT)?$`).exec(action);
  if (match) return { kind: "dropConstraint", name: unquoteIdent(match[1]) };
  match = re(String.raw`^ALTER (?:COLUMN )?(${IDENT}) (SET|DROP) NOT NULL$`).exec(action);
  if (match) return { kind: match[2].toUpperCase() === "SET" ? "setNotNull" : "dropNotNull", column: unquoteIdent(match[1]) };
  match = re(String.raw`^DETACH PARTITION ${QUALIFIED}( CONCURRENTLY| FINALIZE)?$`).exec(action);
  if (match) return { kind: "detachPartition", concurrently: match[1] !== undefined };
  match = re(String.raw`^ADD (?:CONSTRAINT (${IDENT}) )?(FOREIGN KEY|CHECK|UNIQUE|PRIMARY KEY|EXCLUDE)\b\s*(.*)$`).exec(action);
  if (!match) return { kind: "unanalysed" };
  const name = match[1] === undefined ? null : unquoteIdent(match[1]);
  const constraint = match[2].toLowerCase().replace(/\s+/g, " ") as ConstraintType;
  const body = match[3];
  const notValid = /\bNOT VALID$/i.test(body);
  const base = { kind: "addConstraint" as const, name, constraint, notValid, usingIndex: null, columns: [], referencedTable: null, expression: null };
  const usingIndex = re(String.raw`^USING INDEX (${IDENT})\b`).exec(body);
  if (usingIndex && (constraint === "unique" || constraint === "primary key")) {
    return { ...base, usingIndex: unquoteIdent(usingIndex[1]) };
  }
  const parts = group(body, body.indexOf("("));
  if (body.indexOf("(") !== 0 && constraint !== "exclude") return { kind: "unanalysed" };
  if (constraint === "check") return { ...base, expression: parts?.inner.trim() ?? null };
  if (constraint === "foreign key" && parts) {
    const references = re(String.raw`^REFERENCES (${QUALIFIED})`).exec(parts.after);
    if (!references) return { kind: "unanalysed" };
    return { ...base, columns: columnList(parts.inner), referencedTable: qualifiedName(references[1], defaultSchema) };
  }
  return { ...base, columns: constraint === "exclude" || !parts ? [] : columnList(parts.inner) };
};

const classify = (text: string, defaultSchema: string): SqlStatement => {
  const set = SET.exec(text);
  if (set) return { kind: "set", text, parameter: set[1].toLowerCase(), value: set[2].trim() };
  if (TRANSACTION.test(text)) return { kind: "transactionControl", text, command: TRANSACTION.exec(text)![1].toUpperCase() };
  const createIndex = CREATE_INDEX.exec(text);
  if (createIndex) {
    const keys = group(text, createIndex[0].length);
    if (keys) {
      return {
        kind: "createIndex",
        text,
        unique: createIndex[1] !== undefined,
        concurrently: createIndex[2] !== undefined,
        name: createIndex[3] === undefined ? null : unquoteIdent(createIndex[3].trim()),
        table: qualifiedName(createIndex[4], defaultSchema),
        method: (createIndex[5] ?? "btree").toLowerCase(),
        columns: topLevelList(keys.inner).map(keyColumn),
        partial: /\bWHERE\b/i.test(keys.after),
      };
    }
  }
  const dropIndex = DROP_INDEX.exec(text);
  if (dropIndex) {
    const names = [...dropIndex[2].matchAll(new RegExp(QUALIFIED, "g"))].map((match) => qualifiedName(match[0], defaultSchema));
    return { kind: "dropIndex", text, indexes: names, concurrently: dropIndex[1] !== undefined };
  }
  const alterTable = ALTER_TABLE.exec(text);
  if (alterTable) {
    const action = alterTableAction(alterTable[2], defaultSchema);
    if (action.kind === "unanalysed") return { kind: "unanalysed", text, table: qualifiedName(alterTable[1], defaultSchema) };
    return { ...action, text, table: qualifiedName(alterTable[1], defaultSchema) } as SqlStatement;
  }
  const createTable = CREATE_TABLE.exec(text);
  if (createTable) return { kind: "createTable", text, table: qualifiedName(createTable[1], defaultSchema) };
  const addEnumValue = ADD_ENUM_VALUE.exec(text);
  if (addEnumValue) {
    return {
      kind: "addEnumValue",
      text,
      name: qualifiedName(addEnumValue[1], defaultSchema),
      value: addEnumValue[2].replace(/''/g, "'"),
      placed: /^\s*(BEFORE|AFTER)\b/i.test(addEnumValue[3]),
    };
  }
  if (/^TRUNCATE\b/i.test(text)) return { kind: "truncate", text, cascade: /\bCASCADE$/i.test(text) };
  if (/^DROP DATABASE\b/i.test(text)) return { kind: "dropDatabase", text };
  if (/^CREATE DOMAIN\b/i.test(text)) return /\b(CHECK|CONSTRAINT)\b/i.test(text) ? { kind: "domainConstraint", text } : { kind: "benign", text };
  if (/^ALTER DOMAIN\b.*\bADD\b/i.test(text)) return { kind: "domainConstraint", text };
  if (/^REINDEX\b/i.test(text)) return { kind: "reindex", text, concurrently: /\bCONCURRENTLY\b/i.test(text) };
  if (/^VACUUM\b/i.test(text)) return /^VACUUM\s*(\([^)]*\bFULL\b[^)]*\)|FULL\b)/i.test(text) ? { kind: "rewriteCommand", text, command: "VACUUM FULL" } : { kind: "benign", text };
  if (/^CLUSTER\b/i.test(text)) return { kind: "rewriteCommand", text, command: "CLUSTER" };
  if (BENIGN.test(text)) return { kind: "benign", text };
  return { kind: "unanalysed", text };
};

export const classifySql = (sql: string, defaultSchema: string): SqlStatement[] =>
  splitStatements(sql).map((statement) => classify(statement, defaultSchema));

/** `SET lock_timeout` to anything but zero (zero means wait forever). */
export const setsLockTimeout = (statement: SqlStatement): boolean =>
  statement.kind === "set" &&
  statement.parameter === "lock_timeout" &&
  !/^'?\s*0+\s*(ms|s|min)?\s*'?$/i.test(statement.value) &&
  !/^DEFAULT$/i.test(statement.value);
