/**
 * Lint test projects: a config and real migration files on disk under .autogen/test-projects, linted
 * through the same command function the CLI calls (or the built CLI itself).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { lintCommand, type LintCommandOptions, type LintResult } from "../../src/commands/lint";
import type { LintFinding } from "../../src/lint/engine";
import { runCli, type CliResult, type RunOptions } from "../e2e/support";

export const REPO = path.resolve(__dirname, "..", "..");

export interface MigrationSpec {
  readonly id: string;
  readonly parent: string | null;
  /** The statements of upgrade(op), one per line. */
  readonly upgrade: string;
  readonly transactional?: boolean;
  /** Lines written before `export async function upgrade` (file-level comments). */
  readonly preamble?: string;
}

export const migrationFile = (spec: MigrationSpec): string =>
  [
    "/**",
    ` * revision ${spec.id}`,
    " */",
    'import type { Operations } from "typeorm-autogen";',
    "",
    `export const revision = ${JSON.stringify(spec.id)};`,
    `export const downRevision = ${JSON.stringify(spec.parent)};`,
    ...(spec.transactional === false ? ["export const transactional = false;"] : []),
    ...(spec.preamble ? ["", spec.preamble] : []),
    "",
    "export async function upgrade(op: Operations): Promise<void> {",
    ...spec.upgrade
      .trim()
      .split("\n")
      .map((line) => `  ${line.trim()}`),
    "}",
    "",
    "export async function downgrade(op: Operations): Promise<void> {}",
    "",
  ].join("\n");

export interface LintProject {
  readonly dir: string;
  /** Writes migrations/<id>.ts and returns its path. */
  add(spec: MigrationSpec): string;
  /** Writes any file of the project (relative path). */
  write(relative: string, text: string): string;
  lint(options?: Omit<LintCommandOptions, "cwd">): Promise<LintResult>;
  cli(args: readonly string[], options?: RunOptions): Promise<CliResult>;
  remove(): void;
}

export const createLintProject = (config: Record<string, unknown> = {}): LintProject => {
  const dir = path.join(REPO, ".autogen", "test-projects", `lint-${randomBytes(5).toString("hex")}`);
  mkdirSync(path.join(dir, "migrations"), { recursive: true });
  const write = (relative: string, text: string): string => {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  write("autogen.config.js", `module.exports = ${JSON.stringify({ dataSource: "data-source.js", migrations: "migrations", ...config })};\n`);
  return {
    dir,
    add: (spec) => write(path.join("migrations", `${spec.id}.ts`), migrationFile(spec)),
    write,
    lint: (options = {}) => lintCommand({ cwd: dir, ...options }),
    cli: (args, options) => runCli(dir, args, options),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};

/** The existing schema most rule cases start from, created by the first revision. */
export const BASE_SCHEMA = `
await op.createEnum("mood", ["sad", "ok"]);
await op.createTable("users", [op.column("id", "bigint", { nullable: false, identity: "always" }), op.column("email", "text", { nullable: true }), op.column("mood", "public.mood", { nullable: true })], { primaryKey: { name: "users_pkey", columns: ["id"] } });
await op.createTable("orders", [op.column("id", "bigint", { nullable: false, identity: "always" }), op.column("user_id", "bigint", { nullable: true }), op.column("note", "character varying(20)", { nullable: true }), op.column("total", "numeric(10,2)", { nullable: true })], { primaryKey: { name: "orders_pkey", columns: ["id"] } });
await op.createIndex("orders", "orders_user_id_idx", ["user_id"]);
`;

export const rulesOf = (findings: readonly LintFinding[], revision: string): string[] =>
  findings.filter((finding) => finding.revision === revision).map((finding) => finding.rule);
