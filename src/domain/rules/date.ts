import { fail, ok, type FieldRule, type RuleContext, type RuleVerdict } from './rule.js';

/**
 * Dates → ISO `yyyy-mm-dd`. Plain Y/M/D arithmetic throughout: going through `Date` in local time
 * shifts days across time zones and DST changes.
 */

/** Optional time after the date, as spreadsheets and databases export it; it is dropped. */
const TIME_TAIL = /^(?:T| +)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const EXCEL_EPOCH_OFFSET_DAYS = 25569; // serial of 1970-01-01
const OLDEST_BIRTH_DATE = '1900-01-01';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));
const iso = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;

/** Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return iso(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

const notADate = (): RuleVerdict => fail('DATE_FORMAT', 'The value is not a date in any accepted format.');

/** 00/00/0000 is what systems write for "no date": a placeholder, not an impossible date. */
const zeroPlaceholder = (): RuleVerdict => fail('DATE_FORMAT', 'The value is a zero placeholder, not a date.');

function isTimeTail(tail: string): boolean {
  const time = TIME_TAIL.exec(tail);
  if (time === null) return false;
  const [, h, min, sec] = time;
  return Number(h) <= 23 && Number(min) <= 59 && (sec === undefined || Number(sec) <= 59);
}

function checkParts(y: number, m: number, d: number): RuleVerdict {
  if (m < 1 || m > 12) return fail('DATE_IMPOSSIBLE', `Month ${m} does not exist.`);
  if (y < 1) return fail('DATE_IMPOSSIBLE', 'Year 0 does not exist.');
  const monthName = MONTHS[m - 1] ?? '';
  if (d < 1 || d > daysInMonth(y, m)) return fail('DATE_IMPOSSIBLE', `${monthName} ${y} has no day ${d}.`);
  return ok(iso(y, m, d));
}

/** `yy` → `20yy` up to this year's two digits, else `19yy` (a 2-digit year is never in the future). */
const expandYear = (yy: number, today: string): number => (yy <= Number(today.slice(2, 4)) ? 2000 + yy : 1900 + yy);

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isSeparator = (c: number): boolean => c === 0x2f || c === 0x2d || c === 0x2e; // / - .

/** Whole number from the digits in s[start, end); the caller has checked they are digits. */
function digitsValue(s: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + s.charCodeAt(i) - 0x30;
  return value;
}

function skipDigits(s: string, start: number): number {
  let i = start;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Scanned by hand rather than with a regex of capture groups: this runs on every date cell, and
 * the scan is several times cheaper. Shapes: `d/m/y` (`/`, `-` or `.`, the same twice; 2- or
 * 4-digit year), `y-m-d` (4-digit year first), each with an optional time; 5-digit Excel serials.
 */
function parseDate(raw: string, today: string): RuleVerdict {
  const s = raw.trim();
  const firstEnd = skipDigits(s, 0); // also the length of the first number
  const sep = s.charCodeAt(firstEnd);
  if (firstEnd === 5 && s.charCodeAt(0) !== 0x30) {
    const isSerial = firstEnd === s.length || (sep === 0x2e && skipDigits(s, firstEnd + 1) === s.length);
    if (isSerial) return ok(civilFromDays(digitsValue(s, 0, 5) - EXCEL_EPOCH_OFFSET_DAYS));
  }
  const isYearFirst = firstEnd === 4;
  if (!(isYearFirst || firstEnd === 1 || firstEnd === 2) || !isSeparator(sep)) return notADate();
  const middleEnd = skipDigits(s, firstEnd + 1);
  const middleLength = middleEnd - firstEnd - 1;
  if (middleLength < 1 || middleLength > 2 || s.charCodeAt(middleEnd) !== sep) return notADate();
  const lastEnd = skipDigits(s, middleEnd + 1);
  const lastLength = lastEnd - middleEnd - 1;
  if (isYearFirst ? lastLength < 1 || lastLength > 2 : lastLength !== 2 && lastLength !== 4) return notADate();
  if (lastEnd < s.length && !isTimeTail(s.slice(lastEnd))) return notADate();

  const first = digitsValue(s, 0, firstEnd);
  const month = digitsValue(s, firstEnd + 1, middleEnd);
  const last = digitsValue(s, middleEnd + 1, lastEnd);
  if (first === 0 && month === 0 && last === 0) return zeroPlaceholder();
  if (isYearFirst) return checkParts(first, month, last);
  return checkParts(lastLength === 2 ? expandYear(last, today) : last, month, first);
}

/** Any date, e.g. a purchase or registration date. */
export const sanitizeDate: FieldRule = (raw, context: RuleContext) => parseDate(raw, context.today);

/** A birth date must also lie between 1900-01-01 and `context.today`. */
export const sanitizeBirthDate: FieldRule = (raw, context: RuleContext) => {
  const verdict = parseDate(raw, context.today);
  if (!verdict.ok) return verdict;
  if (verdict.value > context.today) return fail('DATE_FUTURE', `The birth date ${verdict.value} is after today.`);
  if (verdict.value < OLDEST_BIRTH_DATE) return fail('DATE_TOO_OLD', `The birth date ${verdict.value} is before 1900.`);
  return verdict;
};
