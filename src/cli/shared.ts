/** What every command module shares: global options, output helpers, the exit code. */
import type { Argv } from "yargs";
import { AutogenError } from "../errors";
import type { CommandOptions } from "../commands/context";

export interface GlobalArgs {
  config?: string;
  url?: string;
  json: boolean;
  verbose: boolean;
  cwd: string;
}

export const withGlobals = (argv: Argv) =>
  argv
    .option("config", { type: "string", describe: "Config file (default: autogen.config.ts, .js or .cjs in the current directory); its folder is the project" })
    .option("url", { type: "string", describe: "Database URL (else DATABASE_URL, the config's url, or the embedded server)" })
    .option("json", { type: "boolean", default: false, describe: "Print the result as JSON" })
    .option("verbose", { alias: "v", type: "boolean", default: false, describe: "Print more detail" })
    .option("cwd", { type: "string", default: process.cwd(), describe: "Project directory", hidden: true });

export const print = (lines: readonly string[]): void => {
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
};

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Prints `--json` output or the human form. */
export const output = (argv: GlobalArgs, value: unknown, human: () => readonly string[]): void => {
  if (argv.json) printJson(value);
  else print(human());
};

/**
 * `--sql` output of upgrade, downgrade, stamp and ensure-version: the script exactly as written (it
 * ends with its own newline), or `{ "sql": ... }` with --json.
 */
export const printSql = (argv: GlobalArgs, sql: string): void => {
  if (argv.json) printJson({ sql });
  else process.stdout.write(sql);
};

/** For every command that takes the migration lock. */
export const lockTimeoutOption = {
  type: "number",
  describe: "Seconds to wait for another runner's migration lock (default: the config's lockTimeout, else 60)",
} as const;

export const commonOptions = (argv: GlobalArgs): CommandOptions => ({ cwd: argv.cwd, configFile: argv.config, url: argv.url });

/** `-x key=value` pairs, as Alembic takes them. */
export const parseArgs = (pairs: readonly string[] | undefined): Record<string, string> =>
  Object.fromEntries(
    (pairs ?? []).map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) throw new AutogenError(`-x takes key=value, got "${pair}".`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

let exitCode = 0;
/** Commands that report a finding rather than fail (`check`, `current --check-heads`) set this. */
export const setExitCode = (code: number): void => {
  exitCode = code;
};
export const getExitCode = (): number => exitCode;
