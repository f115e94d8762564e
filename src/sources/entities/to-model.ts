/**
 * TypeORM entity metadata -> the declared SchemaModel.
 *
 * The declared model only has to be valid DDL that means what TypeORM means: it is rendered, applied
 * to a shadow database and read back, so PostgreSQL, not this file, decides how each part is spelled.
 * Names and type spellings follow TypeORM's own schema builder so a database that TypeORM's
 * `synchronize` or `migration:generate` built compares equal.
 */
import type { DataSource, EntityMetadata } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type {
  Column,
  QualifiedName,
  EnumType,
  Extension,
  ForeignKey,
  Index,
  ReferentialAction,
  SchemaModel,
  Table,
  View,
} from "../../model/schema";
import { byName, byQualifiedName, compareText, qualifiedKey } from "../../model/keys";
import { quoteIdent, quoteLiteral } from "../../sql/quote";
import { AutogenError, describeCause } from "../../errors";

export class EntityModelError extends AutogenError {}

interface Context {
  readonly dataSource: DataSource;
  readonly defaultSchema: string;
  readonly enums: Map<string, EnumType>;
  readonly extensions: Map<string, Extension>;
}

/** Extensions that provide a column type of the same name. */
const TYPE_EXTENSIONS: Readonly<Record<string, string>> = {
  citext: "citext",
  hstore: "hstore",
  ltree: "ltree",
  cube: "cube",
  geometry: "postgis",
  geography: "postgis",
};

const driverOf = (context: Context) =>
  context.dataSource.driver as unknown as {
    options: { schema?: string; uuidExtension?: string };
    normalizeType(column: ColumnMetadata): string;
    getColumnLength(column: ColumnMetadata): string;
    createFullType(column: object): string;
    normalizeDefault(column: ColumnMetadata): string | undefined;
    buildTableName(tableName: string, schema?: string): string;
  };

const schemaOf = (metadata: EntityMetadata, context: Context): string => metadata.schema ?? context.defaultSchema;

/**
 * An array literal element, quoted only where PostgreSQL's array syntax needs it, so arrays TypeORM
 * writes (`'{a,b}'`) come out the same and elements with quotes, commas or spaces stay whole.
 * https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO
 */
const arrayElement = (value: unknown): string => {
  const text = String(value);
  const needsQuotes = text === "" || /^null$/i.test(text) || /[\s{}",\\]/.test(text);
  return needsQuotes ? `"${text.replace(/[\\"]/g, (character) => `\\${character}`)}"` : text;
};

/** TypeORM quotes string and array defaults without escaping; this is its rule with that fixed. */
const declaredDefault = (column: ColumnMetadata, context: Context): string | null => {
  const value: unknown = column.default;
  if (column.isArray && Array.isArray(value)) return quoteLiteral(`{${value.map(arrayElement).join(",")}}`);
  if (typeof value === "string" || (typeof value === "number" && !column.isArray)) return quoteLiteral(String(value));
  const normalized = driverOf(context).normalizeDefault(column);
  return normalized ?? null;
};

/**
 * `default: "now()"` (a string, not `() => "now()"`) is written as the literal 'now()', which PostgreSQL
 * reads as the moment the table is created: the default is then a different constant on every database
 * and every normalization, a change that never goes away. Said plainly instead.
 * https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-SPECIAL-VALUES
 */
const requireStableDefault = (metadata: EntityMetadata, column: ColumnMetadata, sqlType: string, context: Context): void => {
  const value: unknown = column.default;
  if (typeof value !== "string" || !/^(timestamp|date|time)/i.test(sqlType)) return;
  const special = /^\s*(now|today|tomorrow|yesterday)\s*(\(\s*\))?\s*$/i.exec(value);
  if (!special) return;
  const word = special[1]!.toLowerCase();
  const expression = { now: "now()", today: "CURRENT_DATE", tomorrow: "CURRENT_DATE + 1", yesterday: "CURRENT_DATE - 1" }[word]!;
  throw new EntityModelError(
    `Column ${schemaOf(metadata, context)}.${metadata.tableName}.${column.databaseName}: default ${JSON.stringify(value)} is a string, so it is ` +
      `written as a literal, which PostgreSQL turns into the moment the table is created (a different constant on every database). ` +
      `For the time of each insert write default: () => ${JSON.stringify(expression)}.`,
  );
};

const enumTypeFor = (metadata: EntityMetadata, column: ColumnMetadata, context: Context): EnumType => {
  const schema = schemaOf(metadata, context);
  // TypeORM's own default name for a column's enum type.
  const name = column.enumName ?? `${metadata.tableName}_${column.databaseName.toLowerCase()}_enum`;
  const values = (column.enum ?? []).map((value) => String(value));
  const key = qualifiedKey({ schema, name });
  const existing = context.enums.get(key);
  if (existing && existing.values.join("\u0000") !== values.join("\u0000")) {
    throw new EntityModelError(
      `Enum type ${schema}.${name} is declared with different values by two columns (${existing.values.join(", ")} vs ${values.join(", ")}).`,
    );
  }
  const enumType = { schema, name, values };
  context.enums.set(key, enumType);
  return enumType;
};

/**
 * Extensions go to `public`, as TypeORM's own installation does: column types and functions are
 * written unqualified, and `public` is where the search path finds them.
 */
const requireExtension = (context: Context, name: string): void => {
  if (!context.extensions.has(name)) context.extensions.set(name, { name, schema: "public" });
};

const toColumn = (metadata: EntityMetadata, column: ColumnMetadata, context: Context): Column => {
  const driver = driverOf(context);
  const type = driver.normalizeType(column);
  let sqlType: string;
  if (type === "enum") {
    const enumType = enumTypeFor(metadata, column, context);
    sqlType = `${quoteIdent(enumType.schema)}.${quoteIdent(enumType.name)}${column.isArray ? "[]" : ""}`;
  } else {
    const fullType = driver.createFullType({
      type,
      length: driver.getColumnLength(column),
      precision: column.precision,
      scale: column.scale,
      isArray: column.isArray,
      spatialFeatureType: column.spatialFeatureType,
      srid: column.srid,
    });
    sqlType = fullType;
    const extension = TYPE_EXTENSIONS[type];
    if (extension) requireExtension(context, extension);
  }
  // TypeORM types omit "identity", but @PrimaryGeneratedColumn("identity") records it.
  const generated = column.isGenerated ? (column.generationStrategy as string | undefined) : undefined;
  requireStableDefault(metadata, column, sqlType, context);
  let columnDefault = declaredDefault(column, context);
  if (generated === "uuid" && columnDefault === null) {
    const pgcrypto = driver.options.uuidExtension === "pgcrypto";
    requireExtension(context, pgcrypto ? "pgcrypto" : "uuid-ossp");
    columnDefault = pgcrypto ? "gen_random_uuid()" : "uuid_generate_v4()";
  }
  const identity = generated === "identity" ? (column.generatedIdentity === "ALWAYS" ? "always" : "by default") : null;
  return {
    name: column.databaseName,
    type: sqlType,
    nullable: column.isNullable,
    default: columnDefault,
    serial: generated === "increment",
    identity,
    generated: column.generatedType === "STORED" && column.asExpression ? column.asExpression : null,
    collation: column.collation ?? null,
    comment: column.comment ?? null,
  };
};

const REFERENTIAL_ACTIONS = new Set<ReferentialAction>(["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]);

const referentialAction = (value: string | undefined): ReferentialAction => {
  const action = (value ?? "NO ACTION").toUpperCase() as ReferentialAction;
  if (!REFERENTIAL_ACTIONS.has(action)) throw new EntityModelError(`Unknown referential action ${value}`);
  return action;
};

const toTable = (metadata: EntityMetadata, context: Context): Table => {
  const schema = schemaOf(metadata, context);
  // Exclusion constraints on scalar columns need btree_gist's operator classes; TypeORM installs it too.
  if (metadata.exclusions.length > 0) requireExtension(context, "btree_gist");
  const columns = metadata.columns.filter((column) => !column.isVirtualProperty);
  const primaryColumns = columns.filter((column) => column.isPrimary);
  const driver = driverOf(context);
  // TypeORM hashes the table name as its schema builder spells it: unqualified in the default schema.
  const typeormTableName = driver.buildTableName(
    metadata.tableName,
    metadata.schema === driver.options.schema ? undefined : metadata.schema,
  );
  const primaryKey =
    primaryColumns.length === 0
      ? null
      : {
          name:
            primaryColumns[0].primaryKeyConstraintName ??
            context.dataSource.namingStrategy.primaryKeyName(
              typeormTableName,
              primaryColumns.map((column) => column.databaseName),
            ),
          columns: primaryColumns.map((column) => column.databaseName),
        };
  const foreignKeys: ForeignKey[] = metadata.foreignKeys.map((foreignKey) => ({
    name: foreignKey.name,
    columns: foreignKey.columnNames,
    referencedTable: {
      schema: foreignKey.referencedEntityMetadata.schema ?? context.defaultSchema,
      name: foreignKey.referencedEntityMetadata.tableName,
    },
    referencedColumns: foreignKey.referencedColumnNames,
    onDelete: referentialAction(foreignKey.onDelete),
    onUpdate: referentialAction(foreignKey.onUpdate),
    deferrable: foreignKey.deferrable !== undefined,
    initiallyDeferred: foreignKey.deferrable === "INITIALLY DEFERRED",
  }));
  return {
    schema,
    name: metadata.tableName,
    columns: columns.map((column) => toColumn(metadata, column, context)),
    primaryKey,
    uniques: metadata.uniques
      .map((unique) => ({ name: unique.name, columns: unique.columns.map((column) => column.databaseName) }))
      .sort(byName),
    checks: metadata.checks
      .map((check) => ({ name: check.name, expression: check.expression ?? "" }))
      .sort(byName),
    exclusions: metadata.exclusions
      .map((exclusion) => ({ name: exclusion.name, definition: `EXCLUDE ${exclusion.expression ?? ""}` }))
      .sort(byName),
    foreignKeys: foreignKeys.sort(byName),
    indexes: indexesOf(metadata),
    comment: metadata.comment ?? null,
  };
};

const indexesOf = (metadata: EntityMetadata): Index[] =>
  metadata.indices
    .filter((index) => index.synchronize !== false)
    .map((index) => ({
      name: index.name,
      unique: index.isUnique,
      keys: index.columns.map((column) => quoteIdent(column.databaseName)),
      method: index.isSpatial ? "gist" : "btree",
      where: index.where ? index.where : null,
    }))
    .sort(byName);

/**
 * The query as TypeORM's schema builder writes it into CREATE VIEW: the string, or the SQL of the query
 * builder the function returns (built from metadata alone, no connection). A trailing semicolon would
 * end the statement early, so it is cut.
 */
const viewQuery = (metadata: EntityMetadata, context: Context): string => {
  const expression = metadata.expression;
  if (expression === undefined) throw new EntityModelError(`View entity ${metadata.name} has no expression.`);
  let query: string;
  try {
    query = typeof expression === "string" ? expression : expression(context.dataSource).getQuery();
  } catch (error) {
    throw new EntityModelError(`View entity ${metadata.name}: its expression function failed: ${describeCause(error)}`, { cause: error });
  }
  return query.trim().replace(/;\s*$/, "").trimEnd();
};

/**
 * TypeORM's `dependsOn` (classes or entity names) as the relations the view reads; the shadow database
 * replaces them with the dependencies PostgreSQL records, but creation order in the shadow starts from them.
 */
const declaredDependencies = (metadata: EntityMetadata, context: Context): View["dependsOn"] =>
  [...(metadata.dependsOn ?? [])].map((wanted) => {
    const found = context.dataSource.entityMetadatas.find(
      (candidate) => candidate.target === wanted || candidate.name === wanted || candidate.tableName === wanted,
    );
    if (!found) {
      const shown = typeof wanted === "function" ? wanted.name : String(wanted);
      throw new EntityModelError(`View entity ${metadata.name} depends on ${shown}, which is not an entity of this DataSource.`);
    }
    return { schema: schemaOf(found, context), name: found.tableName, columns: [], wholeRow: false };
  });

const toView = (metadata: EntityMetadata, context: Context): View => {
  const materialized = metadata.tableMetadataArgs.materialized === true;
  return {
    schema: schemaOf(metadata, context),
    name: metadata.tableName,
    materialized,
    definition: viewQuery(metadata, context),
    // PostgreSQL indexes only materialized views; TypeORM's synchronize ignores @Index on a plain view too.
    indexes: materialized ? indexesOf(metadata) : [],
    dependsOn: declaredDependencies(metadata, context),
  };
};

/**
 * Entities that own a table autogen manages: not views, not single-table-inheritance children (they
 * share the parent's), not entities marked `synchronize: false` (their tables are the user's to manage).
 */
const ownsTable = (metadata: EntityMetadata): boolean =>
  metadata.tableType !== "view" && metadata.tableType !== "entity-child" && metadata.synchronize !== false;

/** Indexes declared with `synchronize: false`: they exist, but are the user's to manage. */
export const unmanagedIndexes = (dataSource: DataSource, defaultSchema: string): { table: QualifiedName; name: string }[] =>
  dataSource.entityMetadatas.flatMap((metadata) =>
    metadata.indices
      .filter((index) => index.synchronize === false)
      .map((index) => ({ table: { schema: metadata.schema ?? defaultSchema, name: metadata.tableName }, name: index.name })),
  );

/**
 * Tables and views autogen must leave alone though it can see them: those of `synchronize: false`
 * entities, and TypeORM's own bookkeeping (its migrations table and `typeorm_metadata`, where its
 * synchronize records views), which a project moving from TypeORM still has.
 */
export const unmanagedTables = (dataSource: DataSource, defaultSchema: string): QualifiedName[] => {
  const options = dataSource.options as { migrationsTableName?: string; metadataTableName?: string; schema?: string };
  const bookkeeping = [options.migrationsTableName ?? "migrations", options.metadataTableName ?? "typeorm_metadata"];
  return [
    ...dataSource.entityMetadatas
      .filter((metadata) => metadata.synchronize === false)
      .map((metadata) => ({ schema: metadata.schema ?? defaultSchema, name: metadata.tableName })),
    ...bookkeeping.map((name) => ({ schema: options.schema ?? defaultSchema, name })),
  ];
};

export const entitiesToModel = (dataSource: DataSource, defaultSchema: string): SchemaModel => {
  const context: Context = { dataSource, defaultSchema, enums: new Map(), extensions: new Map() };
  const tables = dataSource.entityMetadatas
    .filter(ownsTable)
    .map((metadata) => toTable(metadata, context))
    .sort(byQualifiedName);
  const views = dataSource.entityMetadatas
    .filter((metadata) => metadata.tableType === "view" && metadata.synchronize !== false)
    .map((metadata) => toView(metadata, context))
    .sort(byQualifiedName);
  // Tables and views share one namespace of relations.
  const relations = [...tables, ...views].sort(byQualifiedName);
  const duplicate = relations.find((relation, i) => i > 0 && qualifiedKey(relations[i - 1]) === qualifiedKey(relation));
  if (duplicate) throw new EntityModelError(`Two entities map to the same table or view ${duplicate.schema}.${duplicate.name}.`);
  const schemas = new Set<string>([defaultSchema, ...relations.map((relation) => relation.schema)]);
  for (const enumType of context.enums.values()) schemas.add(enumType.schema);
  return {
    schemas: [...schemas].sort(compareText),
    extensions: [...context.extensions.values()].sort(byName),
    enums: [...context.enums.values()].sort(byQualifiedName),
    tables,
    views,
  };
};

