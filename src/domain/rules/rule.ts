/**
 * The contract every field rule follows. A rule is a pure function from the raw text of one
 * cell (plus a little row context) to a verdict; `applyRule` turns that verdict into the
 * four statuses the reports count. Rules never throw for bad data.
 */

export type FieldStatus = 'valid' | 'corrected' | 'invalid' | 'empty';

/** Stable, machine-readable reasons. Human text per locale lives in ../issue-messages.ts. */
export type IssueCode =
  | 'BAD_CHARACTERS' // characters that can't belong to this kind of value
  | 'BAD_LENGTH' // wrong number of digits/characters
  | 'CHECK_DIGIT' // CPF/CNPJ check digits don't match
  | 'REPEATED_DIGITS' // 111.111.111-11 and friends
  | 'NO_AREA_CODE' // phone without DDD
  | 'UNKNOWN_AREA_CODE' // DDD that doesn't exist
  | 'NOT_A_PHONE' // digits that no Brazilian number pattern accepts
  | 'EMAIL_SYNTAX'
  | 'CEP_ZERO' // 00000-000
  | 'CEP_UF_MISMATCH' // CEP outside the ranges of the row's UF
  | 'UNKNOWN_UF'
  | 'DATE_FORMAT' // not a date in any accepted format
  | 'DATE_IMPOSSIBLE' // 31/02, month 13, day 0
  | 'DATE_FUTURE' // birth date after today
  | 'DATE_TOO_OLD' // birth date before 1900
  | 'NOT_A_NUMBER';

/** What a rule knows besides the cell itself. */
export interface RuleContext {
  /** Today's date as ISO `yyyy-mm-dd`: the cut-off for future birth dates. */
  readonly today: string;
  /** The row's clean 2-letter UF, when the row has a valid one (CEP range check). */
  readonly uf?: string;
  /**
   * For a phone column paired with an area-code column (`DDD;Telefone`): that column's clean
   * 2-digit DDD in this row, when valid. Completes numbers written without one.
   */
  readonly areaCode?: string;
}

export type RuleVerdict =
  | { readonly ok: true; readonly value: string; readonly info?: string }
  | { readonly ok: false; readonly code: IssueCode; readonly detail: string };

/** A rule receives a non-blank raw value (applyRule handles blanks). */
export type FieldRule = (raw: string, context: RuleContext) => RuleVerdict;

export interface FieldResult {
  readonly status: FieldStatus;
  /** Clean value; for `invalid` the original text, untouched; '' for `empty`. */
  readonly value: string;
  readonly code?: IssueCode;
  readonly detail?: string;
  /** Extra classification from the rule: phone type (`celular`/`fixo`), document kind (`CPF`/`CNPJ`). */
  readonly info?: string;
}

export const ok = (value: string, info?: string): RuleVerdict =>
  info === undefined ? { ok: true, value } : { ok: true, value, info };
export const fail = (code: IssueCode, detail: string): RuleVerdict => ({ ok: false, code, detail });

/** Blank means nothing but whitespace (NBSP and other Unicode spaces included). */
export const isBlank = (raw: string): boolean => raw.trim() === '';

export function applyRule(rule: FieldRule, raw: string, context: RuleContext): FieldResult {
  if (isBlank(raw)) return { status: 'empty', value: '' };
  const verdict = rule(raw, context);
  if (!verdict.ok) return { status: 'invalid', value: raw, code: verdict.code, detail: verdict.detail };
  const status = verdict.value === raw ? 'valid' : 'corrected';
  return verdict.info === undefined
    ? { status, value: verdict.value }
    : { status, value: verdict.value, info: verdict.info };
}
