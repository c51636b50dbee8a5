/**
 * The rows of a sheet that SheetJS parsed in dense mode (`!data[row][column]`, 0-based, holes
 * where there is no cell) as SheetRows of text, with the column and cell-size caps and the
 * messages of the streamed .xlsx reader (xlsx/sheet-reader.ts).
 */
import type { SheetRow, SpreadsheetLimits } from '../opened-sheet.js';
import { placeCellText } from '../place-cell.js';
import { sheetjsCellText, type CellTextContext, type SheetjsCell } from './sheetjs-cell-text.js';

export type DenseCells = readonly (readonly (SheetjsCell | null | undefined)[] | null | undefined)[];

export interface DenseSheet {
  readonly data: DenseCells;
  readonly context: CellTextContext;
  readonly limits: Pick<SpreadsheetLimits, 'maxColumns' | 'maxCellChars'>;
}

/**
 * As the streamed .xlsx reader does: a row with no cell object is left out, and a cell whose text
 * is '' (a blank string, a formula that gave "") does not make a row longer or count against
 * maxColumns. `onRow` hears the 0-based index of each row given (for progress).
 */
export function* denseSheetRows(sheet: DenseSheet, onRow: (index: number) => void = () => {}): Generator<SheetRow> {
  const { data, context, limits } = sheet;
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (row === null || row === undefined || !row.some((cell) => cell !== null && cell !== undefined)) continue;
    const rowNumber = r + 1;
    const cells: string[] = [];
    for (let c = 0; c < row.length; c++) {
      const text = sheetjsCellText(row[c], context);
      if (text === '') continue;
      placeCellText(cells, c, rowNumber, text, limits);
    }
    onRow(r);
    yield { rowNumber, cells };
  }
}
