/**
 * Streams the rows of one sheet of an .xlsx as text, with exceljs's streaming WorkbookReader:
 * memory stays flat whatever the number of rows (shared strings are held, as they must be).
 * Every value becomes the text a person would type for it, so the CSV and XLSX paths feed the
 * same rules.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, InputFormatError } from '../../errors.js';

export interface XlsxRow {
  /** The physical row number in the sheet (1-based), for error reports. Blank rows are skipped by exceljs. */
  readonly rowNumber: number;
  /** One string per column up to the last non-empty cell; empty cells in between are ''. */
  readonly cells: string[];
}

export interface XlsxRows extends AsyncIterable<XlsxRow> {
  /** Name of the sheet being read: null until the first row (or the end) has been pulled. */
  sheetName(): string | null;
}

export interface ReadXlsxOptions {
  /** Sheet to read; default: the first sheet of the workbook (tab order). */
  readonly sheet?: string;
}

// The parts of exceljs's streaming reader its typings leave out.
interface StreamingWorkbook {
  readonly model?: { readonly sheets?: readonly { readonly name: string }[] };
  readonly stream?: Readable;
}
interface StreamingWorksheet {
  readonly name?: string;
}

/** One pass over the rows of the sheet. The input is consumed (and closed once the sheet is read). */
export function readXlsxRows(input: Readable | string, options: ReadXlsxOptions = {}): XlsxRows {
  let sheetName: string | null = null;
  return {
    sheetName: () => sheetName,
    [Symbol.asyncIterator]: () =>
      sheetRows(input, options, (name) => {
        sheetName = name;
      }),
  };
}

async function* sheetRows(input: Readable | string, options: ReadXlsxOptions, onSheet: (name: string) => void): AsyncGenerator<XlsxRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    entries: 'ignore',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // needed to tell date cells from numbers
    worksheets: 'emit',
  });
  const workbook = reader as unknown as StreamingWorkbook;
  const skipped: string[] = [];
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as StreamingWorksheet).name ?? '';
      const target = options.sheet ?? workbook.model?.sheets?.[0]?.name ?? name;
      if (name !== target) {
        skipped.push(name);
        // Read it through: when a sheet comes before the shared strings in the zip, exceljs
        // parks it in a temp file and deletes that file as soon as we move on; a skipped,
        // unread sheet then has its lazy read stream fail on the deleted file, uncaught.
        for await (const row of worksheet) void row;
        continue;
      }
      onSheet(name);
      for await (const row of worksheet) yield { rowNumber: row.number, cells: rowCells(row.values) };
      return;
    }
  } catch (error) {
    throw asInputError(error);
  } finally {
    workbook.stream?.destroy();
  }
  if (options.sheet !== undefined) {
    const available = workbook.model?.sheets?.map((s) => s.name) ?? skipped;
    throw new InputFormatError(
      'MALFORMED_XLSX',
      `sheet "${options.sheet}" not found; available sheets: ${available.map((s) => `"${s}"`).join(', ') || 'none'}`,
    );
  }
}

/** exceljs's `row.values` is 1-based and sparse. */
function rowCells(values: ExcelJS.Row['values']): string[] {
  if (!Array.isArray(values)) return [];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  return cells;
}

/** The text for one cell value as exceljs's streaming reader gives it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return decodeXstring(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return decodeXstring(v.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join(''));
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if (typeof v.error === 'string') return v.error;
    if ('text' in v) return cellText(v.text); // hyperlink
  }
  return String(value);
}

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
const decodeXstring = (text: string): string =>
  text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;

/** A broken zip or XML is the file's fault (not retryable); I/O errors and our own errors pass through. */
function asInputError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Error && 'syscall' in error) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InputFormatError('MALFORMED_XLSX', `not a readable .xlsx: ${message}`, { cause: error });
}
