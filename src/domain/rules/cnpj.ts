import { fail, ok, type FieldRule, type RuleVerdict } from './rule.js';

const CNPJ_LENGTH = 14;
/**
 * Excel drops leading zeros of a numeric CNPJ. Roots starting with 000 exist (old state
 * companies, banks) but a fourth lost zero is too rare to explain a shorter number.
 */
export const CNPJ_MIN_DIGITS = 11;
const WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;

const mod11 = (sum: number): number => {
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
};

/**
 * The two check digits of a CNPJ base (12 characters, digits or uppercase A–Z). Each character
 * counts as its ASCII code − 48, which is how the Receita Federal extended the numeric rule to
 * the alphanumeric CNPJ (digits keep their value, `A` = 17 … `Z` = 42).
 */
export function cnpjCheckDigits(base12: string): string {
  let sum1 = 0;
  let sum2 = 0;
  for (let i = 0; i < 12; i++) {
    const value = base12.charCodeAt(i) - 48;
    sum1 += value * (WEIGHTS_1[i] ?? 0);
    sum2 += value * (WEIGHTS_2[i] ?? 0);
  }
  const dv1 = mod11(sum1);
  const dv2 = mod11(sum2 + dv1 * (WEIGHTS_2[12] ?? 0));
  return String(dv1) + String(dv2);
}

const isAllSame = (s: string): boolean => {
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== s.charCodeAt(0)) return false;
  return true;
};

const CLEAN_CNPJ = /^[0-9A-Z]{12}[0-9]{2}$/;

/** True for a clean 14-character CNPJ (numeric or alphanumeric uppercase) with matching check digits. */
export function isValidCnpj(cnpj14: string): boolean {
  if (!CLEAN_CNPJ.test(cnpj14)) return false;
  if (isAllSame(cnpj14)) return false;
  return cnpjCheckDigits(cnpj14) === cnpj14.slice(12);
}

/** `12ABC34501DE35` → `12.ABC.345/01DE-35`; expects exactly 14 characters. */
export const formatCnpj = (cnpj14: string): string =>
  `${cnpj14.slice(0, 2)}.${cnpj14.slice(2, 5)}.${cnpj14.slice(5, 8)}/${cnpj14.slice(8, 12)}-${cnpj14.slice(12)}`;

// Dots, slash, dash and whitespace (NBSP included) are the CNPJ mask and its dirt.
const isCnpjSeparator = (code: number): boolean =>
  code === 0x2e || code === 0x2f || code === 0x2d || code === 0x20 || code === 0x09 || code === 0xa0 || code === 0x202f;

export interface CnpjChars {
  /** Digits and uppercased ASCII letters, separators removed. */
  readonly chars: string;
  readonly hasLetters: boolean;
}

/** The characters of `raw` that matter, or the first one that cannot be in a masked CNPJ. */
export function extractCnpjChars(raw: string): CnpjChars | { bad: string } {
  let chars = '';
  let hasLetters = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 48 && code <= 57) chars += raw[i];
    else if (code >= 65 && code <= 90) {
      chars += raw[i];
      hasLetters = true;
    } else if (code >= 97 && code <= 122) {
      chars += String.fromCharCode(code - 32);
      hasLetters = true;
    } else if (!isCnpjSeparator(code)) return { bad: raw[i] ?? '' };
  }
  return { chars, hasLetters };
}

/** Verdict on separator-free characters; zeros dropped by Excel are restored for numeric input of 11+ digits only. */
export function checkCnpjChars({ chars, hasLetters }: CnpjChars): RuleVerdict {
  if (chars.length === 0) return fail('BAD_LENGTH', 'no digits');
  if (chars.length > CNPJ_LENGTH) return fail('BAD_LENGTH', `${chars.length} characters, a CNPJ has 14`);
  if (hasLetters && chars.length !== CNPJ_LENGTH) {
    return fail('BAD_LENGTH', `${chars.length} characters, an alphanumeric CNPJ has 14`);
  }
  if (chars.length < CNPJ_MIN_DIGITS) {
    return fail('BAD_LENGTH', `${chars.length} digits, too few for a CNPJ (14, or ${CNPJ_MIN_DIGITS} once Excel drops leading zeros)`);
  }
  const cnpj = hasLetters ? chars : chars.padStart(CNPJ_LENGTH, '0');
  if (!hasLetters && isAllSame(cnpj)) return fail('REPEATED_DIGITS', `all digits are ${cnpj[0]}`);
  const got = cnpj.slice(12);
  if (!/^\d\d$/.test(got)) return fail('BAD_CHARACTERS', `check digits ${got} are not numeric`);
  const expected = cnpjCheckDigits(cnpj);
  if (got !== expected) return fail('CHECK_DIGIT', `check digits ${got} expected ${expected}`);
  return ok(formatCnpj(cnpj));
}

export const sanitizeCnpj: FieldRule = (raw) => {
  const extracted = extractCnpjChars(raw);
  if ('bad' in extracted) return fail('BAD_CHARACTERS', `unexpected character ${JSON.stringify(extracted.bad)}`);
  return checkCnpjChars(extracted);
};
