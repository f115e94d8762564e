#!/usr/bin/env node
// The full-size reliability runs whose figures docs/reliability.md reports: runs jest on
// test/reliability in band with AUTOGEN_RELIABILITY_FULL=1 (10 repetitions of 8 concurrent upgrades,
// 20 SIGKILL runs per transaction mode), collects the figures the tests write, and prints them.
//
//   node bench/reliability.js                 # DATABASE_URL, else the local server at 127.0.0.1:5432
//   AUTOGEN_RELIABILITY_SEED=123 node bench/reliability.js
//   node bench/reliability.js --small         # the size `npm test` runs
//
// Needs `npm run build` first (the tests run dist/cli/main.js).
const { spawnSync } = require("node:child_process");
const { existsSync, mkdtempSync, readFileSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const small = process.argv.includes("--small");
const reportFile = path.join(mkdtempSync(path.join(os.tmpdir(), "autogen-reliability-")), "figures.jsonl");

if (!existsSync(path.join(ROOT, "dist", "cli", "main.js"))) {
  process.stderr.write("dist/cli/main.js is missing: run `npm run build` first.\n");
  process.exit(2);
}

const started = Date.now();
const jest = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "jest", "bin", "jest.js"), "test/reliability", "--runInBand"], {
  cwd: ROOT,
  stdio: ["ignore", "inherit", "inherit"],
  env: {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
    AUTOGEN_RELIABILITY_REPORT: reportFile,
    ...(small ? {} : { AUTOGEN_RELIABILITY_FULL: "1" }),
  },
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);

const figures = existsSync(reportFile)
  ? readFileSync(reportFile, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line))
  : [];

process.stdout.write(`\n## Reliability figures (${small ? "small" : "full"} run, ${seconds} s, jest exit ${jest.status})\n\n`);
for (const entry of figures) {
  const { suite, at, details, ...rest } = entry;
  process.stdout.write(`### ${suite} (${at})\n\n`);
  for (const [key, value] of Object.entries(rest)) process.stdout.write(`- ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}\n`);
  if (Array.isArray(details)) {
    process.stdout.write("\n| run | mode | kill at (ms) | outcome | lock held | session gone after (ms) | head | applied | next upgrade (ms) |\n");
    process.stdout.write("|---|---|---|---|---|---|---|---|---|\n");
    for (const d of details) {
      process.stdout.write(
        `| ${d.run} | ${d.mode} | ${d.killAfterMs} | ${d.outcome} | ${d.lockHeldAtKill ? "yes" : "no"} | ${d.sessionEndMs} | ${d.head ?? "base"} | ${d.applied} | ${d.recoveryMs} |\n`,
      );
    }
  }
  process.stdout.write("\n");
}
process.stdout.write(`Raw figures: ${reportFile}\n`);
process.exitCode = jest.status ?? 1;
