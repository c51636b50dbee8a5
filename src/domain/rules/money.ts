import { fail, ok, type FieldRule, type RuleVerdict } from './rule.js';

/**
 * Money → canonical `1234.56` (the CSV writer localizes later). Works on the digit strings, never
 * on floats, so `0.29` can't become `0.28999…` and 20-digit amounts keep every digit.
 */

const WHITESPACE = /\s+/g;

const notANumber = (): RuleVerdict => fail('NOT_A_NUMBER', 'The value is not an amount of money.');
const misplacedSeparators = (): RuleVerdict =>
  fail('NOT_A_NUMBER', 'The thousands separators in the amount are misplaced.');

const DOT = 0x2e;
const COMMA = 0x2c;

/** Whether text[0, end) is `1.234` / `1.234.567` with `sep`: a first group of 1–3 digits not led by 0, then threes. */
function isGrouped(text: string, end: number, sep: number): boolean {
  let groupLength = 0;
  let groups = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) !== sep) {
      groupLength++;
      continue;
    }
    if (groups === 0 ? groupLength < 1 || groupLength > 3 || text.charCodeAt(0) === 0x30 : groupLength !== 3) return false;
    groups++;
    groupLength = 0;
  }
  return groups > 0 && groupLength === 3;
}

/** Text without `.` and `,`; the caller has checked where they were. */
function withoutSeparators(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT || c === COMMA) {
      out += text.slice(copied, i);
      copied = i + 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

interface Parts {
  readonly int: string;
  readonly frac: string;
}

/** Integer and fraction digits of an unsigned amount (digits, `.` and `,`), separators read the pt-BR way. */
function splitAmount(body: string): Parts | 'misplaced' {
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === DOT) {
      dots++;
      lastDot = i;
    } else if (c === COMMA) {
      commas++;
      lastComma = i;
    }
  }
  if (dots > 0 && commas > 0) {
    // Both present: the last one is the decimal separator, the other groups thousands.
    const decimalAt = Math.max(lastDot, lastComma);
    if (!isGrouped(body, decimalAt, lastComma > lastDot ? DOT : COMMA)) return 'misplaced';
    return { int: withoutSeparators(body.slice(0, decimalAt)), frac: body.slice(decimalAt + 1) };
  }
  if (commas > 0) {
    if (commas === 1) return { int: body.slice(0, lastComma), frac: body.slice(lastComma + 1) };
    return isGrouped(body, body.length, COMMA) ? { int: withoutSeparators(body), frac: '' } : 'misplaced';
  }
  if (dots > 0) {
    // `1.234` and `1.234.567` are thousands (pt-BR); any other single dot is a decimal point.
    if (isGrouped(body, body.length, DOT)) return { int: withoutSeparators(body), frac: '' };
    if (dots === 1) return { int: body.slice(0, lastDot), frac: body.slice(lastDot + 1) };
    return 'misplaced';
  }
  return { int: body, frac: '' };
}

/** Adds one to a string of decimal digits. */
function incrementDigits(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 0x39) i--;
  if (i < 0) return '1' + '0'.repeat(digits.length);
  return digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - i - 1);
}

/** `int.frac` with exactly two decimals, half-up (commercial rounding) beyond the cent. */
function toCents(int: string, frac: string): string {
  let cents = int + frac.padEnd(2, '0').slice(0, 2);
  if (frac.length > 2 && frac.charCodeAt(2) >= 0x35) cents = incrementDigits(cents);
  let start = 0;
  while (start < cents.length - 3 && cents.charCodeAt(start) === 0x30) start++;
  cents = cents.slice(start).padStart(3, '0');
  return cents.slice(0, -2) + '.' + cents.slice(-2);
}

const isWhitespace = (c: number): boolean => c === 0x20 || c === 0xa0 || (c >= 0x09 && c <= 0x0d);
const isAmountChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2c;

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

interface Amount {
  readonly isNegative: boolean;
  readonly body: string;
}

/**
 * `(`? sign? `R$`? sign? digits-and-separators `)`?, spaces anywhere between: scanned by hand,
 * as a regex with capture groups costs several times more on every money cell. Undefined when
 * the text has another shape, or spaces inside the number (the caller drops them and retries).
 */
function scanAmount(text: string): Amount | undefined {
  const n = text.length;
  let i = skipSpaces(text, 0);
  const isParenthesised = text.charCodeAt(i) === 0x28;
  if (isParenthesised) i = skipSpaces(text, i + 1);
  let sign = text.charCodeAt(i);
  const hasSignBefore = sign === 0x2d || sign === 0x2b;
  if (hasSignBefore) i = skipSpaces(text, i + 1);
  if ((text.charCodeAt(i) | 0x20) === 0x72 && text.charCodeAt(i + 1) === 0x24) i = skipSpaces(text, i + 2); // R$
  if (!hasSignBefore) {
    sign = text.charCodeAt(i);
    if (sign === 0x2d || sign === 0x2b) i = skipSpaces(text, i + 1);
  }
  const bodyStart = i;
  while (i < n && isAmountChar(text.charCodeAt(i))) i++;
  const bodyEnd = i;
  i = skipSpaces(text, i);
  if (isParenthesised) {
    if (text.charCodeAt(i) !== 0x29) return undefined;
    i = skipSpaces(text, i + 1);
  }
  if (i !== n || bodyEnd === bodyStart) return undefined;
  return { isNegative: isParenthesised || sign === 0x2d, body: text.slice(bodyStart, bodyEnd) };
}

export const sanitizeMoney: FieldRule = (raw) => {
  const amount = scanAmount(raw) ?? scanAmount(raw.replace(WHITESPACE, ''));
  if (amount === undefined) return notANumber();
  const parts = splitAmount(amount.body);
  if (parts === 'misplaced') return misplacedSeparators();
  if (parts.int === '' && parts.frac === '') return notANumber();
  const cents = toCents(parts.int, parts.frac);
  return ok(amount.isNegative && cents !== '0.00' ? '-' + cents : cents);
};
