/**
 * Migration files, rendered through ts-morph from a template (`templates/migration.ts` by default,
 * or the project's own copy). The template decides the header, imports and layout; this fills in
 * the identity exports and the bodies of `upgrade` and `downgrade`.
 */
import { IndentationText, Project, QuoteKind, SyntaxKind, type SourceFile } from "ts-morph";
import { AutogenError } from "../errors";
import { planHazards, type Hazard } from "../ops/hazards";
import { IrreversibleOpError, reverseOp } from "../ops/reverse";
import type { MigrationOp } from "../ops/types";
import { renderOpCalls, type RenderContext } from "./op-calls";

export class TemplateError extends AutogenError {}

export interface MigrationFileSpec {
  readonly message: string;
  readonly revision: string;
  readonly downRevision: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly createDate: Date;
  /** null for an empty revision the user fills in by hand. */
  readonly ops: readonly MigrationOp[] | null;
  readonly context: RenderContext;
  /** Paragraphs for the reviewer, written into the doc comment below the message (a merge's conflicts). */
  readonly notes?: readonly string[];
}

const formatDate = (date: Date): string => date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");

/** Continues a doc comment line by line; a blank line gets no trailing space. */
const docText = (text: string): string =>
  text
    .replace(/\*\//g, "*\\/")
    .split(/\r?\n/)
    .map((line, index) => (index === 0 ? line : line === "" ? "\n *" : `\n * ${line}`))
    .join("");

const literal = (value: string): string => JSON.stringify(value);

const revisionList = (ids: readonly string[]): string =>
  ids.length === 0 ? "null" : ids.length === 1 ? literal(ids[0]) : `[${ids.map(literal).join(", ")}]`;

/** The notes follow the message, after a blank line, so the first line stays the revision's message. */
const headerText = (spec: MigrationFileSpec): string =>
  [spec.message, ...(spec.notes ?? []).flatMap((note) => ["", note])].join("\n");

const fillHeader = (template: string, spec: MigrationFileSpec): string =>
  template
    .replace(/\$\{message\}/g, docText(headerText(spec)))
    .replace(/\$\{revision\}/g, spec.revision)
    .replace(/\$\{downRevision\}/g, spec.downRevision.length === 0 ? "<base>" : spec.downRevision.join(", "))
    .replace(/\$\{createDate\}/g, formatDate(spec.createDate));

const statementFor = (call: string, hazards: readonly Hazard[]): string => {
  const review = hazards.map((hazard) => `// REVIEW (${hazard.kind}): ${hazard.message}\n`);
  return `${review.join("")}await ${call};`;
};

/** A merge point with no operations exists only to join its parents' branches. */
const nothingToDo = (spec: MigrationFileSpec): string =>
  spec.downRevision.length > 1 ? "// Nothing to do: this revision only joins its parents into one head." : "// No operations.";

const upgradeBody = (spec: MigrationFileSpec): string => {
  if (spec.ops === null) return "// Write the upgrade: op.execute(sql) for data, op.addColumn(...) and friends for schema.";
  if (spec.ops.length === 0) return nothingToDo(spec);
  const call = renderOpCalls(spec.context);
  const hazards = planHazards(spec.ops);
  return spec.ops.map((op, at) => statementFor(call(op), hazards[at]!)).join("\n");
};

/** Each upgrade op reversed, last first; an op with no inverse stops the downgrade with a clear error. */
const downgradeBody = (spec: MigrationFileSpec): string => {
  if (spec.ops === null) return "// Write the downgrade: undo exactly what upgrade() does.";
  if (spec.ops.length === 0) return nothingToDo(spec);
  const call = renderOpCalls(spec.context);
  const statements: string[] = [];
  for (const op of [...spec.ops].reverse()) {
    try {
      for (const inverse of reverseOp(op)) statements.push(statementFor(call(inverse), []));
    } catch (error) {
      if (!(error instanceof IrreversibleOpError)) throw error;
      statements.push(`throw new Error(${literal(`Irreversible: ${error.message}`)});`);
    }
  }
  return statements.join("\n");
};

const requireVariable = (file: SourceFile, name: string) => {
  const declaration = file.getVariableDeclaration(name);
  if (!declaration) throw new TemplateError(`The migration template has no \`export const ${name}\`.`);
  return declaration;
};

const requireFunction = (file: SourceFile, name: string) => {
  const fn = file.getFunction(name);
  if (!fn) throw new TemplateError(`The migration template has no \`export async function ${name}(op)\`.`);
  return fn;
};

export const renderMigration = (template: string, spec: MigrationFileSpec): string => {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const file = project.createSourceFile("migration.ts", fillHeader(template, spec));
  requireVariable(file, "revision").setInitializer(literal(spec.revision));
  const downRevision = requireVariable(file, "downRevision");
  downRevision.removeType();
  downRevision.setInitializer(revisionList(spec.downRevision));
  const statement = downRevision.getFirstAncestorByKindOrThrow(SyntaxKind.VariableStatement);
  const extras: string[] = [];
  if (spec.branchLabels.length > 0) extras.push(`export const branchLabels = [${spec.branchLabels.map(literal).join(", ")}];`);
  if (spec.dependsOn.length > 0) extras.push(`export const dependsOn = [${spec.dependsOn.map(literal).join(", ")}];`);
  if (extras.length > 0) file.insertStatements(statement.getChildIndex() + 1, extras);
  requireFunction(file, "upgrade").setBodyText(upgradeBody(spec));
  requireFunction(file, "downgrade").setBodyText(downgradeBody(spec));
  const text = file.getFullText();
  return text.endsWith("\n") ? text : `${text}\n`;
};

/** `add orders` -> `add_orders`; what follows the revision id in the file name. */
export const slugify = (message: string): string =>
  message
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40)
    .replace(/_+$/g, "") || "revision";
