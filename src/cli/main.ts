#!/usr/bin/env node
/**
 * The `autogen` command: yargs wiring and output only. Each command's CLI module is in
 * src/cli/commands; the work itself is a plain function in src/commands, usable as a library.
 */
import yargs from "yargs/yargs";
import { maskSecrets } from "../db/url";
import { AutogenError } from "../errors";
import { check } from "./commands/check";
import { init, listTemplatesModule } from "./commands/init";
import { lint } from "./commands/lint";
import { branches, heads, show } from "./commands/inspect";
import { merge } from "./commands/merge";
import { downgrade, upgrade } from "./commands/migrate";
import { ensureVersion } from "./commands/ensure-version";
import { repair } from "./commands/repair";
import { stamp } from "./commands/stamp";
import { revision } from "./commands/revision";
import { current, history } from "./commands/status";
import { getExitCode, withGlobals, type GlobalArgs } from "./shared";

const main = async (argv: string[]): Promise<void> => {
  await withGlobals(yargs(argv))
    .scriptName("autogen")
    .usage("$0 <command> [options]\n\nSchema migrations for TypeORM and PostgreSQL, generated from your entities.")
    .command(init)
    .command(revision)
    .command(merge)
    .command(upgrade)
    .command(downgrade)
    .command(stamp)
    .command(ensureVersion)
    .command(repair)
    .command(current)
    .command(history)
    .command(heads)
    .command(branches)
    .command(show)
    .command(listTemplatesModule)
    .command(check)
    .command(lint)
    .demandCommand(1, "Name a command; see autogen --help.")
    .strict()
    .fail((message, error) => {
      throw error ?? new AutogenError(message);
    })
    .help()
    .parseAsync();
};

/** The URL whose password must never be printed: from --url, or DATABASE_URL. */
const secretSource = (argv: readonly string[]): string | null => {
  const flag = argv.findIndex((arg) => arg === "--url" || arg.startsWith("--url="));
  if (flag >= 0) return argv[flag].startsWith("--url=") ? argv[flag].slice(6) : (argv[flag + 1] ?? null);
  return process.env.DATABASE_URL ?? null;
};

/**
 * The embedded server package installs an exit hook that ends the process with `process.exit(0)` on
 * `beforeExit`, which would turn every failure into success; the code chosen here is restored as the
 * process exits, whoever called exit.
 */
const exitWith = (code: number): void => {
  process.exitCode = code;
  process.on("exit", () => {
    process.exitCode = code;
  });
};

const argv = process.argv.slice(2);
main(argv)
  .then(() => exitWith(getExitCode()))
  .catch((error: unknown) => {
    const url = secretSource(argv);
    if (error instanceof AutogenError) {
      process.stderr.write(`autogen: ${maskSecrets(error.message, url)}\n`);
      exitWith(1);
    } else {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`autogen: internal error (this is a bug; please report it):\n${maskSecrets(text, url)}\n`);
      exitWith(70);
    }
  });

export type { GlobalArgs };
