import type { Column, QualifiedName } from "../model/schema";

export interface ColumnComparison {
  readonly table: QualifiedName;
  readonly current: Column;
  readonly target: Column;
}

/** As Alembic names them: `true`/`false`, or a function deciding per column. */
export type ColumnComparisonSwitch = boolean | ((comparison: ColumnComparison) => boolean);

export interface CompareOptions {
  readonly compareType: ColumnComparisonSwitch;
  readonly compareServerDefault: ColumnComparisonSwitch;
  /**
   * Major version of the server the plan is for, where the way to make a change differs between
   * versions (a generation expression changes in place from 17). Absent: forms that work from 13 on.
   */
  readonly serverVersion?: number;
}

export const defaultCompareOptions: CompareOptions = { compareType: true, compareServerDefault: true };

export const isEnabled = (option: ColumnComparisonSwitch, comparison: ColumnComparison): boolean =>
  typeof option === "function" ? option(comparison) : option;
