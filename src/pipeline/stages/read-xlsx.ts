/**
 * Streams the rows of one sheet of an .xlsx as text, with exceljs's streaming WorkbookReader:
 * memory stays flat whatever the number of rows (shared strings are held, as they must be).
 * Every value becomes the text a person would type for it, so the CSV and XLSX paths feed the
 * same rules.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, InputFormatError } from '../../errors.js';
import { decodeXstring, formatDate, formatNumber } from '../spreadsheet/cell-text.js';

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

/** A broken zip or XML is the file's fault (not retryable); I/O errors and our own errors pass through. */
function asInputError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Error && 'syscall' in error) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InputFormatError('MALFORMED_XLSX', `not a readable .xlsx: ${message}`, { cause: error });
}
