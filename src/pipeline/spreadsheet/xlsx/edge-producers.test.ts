/**
 * Edge cases as real producers save them (test/fixtures/spreadsheet-edge/, made by
 * scripts/fixtures/make-spreadsheet-edge-fixtures.sh with openpyxl, xlsxwriter and LibreOffice):
 * every cell read as the README's table says.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputFormatError } from '../../../errors.js';
import { DEFAULT_SPREADSHEET_LIMITS, type OpenedSheet } from '../opened-sheet.js';
import { openXlsxSheet } from './open-xlsx-sheet.js';

const fixtures = fileURLToPath(new URL('../../../../test/fixtures/spreadsheet-edge/', import.meta.url));

async function read(file: string): Promise<{ sheet: OpenedSheet; cells: string[][] }> {
  const sheet = await openXlsxSheet(join(fixtures, file), { limits: DEFAULT_SPREADSHEET_LIMITS });
  const cells: string[][] = [];
  for await (const row of sheet.rows) cells.push(row.cells);
  return { sheet, cells };
}

describe('edge cases saved by real producers', () => {
  it('openpyxl, 1904 dates, a chartsheet and a hidden sheet before the data: the data sheet, dates and times right', async () => {
    const { sheet, cells } = await read('openpyxl-1904-chartsheet-first.xlsx');
    expect(sheet.sheetNames).toEqual(['Gráfico', 'Oculta', 'Dados']);
    expect(sheet.sheetName).toBe('Dados');
    expect(cells).toEqual([
      ['nome', 'nascimento', 'atualizado_em', 'hora', 'valor'],
      ['Ana', '1985-03-07', '2024-01-15 13:45:30', '08:30:15', '10'],
      ['Bia', '1904-01-01', '1999-12-31 23:59:59', '00:00:01', '20'],
    ]);
  });

  it('openpyxl: numbers as text, percent, currency, [$-416] dates, merged cells, a formula with no cached value', async () => {
    const { cells } = await read('openpyxl-formats-merged.xlsx');
    expect(cells).toEqual([
      ['texto_numero', 'percentual', 'moeda', 'data_br', 'mesclada', 'formula', 'grande', 'negativo'],
      ['00123', '0.125', '1234.5', '2024-02-29', 'topo', '', '12345678909', '-1234.5'],
      // C3 is =B3*2 as openpyxl saves it, with no <v>: nothing cached, nothing invented.
      ['1e5', '1', '', '2024-02-29 23:59:59', '', '', '0.3'],
    ]);
  });

  it('openpyxl: a value in the 16,385th column (XFE) → TOO_MANY_COLUMNS naming the column', async () => {
    const sheet = await openXlsxSheet(join(fixtures, 'openpyxl-column-16385.xlsx'), { limits: DEFAULT_SPREADSHEET_LIMITS });
    const error = await (async () => {
      for await (const row of sheet.rows) expect(row.cells.length).toBeLessThanOrEqual(16_384);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputFormatError);
    expect(error).toMatchObject({ problem: 'TOO_MANY_COLUMNS', message: expect.stringContaining('column XFE (number 16385)') });
  });

  it('openpyxl cuts a 40,000-character cell to 32,767 (Excel\'s limit), which is read whole', async () => {
    const { cells } = await read('openpyxl-cell-40000.xlsx');
    expect(cells[1]?.[0]).toBe('x'.repeat(32_767));
  });

  it('xlsxwriter: rich strings, rows with spans, its cached 0 for a formula, booleans, errors, spaces and line breaks', async () => {
    const { cells } = await read('xlsxwriter-rich-formulas.xlsx');
    expect(cells).toEqual([
      ['rico', 'formula', 'com_valor', 'data', 'booleano', 'erro'],
      // =2+3 written without a value: xlsxwriter caches 0, and the cached result is what the file says.
      ['Maria da Conceição Silva', '0', '5', '2024-01-15', 'FALSE', '#DIV/0!'],
      ['só negrito no início', 'FALSE', '  espaços  ', 'linha1\nlinha2'],
    ]);
  });

  it.each([
    ['libreoffice-formulas.xlsx', 'xlsx'],
    ['libreoffice-formulas.xlsm', 'xlsm'],
  ])('LibreOffice %s: recalculated formulas, cached 0 and FALSE included', async (file, format) => {
    const { sheet, cells } = await read(file);
    expect(sheet.format).toBe(format);
    expect(cells).toEqual([
      ['n', 'dobro', 'texto', 'data', 'zero', 'falso'],
      ...[1, 2, 3, 4, 5].map((n) => [String(n), String(2 * n), n > 2 ? 'grande' : 'pequeno', `2024-01-0${n}`, '0', 'FALSE']),
    ]);
  });
});
