import type { FieldStatus, IssueCode } from './rules/rule.js';

/** Why a whole row can't be used. Field problems are FieldIssues; these are row-level. */
export type RejectionCode = 'COLUMN_COUNT' | 'NO_USABLE_DATA' | 'REQUIRED_FIELD';

export interface FieldIssue {
  readonly column: number;
  readonly code: IssueCode;
  readonly detail: string;
}

export interface Rejection {
  readonly code: RejectionCode;
  readonly detail: string;
  /** The column concerned, for REQUIRED_FIELD. */
  readonly column?: number;
}

/** One input row after the field rules ran. Arrays are indexed by input column. */
export interface CleanRow {
  readonly line: number;
  /** The cells as read (rejected rows are written with these). */
  readonly raw: readonly string[];
  /** Clean values; passthrough and invalid cells keep their original text. */
  readonly values: string[];
  /** undefined for passthrough columns. */
  readonly statuses: readonly (FieldStatus | undefined)[];
  /** Rule classification per column: phone type, document kind, IBGE code. */
  readonly infos: (string | undefined)[];
  readonly issues: readonly FieldIssue[];
  readonly rejections: readonly Rejection[];
  /** Strongest dedupe key (`cpf:…`), absent when the row has none. */
  readonly dedupeKey: string | undefined;
  /** How many fields are valid or corrected: the most complete duplicate is kept. */
  readonly completeness: number;
}

/** What happens to the row after deduplication and enrichment. */
export interface EnrichedRow extends CleanRow {
  /** Values of the `_ref` columns, in the order the enrichment plan gives. */
  readonly references: readonly string[];
  /** Input columns whose empty cell was filled from reference data. */
  readonly filledColumns: readonly number[];
}
