import { describe, expect, it } from 'vitest';
import { denseSheetRows, type DenseCells } from './dense-sheet-rows.js';

const LIMITS = { maxColumns: 16_384, maxCellChars: 32_767 };
const rowsOf = (data: DenseCells, limits = LIMITS) => [...denseSheetRows({ data, context: { date1904: false, isOds: false }, limits })];

describe('denseSheetRows', () => {
  it('skips rows without cells, fills gaps with "" and ends at the last cell with text', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [, { t: 's', v: 'b' }, , , ,];
    const blankAtEnd = [{ t: 'n', v: 1 }, undefined, { t: 'b', v: true }, { t: 's', v: '' }, { t: 'z' }];
    expect(rowsOf([[{ t: 's', v: 'a' }], undefined, [], [null, null], sparse, blankAtEnd, [{ t: 's', v: '' }]])).toEqual([
      { rowNumber: 1, cells: ['a'] },
      { rowNumber: 5, cells: ['', 'b'] },
      { rowNumber: 6, cells: ['1', '', 'TRUE'] },
      { rowNumber: 7, cells: [] },
    ]);
  });

  it('tells which row is too wide', () => {
    expect(() => rowsOf([[{ t: 's', v: 'a' }], [{ t: 's', v: 'a' }, null, { t: 's', v: 'c' }]], { ...LIMITS, maxColumns: 2 })).toThrow(
      'row 2 has a value in column C (number 3), past maxColumns (2)',
    );
  });

  it('lets blank cells past maxColumns be', () => {
    expect(rowsOf([[{ t: 's', v: 'a' }, { t: 's', v: '' }, { t: 'z' }]], { ...LIMITS, maxColumns: 1 })).toEqual([{ rowNumber: 1, cells: ['a'] }]);
  });

  it('tells which cell is too long', () => {
    expect(() => rowsOf([[null, null, { t: 's', v: 'abcd' }]], { ...LIMITS, maxCellChars: 3 })).toThrow(
      'cell C1 has 4 characters, past maxCellChars (3)',
    );
  });
});
