/**
 * Bad input, table-driven: each case breaks one thing in an otherwise healthy project whose database
 * is at its head, runs one command, and expects a user error (exit 1, `autogen: <message>` naming the
 * file or object, no stack, never "internal error"), no password in the output, and nothing changed
 * in the database: schema, version table and log compared through introspection before and after.
 *
 * test/e2e/cli-errors.test.ts already covers: no config file, a --config that does not exist, an
 * unknown config key, a DataSource module that throws or exports no DataSource, a migration with a
 * syntax error / without a revision id / with a missing downRevision parent, unknown upgrade and
 * downgrade targets, unreachable --url and DATABASE_URL, a malformed URL, and current/upgrade/revision
 * on a database at a revision no file declares. The cases below are the ones it does not.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, serverUrl, type TestDatabase } from "../support/database";
import {
  createReliabilityProject,
  databaseState,
  expectSameState,
  migrationSource,
  shown,
  type CliResult,
  type ReliabilityProject,
} from "./support";

const ITEMS = { name: "item", tableName: "items", columns: { id: { type: "integer", primary: true }, label: { type: "text", nullable: true } } };
const B1 = "bi0000000001";
const B2 = "bi0000000002";

const writeBaseline = (project: ReliabilityProject): void => {
  project.writeMigration({
    id: B1,
    parent: null,
    upgrade: ['await op.execute("CREATE TABLE items (id integer PRIMARY KEY)");'],
    downgrade: ['await op.execute("DROP TABLE items");'],
  });
  project.writeMigration({
    id: B2,
    parent: B1,
    upgrade: ['await op.addColumn("items", op.column("label", "text"));'],
    downgrade: ['await op.dropColumn("items", "label");'],
  });
};

interface Context {
  readonly project: ReliabilityProject;
  readonly db: TestDatabase;
  /** A fresh secret for this case, to check that it is never printed. */
  readonly secret: string;
  /** The name `role` creates. */
  readonly roleName: string;
  /** Creates the case's role, with `grants` ({role} stands for its name); dropped afterwards. */
  role(options: { login: boolean; grants?: readonly string[] }): Promise<string>;
  migrationPath(id: string): string;
}

interface Case {
  readonly name: string;
  readonly arrange?: (ctx: Context) => void | Promise<void>;
  /** The command; `--url <test database>` is appended unless `url` says otherwise. */
  readonly command: (ctx: Context) => readonly string[];
  readonly url?: "test database" | "none" | ((ctx: Context) => string);
  /** DATABASE_URL for the child (it has none otherwise). */
  readonly databaseUrl?: (ctx: Context) => string;
  /** Substrings of stderr. */
  readonly expected: (ctx: Context) => readonly string[];
}

/** A role URL for the test database, with the case's secret as password. */
const roleUrl = (ctx: Context, role: string): string => {
  const url = new URL(serverUrl());
  url.username = role;
  url.password = ctx.secret;
  url.pathname = `/${ctx.db.name}`;
  return url.toString();
};

const migration = (id: string, parent: string | null, upgrade: readonly string[] = [], extra: Partial<Parameters<typeof migrationSource>[0]> = {}): string =>
  migrationSource({ id, parent, upgrade, ...extra });

const CASES: readonly Case[] = [
  // --- config
  {
    name: "config: transactionMode is not a mode",
    arrange: ({ project }) => project.writeConfig({ transactionMode: "sometimes" }),
    command: () => ["upgrade"],
    expected: ({ project }) => [`${project.file("autogen.config.js")}: "transactionMode" must be one of all, each, none, got "sometimes"`],
  },
  {
    name: "config: lockTimeout is negative",
    arrange: ({ project }) => project.writeConfig({ lockTimeout: -5 }),
    command: () => ["upgrade"],
    expected: ({ project }) => [`${project.file("autogen.config.js")}: "lockTimeout" must be a number of seconds from 0 to 2147483, got -5`],
  },
  {
    name: "config: lockTimeout beyond what PostgreSQL's lock_timeout takes (1e9 s)",
    arrange: ({ project }) => project.writeConfig({ lockTimeout: 1e9 }),
    command: () => ["upgrade"],
    expected: ({ project }) => [project.file("autogen.config.js"), "lockTimeout"],
  },
  {
    name: "config: no dataSource",
    arrange: ({ project }) => void project.write("autogen.config.js", 'module.exports = { migrations: "migrations" };\n'),
    command: () => ["upgrade"],
    expected: ({ project }) => [`${project.file("autogen.config.js")}: "dataSource" is required`],
  },
  {
    name: "config: does not export an object",
    arrange: ({ project }) => void project.write("autogen.config.js", "module.exports = 42;\n"),
    command: () => ["current"],
    expected: ({ project }) => [`${project.file("autogen.config.js")} must export a config object`],
  },
  {
    name: "config: fails to load",
    arrange: ({ project }) => void project.write("autogen.config.js", 'module.exports = { dataSource: "data-source.js", ;\n'),
    command: () => ["upgrade"],
    expected: ({ project }) => [`${project.file("autogen.config.js")} failed to load: `, "Unexpected token"],
  },
  // --- command-line values
  {
    name: "--lock-timeout is not a number",
    command: () => ["upgrade", "--lock-timeout", "soon"],
    expected: () => ["lock-timeout"],
  },
  {
    name: "--lock-timeout is negative (the config refuses it too)",
    command: () => ["upgrade", "--lock-timeout", "-1"],
    expected: () => ["lock-timeout"],
  },
  {
    name: "-x without =",
    command: () => ["upgrade", "-x", "novalue"],
    expected: () => ['-x takes key=value, got "novalue".'],
  },
  {
    name: "--transaction is not a mode",
    command: () => ["upgrade", "--transaction", "sometimes"],
    expected: () => ["Argument: transaction", '"sometimes"', '"all", "each", "none"'],
  },
  {
    name: "an online upgrade given a FROM:TO range",
    command: () => ["upgrade", `${B1}:${B2}`],
    expected: () => [`"${B1}:${B2}" is a FROM:TO range, which only --sql takes`],
  },
  // --- DataSource and entities
  {
    name: "the DataSource module requires a file that does not exist",
    arrange: ({ project }) => void project.write("data-source.js", 'require("./entities/missing");\n'),
    command: () => ["check"],
    expected: ({ project }) => [`DataSource module ${project.file("data-source.js")}: failed to load`, "Cannot find module './entities/missing'"],
  },
  {
    name: "an entity's relation targets an entity that does not exist (TypeORM's error)",
    arrange: ({ project }) => project.useEntities([{ ...ITEMS, relations: { owner: { type: "many-to-one", target: "Ghost" } } }]),
    command: () => ["check"],
    expected: ({ project }) => [
      `DataSource module ${project.file("data-source.js")}: TypeORM could not build the entity metadata:`,
      "Entity metadata for item#owner was not found",
    ],
  },
  {
    name: "revision with an entity whose relation targets an unknown entity",
    arrange: ({ project }) => project.useEntities([{ ...ITEMS, relations: { owner: { type: "many-to-one", target: "Ghost" } } }]),
    command: () => ["revision", "-m", "x"],
    expected: () => ["TypeORM could not build the entity metadata:", "Entity metadata for item#owner was not found"],
  },
  {
    name: "a DataSource for another database whose driver is not installed",
    arrange: ({ project }) =>
      void project.write("data-source.js", 'const { DataSource } = require("typeorm");\nmodule.exports = new DataSource({ type: "mysql", entities: [] });\n'),
    command: () => ["check"],
    expected: ({ project }) => [`DataSource module ${project.file("data-source.js")}: failed to load: Mysql package has not been found installed.`],
  },
  // --- migration files
  {
    name: "a migration without upgrade()",
    arrange: ({ project }) => void project.write("migrations/bi0000000003.ts", migration("bi0000000003", B2).replace(/export async function upgrade[\s\S]*?\n}\n/, "")),
    command: () => ["upgrade"],
    expected: (ctx) => [`Migration ${ctx.migrationPath("bi0000000003")}: exports no \`upgrade(op)\` function.`],
  },
  {
    name: "a migration without downgrade()",
    arrange: ({ project }) => void project.write("migrations/bi0000000003.ts", migration("bi0000000003", B2).replace(/export async function downgrade[\s\S]*?\n}\n/, "")),
    command: () => ["current"],
    expected: (ctx) => [`Migration ${ctx.migrationPath("bi0000000003")}: exports no \`downgrade(op)\` function.`],
  },
  {
    name: "a migration whose `transactional` is not a boolean",
    arrange: ({ project }) =>
      void project.write("migrations/bi0000000003.ts", migration("bi0000000003", B2).replace("export const downRevision", 'export const transactional = "no";\nexport const downRevision')),
    command: () => ["upgrade"],
    expected: (ctx) => [`Migration ${ctx.migrationPath("bi0000000003")}: \`transactional\` must be true or false.`],
  },
  {
    name: "a migration that does not compile (a TypeScript syntax error in its body)",
    arrange: ({ project }) =>
      void project.write("migrations/bi0000000003.ts", migration("bi0000000003", B2, ['await op.execute("SELECT 1";'])),
    command: () => ["upgrade"],
    expected: (ctx) => [`Migration ${ctx.migrationPath("bi0000000003")}: failed to load: `],
  },
  {
    name: "a migration that throws while loading",
    arrange: ({ project }) =>
      void project.write("migrations/bi0000000003.ts", migration("bi0000000003", B2, [], { preamble: ['throw new Error("exploded at load: zq-17");'] })),
    command: () => ["upgrade"],
    expected: (ctx) => [`Migration ${ctx.migrationPath("bi0000000003")}: failed to load: exploded at load: zq-17`],
  },
  {
    name: "a migration with an invalid revision id",
    arrange: ({ project }) => void project.write("migrations/bad-id.ts", migration("has space", B2)),
    command: () => ["upgrade"],
    expected: ({ project }) => [`Migration ${project.file(path.join("migrations", "bad-id.ts"))}: revision id "has space" is not valid`],
  },
  {
    name: "a migration whose downRevision is not an id",
    arrange: ({ project }) =>
      void project.write("migrations/bi0000000003.ts", migration("bi0000000003", B2).replace(`export const downRevision = "${B2}";`, "export const downRevision = 42;")),
    command: () => ["upgrade"],
    expected: (ctx) => [`Migration ${ctx.migrationPath("bi0000000003")}: \`downRevision\` must be a revision id, a list of ids, or null.`],
  },
  // --- the revision graph
  {
    name: "two files declare the same revision id",
    arrange: ({ project }) => void project.write("migrations/copy-of-b2.ts", migration(B2, B1)),
    command: () => ["upgrade"],
    expected: (ctx) => [
      `Revision id ${B2} is declared more than once (`,
      ctx.migrationPath(B2),
      ctx.project.file(path.join("migrations", "copy-of-b2.ts")),
    ],
  },
  {
    name: "revisions that form a cycle",
    arrange: ({ project }) => {
      project.write("migrations/cy0000000001.ts", migration("cy0000000001", "cy0000000002"));
      project.write("migrations/cy0000000002.ts", migration("cy0000000002", "cy0000000001"));
    },
    command: () => ["upgrade"],
    expected: () => ["Revisions form a cycle: ", "cy0000000001", "cy0000000002", "Correct downRevision or dependsOn"],
  },
  {
    name: "a dependsOn that no migration declares",
    arrange: ({ project }) => void project.write("migrations/bi0000000003.ts", migration("bi0000000003", B2, [], { preamble: ['export const dependsOn = "nosuchdep";'] })),
    command: () => ["upgrade"],
    expected: (ctx) => [`Revision bi0000000003 (${ctx.migrationPath("bi0000000003")}) names nosuchdep in dependsOn, but no migration declares nosuchdep.`],
  },
  // --- targets
  {
    name: "an ambiguous id prefix",
    arrange: ({ project }) => {
      project.write("migrations/ab1000000001.ts", migration("ab1000000001", B2));
      project.write("migrations/ab1000000002.ts", migration("ab1000000002", "ab1000000001"));
    },
    command: () => ["upgrade", "ab1"],
    expected: () => ['"ab1" matches several revisions (ab1000000001, ab1000000002). Type more characters of the id.'],
  },
  {
    name: "stamp to an unknown revision",
    command: () => ["stamp", "nosuchrev"],
    expected: () => ['No revision or branch label matches "nosuchrev".'],
  },
  {
    name: "a relative target beyond the head",
    command: () => ["upgrade", "+5"],
    expected: () => ['Cannot resolve "+5": nothing lies above bi0000000002.'],
  },
  {
    name: "upgrade head with two heads",
    arrange: ({ project }) => {
      project.write("migrations/hd0000000001.ts", migration("hd0000000001", B2, ['await op.execute("CREATE TABLE head_one (id integer)");']));
      project.write("migrations/hd0000000002.ts", migration("hd0000000002", B2, ['await op.execute("CREATE TABLE head_two (id integer)");']));
    },
    command: () => ["upgrade", "head"],
    expected: () => ['"head" is ambiguous: there are 2 heads (hd0000000001, hd0000000002).', '"heads"', "autogen merge"],
  },
  {
    name: "revision with two heads and no --head",
    arrange: ({ project }) => {
      project.write("migrations/hd0000000001.ts", migration("hd0000000001", B2));
      project.write("migrations/hd0000000002.ts", migration("hd0000000002", B2));
    },
    command: () => ["revision", "--empty", "-m", "x"],
    expected: () => ["The migrations have 2 heads (hd0000000001, hd0000000002): pass --head"],
  },
  {
    name: "downgrade to a revision that is not applied",
    arrange: ({ project }) => void project.write("migrations/bi0000000003.ts", migration("bi0000000003", B2)),
    command: () => ["downgrade", "bi0000000003"],
    expected: () => [`Cannot downgrade to "bi0000000003": bi0000000003 is not applied (the database is at ${B2}).`],
  },
  // --- a database at a revision no file declares
  ...(["check", "downgrade -1", "stamp bi0000000001"] as const).map(
    (command): Case => ({
      name: `${command.split(" ")[0]} on a database at a revision no file declares`,
      arrange: (ctx) => rmSync(ctx.migrationPath(B2)),
      command: () => command.split(" "),
      expected: () =>
        command.startsWith("stamp")
          ? [`The database records revision ${B2}, which no migration declares`, "--purge"]
          : [`The database records revision ${B2}, but no migration declares it.`],
    }),
  ),
  // --- connections
  {
    name: "an unreachable server named by the config's url",
    arrange: (ctx) => ctx.project.writeConfig({ url: `postgres://postgres:${ctx.secret}@127.0.0.1:1/postgres` }),
    command: () => ["upgrade"],
    url: "none",
    expected: () => ["Cannot connect to postgres://postgres:***@127.0.0.1:1/postgres"],
  },
  {
    name: "a refused login (--url, a role that may not log in)",
    arrange: async (ctx) => void (await ctx.role({ login: false })),
    command: () => ["upgrade"],
    url: (ctx) => roleUrl(ctx, ctx.roleName),
    expected: (ctx) => [`Cannot connect to postgres://${ctx.roleName}:***@`, "is not permitted to log in"],
  },
  {
    name: "a refused login (DATABASE_URL)",
    arrange: async (ctx) => void (await ctx.role({ login: false })),
    command: () => ["current"],
    url: "none",
    databaseUrl: (ctx) => roleUrl(ctx, ctx.roleName),
    expected: () => ["is not permitted to log in"],
  },
  {
    name: "a refused login (the config's url)",
    arrange: async (ctx) => {
      const role = await ctx.role({ login: false });
      ctx.project.writeConfig({ url: roleUrl(ctx, role) });
    },
    command: () => ["upgrade"],
    url: "none",
    expected: () => ["is not permitted to log in"],
  },
  {
    name: "a database that does not exist",
    command: () => ["upgrade"],
    // The server's own credentials, so a password-checking server gets as far as the database name.
    url: () => {
      const url = new URL(serverUrl());
      url.pathname = "/autogen_rel_no_such_db";
      return url.toString();
    },
    expected: () => ['database "autogen_rel_no_such_db" does not exist'],
  },
  // --- privileges
  {
    name: "a role without a privilege a step needs (INSERT on a table it does not own)",
    arrange: async (ctx) => {
      await ctx.role({
        login: true,
        grants: [
          "GRANT USAGE, CREATE ON SCHEMA public TO {role}",
          "GRANT SELECT, INSERT, UPDATE, DELETE ON autogen_version, autogen_version_log TO {role}",
          "GRANT SELECT ON items TO {role}",
        ],
      });
      ctx.project.write("migrations/pv0000000001.ts", migration("pv0000000001", B2, [
        'await op.execute("CREATE TABLE pv_created (id integer)");',
        "await op.execute(\"INSERT INTO items (id, label) VALUES (1, 'x')\");",
      ]));
    },
    command: () => ["upgrade"],
    url: (ctx) => roleUrl(ctx, ctx.roleName),
    expected: () => [
      "Revision pv0000000001 upgrade failed at execute \"INSERT INTO items (id, label) VALUES (1, 'x')\": permission denied for table items",
      "Rolled back",
    ],
  },
  {
    name: "a role without CREATE on schema public, running a migration that creates a table",
    arrange: async (ctx) => {
      await ctx.role({ login: true, grants: ["GRANT SELECT, INSERT, UPDATE, DELETE ON autogen_version, autogen_version_log TO {role}"] });
      ctx.project.write("migrations/pv0000000001.ts", migration("pv0000000001", B2, [
        'await op.createTable("pv_created", [op.column("id", "integer")]);',
      ]));
    },
    command: () => ["upgrade"],
    url: (ctx) => roleUrl(ctx, ctx.roleName),
    expected: () => ["Revision pv0000000001 upgrade failed at createTable public.pv_created: permission denied for schema public"],
  },
  {
    name: "a role that may not read the version table",
    arrange: async (ctx) => void (await ctx.role({ login: true })),
    command: () => ["current"],
    url: (ctx) => roleUrl(ctx, ctx.roleName),
    expected: () => ["autogen_version", "permission denied for table autogen_version"],
  },
];

/** A user error: exit 1, one `autogen: ` message on stderr, no stack, never an internal error. */
const expectUserError = (result: CliResult): void => {
  const problems = [
    result.code !== 1 ? `exit ${result.code} instead of 1` : null,
    !result.stderr.startsWith("autogen: ") ? "stderr does not start with `autogen: `" : null,
    result.stderr.includes("internal error") ? "reported as an internal error" : null,
    /\n\s+at /.test(result.stderr) ? "prints a stack trace" : null,
  ].filter((problem) => problem !== null);
  if (problems.length > 0) throw new Error(`${problems.join("; ")}:\n${shown(result)}`);
};

describe("bad input: a clear user error naming the culprit, and nothing changed", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase("autogen_rel_bad");
    const project = createReliabilityProject([ITEMS]);
    try {
      writeBaseline(project);
      const result = await project.cli(["upgrade", "--url", db.url]);
      if (result.code !== 0) throw new Error(shown(result));
    } finally {
      project.remove();
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const project = createReliabilityProject([ITEMS]);
    writeBaseline(project);
    const roles: string[] = [];
    const suffix = randomBytes(6).toString("hex");
    const ctx: Context = {
      project,
      db,
      secret: `s3cret-${suffix}`,
      roleName: `autogen_rel_${suffix}`,
      migrationPath: (id) => project.file(path.join("migrations", `${id}.ts`)),
      role: async ({ login, grants = [] }) => {
        const role = ctx.roleName;
        await db.client.query(`CREATE ROLE ${role} ${login ? "LOGIN" : "NOLOGIN"} PASSWORD '${ctx.secret}'`);
        roles.push(role);
        // PostgreSQL 15 no longer lets every role create in public; older servers do, so revoke it here.
        await db.client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
        for (const grant of grants) await db.client.query(grant.replaceAll("{role}", role));
        return role;
      },
    };
    try {
      const before = await databaseState(db.client);
      await testCase.arrange?.(ctx);
      const url = testCase.url ?? "test database";
      const urlArgs = url === "none" ? [] : ["--url", url === "test database" ? db.url : url(ctx)];
      const result = await project.cli([...testCase.command(ctx), ...urlArgs], { databaseUrl: testCase.databaseUrl?.(ctx) });
      expectUserError(result);
      for (const text of testCase.expected(ctx)) expect(result.stderr).toContain(text);
      expect(result.stdout + result.stderr).not.toContain(ctx.secret);
      expect(result.stdout).toBe("");
      expectSameState(await databaseState(db.client), before);
    } finally {
      for (const role of roles) {
        await db.client.query(`DROP OWNED BY ${role}`);
        await db.client.query(`DROP ROLE ${role}`);
      }
      project.remove();
    }
  });
});
