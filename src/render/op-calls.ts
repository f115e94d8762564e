/**
 * Operation -> the `op.<kind>(...)` call that replays it. Literals go through JSON.stringify, which
 * yields valid TypeScript string literals for any text (quotes, newlines, `\r`, unicode).
 */
import type { Column, Index, QualifiedName, Table } from "../model/schema";
import { dispatch, type Change, type MigrationOp, type PerOpKind } from "../ops/types";
import { isUnfilledBackfill } from "../safety/backfill";

export interface RenderContext {
  /** Tables in this schema are written as a bare name; others as `{ schema, name }`. */
  readonly defaultSchema: string;
}

/** Single quotes where they spare escaping (SQL identifiers are full of double quotes). */
const str = (value: string): string =>
  value.includes('"') && /^[^'\\\u0000-\u001f\u2028\u2029]*$/.test(value) ? `'${value}'` : JSON.stringify(value);
/** A template literal: no escaping for either quote, so SQL literals can be typed in as they are. */
const template = (value: string): string => `\`${value.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;
const strOrNull = (value: string | null): string => (value === null ? "null" : str(value));
const sql = (expression: string | null): string => (expression === null ? "null" : `op.sql(${str(expression)})`);
const list = (values: readonly string[]): string => `[${values.map(str).join(", ")}]`;

/**
 * SQL that spans lines (a view's query) as a template literal, so the reviewer reads it as written;
 * backslashes, backticks and `${` are escaped, so the text is exactly the SQL. Carriage returns and
 * other control characters would not survive an editor, so such text stays a JSON string.
 */
const multiline = (text: string): string => {
  if (!text.includes("\n") || /[\u0000-\u0008\u000b-\u001f\u2028\u2029]/.test(text)) return str(text);
  return `\`${text.replace(/[\\`]/g, (character) => `\\${character}`).replace(/\$\{/g, "\\${")}\``;
};

/** `{ a: 1, b: "x" }` from entries whose value is already rendered; undefined entries are left out. */
const objectLiteral = (entries: Record<string, string | undefined>): string => {
  const present = Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return present.length === 0 ? "{}" : `{ ${present.map(([key, value]) => `${key}: ${value}`).join(", ")} }`;
};

const changeOf = <T>(change: Change<T> | undefined, render: (value: T) => string): string | undefined =>
  change === undefined ? undefined : `{ from: ${render(change.from)}, to: ${render(change.to)} }`;

export const renderOpCalls = (context: RenderContext) => {
  const table = (name: QualifiedName): string =>
    name.schema === context.defaultSchema ? str(name.name) : `{ schema: ${str(name.schema)}, name: ${str(name.name)} }`;

  const column = (col: Column): string => {
    const options = objectLiteral({
      nullable: String(col.nullable),
      default: col.default === null ? undefined : sql(col.default),
      serial: col.serial ? "true" : undefined,
      identity: col.identity === null ? undefined : str(col.identity),
      generated: col.generated === null ? undefined : sql(col.generated),
      collation: col.collation === null ? undefined : str(col.collation),
      comment: col.comment === null ? undefined : str(col.comment),
    });
    return `op.column(${str(col.name)}, ${str(col.type)}, ${options})`;
  };

  const indexOptions = (index: Index, concurrently: boolean): string =>
    objectLiteral({
      unique: index.unique ? "true" : undefined,
      method: index.method === "btree" ? undefined : str(index.method),
      where: index.where === null ? undefined : sql(index.where),
      concurrently: concurrently ? "true" : undefined,
    });

  /** A table's columns and the options createTable takes; restoreTable adds its indexes. */
  const tableDefinition = (t: Table, extra: Record<string, string | undefined> = {}): string => {
    const columns = t.columns.map((col) => `\n  ${column(col)},`).join("");
    const options = objectLiteral({
      primaryKey: t.primaryKey ? `{ name: ${str(t.primaryKey.name)}, columns: ${list(t.primaryKey.columns)} }` : undefined,
      uniques: t.uniques.length
        ? `[${t.uniques.map((u) => `{ name: ${str(u.name)}, columns: ${list(u.columns)} }`).join(", ")}]`
        : undefined,
      checks: t.checks.length
        ? `[${t.checks.map((c) => `{ name: ${str(c.name)}, expression: ${str(c.expression)} }`).join(", ")}]`
        : undefined,
      exclusions: t.exclusions.length
        ? `[${t.exclusions.map((x) => `{ name: ${str(x.name)}, definition: ${str(x.definition)} }`).join(", ")}]`
        : undefined,
      comment: t.comment === null ? undefined : str(t.comment),
      ...extra,
    });
    return `[${columns}\n]${options === "{}" ? "" : `, ${options}`}`;
  };

  const calls: PerOpKind<string> = {
    createSchema: (op) => `op.createSchema(${str(op.schema)})`,
    dropSchema: (op) => `op.dropSchema(${str(op.schema)})`,
    createExtension: (op) => `op.createExtension(${str(op.extension.name)}, { schema: ${str(op.extension.schema)} })`,
    dropExtension: (op) => `op.dropExtension(${str(op.extension.name)}, { schema: ${str(op.extension.schema)} })`,
    createEnum: (op) => `op.createEnum(${table(op.enumType)}, ${list(op.enumType.values)})`,
    dropEnum: (op) => `op.dropEnum(${table(op.name)})`,
    addEnumValue: (op) => {
      const placement = objectLiteral({
        before: op.before === null ? undefined : str(op.before),
        after: op.after === null ? undefined : str(op.after),
      });
      return `op.addEnumValue(${table(op.name)}, ${str(op.value)}${placement === "{}" ? "" : `, ${placement}`})`;
    },
    renameEnumValue: (op) => `op.renameEnumValue(${table(op.name)}, ${str(op.value)}, ${str(op.newValue)})`,
    renameEnum: (op) => `op.renameEnum(${table(op.name)}, ${str(op.newName)})`,
    replaceEnum: (op) => {
      const columns = op.columns.map((use) =>
        objectLiteral({
          table: table(use.table),
          column: str(use.column),
          array: use.array ? "true" : undefined,
          default: use.default === null ? undefined : sql(use.default),
          defaultAfter: use.defaultAfter === undefined ? undefined : sql(use.defaultAfter),
        }),
      );
      const mapping = Object.entries(op.mapping)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([from, to]) => `${str(from)}: ${str(to)}`);
      const options = objectLiteral({
        from: list(op.from),
        to: list(op.to),
        columns: `[${columns.join(", ")}]`,
        mapping: mapping.length === 0 ? undefined : `{ ${mapping.join(", ")} }`,
      });
      return `op.replaceEnum(${table(op.name)}, ${options})`;
    },
    createTable: (op) => `op.createTable(${table(op.table)}, ${tableDefinition(op.table)})`,
    dropTable: (op) => `op.dropTable(${table(op.name)})`,
    archiveTable: (op) => `op.archiveTable(${table(op.name)}, ${str(op.archive)})`,
    restoreTable: (op) => {
      const indexes = op.table.indexes.map((index) => {
        const options = indexOptions(index, false);
        return `{ name: ${str(index.name)}, keys: ${list(index.keys)}${options === "{}" ? "" : `, ${options.slice(2, -2)}`} }`;
      });
      return `op.restoreTable(${table(op.table)}, ${str(op.archive)}, ${tableDefinition(op.table, { indexes: indexes.length === 0 ? undefined : `[${indexes.join(", ")}]` })})`;
    },
    renameTable: (op) => `op.renameTable(${table(op.name)}, ${str(op.newName)})`,
    setTableComment: (op) => `op.setTableComment(${table(op.table)}, ${changeOf(op.comment, strOrNull)})`,
    addColumn: (op) => `op.addColumn(${table(op.table)}, ${column(op.column)})`,
    dropColumn: (op) => `op.dropColumn(${table(op.table)}, ${str(op.column)})`,
    archiveColumn: (op) => `op.archiveColumn(${table(op.table)}, ${str(op.column)}, ${str(op.archive)}, { key: ${list(op.key)} })`,
    restoreColumn: (op) => `op.restoreColumn(${table(op.table)}, ${column(op.column)}, ${str(op.archive)}, { key: ${list(op.key)} })`,
    alterColumn: (op) => {
      const changes = objectLiteral({
        type: changeOf(op.changes.type, str),
        nullable: changeOf(op.changes.nullable, String),
        default: changeOf(op.changes.default, sql),
        comment: changeOf(op.changes.comment, strOrNull),
        serial: changeOf(op.changes.serial, String),
        identity: changeOf(op.changes.identity, strOrNull),
        collation: changeOf(op.changes.collation, strOrNull),
        generated: changeOf(op.changes.generated, sql),
      });
      const options = objectLiteral({
        using: op.using === undefined ? undefined : sql(op.using),
        columnType: op.columnType === undefined ? undefined : str(op.columnType),
      });
      return `op.alterColumn(${table(op.table)}, ${str(op.column)}, ${changes}${options === "{}" ? "" : `, ${options}`})`;
    },
    recreateColumn: (op) => `op.recreateColumn(${table(op.table)}, ${column(op.column)})`,
    renameColumn: (op) => `op.renameColumn(${table(op.table)}, ${str(op.column)}, ${str(op.newName)})`,
    createPrimaryKey: (op) =>
      `op.createPrimaryKey(${table(op.table)}, ${str(op.primaryKey.name)}, ${list(op.primaryKey.columns)}${op.concurrently ? ", { concurrently: true }" : ""})`,
    dropPrimaryKey: (op) => `op.dropPrimaryKey(${table(op.table)}, ${str(op.name)})`,
    createUniqueConstraint: (op) =>
      `op.createUniqueConstraint(${table(op.table)}, ${str(op.constraint.name)}, ${list(op.constraint.columns)}${op.concurrently ? ", { concurrently: true }" : ""})`,
    dropUniqueConstraint: (op) => `op.dropUniqueConstraint(${table(op.table)}, ${str(op.name)})`,
    createCheckConstraint: (op) =>
      `op.createCheckConstraint(${table(op.table)}, ${str(op.constraint.name)}, ${sql(op.constraint.expression)}${op.notValid ? ", { notValid: true }" : ""})`,
    dropCheckConstraint: (op) => `op.dropCheckConstraint(${table(op.table)}, ${str(op.name)})`,
    createExclusionConstraint: (op) =>
      `op.createExclusionConstraint(${table(op.table)}, ${str(op.constraint.name)}, ${sql(op.constraint.definition)})`,
    dropExclusionConstraint: (op) => `op.dropExclusionConstraint(${table(op.table)}, ${str(op.name)})`,
    createForeignKey: (op) => {
      const fk = op.foreignKey;
      const options = objectLiteral({
        onDelete: fk.onDelete === "NO ACTION" ? undefined : str(fk.onDelete),
        onUpdate: fk.onUpdate === "NO ACTION" ? undefined : str(fk.onUpdate),
        deferrable: fk.deferrable ? "true" : undefined,
        initiallyDeferred: fk.initiallyDeferred ? "true" : undefined,
        notValid: op.notValid ? "true" : undefined,
      });
      return `op.createForeignKey(${table(op.table)}, ${str(fk.name)}, ${list(fk.columns)}, ${table(fk.referencedTable)}, ${list(fk.referencedColumns)}${options === "{}" ? "" : `, ${options}`})`;
    },
    dropForeignKey: (op) => `op.dropForeignKey(${table(op.table)}, ${str(op.name)})`,
    renameConstraint: (op) => `op.renameConstraint(${table(op.table)}, ${str(op.name)}, ${str(op.newName)})`,
    renameIndex: (op) => `op.renameIndex(${table(op.table)}, ${str(op.name)}, ${str(op.newName)})`,
    createIndex: (op) => {
      const index = op.index;
      const options = indexOptions(index, op.concurrently === true);
      return `op.createIndex(${table(op.table)}, ${str(index.name)}, ${list(index.keys)}${options === "{}" ? "" : `, ${options}`})`;
    },
    dropIndex: (op) => `op.dropIndex(${table(op.table)}, ${str(op.name)}${op.concurrently ? ", { concurrently: true }" : ""})`,
    createView: (op) =>
      `op.createView(${table(op.view)}, ${multiline(op.view.definition)}${op.view.materialized ? ", { materialized: true }" : ""})`,
    dropView: (op) => `op.dropView(${table(op.name)}${op.materialized ? ", { materialized: true }" : ""})`,
    validateConstraint: (op) => `op.validateConstraint(${table(op.table)}, ${str(op.name)})`,
    // A backfill placeholder is edited by hand: its value will hold quotes of either kind.
    execute: (op) => `op.execute(${isUnfilledBackfill(op.sql) ? template(op.sql) : str(op.sql)})`,
  };

  return (op: MigrationOp): string => {
    const call = dispatch(calls, op);
    // These cannot run inside a transaction, or lose their point there.
    const concurrent =
      (op.kind === "createIndex" || op.kind === "dropIndex" || op.kind === "createUniqueConstraint" || op.kind === "createPrimaryKey") &&
      op.concurrently === true;
    const outside = concurrent || op.kind === "validateConstraint";
    return outside ? `op.autocommitBlock(async () => {\n  await ${call};\n})` : call;
  };
};
