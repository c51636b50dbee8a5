import { InputFormatError } from '../../errors.js';
import type { SpreadsheetLimits } from './opened-sheet.js';

/** `0` → `A`, `26` → `AA`: how spreadsheets name a column, for messages. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * Puts a non-empty cell's text in its column of the row, past gaps of '' (missing cells are
 * empty), after the limits every reader enforces: a value beyond maxColumns, or a cell longer
 * than maxCellChars, stops the job with a message naming the cell.
 */
export function placeCellText(
  cells: string[],
  column: number,
  rowNumber: number,
  text: string,
  limits: Pick<SpreadsheetLimits, 'maxColumns' | 'maxCellChars'>,
): void {
  if (column >= limits.maxColumns) {
    throw new InputFormatError(
      'TOO_MANY_COLUMNS',
      `row ${rowNumber} has a value in column ${columnName(column)} (number ${column + 1}), past maxColumns (${limits.maxColumns})`,
    );
  }
  if (text.length > limits.maxCellChars) {
    throw new InputFormatError(
      'RECORD_TOO_LONG',
      `cell ${columnName(column)}${rowNumber} has ${text.length} characters, past maxCellChars (${limits.maxCellChars})`,
    );
  }
  while (cells.length < column) cells.push('');
  cells[column] = text;
}
