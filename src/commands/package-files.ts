import path from "node:path";

/** The package's own root: `src/commands` in development, `dist/commands` when installed. */
const packageRoot = (): string => path.resolve(__dirname, "..", "..");

export const packageTemplatesDir = (): string => path.join(packageRoot(), "templates");

export const defaultTemplatePath = (): string => path.join(packageTemplatesDir(), "migration.ts");
