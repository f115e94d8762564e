/**
 * Which rename candidates are renames: hints decide first, then (at a terminal) the person running
 * `revision`; a candidate nobody decided stays a drop + add marked for review, or stops a `--strict` run.
 */
import { AutogenError } from "../errors";
import { qualifiedKey } from "../model/keys";
import type { SchemaModel } from "../model/schema";
import type { MigrationOp } from "../ops/types";
import { enumHintFor, requireEnumRenameTarget } from "../compare/enum-renames";
import {
  applyRenames,
  describeRename,
  findRenameCandidates,
  parseRenameHint,
  RenameHintError,
  type EnumRename,
  type Rename,
  type RenameCandidate,
} from "../compare/renames";

export class UnresolvedRenamesError extends AutogenError {
  constructor(
    readonly candidates: readonly RenameCandidate[],
    defaultSchema = "public",
  ) {
    super(
      `--strict: ${candidates.length} possible rename(s) need a decision: ${candidates.map((candidate) => describeRename(candidate.rename)).join("; ")}. ` +
        `Pass --rename for each one that is a rename (e.g. --rename ${hintFor(candidates[0].rename, defaultSchema)}), or change the entities so the intent is unambiguous.`,
    );
  }
}

const hintFor = (rename: Rename, defaultSchema: string): string => {
  if (rename.kind === "table") return `${rename.from.name}=${rename.to}`;
  if (rename.kind === "column") return `${rename.table.name}.${rename.from}=${rename.to}`;
  return enumHintFor(rename, defaultSchema);
};

export interface RenameDecisions {
  /** `--rename` hints, as `old=new` / `table.old=new`: each must name something that exists. */
  readonly hints: readonly string[];
  /** The config's rename map, in the same form: entries whose old name is gone already ran and are skipped. */
  readonly standingHints?: readonly string[];
  /** Asks whether a candidate is a rename (the CLI prompts at a terminal); absent, nobody is asked. */
  readonly confirm?: (candidate: RenameCandidate) => Promise<boolean>;
  /** Refuse when a candidate is left undecided instead of writing drop + add. */
  readonly strict?: boolean;
  /** Copy dropped tables and columns to archives the downgrade restores from (`revision --archive`); default: the config's `safety.archiveDrops`. */
  readonly archive?: boolean;
  /** Write plain forms instead of the online-safe ones (`revision --no-safe-forms`). */
  readonly safeForms?: boolean;
}

/** Whether two renames rename the same object (to the same name or not). */
const sameRename = (a: Rename, b: Rename): boolean => {
  if (a.kind === "table" && b.kind === "table") return qualifiedKey(a.from) === qualifiedKey(b.from);
  if (a.kind === "column" && b.kind === "column") return qualifiedKey(a.table) === qualifiedKey(b.table) && a.from === b.from;
  if (a.kind === "enum" && b.kind === "enum") return qualifiedKey(a.from) === qualifiedKey(b.from);
  return a.kind === "enumValue" && b.kind === "enumValue" && qualifiedKey(a.type) === qualifiedKey(b.type) && a.from === b.from;
};

/** A hint must turn something the entities dropped into something they declare, or it would lose data. */
const requireRenameTarget = (hint: string, rename: Rename, target: SchemaModel, decided: readonly Rename[]): void => {
  if (rename.kind === "enum" || rename.kind === "enumValue") {
    const typeRenames = decided.filter((candidate): candidate is EnumRename => candidate.kind === "enum");
    requireEnumRenameTarget(hint, rename, target, typeRenames);
    return;
  }
  if (rename.kind === "table") {
    const declares = (name: string) => target.tables.some((table) => table.schema === rename.from.schema && table.name === name);
    if (!declares(rename.to)) throw new RenameHintError(`--rename ${hint}: the entities declare no table ${rename.from.schema}.${rename.to}.`);
    if (declares(rename.from.name)) throw new RenameHintError(`--rename ${hint}: the entities still declare ${rename.from.schema}.${rename.from.name}, so it is not renamed.`);
    return;
  }
  const table = target.tables.find((candidate) => qualifiedKey(candidate) === qualifiedKey(rename.table));
  const declares = (name: string) => table?.columns.some((column) => column.name === name) ?? false;
  if (!declares(rename.to)) throw new RenameHintError(`--rename ${hint}: the entities declare no column "${rename.to}" on ${rename.table.schema}.${rename.table.name}.`);
  if (declares(rename.from)) throw new RenameHintError(`--rename ${hint}: the entities still declare "${rename.from}" on ${rename.table.schema}.${rename.table.name}, so it is not renamed.`);
};

export interface ResolvedRenames {
  /** The current model as it is once the renames ran. */
  readonly current: SchemaModel;
  readonly renameOps: MigrationOp[];
  /** Candidates nobody decided, to flag on their drop ops. */
  readonly undecided: readonly RenameCandidate[];
}

export const resolveRenames = async (
  current: SchemaModel,
  target: SchemaModel,
  decisions: RenameDecisions,
  defaultSchema: string,
): Promise<ResolvedRenames> => {
  const standing = (decisions.standingHints ?? []).flatMap((hint) => {
    try {
      return [parseRenameHint(hint, current, defaultSchema)];
    } catch (error) {
      if (error instanceof RenameHintError) return [];
      throw error;
    }
  });
  const parsed = decisions.hints.map((hint) => ({ hint, rename: parseRenameHint(hint, current, defaultSchema) }));
  const decided: Rename[] = [...standing, ...parsed.map(({ rename }) => rename)];
  for (const { hint, rename } of parsed) requireRenameTarget(hint, rename, target, decided);
  // A decision can reveal new candidates (a renamed table's enum type, named after the table, is one
  // only once the table is renamed), so candidates are found again until none is left unasked.
  const asked = new Set<string>();
  for (;;) {
    const fresh = findRenameCandidates(applyRenames(current, decided, target).current, target).filter(
      (candidate) => !asked.has(JSON.stringify(candidate.rename)),
    );
    if (fresh.length === 0) break;
    for (const candidate of fresh) {
      asked.add(JSON.stringify(candidate.rename));
      // One decision per dropped object: once a column is renamed, its other candidates fall away.
      if (decided.some((rename) => sameRename(rename, candidate.rename))) continue;
      if (decisions.confirm && (await decisions.confirm(candidate))) decided.push(candidate.rename);
    }
  }
  const { current: renamed, ops } = applyRenames(current, decided, target);
  // What is still a candidate once every decision ran is what nobody said was a rename.
  const undecided = findRenameCandidates(renamed, target);
  if (decisions.strict && undecided.length > 0) throw new UnresolvedRenamesError(undecided, defaultSchema);
  return { current: renamed, renameOps: ops, undecided };
};

/** Marks the drop of each undecided candidate, so the file says which rename it may be. */
export const flagPossibleRenames = (ops: readonly MigrationOp[], undecided: readonly RenameCandidate[]): MigrationOp[] =>
  ops.map((op) => {
    if (op.kind === "dropColumn") {
      const candidate = undecided.find(({ rename }) => rename.kind === "column" && qualifiedKey(rename.table) === qualifiedKey(op.table) && rename.from === op.column);
      return candidate ? { ...op, possibleRename: candidate.rename.to } : op;
    }
    if (op.kind === "dropTable") {
      const candidate = undecided.find(({ rename }) => rename.kind === "table" && qualifiedKey(rename.from) === qualifiedKey(op.name));
      return candidate ? { ...op, possibleRename: candidate.rename.to } : op;
    }
    if (op.kind === "dropEnum") {
      const candidate = undecided.find(({ rename }) => rename.kind === "enum" && qualifiedKey(rename.from) === qualifiedKey(op.name));
      return candidate ? { ...op, possibleRename: candidate.rename.to } : op;
    }
    if (op.kind === "replaceEnum") {
      const values = undecided.flatMap(({ rename }) =>
        rename.kind === "enumValue" && qualifiedKey(rename.type) === qualifiedKey(op.name) ? [[rename.from, rename.to] as const] : [],
      );
      return values.length > 0 ? { ...op, possibleRenames: Object.fromEntries(values) } : op;
    }
    return op;
  });
