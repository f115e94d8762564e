/**
 * Which rename candidates are renames: hints decide first, then (at a terminal) the person running
 * `revision`; a candidate nobody decided stays a drop + add marked for review, or stops a `--strict` run.
 * A candidate declined (`--not-rename`, or "n" at the prompt) is a plain drop + add, marked for nothing.
 */
import { AutogenError } from "../errors";
import { qualifiedKey } from "../model/keys";
import type { QualifiedName, SchemaModel } from "../model/schema";
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
  type TableRename,
} from "../compare/renames";

export class UnresolvedRenamesError extends AutogenError {
  constructor(
    readonly candidates: readonly RenameCandidate[],
    defaultSchema = "public",
  ) {
    super(
      `--strict: ${candidates.length} possible rename(s) need a decision: ${candidates.map((candidate) => describeRename(candidate.rename)).join("; ")}. ` +
        `Pass --rename for each one that is a rename (e.g. --rename ${hintFor(candidates[0].rename, defaultSchema)}) and --not-rename for each one that is not ` +
        `(e.g. --not-rename ${hintFor(candidates[0].rename, defaultSchema)}), or change the entities so the intent is unambiguous.`,
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
  /** `--not-rename` hints, in the same form: candidates that are not renames, decided as a "no" at the prompt is. */
  readonly notRenames?: readonly string[];
  /** Asks whether a candidate is a rename (the CLI prompts at a terminal); absent, nobody is asked. */
  readonly confirm?: (candidate: RenameCandidate) => Promise<boolean>;
  /** Refuse when a candidate is left undecided instead of writing drop + add. */
  readonly strict?: boolean;
  /** Copy dropped tables and columns to archives the downgrade restores from (`revision --archive`); default: the config's `safety.archiveDrops`. */
  readonly archive?: boolean;
  /** Write plain forms instead of the online-safe ones (`revision --no-safe-forms`). */
  readonly safeForms?: boolean;
}

/**
 * The rename as it reads once the decided table and enum type renames ran: a column hint may name its
 * table by the old name or the new one, while candidates found after a table rename name the new one.
 */
const settled = (rename: Rename, decided: readonly Rename[]): Rename => {
  if (rename.kind === "column") return { ...rename, table: renamedTable(rename.table, decided) };
  if (rename.kind === "enumValue") {
    const type = decided.find((candidate): candidate is EnumRename => candidate.kind === "enum" && qualifiedKey(candidate.from) === qualifiedKey(rename.type));
    return type ? { ...rename, type: { schema: rename.type.schema, name: type.to } } : rename;
  }
  return rename;
};

const renamedTable = (table: QualifiedName, decided: readonly Rename[]): QualifiedName => {
  const rename = decided.find((candidate): candidate is TableRename => candidate.kind === "table" && qualifiedKey(candidate.from) === qualifiedKey(table));
  return rename ? { schema: table.schema, name: rename.to } : table;
};

/** Whether two renames rename the same object (to the same name or not). */
const sameObject = (a: Rename, b: Rename): boolean => {
  if (a.kind === "table" && b.kind === "table") return qualifiedKey(a.from) === qualifiedKey(b.from);
  if (a.kind === "column" && b.kind === "column") return qualifiedKey(a.table) === qualifiedKey(b.table) && a.from === b.from;
  if (a.kind === "enum" && b.kind === "enum") return qualifiedKey(a.from) === qualifiedKey(b.from);
  return a.kind === "enumValue" && b.kind === "enumValue" && qualifiedKey(a.type) === qualifiedKey(b.type) && a.from === b.from;
};

const sameRename = (a: Rename, b: Rename, decided: readonly Rename[]): boolean => sameObject(settled(a, decided), settled(b, decided));

const sameDecision = (a: Rename, b: Rename, decided: readonly Rename[]): boolean => sameRename(a, b, decided) && a.to === b.to;

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
  // The entities name a renamed table by its new name.
  const at = renamedTable(rename.table, decided);
  const table = target.tables.find((candidate) => qualifiedKey(candidate) === qualifiedKey(at));
  const declares = (name: string) => table?.columns.some((column) => column.name === name) ?? false;
  if (!declares(rename.to)) throw new RenameHintError(`--rename ${hint}: the entities declare no column "${rename.to}" on ${at.schema}.${at.name}.`);
  if (declares(rename.from)) throw new RenameHintError(`--rename ${hint}: the entities still declare "${rename.from}" on ${at.schema}.${at.name}, so it is not renamed.`);
};

/** Reads a hint leniently: null when it names nothing (a config entry that already ran). */
const tryParse = (hint: string, current: SchemaModel, defaultSchema: string): Rename | null => {
  try {
    return parseRenameHint(hint, current, defaultSchema);
  } catch (error) {
    if (error instanceof RenameHintError) return null;
    throw error;
  }
};

/** Whether the hint's old name runs through a table that exists only once the hinted table renames ran. */
const namesRenamedTable = (hint: string, current: SchemaModel, renamedTables: SchemaModel, defaultSchema: string): boolean => {
  const parts = hint.slice(0, Math.max(hint.indexOf("="), 0)).split(".");
  const table = parts.length === 3 ? { schema: parts[0], name: parts[1] } : parts.length === 2 ? { schema: defaultSchema, name: parts[0] } : null;
  const declares = (model: SchemaModel) => table !== null && model.tables.some((candidate) => qualifiedKey(candidate) === qualifiedKey(table));
  return declares(renamedTables) && !declares(current);
};

/**
 * A hint read against the database or, failing that, against the database with the hinted table
 * renames done, so that `--rename people=humans --rename humans.mood=feeling` works as the
 * possible-rename note after the first hint suggests. Only a column may be named that way.
 */
const parseHint = (hint: string, current: SchemaModel, renamedTables: SchemaModel, defaultSchema: string, flag: string): Rename => {
  try {
    return parseRenameHint(hint, current, defaultSchema, flag);
  } catch (error) {
    if (!(error instanceof RenameHintError) || renamedTables === current) throw error;
    let retried: Rename;
    try {
      retried = parseRenameHint(hint, renamedTables, defaultSchema, flag);
    } catch (retryError) {
      // Past the table, the second reading knows better (`humans.nothing`: no column "nothing").
      throw namesRenamedTable(hint, current, renamedTables, defaultSchema) ? retryError : error;
    }
    if (retried.kind !== "column") throw error;
    return retried;
  }
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
  const standingHints = decisions.standingHints ?? [];
  const tableRenames = [...standingHints, ...decisions.hints].flatMap((hint) => {
    const rename = tryParse(hint, current, defaultSchema);
    return rename?.kind === "table" ? [rename] : [];
  });
  const renamedTables = tableRenames.length === 0 ? current : applyRenames(current, tableRenames, target).current;
  const standing = standingHints.flatMap((hint) => {
    try {
      return [parseHint(hint, current, renamedTables, defaultSchema, "--rename")];
    } catch (error) {
      if (error instanceof RenameHintError) return [];
      throw error;
    }
  });
  const parsed = decisions.hints.map((hint) => ({ hint, rename: parseHint(hint, current, renamedTables, defaultSchema, "--rename") }));
  const decided: Rename[] = [...standing, ...parsed.map(({ rename }) => rename)];
  for (const { hint, rename } of parsed) requireRenameTarget(hint, rename, target, decided);
  const refused = (decisions.notRenames ?? []).map((hint) => ({ hint, rename: parseHint(hint, current, renamedTables, defaultSchema, "--not-rename") }));
  for (const { hint, rename } of refused) {
    if (decided.some((hinted) => sameDecision(hinted, rename, decided))) {
      throw new RenameHintError(`--not-rename ${hint}: a --rename hint (or the config's renames map) says it is a rename; keep one of them.`);
    }
  }
  // A "no" is a decision as much as a "yes": the candidate is planned as a plain drop + add.
  const declined: Rename[] = refused.map(({ rename }) => rename);
  // A decision can reveal new candidates (a renamed table's enum type, named after the table, is one
  // only once the table is renamed), so candidates are found again until none is left unasked.
  const asked = new Set<string>();
  const seen: Rename[] = [];
  for (;;) {
    const fresh = findRenameCandidates(applyRenames(current, decided, target).current, target).filter(
      (candidate) => !asked.has(JSON.stringify(candidate.rename)),
    );
    if (fresh.length === 0) break;
    for (const candidate of fresh) {
      asked.add(JSON.stringify(candidate.rename));
      seen.push(candidate.rename);
      // One decision per dropped object: once a column is renamed, its other candidates fall away.
      if (decided.some((rename) => sameRename(rename, candidate.rename, decided))) continue;
      if (declined.some((rename) => sameDecision(rename, candidate.rename, decided))) continue;
      if (!decisions.confirm) continue;
      if (await decisions.confirm(candidate)) decided.push(candidate.rename);
      else declined.push(candidate.rename);
    }
  }
  // A --not-rename that matches no candidate is a typo or a stale flag: saying so beats ignoring it.
  for (const { hint, rename } of refused) {
    if (!seen.some((candidate) => sameDecision(rename, candidate, decided))) {
      throw new RenameHintError(
        `--not-rename ${hint}: ${describeRename(rename)} is not a possible rename of this revision, so there is nothing to decide; drop the flag.`,
      );
    }
  }
  const { current: renamed, ops } = applyRenames(current, decided, target);
  // What is still a candidate once every decision ran is what nobody decided.
  const undecided = findRenameCandidates(renamed, target).filter((candidate) => !declined.some((rename) => sameDecision(rename, candidate.rename, decided)));
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
