/**
 * Where each operation of a migration is written: the `op.<call>(...)` calls of `upgrade()` in the
 * order they appear, with the suppression comments directly above each, read with the TypeScript
 * compiler API. The compiler comes from ts-morph, a runtime dependency, because `typescript` itself is
 * only a development dependency of this package.
 */
import { ts } from "ts-morph";

export interface SuppressionComment {
  /** 1-based line of the comment. */
  readonly line: number;
  readonly scope: "operation" | "file";
  readonly rules: readonly string[];
  /** Null when the comment gives none (which makes it invalid). */
  readonly reason: string | null;
}

export interface OpCall {
  /** The `op` method called, which names the kind of operation it records. */
  readonly method: string;
  /** 1-based line where the statement holding the call starts. */
  readonly line: number;
  /** Suppressions in the comment block directly above that statement. */
  readonly suppressions: readonly SuppressionComment[];
}

export interface MigrationSource {
  /** 1-based line of the upgrade function, or null when none was found. */
  readonly upgradeLine: number | null;
  /** The op calls of upgrade(), in source order. */
  readonly calls: readonly OpCall[];
  readonly fileSuppressions: readonly SuppressionComment[];
  /** Operation-scope suppressions not directly above any op call. */
  readonly strayOperationSuppressions: readonly SuppressionComment[];
}

/** `op` members that build values or run code but record no operation. */
const NOT_OPERATIONS = new Set(["column", "sql", "query", "autocommitBlock", "args", "isOffline"]);

const DIRECTIVE = /^(?:\/\/|\/\*)\s*autogen-lint-ignore(-file)?(?![\w-])(.*?)(?:\*\/)?\s*$/s;
const RULE_LIST = /^\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::(.*))?$/s;

const parseDirective = (text: string, line: number): SuppressionComment | null => {
  const directive = DIRECTIVE.exec(text.trim());
  if (!directive) return null;
  const scope = directive[1] ? "file" : "operation";
  const body = RULE_LIST.exec(directive[2]);
  if (!body) return { line, scope, rules: [], reason: null };
  const reason = body[2]?.replace(/\s+/g, " ").trim() ?? "";
  return { line, scope, rules: body[1].split(",").map((rule) => rule.trim()), reason: reason.length > 0 ? reason : null };
};

const lineOf = (file: ts.SourceFile, position: number): number => file.getLineAndCharacterOfPosition(position).line + 1;

type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

const isFunctionNode = (node: ts.Node | undefined): node is FunctionNode =>
  node !== undefined && (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node));

const propertyName = (name: ts.PropertyName | ts.MemberName): string | null =>
  ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : null;

/** `exports.upgrade`, `module.exports.upgrade`. */
const isExportsMember = (node: ts.Expression): boolean =>
  ts.isPropertyAccessExpression(node) &&
  node.name.text === "upgrade" &&
  ((ts.isIdentifier(node.expression) && node.expression.text === "exports") ||
    (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "exports" && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === "module"));

/**
 * The upgrade function, however the file exports it: `export async function upgrade`, `export const
 * upgrade = async (op) => ...`, `exports.upgrade = ...`, or `module.exports = { upgrade(op) {...} }`.
 */
const findUpgrade = (file: ts.SourceFile): FunctionNode | null => {
  const declared = new Map<string, FunctionNode>();
  let found: FunctionNode | null = null;
  let shorthand: string | null = null;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name) declared.set(node.name.text, node);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && isFunctionNode(node.initializer)) declared.set(node.name.text, node.initializer);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      if (isExportsMember(node.left) && isFunctionNode(node.right)) found ??= node.right;
      if (ts.isObjectLiteralExpression(node.right)) {
        for (const property of node.right.properties) {
          if (property.name === undefined || propertyName(property.name) !== "upgrade") continue;
          if (ts.isMethodDeclaration(property)) found ??= property;
          else if (ts.isPropertyAssignment(property) && isFunctionNode(property.initializer)) found ??= property.initializer;
          else if (ts.isShorthandPropertyAssignment(property)) shorthand = property.name.text;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found ?? declared.get(shorthand ?? "upgrade") ?? null;
};

/** The statement a call belongs to: the nearest ancestor that sits directly in a block or the file. */
const enclosingStatement = (node: ts.Node): ts.Node => {
  let current = node;
  while (current.parent && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent) && !ts.isCaseClause(current.parent)) {
    current = current.parent;
  }
  return current;
};

/** Suppressions in the comments directly above a statement: no blank line between them and it. */
const suppressionsAbove = (file: ts.SourceFile, statement: ts.Node): SuppressionComment[] => {
  const ranges = ts.getLeadingCommentRanges(file.text, statement.getFullStart()) ?? [];
  const attached: SuppressionComment[] = [];
  let nextLine = lineOf(file, statement.getStart(file));
  for (const range of [...ranges].reverse()) {
    if (lineOf(file, range.end) < nextLine - 1) break;
    const line = lineOf(file, range.pos);
    const directive = parseDirective(file.text.slice(range.pos, range.end), line);
    if (directive?.scope === "operation") attached.push(directive);
    nextLine = line;
  }
  return attached.reverse();
};

/** Every comment of the file, found through the trivia before each token. */
const allComments = (file: ts.SourceFile): ts.CommentRange[] => {
  const seen = new Map<number, ts.CommentRange>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined) => ranges?.forEach((range) => seen.set(range.pos, range));
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(file.text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(file.text, node.getEnd()));
    node.getChildren(file).forEach(visit);
  };
  visit(file);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
};

export const readMigrationSource = (fileName: string, text: string): MigrationSource => {
  const kind = /\.(c|m)?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const comments = allComments(file)
    .map((range) => parseDirective(text.slice(range.pos, range.end), lineOf(file, range.pos)))
    .filter((directive): directive is SuppressionComment => directive !== null);
  const upgrade = findUpgrade(file);
  const parameter = upgrade?.parameters[0]?.name;
  const calls: OpCall[] = [];
  if (upgrade?.body && parameter && ts.isIdentifier(parameter)) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const target = node.expression.expression;
        const method = node.expression.name.text;
        if (ts.isIdentifier(target) && target.text === parameter.text && !NOT_OPERATIONS.has(method)) {
          const statement = enclosingStatement(node);
          calls.push({ method, line: lineOf(file, statement.getStart(file)), suppressions: suppressionsAbove(file, statement) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(upgrade.body);
  }
  const attachedLines = new Set(calls.flatMap((call) => call.suppressions.map((suppression) => suppression.line)));
  return {
    upgradeLine: upgrade ? lineOf(file, upgrade.getStart(file)) : null,
    calls,
    fileSuppressions: comments.filter((comment) => comment.scope === "file"),
    strayOperationSuppressions: comments.filter((comment) => comment.scope === "operation" && !attachedLines.has(comment.line)),
  };
};
