/** Every lint rule, in the order `--list-rules` and docs/safety.md show them. */
import { UsageError } from "../errors";
import type { LintRule } from "./rule";
import { addRequiredColumn, addGeneratedColumn, dropColumn, dropNotNull, renameColumn, setNotNull, typeChangeRewrite, volatileDefault } from "./rules/columns";
import { avoidChar, preferBigintColumn, preferBigintKey, preferIdentity, preferText, preferTimestamptz } from "./rules/column-types";
import {
  addExclusionConstraint,
  addPrimaryKey,
  addUniqueConstraint,
  checkWithoutNotValid,
  foreignKeyWithoutIndex,
  foreignKeyWithoutNotValid,
  validateInSameTransaction,
} from "./rules/constraints";
import { identifierTooLong } from "./rules/identifiers";
import { concurrentlyInTransaction, createIndexNonConcurrently, dropIndexNonConcurrently, reindexNonConcurrently } from "./rules/indexes";
import { missingLockTimeout } from "./rules/locking";
import { invalidSuppression, perOpSuppressionUnavailable, unusedSuppression, upgradeNotRecorded } from "./rules/meta";
import {
  addEnumValue,
  addEnumValueInTransaction,
  dropEnum,
  dropExtension,
  dropSchema,
  dropTable,
  dropView,
  renameEnum,
  renameEnumValue,
  renameTable,
  replaceEnum,
} from "./rules/objects";
import {
  detachPartitionNonConcurrently,
  domainConstraint,
  dropDatabase,
  tableRewriteCommand,
  transactionControl,
  truncateCascade,
  unanalysedSql,
  unfilledBackfill,
} from "./rules/raw-sql";

export const RULES: readonly LintRule[] = [
  // Locks and rewrites on tables that hold data.
  createIndexNonConcurrently,
  dropIndexNonConcurrently,
  concurrentlyInTransaction,
  foreignKeyWithoutNotValid,
  checkWithoutNotValid,
  validateInSameTransaction,
  addUniqueConstraint,
  addPrimaryKey,
  addExclusionConstraint,
  setNotNull,
  addRequiredColumn,
  volatileDefault,
  addGeneratedColumn,
  typeChangeRewrite,
  replaceEnum,
  addEnumValueInTransaction,
  missingLockTimeout,
  // Changes that break code still running against the old schema.
  dropColumn,
  dropTable,
  dropView,
  renameColumn,
  renameTable,
  dropNotNull,
  addEnumValue,
  renameEnum,
  renameEnumValue,
  dropEnum,
  dropSchema,
  dropExtension,
  // Schema design.
  preferText,
  avoidChar,
  preferTimestamptz,
  preferBigintKey,
  preferBigintColumn,
  preferIdentity,
  foreignKeyWithoutIndex,
  identifierTooLong,
  // Hand-written SQL.
  unfilledBackfill,
  unanalysedSql,
  transactionControl,
  truncateCascade,
  dropDatabase,
  domainConstraint,
  reindexNonConcurrently,
  tableRewriteCommand,
  detachPartitionNonConcurrently,
  // The lint run itself.
  invalidSuppression,
  unusedSuppression,
  perOpSuppressionUnavailable,
  upgradeNotRecorded,
];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export const ruleById = (id: string): LintRule | undefined => BY_ID.get(id);

export class UnknownRuleError extends UsageError {
  constructor(
    readonly option: string,
    readonly rule: string,
  ) {
    super(`${option}: no lint rule named "${rule}". Run \`autogen lint --list-rules\` to see them.`);
  }
}

/** The rules a run applies: defaults plus `enable`, minus `disable`; unknown names are an error. */
export const activeRules = (enable: readonly string[], disable: readonly string[]): LintRule[] => {
  for (const id of enable) if (!BY_ID.has(id)) throw new UnknownRuleError("--enable", id);
  for (const id of disable) if (!BY_ID.has(id)) throw new UnknownRuleError("--disable", id);
  return RULES.filter((rule) => (!rule.optIn || enable.includes(rule.id)) && !disable.includes(rule.id));
};
