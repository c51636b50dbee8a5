import type { HolderReason } from './holder/holder-check.js';
import type { FieldStatus, IssueCode } from './rules/rule.js';

/** Why a whole row can't be used. Field problems are FieldIssues; these are row-level. */
export type RejectionCode = 'COLUMN_COUNT' | 'NO_USABLE_DATA' | 'REQUIRED_FIELD' | 'IRREGULAR_REGISTRATION' | 'HOLDER_MISMATCH';

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

/** A row set apart as a duplicate of the row kept at `keptLine`; `fuzzy` when fuzzy matching decided it. */
export interface DuplicateRow {
  readonly row: CleanRow;
  readonly keptLine: number;
  readonly fuzzy?: { readonly score: number; readonly evidence: string };
}

/** Two rows that fuzzy matching found probably the same person, below the score that merges them: for a human to decide. */
export interface ReviewPair {
  readonly line: number;
  readonly otherLine: number;
  readonly score: number;
  readonly evidence: string;
  readonly name: string;
  readonly otherName: string;
}

/** What happens to the row after deduplication and enrichment. */
export interface EnrichedRow extends CleanRow {
  /** Values of the `_ref` columns, in the order the enrichment plan gives. */
  readonly references: readonly string[];
  /** Input columns whose empty cell was filled from reference data. */
  readonly filledColumns: readonly number[];
  /** Per enrichment source with a holder check (pessoas, empresas), in plan order: undefined when the row has no key. */
  readonly holders?: readonly (HolderResult | undefined)[];
}

/** The registry's holder of the row's CPF or CNPJ against the row: `sem_referencia` when the key is not in the registry. */
export interface HolderResult {
  readonly kind: 'cpf' | 'cnpj';
  readonly verdict: 'sim' | 'parcial' | 'nao' | 'sem_referencia';
  readonly reason?: HolderReason;
  /** The registration's status when it is not regular (`SUSPENSA`, `BAIXADA`…). */
  readonly irregular?: string;
}
