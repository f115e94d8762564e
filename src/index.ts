/** The public API: what migration files, config files and library users import. */
export { defineConfig, type AutogenConfig } from "./config/config";
export {
  Operations,
  type ColumnOptions,
  type CreateTableOptions,
  type DefaultValue,
  type ForeignKeyOptions,
  type IndexOptions,
  type ObjectRef,
  type QueryRow,
  type RestoreTableOptions,
  type SqlExpression,
} from "./runtime/operations";
export type { MigrationOp, OpKind } from "./ops/types";
export type { SchemaModel, Table, Column, View } from "./model/schema";
export { compareSchemas } from "./compare/compare-schemas";
export { initCommand } from "./commands/init";
export { revisionCommand } from "./commands/revision";
export { upgradeCommand, downgradeCommand, upgradeSqlCommand, downgradeSqlCommand } from "./commands/migrate";
export { stampCommand, stampSqlCommand } from "./commands/stamp";
export { ensureVersionCommand, ensureVersionSqlCommand } from "./commands/ensure-version";
export { headsCommand, branchesCommand, showCommand } from "./commands/inspect";
export { currentCommand, historyCommand } from "./commands/status";
export { checkCommand } from "./commands/check";
