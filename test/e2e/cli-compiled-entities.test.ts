/**
 * Applications that ship compiled JavaScript: the config and the DataSource are plain `.js` (compiled
 * by tsc or by swc, each with its own decorator metadata), and autogen must read them as it reads `.ts`.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { transformSync } from "@swc/core";
import ts from "typescript";
import { createTestDatabase } from "../support/database";
import { columnsOf, createProject, expectExit, FIXTURES, publicTables, VERSION_TABLES, type Project } from "./support";

const LIBRARY = path.join(FIXTURES, "library");
const sources = (): string[] => readdirSync(LIBRARY).filter((name) => name.endsWith(".ts")).map((name) => path.join(LIBRARY, name));

/** The fixture compiled by the TypeScript compiler, as `tsc` would build an application. */
const compileWithTsc = (project: Project, outDir: string): void => {
  const program = ts.createProgram(sources(), {
    outDir: project.file(outDir),
    rootDir: LIBRARY,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    strict: true,
    strictPropertyInitialization: false,
    skipLibCheck: true,
    types: [],
  });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  expect(diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))).toEqual([]);
  expect(emitted.emitSkipped).toBe(false);
};

/** The fixture compiled file by file by swc, with legacy decorators and decorator metadata. */
const compileWithSwc = (project: Project, outDir: string): void => {
  for (const file of sources()) {
    const { code } = transformSync(readFileSync(file, "utf8"), {
      filename: file,
      module: { type: "commonjs" },
      jsc: {
        target: "es2022",
        parser: { syntax: "typescript", decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
    });
    project.write(path.join(outDir, path.basename(file).replace(/\.ts$/, ".js")), code);
  }
};

describe.each([
  ["tsc", compileWithTsc],
  ["swc", compileWithSwc],
])("entities compiled to .js by %s", (_compiler, compile) => {
  it("are read through a .js config: revision, upgrade and check work", async () => {
    const db = await createTestDatabase("autogen_e2e");
    const project = createProject();
    const url = ["--url", db.url];
    try {
      compile(project, "lib");
      expect(readdirSync(project.file("lib")).sort()).toEqual(["author.js", "book.js", "data-source.js"]);
      project.write("autogen.config.js", 'module.exports = { dataSource: "lib/data-source.js", migrations: "db/migrations" };\n');

      expectExit(await project.cli(["revision", "-m", "initial", "--rev-id", "c0000000000a", ...url]), 0);
      const file = path.join("db", "migrations", "c0000000000a_initial.ts");
      const source = project.read(file);
      expect(source).toContain('await op.createTable("authors", [');
      expect(source).toContain('op.column("name", "character varying", { nullable: false })');
      expect(source).toContain(`op.column("pages", "integer", { nullable: false, default: op.sql("'0'") })`);
      expect(source).toContain('await op.createEnum("book_genre", ["fiction", "poetry", "essay"]);');

      expectExit(await project.cli(["upgrade", ...url]), 0);
      expect(await publicTables(db.client)).toEqual(["authors", ...VERSION_TABLES, "books"].sort());
      expect(await columnsOf(db.client, "books")).toEqual(["id", "title", "genre", "pages", "author_id"]);
      expect(expectExit(await project.cli(["check", ...url]), 0).stdout).toContain("No changes");
    } finally {
      project.remove();
      await db.drop();
    }
  });
});
