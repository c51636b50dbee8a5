import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputFormatError } from '../../errors.js';
import { XlsxWorkbookWriter } from '../../outputs/xlsx/xlsx-workbook-writer.js';
import { formatDate, formatNumber } from '../spreadsheet/cell-text.js';
import { readXlsxRows, type XlsxRow } from './read-xlsx.js';

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-read-xlsx-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function collect(rows: AsyncIterable<XlsxRow>): Promise<XlsxRow[]> {
  const all: XlsxRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

async function saveWorkbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const path = join(dir, `${randomUUID()}.xlsx`);
  await workbook.xlsx.writeFile(path);
  return path;
}

describe('formatNumber', () => {
  it.each([
    [12345678909, '12345678909'],
    [1234567890, '1234567890'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0.0000001'],
    [-1.25e-7, '-0.000000125'],
    [1.5e21, '1500000000000000000000'],
    [2 ** 64, '18446744073709600000'],
    [-0, '0'],
    [0, '0'],
    [-12.5, '-12.5'],
    [100, '100'],
    [1234.5678, '1234.5678'],
    [Number.NaN, ''],
  ])('%d → %s', (n, want) => expect(formatNumber(n)).toBe(want));
});

describe('formatDate', () => {
  it.each([
    [new Date(Date.UTC(1987, 2, 14)), '1987-03-14'],
    [new Date(Date.UTC(2024, 0, 2, 13, 5, 9)), '2024-01-02 13:05:09'],
    [new Date(Date.UTC(2024, 0, 2, 13, 5, 8, 999.6)), '2024-01-02 13:05:09'],
    [new Date(Date.UTC(1899, 11, 30, 8, 30)), '08:30:00'],
    [new Date(Number.NaN), ''],
  ])('%s → %s', (date, want) => expect(formatDate(date)).toBe(want));
});

describe('readXlsxRows', () => {
  it('turns every kind of cell into the text a person would type', async () => {
    const path = await saveWorkbook((wb) => {
      const ws = wb.addWorksheet('Clientes');
      ws.addRow(['Nome', 'CPF', 'Nascimento', 'Valor', 'Ativo', 'Fórmula', 'Rico', 'Erro']);
      ws.addRow([
        'João Ação',
        12345678909,
        new Date(Date.UTC(1987, 2, 14)),
        0.1 + 0.2,
        true,
        { formula: 'D2*2', result: 0.6 },
        { richText: [{ text: 'Maria ' }, { font: { bold: true }, text: 'Silva' }] },
        { error: '#N/A' },
      ]);
      ws.getCell('C2').numFmt = 'dd/mm/yyyy';
      ws.addRow([null, 1234567890, new Date(Date.UTC(2024, 0, 2, 13, 5, 9)), 1e-7, false, { formula: 'A1', result: 'Nome' }]);
      ws.getCell('C3').numFmt = 'dd/mm/yyyy hh:mm:ss';
      ws.getCell('A5').value = 'after a gap';
      ws.getCell('D5').value = { text: 'site', hyperlink: 'https://example.com' };
      ws.getCell('A6').value = 'quebra_x000D_\nde linha';
    });

    const rows = await collect(readXlsxRows(path));
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['Nome', 'CPF', 'Nascimento', 'Valor', 'Ativo', 'Fórmula', 'Rico', 'Erro'] },
      { rowNumber: 2, cells: ['João Ação', '12345678909', '1987-03-14', '0.3', 'TRUE', '0.6', 'Maria Silva', '#N/A'] },
      { rowNumber: 3, cells: ['', '1234567890', '2024-01-02 13:05:09', '0.0000001', 'FALSE', 'Nome'] },
      { rowNumber: 5, cells: ['after a gap', '', '', 'site'] },
      { rowNumber: 6, cells: ['quebra\r\nde linha'] },
    ]);
  });

  it('reads the first sheet in tab order by default and tells its name', async () => {
    const path = await saveWorkbook((wb) => {
      wb.addWorksheet('Plan1').addRow(['primeira']);
      wb.addWorksheet('Plan2').addRow(['segunda']);
    });
    const rows = readXlsxRows(createReadStream(path));
    expect(rows.sheetName()).toBeNull();
    expect(await collect(rows)).toEqual([{ rowNumber: 1, cells: ['primeira'] }]);
    expect(rows.sheetName()).toBe('Plan1');
  });

  it('reads a named sheet after skipping the ones before it', async () => {
    const path = await saveWorkbook((wb) => {
      const first = wb.addWorksheet('Plan1');
      for (let i = 0; i < 500; i++) first.addRow([`linha ${i}`, i]);
      wb.addWorksheet('Resumo').addRow(['x']);
      wb.addWorksheet('Clientes 2024').addRow(['Nome']).commit();
      wb.getWorksheet('Clientes 2024')?.addRow(['Ana']);
    });
    const rows = readXlsxRows(path, { sheet: 'Clientes 2024' });
    expect(await collect(rows)).toEqual([
      { rowNumber: 1, cells: ['Nome'] },
      { rowNumber: 2, cells: ['Ana'] },
    ]);
    expect(rows.sheetName()).toBe('Clientes 2024');
  });

  it('names the available sheets when the requested one does not exist', async () => {
    const path = await saveWorkbook((wb) => {
      wb.addWorksheet('Plan1').addRow(['a']);
      wb.addWorksheet('Plan2').addRow(['b']);
    });
    const error = await collect(readXlsxRows(path, { sheet: 'Clientes' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputFormatError);
    expect((error as Error).message).toBe('sheet "Clientes" not found; available sheets: "Plan1", "Plan2"');
  });

  it('reports a file that is not a zip as a malformed xlsx', async () => {
    const path = join(dir, 'fake.xlsx');
    await writeFile(path, 'Nome;CPF\nAna;123\n'.repeat(100));
    await expect(collect(readXlsxRows(path))).rejects.toMatchObject({ code: 'MALFORMED_XLSX' });
  });

  it('reads back what XlsxWorkbookWriter wrote, text exactly as written', async () => {
    const path = join(dir, 'roundtrip.xlsx');
    const writer = await XlsxWorkbookWriter.create(path, { tempDir: dir });
    const dados = writer.addSheet('Dados', [{ header: 'Nome' }, { header: 'CPF' }, { header: 'Valor', kind: 'number' }]);
    writer.addSheet('Rejeitados', [{ header: 'Nome' }]);
    await dados.writeRow([`&<>"' 😀`, '01234567890', 1234.5]);
    await dados.writeRow(['_x0041_ literal', '+5511987654321', null]);
    await dados.writeRow(['linha\r\nnova', 'a\u0001b', -0.5]);
    await writer.finalize({ blocks: [{ kind: 'title', text: 'Resumo' }] });

    expect(await collect(readXlsxRows(path))).toEqual([
      { rowNumber: 1, cells: ['Nome', 'CPF', 'Valor'] },
      { rowNumber: 2, cells: [`&<>"' 😀`, '01234567890', '1234.5'] },
      { rowNumber: 3, cells: ['_x0041_ literal', '+5511987654321'] },
      { rowNumber: 4, cells: ['linha\r\nnova', 'ab', '-0.5'] },
    ]);
    expect(await collect(readXlsxRows(path, { sheet: 'Resumo' }))).toEqual([{ rowNumber: 1, cells: ['Resumo'] }]);
  });
});
