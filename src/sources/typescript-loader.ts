/**
 * Loads users' TypeScript (config, DataSource, entities, migrations) in-process.
 *
 * TypeORM's implicit column types come from `design:type` decorator metadata, which esbuild-based
 * loaders do not emit; swc does, with legacy decorators, so `.ts` files are compiled with it on require.
 */
import Module from "node:module";
import { readFileSync } from "node:fs";
import { transformSync } from "@swc/core";

type Loader = (module: NodeJS.Module & { _compile(code: string, filename: string): void }, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;

let registered = false;

/** swc appends a Rust backtrace to its messages when RUST_BACKTRACE is set; users need the first part. */
const withoutBacktrace = (error: unknown): Error =>
  new Error(String(error instanceof Error ? error.message : error).split(/\n\s*(?:Stack backtrace|Caused by):/)[0].trimEnd());

export const compileTypeScript = (source: string, filename: string): string => {
  try {
    return compile(source, filename);
  } catch (error) {
    throw withoutBacktrace(error);
  }
};

const compile = (source: string, filename: string): string =>
  transformSync(source, {
    filename,
    sourceMaps: "inline",
    module: { type: "commonjs", ignoreDynamic: true },
    jsc: {
      target: "es2022",
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  }).code;

/** Idempotent; leaves `.ts` alone when another loader (ts-node, jest) already handles it. */
export const registerTypeScriptLoader = (): void => {
  if (registered || extensions[".ts"]) return;
  registered = true;
  const load: Loader = (module, filename) => {
    module._compile(compileTypeScript(readFileSync(filename, "utf8"), filename), filename);
  };
  for (const extension of [".ts", ".cts"]) extensions[extension] = load;
};
