/**
 * Renames are never guessed. A rename decision comes from outside (a `--rename` hint, the config's
 * rename map, or an answer at a prompt); the comparator only finds *candidates*: a column (or table)
 * that disappears while a compatible one appears. A decided rename is applied to the current model
 * before comparing, so the comparison sees the same name on both sides and plans only what else
 * changed; the rename itself becomes `renameColumn` / `renameTable` (or, for enum types and values,
 * `renameEnum` / `renameEnumValue`: enum-renames.ts), which keeps the data.
 */
import { qualifiedKey } from "../model/keys";
import type { Column, QualifiedName, SchemaModel, Table } from "../model/schema";
import type { MigrationOp } from "../ops/types";
import { quoteIdent } from "../sql/quote";
import {
  describeEnumRename,
  ENUM_HINT_PREFIX,
  findEnumRenameCandidates,
  parseEnumRenameHint,
  typeForMatching,
  renameEnumIn,
  renameEnumValueIn,
  type EnumRename,
  type EnumValueRename,
} from "./enum-renames";
import { RenameHintError } from "./errors";

export { RenameHintError };
export type { EnumRename, EnumValueRename };

export interface ColumnRename {
  readonly kind: "column";
  readonly table: QualifiedName;
  readonly from: string;
  readonly to: string;
}

export interface TableRename {
  readonly kind: "table";
  readonly from: QualifiedName;
  readonly to: string;
}

export type Rename = ColumnRename | TableRename | EnumRename | EnumValueRename;

/**
 * `users.name=full_name` (a column), `old_table=new_table` (a table), `sales.orders.total=amount`
 * (a column in another schema), `sales.orders=purchases` is ambiguous and read as a column of table
 * `sales` unless such a table does not exist: hints are resolved against the current model.
 * `enum:...` hints name enum types and values (enum-renames.ts). `flag` names the option in errors
 * (`--not-rename` takes the same notation).
 */
export const parseRenameHint = (hint: string, current: SchemaModel, defaultSchema: string, flag = "--rename"): Rename => {
  if (hint.startsWith(ENUM_HINT_PREFIX)) return parseEnumRenameHint(hint, current, defaultSchema, flag);
  const equals = hint.indexOf("=");
  if (equals <= 0 || equals === hint.length - 1) {
    throw new RenameHintError(`${flag} takes old=new (a table), table.old=new (a column) or enum:type=new / enum:type:value=new (an enum), got "${hint}".`);
  }
  const from = hint.slice(0, equals).split(".");
  const to = hint.slice(equals + 1);
  const tableExists = (schema: string, name: string) => current.tables.some((table) => table.schema === schema && table.name === name);
  const columnRename = (schema: string, table: string, column: string): Rename => {
    const found = current.tables.find((candidate) => candidate.schema === schema && candidate.name === table);
    if (!found) throw new RenameHintError(`${flag} ${hint}: there is no table ${schema}.${table} in the database.`);
    if (!found.columns.some((candidate) => candidate.name === column)) {
      throw new RenameHintError(`${flag} ${hint}: table ${schema}.${table} has no column "${column}".`);
    }
    return { kind: "column", table: { schema, name: table }, from: column, to };
  };
  if (from.length === 1) {
    if (!tableExists(defaultSchema, from[0])) throw new RenameHintError(`${flag} ${hint}: there is no table ${defaultSchema}.${from[0]} in the database.`);
    return { kind: "table", from: { schema: defaultSchema, name: from[0] }, to };
  }
  if (from.length === 2) {
    if (tableExists(defaultSchema, from[0])) return columnRename(defaultSchema, from[0], from[1]);
    if (tableExists(from[0], from[1])) return { kind: "table", from: { schema: from[0], name: from[1] }, to };
    throw new RenameHintError(`${flag} ${hint}: there is no table ${defaultSchema}.${from[0]} or ${from[0]}.${from[1]} in the database.`);
  }
  if (from.length === 3) return columnRename(from[0], from[1], from[2]);
  throw new RenameHintError(`${flag} ${hint}: write table.old=new or schema.table.old=new.`);
};

/** An index key naming the column alone (bare or quoted), as PostgreSQL prints it. */
const renameKey = (key: string, from: string, to: string): string => {
  const match = /^(?:"((?:[^"]|"")*)"|([a-z_][a-z0-9_$]*))(\s.*)?$/.exec(key);
  if (!match) return key;
  const name = match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2];
  if (name !== from) return key;
  const printed = /^[a-z_][a-z0-9_$]*$/.test(to) ? to : quoteIdent(to);
  return `${printed}${match[3] ?? ""}`;
};

const renameInList = (columns: readonly string[], from: string, to: string) => columns.map((column) => (column === from ? to : column));

const renameColumnIn = (model: SchemaModel, rename: ColumnRename): SchemaModel => ({
  ...model,
  tables: model.tables.map((table): Table => {
    const isTable = qualifiedKey(table) === qualifiedKey(rename.table);
    return {
      ...table,
      columns: isTable ? table.columns.map((column): Column => (column.name === rename.from ? { ...column, name: rename.to } : column)) : table.columns,
      primaryKey: isTable && table.primaryKey ? { ...table.primaryKey, columns: renameInList(table.primaryKey.columns, rename.from, rename.to) } : table.primaryKey,
      uniques: isTable ? table.uniques.map((unique) => ({ ...unique, columns: renameInList(unique.columns, rename.from, rename.to) })) : table.uniques,
      indexes: isTable ? table.indexes.map((index) => ({ ...index, keys: index.keys.map((key) => renameKey(key, rename.from, rename.to)) })) : table.indexes,
      foreignKeys: table.foreignKeys.map((foreignKey) => ({
        ...foreignKey,
        columns: isTable ? renameInList(foreignKey.columns, rename.from, rename.to) : foreignKey.columns,
        referencedColumns:
          qualifiedKey(foreignKey.referencedTable) === qualifiedKey(rename.table)
            ? renameInList(foreignKey.referencedColumns, rename.from, rename.to)
            : foreignKey.referencedColumns,
      })),
    };
  }),
});

const renameTableIn = (model: SchemaModel, rename: TableRename): SchemaModel => {
  const renamed = { schema: rename.from.schema, name: rename.to };
  const isFrom = (table: QualifiedName) => qualifiedKey(table) === qualifiedKey(rename.from);
  return {
    ...model,
    tables: model.tables.map((table) => ({
      ...(isFrom(table) ? { ...table, name: rename.to } : table),
      foreignKeys: table.foreignKeys.map((foreignKey) => (isFrom(foreignKey.referencedTable) ? { ...foreignKey, referencedTable: renamed } : foreignKey)),
    })),
  };
};

/**
 * The current model as it will be once the renames ran, and the ops that run them: enum types, their
 * values, tables, then columns. `target` shows how PostgreSQL prints a renamed type's new name.
 */
export const applyRenames = (current: SchemaModel, renames: readonly Rename[], target: SchemaModel): { current: SchemaModel; ops: MigrationOp[] } => {
  let model = current;
  const ops: MigrationOp[] = [];
  const typeRenames = renames.filter((candidate): candidate is EnumRename => candidate.kind === "enum");
  for (const rename of typeRenames) {
    model = renameEnumIn(model, rename, target);
    ops.push({ kind: "renameEnum", name: rename.from, newName: rename.to });
  }
  for (const rename of renames.filter((candidate): candidate is EnumValueRename => candidate.kind === "enumValue")) {
    // A value hint names the type as it is now; after a rename of the type it has the new name.
    const renamedType = typeRenames.find((candidate) => qualifiedKey(candidate.from) === qualifiedKey(rename.type));
    const type = renamedType ? { schema: rename.type.schema, name: renamedType.to } : rename.type;
    model = renameEnumValueIn(model, type, rename.from, rename.to);
    ops.push({ kind: "renameEnumValue", name: type, value: rename.from, newValue: rename.to });
  }
  for (const rename of renames.filter((candidate): candidate is TableRename => candidate.kind === "table")) {
    model = renameTableIn(model, rename);
    ops.push({ kind: "renameTable", name: rename.from, newName: rename.to });
  }
  for (const rename of renames.filter((candidate): candidate is ColumnRename => candidate.kind === "column")) {
    // A column rename hint names the table as it is now; after a table rename it has the new name.
    const table = renames.find((candidate): candidate is TableRename => candidate.kind === "table" && qualifiedKey(candidate.from) === qualifiedKey(rename.table));
    const at = table ? { ...rename, table: { schema: rename.table.schema, name: table.to } } : rename;
    model = renameColumnIn(model, at);
    ops.push({ kind: "renameColumn", table: at.table, column: rename.from, newName: rename.to });
  }
  return { current: model, ops };
};

export interface RenameCandidate {
  readonly rename: Rename;
  /** Higher is likelier; for messages and ordering only. */
  readonly score: number;
}

const columnScore = (dropped: Column, added: Column, droppedIndex: number, addedIndex: number): number =>
  (dropped.nullable === added.nullable ? 1 : 0) + (dropped.default === added.default ? 1 : 0) + (droppedIndex === addedIndex ? 1 : 0);

/**
 * Pairs of a disappearing and an appearing column of the same type in one table, of a
 * disappearing and an appearing table with the same columns, and of enum types and values
 * (enum-renames.ts): what a developer's rename looks like.
 */
export const findRenameCandidates = (current: SchemaModel, target: SchemaModel): RenameCandidate[] => {
  const candidates: RenameCandidate[] = [];
  const targetTables = new Map(target.tables.map((table) => [qualifiedKey(table), table]));
  const currentTables = new Map(current.tables.map((table) => [qualifiedKey(table), table]));
  const currentType = typeForMatching(current);
  const targetType = typeForMatching(target);
  for (const before of current.tables) {
    const after = targetTables.get(qualifiedKey(before));
    if (!after) continue;
    const dropped = before.columns.filter((column) => !after.columns.some((candidate) => candidate.name === column.name));
    const added = after.columns.filter((column) => !before.columns.some((candidate) => candidate.name === column.name));
    for (const gone of dropped) {
      for (const appeared of added) {
        if (currentType(gone.type) !== targetType(appeared.type)) continue;
        candidates.push({
          rename: { kind: "column", table: { schema: before.schema, name: before.name }, from: gone.name, to: appeared.name },
          score: 3 + columnScore(gone, appeared, before.columns.indexOf(gone), after.columns.indexOf(appeared)),
        });
      }
    }
  }
  const signature = (table: Table, type: (type: string) => string) => table.columns.map((column) => `${column.name}:${type(column.type)}`).sort().join(",");
  for (const gone of current.tables.filter((table) => !targetTables.has(qualifiedKey(table)))) {
    for (const appeared of target.tables.filter((table) => !currentTables.has(qualifiedKey(table)))) {
      if (gone.schema === appeared.schema && signature(gone, currentType) === signature(appeared, targetType)) {
        candidates.push({ rename: { kind: "table", from: { schema: gone.schema, name: gone.name }, to: appeared.name }, score: 5 });
      }
    }
  }
  for (const rename of findEnumRenameCandidates(current, target)) candidates.push({ rename, score: 5 });
  return candidates.sort((a, b) => b.score - a.score);
};

export const describeRename = (rename: Rename): string => {
  if (rename.kind === "table") return `table ${rename.from.schema}.${rename.from.name} -> ${rename.to}`;
  if (rename.kind === "column") return `column ${rename.table.schema}.${rename.table.name}.${rename.from} -> ${rename.to}`;
  return describeEnumRename(rename);
};
