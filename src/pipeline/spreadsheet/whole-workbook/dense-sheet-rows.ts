/**
 * The rows of a sheet that SheetJS parsed in dense mode (`!data[row][column]`, 0-based, holes
 * where there is no cell) as SheetRows of text, with the column and cell-size caps every reader
 * applies.
 */
import { InputFormatError } from '../../../errors.js';
import type { SheetRow, SpreadsheetLimits } from '../opened-sheet.js';
import { sheetjsCellText, type CellTextContext, type SheetjsCell } from './sheetjs-cell-text.js';

export type DenseCells = readonly (readonly (SheetjsCell | null | undefined)[] | null | undefined)[];

export interface DenseSheet {
  readonly file: string;
  readonly sheetName: string;
  readonly data: DenseCells;
  readonly context: CellTextContext;
  readonly limits: Pick<SpreadsheetLimits, 'maxColumns' | 'maxCellChars'>;
}

/** Rows with no cell are left out; `onRow` hears the 0-based index of each row given (for progress). */
export function* denseSheetRows(sheet: DenseSheet, onRow: (index: number) => void = () => {}): Generator<SheetRow> {
  const { data, context, limits } = sheet;
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    const width = row === null || row === undefined ? 0 : widthOf(row);
    if (row === null || row === undefined || width === 0) continue;
    if (width > limits.maxColumns) {
      throw new InputFormatError(
        'TOO_MANY_COLUMNS',
        `${where(sheet)} row ${r + 1} has ${width} columns, above the limit of ${limits.maxColumns}`,
      );
    }
    const cells: string[] = new Array<string>(width);
    for (let c = 0; c < width; c++) {
      const text = sheetjsCellText(row[c], context);
      if (text.length > limits.maxCellChars) {
        throw new InputFormatError(
          'RECORD_TOO_LONG',
          `${where(sheet)} cell ${columnName(c)}${r + 1} has ${text.length} characters, above the limit of ${limits.maxCellChars}`,
        );
      }
      cells[c] = text;
    }
    onRow(r);
    yield { rowNumber: r + 1, cells };
  }
}

/** Columns up to the last cell present: SheetJS arrays may end in holes after a deleted cell. */
function widthOf(row: readonly (SheetjsCell | null | undefined)[]): number {
  let width = row.length;
  while (width > 0 && (row[width - 1] === null || row[width - 1] === undefined)) width--;
  return width;
}

const where = (sheet: DenseSheet): string => `${sheet.file}, sheet "${sheet.sheetName}":`;

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
