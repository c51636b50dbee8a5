import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XlsxWorkbookWriter } from '../../../outputs/xlsx/xlsx-workbook-writer.js';
import { DEFAULT_SPREADSHEET_LIMITS, type SheetRow } from '../opened-sheet.js';
import { openXlsxSheet } from './open-xlsx-sheet.js';

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-xlsx-producers-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function read(path: string, sheet?: string): Promise<SheetRow[]> {
  const opened = await openXlsxSheet(path, { sheet, limits: DEFAULT_SPREADSHEET_LIMITS });
  const rows: SheetRow[] = [];
  for await (const row of opened.rows) rows.push(row);
  return rows;
}

describe('reading what other producers wrote, cell by cell', () => {
  it.each([
    ['exceljs, shared strings', true],
    ['exceljs, inline strings', false],
  ])('%s', async (_, useSharedStrings) => {
    const path = join(dir, 'exceljs.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings, useStyles: true });
    const hidden = workbook.addWorksheet('Oculta', { state: 'hidden' });
    hidden.addRow(['não é esta']).commit();
    hidden.commit();
    const ws = workbook.addWorksheet('Clientes');
    ws.addRow(['Nome', 'CPF', 'Nascimento', 'Valor', 'Ativo', 'Fórmula', 'Zero', 'Falso', 'Erro', 'Texto']).commit();
    const second = ws.addRow([
      'João Ação',
      12345678909,
      new Date(Date.UTC(1987, 2, 14)),
      0.1 + 0.2,
      true,
      { formula: 'D2*2', result: 0.6 },
      { formula: 'D2*0', result: 0 },
      { formula: '1=2', result: false },
      { error: '#DIV/0!' },
      '00123',
    ]);
    second.getCell(3).numFmt = 'dd/mm/yyyy';
    second.commit();
    const third = ws.addRow([null, 1234567890, new Date(Date.UTC(2024, 0, 2, 13, 5, 9)), 1e-7, false, { formula: 'A1', result: 'Nome' }]);
    third.getCell(3).numFmt = 'dd/mm/yyyy hh:mm:ss';
    third.commit();
    ws.getRow(5).getCell(1).value = 'após uma linha vazia';
    ws.getRow(5).commit();
    ws.commit();
    await workbook.commit();

    expect(await read(path)).toEqual([
      { rowNumber: 1, cells: ['Nome', 'CPF', 'Nascimento', 'Valor', 'Ativo', 'Fórmula', 'Zero', 'Falso', 'Erro', 'Texto'] },
      { rowNumber: 2, cells: ['João Ação', '12345678909', '1987-03-14', '0.3', 'TRUE', '0.6', '0', 'FALSE', '#DIV/0!', '00123'] },
      { rowNumber: 3, cells: ['', '1234567890', '2024-01-02 13:05:09', '0.0000001', 'FALSE', 'Nome'] },
      { rowNumber: 5, cells: ['após uma linha vazia'] },
    ]);
    expect(await read(path, 'oculta')).toEqual([{ rowNumber: 1, cells: ['não é esta'] }]);
  });

  it('XlsxWorkbookWriter (the project writer): text exactly as written', async () => {
    const path = join(dir, 'roundtrip.xlsx');
    const writer = await XlsxWorkbookWriter.create(path, { tempDir: dir });
    const dados = writer.addSheet('Dados', [{ header: 'Nome' }, { header: 'CPF' }, { header: 'Valor', kind: 'number' }]);
    writer.addSheet('Rejeitados', [{ header: 'Nome' }]);
    await dados.writeRow([`&<>"' 😀`, '01234567890', 1234.5]);
    await dados.writeRow(['_x0041_ literal', '+5511987654321', null]);
    await dados.writeRow(['linha\r\nnova', 'a\u0001b', -0.5]);
    await dados.writeRow(['  espaços  ', '=1+1', 12345678909]);
    await writer.finalize({ blocks: [{ kind: 'title', text: 'Resumo' }] });

    expect(await read(path)).toEqual([
      { rowNumber: 1, cells: ['Nome', 'CPF', 'Valor'] },
      { rowNumber: 2, cells: [`&<>"' 😀`, '01234567890', '1234.5'] },
      { rowNumber: 3, cells: ['_x0041_ literal', '+5511987654321'] },
      { rowNumber: 4, cells: ['linha\r\nnova', 'ab', '-0.5'] },
      { rowNumber: 5, cells: ['  espaços  ', expect.any(String), '12345678909'] },
    ]);
    expect(await read(path, 'Resumo')).toEqual([{ rowNumber: 1, cells: ['Resumo'] }]);
  });
});
