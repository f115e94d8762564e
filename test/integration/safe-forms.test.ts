/**
 * Safe forms on tables that hold data, asserted in the rendered file and on a real server: the
 * concurrent build succeeds only outside a transaction, NOT VALID constraints end up validated, and
 * migrations run under lock_timeout, retried when a lock is held too long.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { EntitySchemaOptions } from "typeorm";
import { Client } from "pg";
import { downgradeCommand, upgradeCommand } from "../../src/commands/migrate";
import { revisionCommand } from "../../src/commands/revision";
import { MigrationFailedError } from "../../src/runtime/migrator";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { describeAll } from "../support/models";
import { createTestProject, type TestProject } from "../support/project";

type Schema = EntitySchemaOptions<unknown>;
const pk = { type: "int", primary: true, generated: "increment" } as const;
const owner: Schema = { name: "Owner", tableName: "owners", columns: { id: pk } };
const account = (v2: boolean): Schema => ({
  name: "Account",
  tableName: "accounts",
  columns: {
    id: pk,
    email: { type: "varchar", length: 200, nullable: !v2 },
    balance: { type: "int", default: 0 },
    ownerId: { type: "int", name: "owner_id", nullable: true },
  },
  ...(v2
    ? {
        indices: [{ name: "IDX_accounts_email", columns: ["email"] }],
        checks: [{ name: "CHK_accounts_balance", expression: `"balance" >= 0` }],
        relations: { owner: { type: "many-to-one", target: "Owner", joinColumn: { name: "owner_id" } } },
      }
    : {}),
});

const withProject = async (run: (project: TestProject, db: TestDatabase, options: { cwd: string; configFile: string; url: string }) => Promise<void>) => {
  const project = createTestProject();
  const db = await createTestDatabase();
  try {
    const options = { cwd: project.dir, configFile: project.useEntitySchemas([owner, account(false)]), url: db.url };
    await revisionCommand({ ...options, message: "v1", revisionId: "00000000d001" });
    await upgradeCommand({ ...options, target: "head" });
    await db.client.query(`INSERT INTO owners DEFAULT VALUES; INSERT INTO accounts (email, owner_id) VALUES ('a@x', 1), ('b@x', NULL)`);
    await run(project, db, options);
  } finally {
    await db.drop();
    project.remove();
  }
};

describe("safe forms", () => {
  it("are generated for tables that hold data and applied outside and after the transaction", async () => {
    await withProject(async (project, db, options) => {
      const v2 = { ...options, configFile: project.useEntitySchemas([owner, account(true)]) };
      const result = await revisionCommand({ ...v2, message: "v2", revisionId: "00000000d002" });
      if (result.kind !== "written") throw new Error("expected a migration");
      const file = readFileSync(result.file, "utf8");
      expect(file).toContain(`  await op.autocommitBlock(async () => {\n    await op.createIndex("accounts", "IDX_accounts_email", ["email"], { concurrently: true });\n  });`);
      expect(file).toContain(`await op.createCheckConstraint("accounts", "CHK_accounts_balance", op.sql('"balance" >= 0'), { notValid: true });`);
      expect(file).toMatch(/await op\.createForeignKey\("accounts", "FK_\w+", \["owner_id"\], "owners", \["id"\], \{ notValid: true \}\);/);
      expect(file).toContain(`await op.createCheckConstraint("accounts", "accounts_email_not_null", op.sql('"email" IS NOT NULL'), { notValid: true });`);
      expect(describeAll(result.ops).filter((op) => op.startsWith("validateConstraint"))).toHaveLength(3);
      // Safe forms hold no strong lock while they scan or build: nothing to flag.
      expect(file).not.toContain("REVIEW (takes a lock)");
      // The downgrade of the checked SET NOT NULL is DROP NOT NULL alone: no check re-added with a full scan.
      const downgrade = file.slice(file.indexOf("export async function downgrade"));
      expect(downgrade).toContain(`await op.alterColumn("accounts", "email", { nullable: { from: false, to: true } });`);
      expect(downgrade).not.toContain("accounts_email_not_null");

      // CREATE INDEX CONCURRENTLY inside a transaction block is an error: success shows it ran outside.
      await upgradeCommand({ ...v2, target: "head" });
      const state = await db.client.query(`
        SELECT (SELECT bool_and(indisvalid) FROM pg_index WHERE indexrelid = '"IDX_accounts_email"'::regclass) AS index_valid,
               (SELECT bool_and(convalidated) FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND contype IN ('c', 'f')) AS constraints_valid,
               (SELECT count(*)::int FROM pg_constraint WHERE conname = 'accounts_email_not_null') AS leftover_checks,
               (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email') AS not_null`);
      expect(state.rows[0]).toEqual({ index_valid: true, constraints_valid: true, leftover_checks: 0, not_null: true });
      await downgradeCommand({ ...v2, target: "-1" });
    });
  });

  it("are plain with --no-safe-forms", async () => {
    await withProject(async (project, db, options) => {
      const v2 = { ...options, configFile: project.useEntitySchemas([owner, account(true)]) };
      const result = await revisionCommand({ ...v2, message: "plain", revisionId: "00000000d002", safeForms: false });
      if (result.kind !== "written") throw new Error("expected a migration");
      const file = readFileSync(result.file, "utf8");
      expect(file).not.toContain("concurrently");
      expect(file).not.toContain("notValid");
      expect(file).not.toContain("autocommitBlock");
      // Each plain form that holds a strong lock through a scan or a build says which lock, on which tables.
      const locks = file.split("\n").filter((line) => line.includes("REVIEW (takes a lock)")).map((line) => line.trim());
      expect(locks).toEqual([
        `// REVIEW (takes a lock): holds ACCESS EXCLUSIVE on "public"."accounts" while it scans every row for a NULL in "email": reads and writes wait until it ends`,
        `// REVIEW (takes a lock): holds ACCESS EXCLUSIVE on "public"."accounts" while it checks every row against "CHK_accounts_balance": reads and writes wait until it ends`,
        `// REVIEW (takes a lock): holds SHARE on "public"."accounts" while it builds "IDX_accounts_email": inserts, updates and deletes wait until it ends`,
        expect.stringMatching(/^\/\/ REVIEW \(takes a lock\): holds SHARE ROW EXCLUSIVE on "public"\."accounts" and "public"\."owners" while it checks every row of "public"\."accounts" against "FK_\w+": inserts, updates and deletes wait until it ends$/),
      ]);
      // Applied as written: everything validated in place, in the one transaction.
      await upgradeCommand({ ...v2, target: "head" });
      const state = await db.client.query(`
        SELECT (SELECT bool_and(convalidated) FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND contype IN ('c', 'f')) AS constraints_valid,
               (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = 'email') AS not_null`);
      expect(state.rows[0]).toEqual({ constraints_valid: true, not_null: true });
    });
  });

  it("run migrations under lock_timeout and retry a run that timed out", async () => {
    await withProject(async (project, db, options) => {
      const configFile = project.useEntitySchemas([owner, account(true)]);
      const config = require(configFile) as Record<string, unknown>;
      const write = (safety: object) => {
        writeFileSync(configFile, `module.exports = ${JSON.stringify({ ...config, safety })};\n`);
        jest.resetModules();
      };
      write({ lockTimeout: "200ms", lockRetries: 0 });
      const v2 = { ...options, configFile };
      await revisionCommand({ ...v2, message: "v2", revisionId: "00000000d002", safeForms: false });
      const holder = new Client({ connectionString: db.url });
      await holder.connect();
      try {
        await holder.query("BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
        // Without lock_timeout the run would wait on the held lock until the test's own timeout.
        const failure = await upgradeCommand({ ...v2, target: "head" }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(MigrationFailedError);
        expect(String(failure)).toMatch(/lock timeout/i);

        write({ lockTimeout: "200ms", lockRetries: 3 });
        const retries: number[] = [];
        setTimeout(() => void holder.query("COMMIT"), 1_500);
        await upgradeCommand({ ...v2, target: "head", onRetry: (attempt) => retries.push(attempt) });
        expect(retries.length).toBeGreaterThan(0);
        expect((await db.client.query("SELECT version_num FROM autogen_version")).rows).toEqual([{ version_num: "00000000d002" }]);
      } finally {
        await holder.end();
      }
    });
  });
});
