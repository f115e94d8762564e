/** Migration templates shipped with autogen; `init --template NAME` copies one into the project. */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { AutogenError } from "../errors";
import { packageTemplatesDir } from "./package-files";

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  migration: "The default: upgrade and downgrade inside the run's transaction.",
  transactionless: "Runs outside any transaction (CREATE INDEX CONCURRENTLY, long backfills); failures are not rolled back.",
};

export interface TemplateInfo {
  readonly name: string;
  readonly description: string;
  readonly path: string;
}

export const listTemplates = (): TemplateInfo[] =>
  readdirSync(packageTemplatesDir())
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".ts".length);
      return { name, description: DESCRIPTIONS[name] ?? "", path: path.join(packageTemplatesDir(), file) };
    });

export const templatePath = (name: string): string => {
  const file = path.join(packageTemplatesDir(), `${name}.ts`);
  if (!/^[A-Za-z0-9_-]+$/.test(name) || !existsSync(file)) {
    throw new AutogenError(`No template named "${name}". Available: ${listTemplates().map((template) => template.name).join(", ")}.`);
  }
  return file;
};
