/**
 * Enum renames, found and applied like column and table renames (renames.ts): a type that disappears
 * while one with the same values appears, and the columns that used it now use it, may be that type
 * renamed; a value that disappears while exactly one new value appears in its place may be that value
 * renamed. Either is a rename only when a hint or an answer says so. A decided rename is applied to
 * the current model, with every place PostgreSQL prints the old name or value, so that the comparison
 * sees one name on both sides.
 */
import { qualifiedKey } from "../model/keys";
import type { Column, EnumType, QualifiedName, SchemaModel, Table } from "../model/schema";
import { parseTypeReference, printedTypeName } from "../model/type-names";
import { quoteLiteral } from "../sql/quote";
import { RenameHintError } from "./errors";

export interface EnumRename {
  readonly kind: "enum";
  readonly from: QualifiedName;
  readonly to: string;
}

export interface EnumValueRename {
  readonly kind: "enumValue";
  /** The type as it is named before any rename of the type itself. */
  readonly type: QualifiedName;
  readonly from: string;
  readonly to: string;
}

export const ENUM_HINT_PREFIX = "enum:";

const findEnum = (model: SchemaModel, name: QualifiedName): EnumType | undefined =>
  model.enums.find((candidate) => qualifiedKey(candidate) === qualifiedKey(name));

/**
 * `enum:old_type=new_type` renames a type, `enum:type:old=new` one of its values; the type may be
 * schema-qualified (`enum:sales.status:pending=waiting`). The colon keeps the two forms apart, and
 * lets a value contain dots. Hints are checked against the current model.
 */
export const parseEnumRenameHint = (hint: string, current: SchemaModel, defaultSchema: string, flag = "--rename"): EnumRename | EnumValueRename => {
  const usage = `${flag} ${hint}: write enum:type=new for an enum type, or enum:type:value=new for one of its values (type may be schema.type).`;
  const body = hint.slice(ENUM_HINT_PREFIX.length);
  const equals = body.indexOf("=");
  if (equals <= 0 || equals === body.length - 1) throw new RenameHintError(usage);
  const to = body.slice(equals + 1);
  const left = body.slice(0, equals);
  const colon = left.indexOf(":");
  const path = (colon < 0 ? left : left.slice(0, colon)).split(".");
  if (path.length > 2 || path.some((part) => part === "") || colon === left.length - 1) throw new RenameHintError(usage);
  const type = path.length === 2 ? { schema: path[0], name: path[1] } : { schema: defaultSchema, name: path[0] };
  const existing = findEnum(current, type);
  if (!existing) throw new RenameHintError(`${flag} ${hint}: there is no enum type ${type.schema}.${type.name} in the database.`);
  if (colon < 0) {
    if (findEnum(current, { schema: type.schema, name: to })) {
      throw new RenameHintError(`${flag} ${hint}: enum type ${type.schema}.${to} exists already.`);
    }
    return { kind: "enum", from: type, to };
  }
  const from = left.slice(colon + 1);
  if (!existing.values.includes(from)) throw new RenameHintError(`${flag} ${hint}: enum type ${type.schema}.${type.name} has no value ${quoteLiteral(from)}.`);
  if (existing.values.includes(to)) {
    throw new RenameHintError(
      `${flag} ${hint}: enum type ${type.schema}.${type.name} already has a value ${quoteLiteral(to)}; a rename cannot merge two values (a replaceEnum mapping can).`,
    );
  }
  return { kind: "enumValue", type, from, to };
};

/** The hint that decides the rename: the type qualified unless it is in the default schema. */
export const enumHintFor = (rename: EnumRename | EnumValueRename, defaultSchema: string): string => {
  const type = rename.kind === "enum" ? rename.from : rename.type;
  const path = type.schema === defaultSchema ? type.name : `${type.schema}.${type.name}`;
  return rename.kind === "enum" ? `${ENUM_HINT_PREFIX}${path}=${rename.to}` : `${ENUM_HINT_PREFIX}${path}:${rename.from}=${rename.to}`;
};

export const describeEnumRename = (rename: EnumRename | EnumValueRename): string =>
  rename.kind === "enum"
    ? `enum type ${rename.from.schema}.${rename.from.name} -> ${rename.to}`
    : `enum value ${rename.type.schema}.${rename.type.name} ${quoteLiteral(rename.from)} -> ${quoteLiteral(rename.to)}`;

// ---- Applying a rename to the printed text of a model ----

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every SQL text of a table that can name a type or hold one of its values. */
const mapTableText = (table: Table, map: (text: string) => string): Table => ({
  ...table,
  columns: table.columns.map((column): Column => ({
    ...column,
    default: column.default === null ? null : map(column.default),
    generated: column.generated === null ? null : map(column.generated),
  })),
  checks: table.checks.map((check) => ({ ...check, expression: map(check.expression) })),
  exclusions: table.exclusions.map((exclusion) => ({ ...exclusion, definition: map(exclusion.definition) })),
  indexes: table.indexes.map((index) => ({ ...index, keys: index.keys.map(map), where: index.where === null ? null : map(index.where) })),
});

/** The type renamed in the model: the type itself, the columns of it (arrays too) and every cast to it. */
export const renameEnumIn = (model: SchemaModel, rename: EnumRename, target: SchemaModel): SchemaModel => {
  const renamed = { schema: rename.from.schema, name: rename.to };
  const oldName = printedTypeName(model, rename.from);
  const newName = printedTypeName(target, renamed);
  // `::old` or `::old[]`, and not a longer name that starts the same way.
  const casts = new RegExp(`::${escapeRegExp(oldName)}(?![A-Za-z0-9_$"])`, "g");
  const isType = (candidate: QualifiedName) => qualifiedKey(candidate) === qualifiedKey(rename.from);
  return {
    ...model,
    enums: model.enums.map((enumType) => (isType(enumType) ? { ...enumType, name: rename.to } : enumType)),
    tables: model.tables.map((table) => {
      const recast = mapTableText(table, (text) => text.replace(casts, `::${newName}`));
      return {
        ...recast,
        columns: recast.columns.map((column) => {
          const reference = parseTypeReference(column.type);
          return reference && isType(reference) ? { ...column, type: `${newName}${reference.array ? "[]" : ""}` } : column;
        }),
      };
    }),
  };
};

/** An element of an array literal as PostgreSQL prints it: bare unless it needs quoting. */
const arrayElement = (value: string): string =>
  value === "" || /^null$/i.test(value) || /[{}",\\\s]/.test(value) ? `"${value.replace(/[\\"]/g, "\\$&")}"` : value;

/** The elements of a one-dimensional array literal's text (`{a,"b c"}`), or null for anything else. */
const arrayElements = (literal: string): string[] | null => {
  if (!literal.startsWith("{") || !literal.endsWith("}")) return null;
  const body = literal.slice(1, -1);
  if (body === "") return [];
  const elements: string[] = [];
  const element = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,{}"\\]*?))\s*(,|$)/y;
  let at = 0;
  while (at < body.length) {
    element.lastIndex = at;
    const match = element.exec(body);
    if (!match || match[0] === "") return null;
    elements.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2]!);
    at = element.lastIndex;
    if (match[3] === "" && at < body.length) return null;
  }
  return elements;
};

/**
 * The value renamed wherever a constant of the type is printed: `'old'::type`, and `'{old,...}'::type[]`
 * in array defaults. PostgreSQL keeps enum constants by the label's identity, so after RENAME VALUE
 * it prints them with the new label.
 */
export const renameEnumValueIn = (model: SchemaModel, type: QualifiedName, from: string, to: string): SchemaModel => {
  const printed = escapeRegExp(printedTypeName(model, type));
  const scalar = new RegExp(`'((?:[^']|'')*)'::${printed}(?![A-Za-z0-9_$"[])`, "g");
  const array = new RegExp(`'((?:[^']|'')*)'::${printed}\\[\\]`, "g");
  const recast = (text: string): string =>
    text
      .replace(scalar, (whole, literal: string) => (literal.replace(/''/g, "'") === from ? `${quoteLiteral(to)}${whole.slice(literal.length + 2)}` : whole))
      .replace(array, (whole, literal: string) => {
        const elements = arrayElements(literal.replace(/''/g, "'"));
        if (elements === null || !elements.includes(from)) return whole;
        const replaced = `{${elements.map((element) => arrayElement(element === from ? to : element)).join(",")}}`;
        return `${quoteLiteral(replaced)}${whole.slice(literal.length + 2)}`;
      });
  return {
    ...model,
    enums: model.enums.map((enumType) =>
      qualifiedKey(enumType) === qualifiedKey(type) ? { ...enumType, values: enumType.values.map((value) => (value === from ? to : value)) } : enumType,
    ),
    tables: model.tables.map((table) => mapTableText(table, recast)),
  };
};

// ---- Candidates ----

/**
 * A column type for matching rename candidates: an enum type stands for its values, because TypeORM
 * names a column's enum type after its table and column (`people_mood_enum`), so renaming either
 * renames the type too, and the old and new columns would otherwise never look alike.
 */
export const typeForMatching = (model: SchemaModel): ((type: string) => string) => {
  const enums = new Map(model.enums.map((enumType) => [qualifiedKey(enumType), enumType]));
  return (type) => {
    const reference = parseTypeReference(type);
    const enumType = reference && enums.get(qualifiedKey(reference));
    return enumType ? `enum ${JSON.stringify(enumType.values)}${reference.array ? "[]" : ""}` : type;
  };
};

/** `table\0column` -> whether it is an array, for the columns of a model that use a type. */
const columnsOfType = (model: SchemaModel, type: QualifiedName): Map<string, boolean> => {
  const uses = new Map<string, boolean>();
  for (const table of model.tables) {
    for (const column of table.columns) {
      const reference = parseTypeReference(column.type);
      if (reference && qualifiedKey(reference) === qualifiedKey(type)) uses.set(`${qualifiedKey(table)}\u0000${column.name}`, reference.array);
    }
  }
  return uses;
};

const sameValues = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((value, at) => value === b[at]);

/** A type that goes while one in its schema with the same values comes, and every column of the old one now uses the new one. */
const typeCandidates = (current: SchemaModel, target: SchemaModel): EnumRename[] => {
  const gone = current.enums.filter((enumType) => !findEnum(target, enumType));
  const come = target.enums.filter((enumType) => !findEnum(current, enumType));
  return gone.flatMap((old) =>
    come
      .filter((appeared) => appeared.schema === old.schema && sameValues(appeared.values, old.values))
      .filter((appeared) => {
        const after = columnsOfType(target, appeared);
        return [...columnsOfType(current, old)].every(([column, array]) => after.get(column) === array);
      })
      .map((appeared): EnumRename => ({ kind: "enum", from: { schema: old.schema, name: old.name }, to: appeared.name })),
  );
};

/**
 * The values between two consecutive kept values (and before the first, after the last): where one
 * value went and exactly one came in the same gap, the new one may be the old one renamed.
 */
const valueCandidates = (current: SchemaModel, target: SchemaModel): EnumValueRename[] =>
  current.enums.flatMap((before) => {
    const after = findEnum(target, before);
    if (!after) return [];
    const kept = before.values.filter((value) => after.values.includes(value));
    if (!sameValues(kept, after.values.filter((value) => before.values.includes(value)))) return [];
    const gaps = (values: readonly string[]): string[][] => {
      const result: string[][] = [[]];
      for (const value of values) {
        if (kept.includes(value)) result.push([]);
        else result[result.length - 1]!.push(value);
      }
      return result;
    };
    const removed = gaps(before.values);
    const added = gaps(after.values);
    return removed.flatMap((gap, at): EnumValueRename[] =>
      gap.length === 1 && added[at]!.length === 1
        ? [{ kind: "enumValue", type: { schema: before.schema, name: before.name }, from: gap[0]!, to: added[at]![0]! }]
        : [],
    );
  });

export const findEnumRenameCandidates = (current: SchemaModel, target: SchemaModel): (EnumRename | EnumValueRename)[] => [
  ...typeCandidates(current, target),
  ...valueCandidates(current, target),
];

/** A hint must turn something the entities dropped into something they declare, or it would lose data. */
export const requireEnumRenameTarget = (hint: string, rename: EnumRename | EnumValueRename, target: SchemaModel, typeRenames: readonly EnumRename[]): void => {
  if (rename.kind === "enum") {
    const declares = (name: string) => findEnum(target, { schema: rename.from.schema, name }) !== undefined;
    if (!declares(rename.to)) throw new RenameHintError(`--rename ${hint}: the entities declare no enum type ${rename.from.schema}.${rename.to}.`);
    if (declares(rename.from.name)) {
      throw new RenameHintError(`--rename ${hint}: the entities still declare enum type ${rename.from.schema}.${rename.from.name}, so it is not renamed.`);
    }
    return;
  }
  const typeRename = typeRenames.find((candidate) => qualifiedKey(candidate.from) === qualifiedKey(rename.type));
  const name = typeRename ? { schema: rename.type.schema, name: typeRename.to } : rename.type;
  const declared = findEnum(target, name);
  if (!declared) throw new RenameHintError(`--rename ${hint}: the entities declare no enum type ${name.schema}.${name.name}.`);
  if (!declared.values.includes(rename.to)) {
    throw new RenameHintError(`--rename ${hint}: the entities declare no value ${quoteLiteral(rename.to)} in enum type ${name.schema}.${name.name}.`);
  }
  if (declared.values.includes(rename.from)) {
    throw new RenameHintError(`--rename ${hint}: the entities still declare value ${quoteLiteral(rename.from)} in enum type ${name.schema}.${name.name}, so it is not renamed.`);
  }
};
