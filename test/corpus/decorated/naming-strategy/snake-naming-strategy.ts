import { DefaultNamingStrategy, type NamingStrategyInterface } from "typeorm";

const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/**
 * snake_case tables and columns, and constraint names that say what they are: autogen must take every
 * name from the application's naming strategy, as synchronize does.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName: string | undefined): string {
    return customName ?? snake(className);
  }

  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake(prefixes.join("_")) + (customName ?? snake(propertyName));
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snake(`${firstTableName}_${firstPropertyName.replace(/\./g, "_")}_${secondTableName}`);
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snake(`${tableName}_${columnName ?? propertyName}`);
  }

  override primaryKeyName(tableOrName: unknown, columnNames: string[]): string {
    const table = typeof tableOrName === "string" ? tableOrName : (tableOrName as { name: string }).name;
    return `pk_${table.split(".").pop()}_${columnNames.join("_")}`;
  }

  override foreignKeyName(tableOrName: unknown, columnNames: string[]): string {
    const table = typeof tableOrName === "string" ? tableOrName : (tableOrName as { name: string }).name;
    return `fk_${table.split(".").pop()}_${columnNames.join("_")}`;
  }

  override uniqueConstraintName(tableOrName: unknown, columnNames: string[]): string {
    const table = typeof tableOrName === "string" ? tableOrName : (tableOrName as { name: string }).name;
    return `uq_${table.split(".").pop()}_${columnNames.join("_")}`;
  }

  override indexName(tableOrName: unknown, columnNames: string[]): string {
    const table = typeof tableOrName === "string" ? tableOrName : (tableOrName as { name: string }).name;
    return `ix_${table.split(".").pop()}_${columnNames.join("_")}`;
  }
}
