import { fail, ok, type FieldRule, type RuleVerdict } from './rule.js';

const CPF_LENGTH = 11;
/**
 * Excel drops the leading zeros of a number, so `012.345.678-90` arrives as `12345678909`.
 * Three lost zeros (a CPF starting with 000) is already rare, one in a thousand; a shorter
 * value is some other number (an RG, a code, a typo), not a CPF to pad.
 */
export const CPF_MIN_DIGITS = 8;

/** Mod-11 check digits of a CPF, as two characters, from its first 9 digits. */
export function cpfCheckDigits(base9: string): string {
  let sum1 = 0;
  let sum2 = 0;
  for (let i = 0; i < 9; i++) {
    const d = base9.charCodeAt(i) - 48;
    sum1 += d * (10 - i);
    sum2 += d * (11 - i);
  }
  const dv1 = (sum1 * 10) % 11 % 10;
  const dv2 = ((sum2 + dv1 * 2) * 10) % 11 % 10;
  return String(dv1) + String(dv2);
}

const isAllSame = (s: string): boolean => {
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== s.charCodeAt(0)) return false;
  return true;
};

/** True for 11 digits, not all equal, with matching check digits. */
export function isValidCpf(digits11: string): boolean {
  return (
    /^\d{11}$/.test(digits11) &&
    !isAllSame(digits11) &&
    cpfCheckDigits(digits11) === digits11.slice(9)
  );
}

/** `00000000000` → `000.000.000-00`; expects exactly 11 digits. */
export const formatCpf = (digits11: string): string =>
  `${digits11.slice(0, 3)}.${digits11.slice(3, 6)}.${digits11.slice(6, 9)}-${digits11.slice(9)}`;

// Dots, dashes and whitespace (NBSP included) are how people and ERPs mask a CPF.
const isCpfSeparator = (code: number): boolean =>
  code === 0x2e || code === 0x2d || code === 0x20 || code === 0x09 || code === 0xa0 || code === 0x202f;

/** The digits of `raw`, or the first character that cannot be part of a masked CPF. */
export function extractCpfDigits(raw: string): { digits: string } | { bad: string } {
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += raw[i];
    else if (!isCpfSeparator(code)) return { bad: raw[i] ?? '' };
  }
  return { digits };
}

/** Verdict on a bare digit string: pads the zeros Excel drops (from 8 digits on), then checks. */
export function checkCpfDigits(digits: string): RuleVerdict {
  if (digits.length === 0) return fail('BAD_LENGTH', 'no digits');
  if (digits.length > CPF_LENGTH) return fail('BAD_LENGTH', `${digits.length} digits, a CPF has 11`);
  if (digits.length < CPF_MIN_DIGITS) {
    return fail('BAD_LENGTH', `${digits.length} digits, too few for a CPF (11, or ${CPF_MIN_DIGITS} once Excel drops leading zeros)`);
  }
  const cpf = digits.padStart(CPF_LENGTH, '0');
  if (isAllSame(cpf)) return fail('REPEATED_DIGITS', `all digits are ${cpf[0]}`);
  const expected = cpfCheckDigits(cpf);
  const got = cpf.slice(9);
  if (got !== expected) return fail('CHECK_DIGIT', `check digits ${got} expected ${expected}`);
  return ok(formatCpf(cpf));
}

export const sanitizeCpf: FieldRule = (raw) => {
  const extracted = extractCpfDigits(raw);
  if ('bad' in extracted) return fail('BAD_CHARACTERS', `unexpected character ${JSON.stringify(extracted.bad)}`);
  return checkCpfDigits(extracted.digits);
};
