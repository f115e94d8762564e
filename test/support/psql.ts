/**
 * Offline scripts applied as a DBA would: psql, stopping at the first error. Without psql (a machine
 * with only Node.js) the script goes to the server as one simple query, and tests name which was used.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestDatabase } from "./database";

const PSQL = ["/usr/bin/psql", "/usr/local/bin/psql"].find((candidate) => existsSync(candidate)) ?? null;

/** Which client applies the scripts, for test titles, so a fallback is visible in the report. */
export const APPLIED_WITH = PSQL === null ? "pg as one simple query (psql is not installed)" : "psql";

export const applyScript = async (db: TestDatabase, sql: string): Promise<void> => {
  if (PSQL === null) {
    await db.client.query(sql);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "autogen-script-"));
  try {
    const file = path.join(dir, "script.sql");
    writeFileSync(file, sql);
    execFileSync(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, db.url], { stdio: "pipe" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
