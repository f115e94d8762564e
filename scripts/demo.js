#!/usr/bin/env node
// The main job, end to end, on a machine with nothing but Node.js: in a scratch project under
// .autogen/demo that uses this repository's demo entities, generate the first migration from the
// entities, apply it (on the embedded PostgreSQL server unless DATABASE_URL is set), check that the
// database now matches the entities, and show where it stands.
const { execFileSync } = require("node:child_process");
const { mkdirSync, rmSync, writeFileSync, readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const project = path.join(root, ".autogen", "demo");
const cli = path.join(root, "dist", "cli", "main.js");

if (!process.env.DATABASE_URL) rmSync(project, { recursive: true, force: true });
rmSync(path.join(project, "migrations"), { recursive: true, force: true });
mkdirSync(path.join(project, "migrations"), { recursive: true });
writeFileSync(
  path.join(project, "autogen.config.js"),
  `module.exports = {\n  dataSource: ${JSON.stringify(path.join(root, "entities", "data-source.ts"))},\n  migrations: "migrations",\n  versionTable: "autogen_demo_version",\n};\n`,
);

const autogen = (...args) => {
  process.stdout.write(`\n$ autogen ${args.join(" ")}\n`);
  execFileSync(process.execPath, [cli, ...args], { cwd: project, stdio: "inherit" });
};

if (process.env.DATABASE_URL) autogen("downgrade", "base");
autogen("revision", "-m", "create demo schema");
const [file] = readdirSync(path.join(project, "migrations"));
process.stdout.write(`\n--- ${path.relative(root, path.join(project, "migrations", file))} (first 40 lines) ---\n`);
process.stdout.write(`${readFileSync(path.join(project, "migrations", file), "utf8").split("\n").slice(0, 40).join("\n")}\n...\n`);
autogen("upgrade", "head");
autogen("check");
autogen("current", "--verbose");
autogen("history");
