/**
 * `autogen.config.ts`: where the user's DataSource and migrations live, and how to compare.
 * Validated field by field so a mistake names the field and what it should be.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { IncludeObject } from "../compare/filters";
import type { ColumnComparisonSwitch } from "../compare/options";
import { ConfigError, describeCause } from "../errors";
import { DEFAULT_LOCK_TIMEOUT_MS, lockTimeoutMsOf } from "../runtime/lock";
import { TRANSACTION_MODES, type TransactionMode } from "../runtime/transaction-policy";
import { ALL_SAFE_FORMS, type SafeFormOptions } from "../safety/safe-forms";
import { registerTypeScriptLoader } from "../sources/typescript-loader";

export interface AutogenConfig {
  /** Module exporting the application's TypeORM DataSource (default export or any named export). */
  readonly dataSource: string;
  /** Folder of migration files. */
  readonly migrations?: string;
  /** Migration file template. */
  readonly template?: string;
  readonly versionTable?: string;
  readonly versionTableSchema?: string;
  /** Database URL; `--url` and `DATABASE_URL` take precedence. */
  readonly url?: string;
  /** Schema that bare table names in migration files refer to; `public` unless set. */
  readonly schema?: string;
  /**
   * Schemas autogen manages besides the DataSource's schema (or `public`) and every entity's schema,
   * as Alembic's include_schemas: objects in other schemas are never read, compared or dropped.
   */
  readonly includeSchemas?: readonly string[];
  /** Tables to leave alone, as globs over `name` or `schema.name` (`*` matches any run of characters). */
  readonly excludeTables?: readonly string[];
  readonly compareType?: ColumnComparisonSwitch;
  readonly compareServerDefault?: ColumnComparisonSwitch;
  /** How upgrade and downgrade use transactions: `all` (default), `each` or `none`. */
  readonly transactionMode?: TransactionMode;
  /** Seconds to wait for another runner's migration lock before giving up (default 60). */
  readonly lockTimeout?: number;
  /**
   * Renames to apply when generating, as `--rename` takes them: `{ "users.name": "full_name",
   * "old_table": "new_table" }`. Remove an entry once its migration is generated.
   */
  readonly renames?: Readonly<Record<string, string>>;
  /**
   * Decides, object by object, what autogen manages (as Alembic's include_object): return false to
   * leave a table, column, index, constraint or enum type alone on both sides.
   */
  readonly includeObject?: IncludeObject;
  /** Online-safe forms and timeouts; each on unless set to false (see docs/safety.md). */
  readonly safety?: {
    readonly concurrentIndexes?: boolean;
    readonly notValidConstraints?: boolean;
    readonly safeNotNull?: boolean;
    /** A new NOT NULL column without a default: added nullable, backfilled (a placeholder to fill in), then SET NOT NULL. */
    readonly backfillRequiredColumns?: boolean;
    /** Archive dropped tables and columns as `revision --archive` does (default false). */
    readonly archiveDrops?: boolean;
    /** `lock_timeout` for every migration, e.g. "5s"; "0" turns it off. Default "5s". */
    readonly lockTimeout?: string;
    /** `statement_timeout` for every migration; default "0" (off): data migrations may run long. */
    readonly statementTimeout?: string;
    /** How many times a run that timed out on a lock is tried again (default 3). */
    readonly lockRetries?: number;
  };
}

export interface ResolvedConfig {
  readonly configFile: string | null;
  readonly projectDir: string;
  readonly dataSourcePath: string;
  readonly migrationsDir: string;
  readonly templatePath: string | null;
  readonly versionTable: { readonly schema: string; readonly name: string };
  readonly url: string | null;
  readonly defaultSchema: string;
  readonly includeSchemas: readonly string[] | null;
  readonly excludeTables: readonly string[];
  readonly compareType: ColumnComparisonSwitch;
  readonly compareServerDefault: ColumnComparisonSwitch;
  readonly transactionMode: TransactionMode;
  readonly lockTimeoutMs: number;
  readonly renames: Readonly<Record<string, string>>;
  readonly safety: SafetySettings;
  readonly includeObject: IncludeObject | null;
}

export interface SafetySettings extends SafeFormOptions {
  readonly lockTimeout: string;
  readonly statementTimeout: string;
  readonly lockRetries: number;
  readonly archiveDrops: boolean;
}

export const CONFIG_FILE_NAMES = ["autogen.config.ts", "autogen.config.js", "autogen.config.cjs"] as const;

export const defineConfig = (config: AutogenConfig): AutogenConfig => config;

const KNOWN_KEYS = new Set<string>([
  "dataSource", "migrations", "template", "versionTable", "versionTableSchema", "url", "schema", "includeSchemas",
  "excludeTables", "compareType", "compareServerDefault", "transactionMode", "lockTimeout", "renames", "safety", "includeObject",
]);

const expectString = (file: string, key: string, value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0) {
    throw new ConfigError(`${file}: "${key}" must be a non-empty string, got ${JSON.stringify(value) ?? typeof value}`);
  }
  return value;
};

const expectStringList = (file: string, key: string, value: unknown): readonly string[] | undefined => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item.length === 0)) {
    throw new ConfigError(`${file}: "${key}" must be a list of non-empty strings`);
  }
  return value;
};

const expectSwitch = (file: string, key: string, value: unknown): ColumnComparisonSwitch => {
  if (value === undefined) return true;
  if (typeof value !== "boolean" && typeof value !== "function") {
    throw new ConfigError(`${file}: "${key}" must be true, false or a function (comparison) => boolean`);
  }
  return value as ColumnComparisonSwitch;
};

const expectTransactionMode = (file: string, value: unknown): TransactionMode => {
  if (value === undefined) return "all";
  if (typeof value !== "string" || !TRANSACTION_MODES.includes(value as TransactionMode)) {
    throw new ConfigError(`${file}: "transactionMode" must be one of ${TRANSACTION_MODES.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as TransactionMode;
};

const configLockTimeout = (file: string, value: unknown): number => {
  try {
    return lockTimeoutMsOf(value, `${file}: "lockTimeout"`);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
};

const SAFETY_KEYS = new Set([
  "concurrentIndexes", "notValidConstraints", "safeNotNull", "backfillRequiredColumns", "archiveDrops", "lockTimeout", "statementTimeout", "lockRetries",
]);

const expectSafety = (file: string, value: unknown): SafetySettings => {
  if (value !== undefined && (value === null || typeof value !== "object")) throw new ConfigError(`${file}: "safety" must be an object`);
  const safety = (value ?? {}) as Record<string, unknown>;
  const unknownKeys = Object.keys(safety).filter((key) => !SAFETY_KEYS.has(key));
  if (unknownKeys.length > 0) throw new ConfigError(`${file}: unknown safety option(s) ${unknownKeys.join(", ")}. Known: ${[...SAFETY_KEYS].join(", ")}.`);
  const flag = (key: string, fallback = true): boolean => {
    if (safety[key] === undefined) return fallback;
    if (typeof safety[key] !== "boolean") throw new ConfigError(`${file}: "safety.${key}" must be true or false`);
    return safety[key] as boolean;
  };
  const duration = (key: string, fallback: string): string => {
    const given = safety[key];
    if (given === undefined) return fallback;
    if (typeof given !== "string" || !/^\d+\s*(ms|s|min|h)?$/.test(given.trim())) {
      throw new ConfigError(`${file}: "safety.${key}" must be a PostgreSQL duration like "5s", "500ms" or "10min", got ${JSON.stringify(given)}`);
    }
    return given.trim();
  };
  const retries = safety.lockRetries ?? 3;
  if (typeof retries !== "number" || !Number.isInteger(retries) || retries < 0) throw new ConfigError(`${file}: "safety.lockRetries" must be a whole number`);
  return {
    concurrentIndexes: flag("concurrentIndexes"),
    notValidConstraints: flag("notValidConstraints"),
    safeNotNull: flag("safeNotNull"),
    backfillRequiredColumns: flag("backfillRequiredColumns"),
    archiveDrops: flag("archiveDrops", false),
    lockTimeout: duration("lockTimeout", "5s"),
    statementTimeout: duration("statementTimeout", "0"),
    lockRetries: retries,
  };
};

export const DEFAULT_SAFETY: SafetySettings = { ...ALL_SAFE_FORMS, lockTimeout: "5s", statementTimeout: "0", lockRetries: 3, archiveDrops: false };

const expectFunction = (file: string, key: string, value: unknown): ((...args: never[]) => unknown) | null => {
  if (value === undefined) return null;
  if (typeof value !== "function") throw new ConfigError(`${file}: "${key}" must be a function`);
  return value as (...args: never[]) => unknown;
};

const expectRenameMap = (file: string, value: unknown): Readonly<Record<string, string>> => {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Object.values(value).some((name) => typeof name !== "string" || name.length === 0)) {
    throw new ConfigError(`${file}: "renames" must map old names to new ones, like { "users.name": "full_name" }`);
  }
  return value as Record<string, string>;
};

export const findConfigFile = (projectDir: string, explicit?: string): string => {
  if (explicit) {
    const file = path.resolve(projectDir, explicit);
    if (!existsSync(file)) throw new ConfigError(`Config file ${file} does not exist.`);
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(projectDir, name);
    if (existsSync(file)) return file;
  }
  throw new ConfigError(`No autogen.config.ts in ${projectDir}. Run \`autogen init\` to create one, or pass --config.`);
};

const loadModule = (file: string): unknown => {
  registerTypeScriptLoader();
  try {
    const loaded = require(file) as { default?: unknown };
    return loaded && typeof loaded === "object" && "default" in loaded ? loaded.default : loaded;
  } catch (error) {
    throw new ConfigError(`${file} failed to load: ${describeCause(error)}`, { cause: error });
  }
};

export const validateConfig = (raw: unknown, file: string, projectDir: string): ResolvedConfig => {
  if (raw === null || typeof raw !== "object") {
    throw new ConfigError(`${file} must export a config object (export default defineConfig({ ... })).`);
  }
  const config = raw as Record<string, unknown>;
  if ("schemas" in config) throw new ConfigError(`${file}: "schemas" is now called "includeSchemas" (as Alembic's include_schemas); rename the key.`);
  const unknownKeys = Object.keys(config).filter((key) => !KNOWN_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw new ConfigError(`${file}: unknown option(s) ${unknownKeys.join(", ")}. Known options: ${[...KNOWN_KEYS].join(", ")}.`);
  }
  const dataSource = expectString(file, "dataSource", config.dataSource);
  if (dataSource === undefined) {
    throw new ConfigError(`${file}: "dataSource" is required: the path of the module that exports your TypeORM DataSource.`);
  }
  const template = expectString(file, "template", config.template);
  return {
    configFile: file,
    projectDir,
    dataSourcePath: path.resolve(projectDir, dataSource),
    migrationsDir: path.resolve(projectDir, expectString(file, "migrations", config.migrations) ?? "migrations"),
    templatePath: template === undefined ? null : path.resolve(projectDir, template),
    versionTable: {
      schema: expectString(file, "versionTableSchema", config.versionTableSchema) ?? "public",
      name: expectString(file, "versionTable", config.versionTable) ?? "autogen_version",
    },
    url: expectString(file, "url", config.url) ?? null,
    defaultSchema: expectString(file, "schema", config.schema) ?? "public",
    includeSchemas: expectStringList(file, "includeSchemas", config.includeSchemas) ?? null,
    excludeTables: expectStringList(file, "excludeTables", config.excludeTables) ?? [],
    compareType: expectSwitch(file, "compareType", config.compareType),
    compareServerDefault: expectSwitch(file, "compareServerDefault", config.compareServerDefault),
    transactionMode: expectTransactionMode(file, config.transactionMode),
    lockTimeoutMs: config.lockTimeout === undefined ? DEFAULT_LOCK_TIMEOUT_MS : configLockTimeout(file, config.lockTimeout),
    renames: expectRenameMap(file, config.renames),
    safety: expectSafety(file, config.safety),
    includeObject: expectFunction(file, "includeObject", config.includeObject) as IncludeObject | null,
  };
};

export const loadConfig = (projectDir: string, explicitFile?: string): ResolvedConfig => {
  const file = findConfigFile(projectDir, explicitFile);
  return validateConfig(loadModule(file), file, path.dirname(file));
};
