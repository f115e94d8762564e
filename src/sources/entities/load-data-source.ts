import type { DataSource } from "typeorm";
import { AutogenError, describeCause } from "../../errors";
import { registerTypeScriptLoader } from "../typescript-loader";

export class DataSourceLoadError extends AutogenError {
  constructor(
    readonly file: string,
    reason: string,
    cause?: unknown,
  ) {
    super(`DataSource module ${file}: ${reason}`, { cause });
  }
}

/**
 * Duck-typed rather than `instanceof`: the user's project has its own copy of TypeORM, whose classes
 * are not ours.
 */
const isDataSource = (value: unknown): value is DataSource =>
  typeof value === "object" &&
  value !== null &&
  "options" in value &&
  "driver" in value &&
  typeof (value as { buildMetadatas?: unknown }).buildMetadatas === "function";

export const loadDataSource = async (file: string): Promise<DataSource> => {
  registerTypeScriptLoader();
  let exported: Record<string, unknown>;
  try {
    exported = require(file) as Record<string, unknown>;
  } catch (error) {
    throw new DataSourceLoadError(file, `failed to load: ${describeCause(error)}`, error);
  }
  const candidates = [exported.default, ...Object.values(exported), exported].filter(isDataSource);
  const dataSource = candidates[0];
  if (!dataSource) {
    throw new DataSourceLoadError(file, "exports no TypeORM DataSource (export it as the default or a named export).");
  }
  if (dataSource.options.type !== "postgres") {
    throw new DataSourceLoadError(file, `is a "${dataSource.options.type}" DataSource; autogen supports "postgres" only.`);
  }
  try {
    // Builds entity metadata exactly as the application would, without opening a connection.
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  } catch (error) {
    throw new DataSourceLoadError(file, `TypeORM could not build the entity metadata: ${describeCause(error)}`, error);
  }
  return dataSource;
};
