/**
 * How a spreadsheet cell becomes the text a person would type for it, for every reader
 * (streamed .xlsx, and the whole-file formats): the CSV and spreadsheet paths feed the same
 * rules, so a file and its CSV twin clean to the same table.
 */

/**
 * Plain decimal text with at most 15 significant digits, as Excel shows it: no exponent, no
 * binary noise (0.1 + 0.2 → "0.3", 12345678909 → "12345678909", 1e-7 → "0.0000001").
 */
export function formatNumber(n: number): string {
  // exceljs's stream reader parses every formula result as a float: an error result (#N/A) arrives as NaN.
  if (Number.isNaN(n)) return '';
  if (!Number.isFinite(n)) return String(n);
  const [mantissa = '0', exponent] = n.toPrecision(15).split('e');
  const negative = mantissa.startsWith('-');
  const [intDigits = '0', fracDigits = ''] = (negative ? mantissa.slice(1) : mantissa).split('.');
  let int = intDigits;
  let frac = fracDigits;
  const shift = exponent === undefined ? 0 : Number(exponent);
  if (shift > 0) {
    frac = frac.padEnd(shift, '0');
    int += frac.slice(0, shift);
    frac = frac.slice(shift);
  } else if (shift < 0) {
    int = int.padStart(1 - shift, '0');
    frac = int.slice(shift) + frac;
    int = int.slice(0, shift);
  }
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const text = frac === '' ? int : `${int}.${frac}`;
  return negative && text !== '0' ? `-${text}` : text;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * exceljs turns a date cell's serial into a Date at UTC midnight plus the time of day. Times are
 * rounded to the second (serials carry float noise). A time-only cell (serial below 1, shown on
 * Excel's 1899-12-30 epoch) gives just HH:MM:SS.
 */
export function formatDate(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return '';
  const d = new Date(Math.round(ms / 1000) * 1000);
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (day === '1899-12-30') return time;
  return time === '00:00:00' ? day : `${day} ${time}`;
}

/** ECMA-376 escapes characters in strings as `_xHHHH_` (`_x000D_` for CR): Excel decodes them, exceljs's stream reader doesn't. */
export const decodeXstring = (text: string): string =>
  text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;

/** Excel's serial day number → Date at UTC (the 1900 system counts the phantom 1900-02-29; 1904 starts at 1904-01-01). */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  const epochMs = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  // Serials 1–59 in the 1900 system fall before Lotus's phantom leap day, one day later than the formula says.
  const days = !date1904 && serial < 60 && serial >= 1 ? serial + 1 : serial;
  return new Date(epochMs + Math.round(days * 86_400_000));
}

/**
 * A serial in a date style → its text. A fraction of a day is a time of day in either date
 * system: on the 1900 epoch it lands on 1899-12-30, which formatDate shows as the time alone (a
 * Mac workbook's 08:30 would otherwise read 1904-01-01 08:30:00). Serial 0 of the 1904 system is
 * a real date, 1904-01-01. Past 9999-12-31 Excel shows #### (no date): the number is kept.
 */
export function formatSerialDate(serial: number, date1904 = false): string {
  const date = excelSerialToDate(serial, date1904 && !(serial > 0 && serial < 1));
  const year = date.getUTCFullYear();
  return Number.isNaN(year) || year > 9999 ? formatNumber(serial) : formatDate(date);
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO 8601 date as the workbook stores it (`t="d"` cells in .xlsx, `office:date-value` in
 * .ods) → the same text formatDate gives a serial date. The wall-clock time is kept as written
 * (an offset is not applied: the producer meant the time it shows). Not ISO → the text unchanged.
 */
export function formatIsoDateText(text: string): string {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) return text;
  const [, year, month, day, hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  const ms = fraction === '' ? 0 : Math.round(Number(fraction) * 1000);
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hours), Number(minutes), Number(seconds), ms);
  return formatDate(date);
}
