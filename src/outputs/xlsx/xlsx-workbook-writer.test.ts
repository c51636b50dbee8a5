import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkXlsxPackage } from '../../../test/support/xlsx-package.js';
import { MAX_CELL_CHARS } from './xml-text.js';
import { XlsxWorkbookWriter, type SheetColumn } from './xlsx-workbook-writer.js';

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-xlsx-test-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

const sheet = (workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet => {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};

const COLUMNS: SheetColumn[] = [
  { header: 'Nome' },
  { header: 'CPF' },
  { header: 'Telefone' },
  { header: 'Valor', kind: 'number', numberFormat: 'decimal' },
  { header: 'Observação', width: 30 },
];

describe('XlsxWorkbookWriter', () => {
  it('writes tricky text as text, numbers as numbers, and reads back with exceljs', async () => {
    const output = join(dir, 'clientes_higienizado.xlsx');
    const writer = await XlsxWorkbookWriter.create(output, { tempDir: dir });
    const dados = writer.addSheet('Dados', COLUMNS);
    const duplicados = writer.addSheet('Duplicados', COLUMNS);
    const rejeitados = writer.addSheet('Rejeitados', [...COLUMNS, { header: 'Motivo' }]);

    await dados.writeRow(['João Ação Ñandú', '01234567890', '+5511987654321', 1234.5, 'família 👨‍👩‍👧 ok']);
    await rejeitados.writeRow(['=HYPERLINK("http://evil.example","clique")', '123', '-', 'abc', null, 'CPF inválido']);
    await dados.writeRow([`&<>"'`, '00000000191', '+55 11 98765-4321', '-12.50', 'a\u0000b\u0008c\u000Bd\u001Fe\uD800f']);
    await duplicados.writeRow(['Maria', '01234567890', null, -1.25, undefined]);
    await dados.writeRow(['x'.repeat(40_000), '', '@SUM(A1)', 0, 'linha 1\r\nlinha 2']);
    await dados.writeRow(['  espaços  ', '1', '2', '', '_x0041_ literal']);
    expect(dados.rowCount).toBe(4);

    await writer.finalize({
      blocks: [
        { kind: 'title', text: 'Resumo da higienização' },
        { kind: 'pairs', pairs: [['Linhas lidas', 6], ['Taxa de válidos', { value: 0.9321, format: 'percent' }], ['Arquivo', 'clientes.csv']] },
        { kind: 'table', title: 'Por campo', header: ['Campo', 'Válidos', 'Corrigidos'], rows: [['CPF', 3, 1], ['Telefone', 2, null]] },
      ],
    });

    checkXlsxPackage(await readFile(output));
    const workbook = await readBack(output);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Dados', 'Duplicados', 'Rejeitados', 'Resumo']);

    const ws = sheet(workbook, 'Dados');
    expect(ws.getRow(1).values).toEqual([undefined, 'Nome', 'CPF', 'Telefone', 'Valor', 'Observação']);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:E5');

    expect(ws.getCell('A2').value).toBe('João Ação Ñandú');
    expect(ws.getCell('B2').value).toBe('01234567890');
    expect(ws.getCell('B2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('C2').value).toBe('+5511987654321');
    expect(ws.getCell('C2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('D2').value).toBe(1234.5);
    expect(ws.getCell('D2').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('D2').numFmt).toBe('#,##0.00');
    expect(ws.getCell('E2').value).toBe('família 👨‍👩‍👧 ok');

    expect(ws.getCell('A3').value).toBe(`&<>"'`);
    expect(ws.getCell('B3').value).toBe('00000000191');
    expect(ws.getCell('C3').value).toBe("'+55 11 98765-4321");
    expect(ws.getCell('D3').value).toBe(-12.5);
    expect(ws.getCell('E3').value).toBe('abcdef');

    expect(ws.getCell('A4').value).toHaveLength(MAX_CELL_CHARS);
    expect(ws.getCell('B4').type).toBe(ExcelJS.ValueType.Null);
    expect(ws.getCell('C4').value).toBe("'@SUM(A1)");
    expect(ws.getCell('D4').value).toBe(0);
    expect(ws.getCell('E4').value).toBe('linha 1\r\nlinha 2');

    expect(ws.getCell('A5').value).toBe('  espaços  ');
    expect(ws.getCell('B5').value).toBe('1');
    expect(ws.getCell('D5').type).toBe(ExcelJS.ValueType.Null);
    // Excel decodes `_xHHHH_` in strings (ECMA-376 ST_Xstring), so the literal goes out protected;
    // exceljs doesn't decode inline strings and shows the protection (read-xlsx.ts decodes it).
    expect(ws.getCell('E5').value).toBe('_x005F_x0041_ literal');

    expect(ws.getColumn(5).width).toBe(30);
    expect(ws.getColumn(1).width).toBe(60); // the 40k-char cell hits the cap
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual('01234567890'.length);

    const rej = sheet(workbook, 'Rejeitados');
    expect(rej.getCell('A2').value).toBe(`'=HYPERLINK("http://evil.example","clique")`);
    expect(rej.getCell('A2').formula).toBeUndefined();
    expect(rej.getCell('C2').value).toBe("'-");
    expect(rej.getCell('D2').value).toBe('abc'); // not a number: kept as text rather than lost
    expect(rej.getCell('F2').value).toBe('CPF inválido');
    expect(rej.autoFilter).toBe('A1:F2');

    expect(sheet(workbook, 'Duplicados').getRow(2).values).toEqual([undefined, 'Maria', '01234567890', undefined, -1.25]);

    const resumo = sheet(workbook, 'Resumo');
    expect(resumo.getCell('A1').value).toBe('Resumo da higienização');
    expect(resumo.getCell('A1').font?.size).toBe(14);
    expect(resumo.getRow(3).values).toEqual([undefined, 'Linhas lidas', 6]);
    expect(resumo.getCell('B4').value).toBe(0.9321);
    expect(resumo.getCell('B4').numFmt).toBe('0.0%');
    expect(resumo.getCell('A7').value).toBe('Por campo');
    expect(resumo.getRow(8).values).toEqual([undefined, 'Campo', 'Válidos', 'Corrigidos']);
    expect(resumo.getCell('B8').font?.bold).toBe(true);
    expect(resumo.getRow(9).values).toEqual([undefined, 'CPF', 3, 1]);
    expect(resumo.getCell('B9').type).toBe(ExcelJS.ValueType.Number);
    expect(resumo.views[0]?.state).not.toBe('frozen');
  });

  it('continues a sheet in "Dados (2)" past the row limit, header repeated', async () => {
    const output = join(dir, 'split.xlsx');
    const writer = await XlsxWorkbookWriter.create(output, { tempDir: dir, maxRowsPerSheet: 5, widthSampleRows: 3 });
    const dados = writer.addSheet('Dados', [{ header: 'N', kind: 'number' }, { header: 'Texto' }]);
    const rejeitados = writer.addSheet('Rejeitados', [{ header: 'N', kind: 'number' }]);
    for (let n = 1; n <= 10; n++) {
      await dados.writeRow([n, `linha ${n}`]);
      if (n % 4 === 0) await rejeitados.writeRow([n]);
    }
    expect(dados.rowCount).toBe(10);
    await writer.finalize();

    const workbook = await readBack(output);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Dados', 'Dados (2)', 'Dados (3)', 'Rejeitados']);
    const column = (name: string) => sheet(workbook, name).getColumn(1).values.slice(1);
    expect(column('Dados')).toEqual(['N', 1, 2, 3, 4]);
    expect(column('Dados (2)')).toEqual(['N', 5, 6, 7, 8]);
    expect(column('Dados (3)')).toEqual(['N', 9, 10]);
    expect(column('Rejeitados')).toEqual(['N', 4, 8]);
    expect(sheet(workbook, 'Dados (2)').autoFilter).toBe('A1:B5');
    expect(sheet(workbook, 'Dados (3)').autoFilter).toBe('A1:B3');
    expect(sheet(workbook, 'Dados (3)').views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('writes a header-only sheet when no row arrives', async () => {
    const output = join(dir, 'empty.xlsx');
    const writer = await XlsxWorkbookWriter.create(output, { tempDir: dir });
    writer.addSheet('Duplicados', [{ header: 'Nome' }, { header: 'CPF' }]);
    await writer.finalize();
    const ws = sheet(await readBack(output), 'Duplicados');
    expect(ws.rowCount).toBe(1);
    expect(ws.autoFilter).toBe('A1:B1');
  });

  it('asks the caller to wait when a sheet buffer is full, and the data survives', async () => {
    const output = join(dir, 'big.xlsx');
    const writer = await XlsxWorkbookWriter.create(output, { tempDir: dir, widthSampleRows: 1 });
    const dados = writer.addSheet('Dados', [{ header: 'Texto' }, { header: 'N', kind: 'number' }]);
    const text = 'abcdefghij'.repeat(1_000);
    let waits = 0;
    for (let n = 0; n < 2_000; n++) {
      const pending = dados.writeRow([`${n} ${text}`, n]);
      if (pending) {
        waits++;
        await pending;
      }
    }
    await writer.finalize();
    expect(waits).toBeGreaterThan(0);
    const ws = sheet(await readBack(output), 'Dados');
    expect(ws.rowCount).toBe(2_001);
    expect(ws.getCell('A2001').value).toBe(`1999 ${text}`);
  });

  it('abort leaves neither the output nor temp files behind', async () => {
    const output = join(dir, 'aborted.xlsx');
    const tempDir = join(dir, 'tmp');
    await mkdir(tempDir);
    const writer = await XlsxWorkbookWriter.create(output, { tempDir, widthSampleRows: 1 });
    const dados = writer.addSheet('Dados', [{ header: 'A' }]);
    for (let n = 0; n < 100; n++) await dados.writeRow([`${n}`]);
    await writer.abort();
    expect(await readdir(tempDir)).toEqual([]);
    await expect(stat(output)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(writer.finalize()).rejects.toThrow(/finalized or aborted/);
  });

  it('fails finalize without leaving an output when a temp file cannot be written', async () => {
    const output = join(dir, 'failed.xlsx');
    const tempDir = join(dir, 'tmp');
    await mkdir(tempDir);
    const writer = await XlsxWorkbookWriter.create(output, { tempDir, widthSampleRows: 1 });
    await rm(tempDir, { recursive: true });
    const dados = writer.addSheet('Dados', [{ header: 'A' }]);
    await dados.writeRow(['x']);
    await expect(writer.finalize()).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(output)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removes its temp files after finalize', async () => {
    const tempDir = join(dir, 'tmp');
    await mkdir(tempDir);
    const writer = await XlsxWorkbookWriter.create(join(dir, 'ok.xlsx'), { tempDir });
    await writer.addSheet('Dados', [{ header: 'A' }]).writeRow(['x']);
    await writer.finalize();
    expect(await readdir(tempDir)).toEqual([]);
  });

  it.each([['Dados/2024'], ['a'.repeat(32)], [''], ["'Dados"], ['History'], ['x[1]']])('rejects the sheet name %j', async (name) => {
    const writer = await XlsxWorkbookWriter.create(join(dir, 'x.xlsx'), { tempDir: dir });
    expect(() => writer.addSheet(name, [{ header: 'A' }])).toThrow(RangeError);
    await writer.abort();
  });

  it('rejects a duplicate sheet name, case-insensitively', async () => {
    const writer = await XlsxWorkbookWriter.create(join(dir, 'x.xlsx'), { tempDir: dir });
    writer.addSheet('Dados', [{ header: 'A' }]);
    expect(() => writer.addSheet('DADOS', [{ header: 'A' }])).toThrow(/duplicate/);
    await writer.abort();
  });
});
