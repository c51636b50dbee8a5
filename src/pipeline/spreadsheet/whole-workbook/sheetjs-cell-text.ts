/**
 * The text of one SheetJS cell, by the same rules as the streamed .xlsx reader (cell-text.ts), so
 * a client's .xls and its .xlsx twin clean to the same table. Pure: it needs no SheetJS import.
 */
import { formatDate, formatNumber, formatSerialDate } from '../cell-text.js';
import { isDateFormatCode } from '../xlsx/styles.js';

/** The fields of a SheetJS cell object that decide its text (read with `cellNF: true`). */
export interface SheetjsCell {
  /** s string, n number, b boolean, e error, d date (only with `cellDates`), z stub (blank). */
  readonly t: string;
  readonly v?: unknown;
  /** Number format code; SheetJS resolves built-in ids (14 → "m/d/yy") to their code. */
  readonly z?: string | number;
  /** Formatted text. */
  readonly w?: string;
}

export interface CellTextContext {
  /** The workbook counts serials from 1904-01-01 (Mac Excel's date system). */
  readonly date1904: boolean;
  /** The cell comes from an .ods, whose formula booleans need the fix in `odsBooleanText`. */
  readonly isOds: boolean;
}

/** BIFF / OOXML error codes, for a cell whose formatted text SheetJS left out. */
const ERROR_TEXT: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

/**
 * Whether a number format shows a date or time: the streamed .xlsx reader's own test, so the two
 * readers agree on which numbers become dates (durations like [h]:mm stay numbers). SheetJS
 * resolves built-in format ids to their codes, so only a code is ever looked at.
 */
export const isDateFormat = (format: string | number | undefined): boolean =>
  typeof format === 'string' && isDateFormatCode(format);

export function sheetjsCellText(cell: SheetjsCell | null | undefined, context: CellTextContext): string {
  if (cell === null || cell === undefined) return '';
  const { t, v } = cell;
  switch (t) {
    case 's':
      // Not decodeXstring: _xHHHH_ escapes belong to OOXML's XML; BIFF, XLSB and ODS store text as it is.
      return typeof v === 'string' ? v : String(v ?? '');
    case 'n': {
      if (typeof v !== 'number') return '';
      if (context.isOds) {
        const boolean = odsBooleanText(v, cell.w);
        if (boolean !== undefined) return boolean;
      }
      // Excel cannot show a negative serial as a date (it shows ####): it stays a number.
      return v >= 0 && isDateFormat(cell.z) ? formatSerialDate(v, context.date1904) : formatNumber(v);
    }
    case 'b':
      return v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? (typeof v === 'number' ? ERROR_TEXT[v] : undefined) ?? '#VALUE!';
    case 'd':
      // Only with `cellDates: true`, which the reader does not ask for; SheetJS's Dates are UTC.
      return v instanceof Date ? formatDate(v) : '';
    default:
      return '';
  }
}

/**
 * LibreOffice saves the result of a boolean formula (=TRUE(), =A1>B1) in .ods as a float 1 or 0
 * displayed as TRUE/FALSE (VERDADEIRO/FALSO in a Brazilian LibreOffice), with no boolean type.
 * The shown text is what its .xlsx and CSV twins carry, so it is read as a boolean.
 */
function odsBooleanText(v: number, shown: string | undefined): string | undefined {
  if (v !== 0 && v !== 1) return undefined;
  const word = shown?.trim().toUpperCase();
  if (word === 'TRUE' || word === 'VERDADEIRO') return 'TRUE';
  if (word === 'FALSE' || word === 'FALSO') return 'FALSE';
  return undefined;
}
