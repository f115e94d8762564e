/**
 * End-to-end helpers: throwaway projects on disk and the built CLI (`dist/cli/main.js`) run as a child
 * process, exactly as a user runs it. Projects live under the repository's .autogen/test-projects so
 * their files resolve `typeorm`, `reflect-metadata` and `typeorm-autogen` (the package's self-reference)
 * from this repository.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { Client } from "pg";

export const REPO = path.resolve(__dirname, "..", "..");
export const CLI = path.join(REPO, "dist", "cli", "main.js");
export const FIXTURES = path.join(__dirname, "fixtures");

/** The version tables autogen keeps in `public`; everything else in `public` belongs to the user. */
export const VERSION_TABLES = ["autogen_version", "autogen_version_log"];

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Sets DATABASE_URL in the child; otherwise the child has no DATABASE_URL at all. */
  readonly databaseUrl?: string;
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

/** Runs `node dist/cli/main.js ...args` in `cwd`; never rejects, so tests assert the exit code. */
export const runCli = (cwd: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the e2e tests.`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.DATABASE_URL;
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env, timeout: options.timeoutMs ?? 45_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
};

/** For failure messages: everything the CLI printed. */
export const shown = (result: CliResult): string =>
  `exit ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;

/** Asserts the exit code, and on mismatch shows what the CLI printed. */
export const expectExit = (result: CliResult, code: number): CliResult => {
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${shown(result)}`);
  return result;
};

export interface Project {
  readonly dir: string;
  file(relative: string): string;
  write(relative: string, text: string): string;
  read(relative: string): string;
  /** Replaces `marker` in a file; throws when the marker is absent, so a stale fixture cannot pass silently. */
  edit(relative: string, marker: string, replacement: string): void;
  /** Migration file names, sorted. */
  migrations(): string[];
  cli(args: readonly string[], options?: RunOptions): Promise<CliResult>;
  remove(): void;
}

export const createProject = (): Project => {
  const dir = path.join(REPO, ".autogen", "test-projects", `e2e-${randomBytes(5).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  const file = (relative: string) => path.join(dir, relative);
  const project: Project = {
    dir,
    file,
    write: (relative, text) => {
      mkdirSync(path.dirname(file(relative)), { recursive: true });
      writeFileSync(file(relative), text);
      return file(relative);
    },
    read: (relative) => readFileSync(file(relative), "utf8"),
    edit: (relative, marker, replacement) => {
      const text = project.read(relative);
      if (!text.includes(marker)) throw new Error(`${relative} has no "${marker}"`);
      project.write(relative, text.replace(marker, replacement));
    },
    migrations: () => (existsSync(file("migrations")) ? readdirSync(file("migrations")).sort() : []),
    cli: (args, options) => runCli(dir, args, options),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return project;
};

/** Copies a fixture folder (test/e2e/fixtures/<name>) into the project at `target`. */
export const copyFixture = (project: Project, name: string, target: string): void => {
  const from = path.join(FIXTURES, name);
  mkdirSync(project.file(target), { recursive: true });
  for (const entry of readdirSync(from)) copyFileSync(path.join(from, entry), path.join(project.file(target), entry));
};

/**
 * A project set up the way `autogen init` leaves it, with the library fixture as its application:
 * entities in src/, the DataSource in src/data-source.ts.
 */
export const createLibraryProject = async (): Promise<Project> => {
  const project = createProject();
  copyFixture(project, "library", "src");
  expectExit(await project.cli(["init", "--data-source", "src/data-source.ts"]), 0);
  return project;
};

/** Options for type-checking generated migrations as a user's `tsc` would, with the package mapped to its source. */
export const migrationCompilerOptions = (): ts.CompilerOptions => ({
  strict: true,
  noEmit: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  types: ["node"],
  typeRoots: [path.join(REPO, "node_modules", "@types")],
  skipLibCheck: true,
  esModuleInterop: true,
  paths: { "typeorm-autogen": [path.join(REPO, "src", "index.ts")] },
});

/** TypeScript diagnostics of `files` (not of the package sources they import), formatted; [] when they compile. */
export const typeCheck = (files: readonly string[]): string[] => {
  const program = ts.createProgram(files, migrationCompilerOptions());
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...files.flatMap((file) => {
      const source = program.getSourceFile(file);
      if (!source) throw new Error(`TypeScript did not load ${file}`);
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  return diagnostics.map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!diagnostic.file || diagnostic.start === undefined) return text;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName}:${line + 1}:${character + 1} ${text}`;
  });
};

/** Tables in `public`, sorted. */
export const publicTables = async (client: Client): Promise<string[]> =>
  (
    await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
  ).rows.map((row) => row.tablename);

export const columnsOf = async (client: Client, table: string): Promise<string[]> =>
  (
    await client.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
      [table],
    )
  ).rows.map((row) => row.column_name);

export const versionRows = async (client: Client): Promise<string[]> =>
  (await client.query<{ version_num: string }>("SELECT version_num FROM autogen_version ORDER BY version_num")).rows.map(
    (row) => row.version_num,
  );

export const logRows = async (client: Client): Promise<{ revision: string; direction: string }[]> =>
  (await client.query<{ revision: string; direction: string }>("SELECT revision, direction FROM autogen_version_log ORDER BY id")).rows;

export const enumExists = async (client: Client, name: string): Promise<boolean> =>
  (await client.query("SELECT 1 FROM pg_type WHERE typname = $1 AND typtype = 'e'", [name])).rowCount === 1;

/** The body of `export async function <name>(op...)` in a migration file, trimmed. */
export const functionBody = (source: string, name: "upgrade" | "downgrade"): string => {
  const match = new RegExp(`export async function ${name}\\(op: Operations\\): Promise<void> \\{([\\s\\S]*?)^\\}`, "m").exec(source);
  if (!match) throw new Error(`no ${name}() in:\n${source}`);
  return match[1].trim();
};
