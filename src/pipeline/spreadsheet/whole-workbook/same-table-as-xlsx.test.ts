/**
 * The promise of this reader: a workbook saved as .xls, .ods or .xlsb reads to the same rows as
 * the same workbook saved as .xlsx and read by the streamed .xlsx reader.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPREADSHEET_LIMITS, type OpenedSheet, type SheetRow } from '../opened-sheet.js';
import { openXlsxSheet } from '../xlsx/open-xlsx-sheet.js';
import { openWholeWorkbookSheet, type WholeWorkbookFormat } from './open-whole-workbook-sheet.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/', import.meta.url));

async function readAll(sheet: OpenedSheet): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows) rows.push(row);
  return rows;
}

// SheetJS trims a literal space at either end of .ods text (see open-whole-workbook-sheet.ts).
const trimEnds = (rows: SheetRow[]): SheetRow[] => rows.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells.map((c) => c.trim()) }));

const BY_DEFAULT_AND_BY_NAME = [undefined, 'Clientes'];
const BY_DEFAULT = [undefined];

describe.each<[string, WholeWorkbookFormat, string, (string | undefined)[]]>([
  ['whole-workbook/clientes.xls', 'xls', 'whole-workbook/clientes.xlsx', BY_DEFAULT_AND_BY_NAME],
  ['whole-workbook/clientes.ods', 'ods', 'whole-workbook/clientes.xlsx', BY_DEFAULT_AND_BY_NAME],
  ['whole-workbook/clientes.xlsb', 'xlsb', 'whole-workbook/clientes.xlsx', BY_DEFAULT_AND_BY_NAME],
  ['whole-workbook/datas-1904.xls', 'xls', 'whole-workbook/datas-1904.xlsx', BY_DEFAULT],
  ['whole-workbook/datas-1904.ods', 'ods', 'whole-workbook/datas-1904.xlsx', BY_DEFAULT],
  ['whole-workbook/datas-1904.xlsb', 'xlsb', 'whole-workbook/datas-1904.xlsx', BY_DEFAULT],
  ['producers/libreoffice.xls', 'xls', 'producers/libreoffice.xlsx', BY_DEFAULT_AND_BY_NAME],
  ['producers/libreoffice.ods', 'ods', 'producers/libreoffice.xlsx', BY_DEFAULT_AND_BY_NAME],
  ['producers/sheetjs.xlsb', 'xlsb', 'producers/sheetjs.xlsx', BY_DEFAULT_AND_BY_NAME],
])('%s', (file, format, twin, sheets) => {
  it.each(sheets)(`reads sheet %s to the same rows as ${twin}`, async (sheet) => {
    const options = { limits: DEFAULT_SPREADSHEET_LIMITS, ...(sheet === undefined ? {} : { sheet }) };
    const want = await readAll(await openXlsxSheet(join(FIXTURES, twin), options));
    const got = await readAll(await openWholeWorkbookSheet(join(FIXTURES, file), format, options));
    expect(got.length).toBeGreaterThan(1);
    if (format === 'ods') expect(trimEnds(got)).toEqual(trimEnds(want));
    else expect(got).toEqual(want);
  });
});
