import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPREADSHEET_LIMITS, type OpenedSheet, type SheetRow, type SpreadsheetLimits } from '../opened-sheet.js';
import { openWholeWorkbookSheet, type WholeWorkbookFormat } from './open-whole-workbook-sheet.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/whole-workbook/', import.meta.url));
const FORMATS: WholeWorkbookFormat[] = ['xls', 'ods', 'xlsb'];

const open = (name: string, format: WholeWorkbookFormat, sheet?: string, limits: Partial<SpreadsheetLimits> = {}): Promise<OpenedSheet> =>
  openWholeWorkbookSheet(join(FIXTURES, name), format, {
    limits: { ...DEFAULT_SPREADSHEET_LIMITS, ...limits },
    ...(sheet === undefined ? {} : { sheet }),
  });

async function readAll(sheet: OpenedSheet): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows) rows.push(row);
  return rows;
}

// The same table for every producer: what the streamed .xlsx reader gives for its .xlsx twin.
const CLIENTES: SheetRow[] = [
  { rowNumber: 1, cells: ['nome', 'cpf', 'nascimento', 'atualizado_em', 'saldo', 'ativo', 'cidade', 'razao', 'zero', 'falso'] },
  {
    rowNumber: 2,
    cells: ['Maria da Conceição', '1234567890', '1985-03-07', '2024-01-15 13:45:30', '1234.5', 'TRUE', 'São Paulo', '#DIV/0!', '0', 'FALSE'],
  },
  { rowNumber: 3, cells: ['João Sem Dados', '', '', '2023-12-31', '', '', 'Conceição do Mato Dentro'] },
  { rowNumber: 5, cells: ['42', '', '', '', '-0.1', 'FALSE', '08:30:00', '2000-02-29'] },
];

describe.each(FORMATS)('openWholeWorkbookSheet: .%s', (format) => {
  const clientes = `clientes.${format}`;

  it('reads every cell of the data sheet as the .xlsx reader would', async () => {
    const sheet = await open(clientes, format, 'Clientes');
    expect(sheet.format).toBe(format);
    expect(sheet.sheetName).toBe('Clientes');
    expect(sheet.sheetNames).toEqual(['Oculta', 'Instruções', 'Clientes']);
    expect(await readAll(sheet)).toEqual(CLIENTES);
  });

  it('defaults to the first visible sheet, past a hidden one', async () => {
    const sheet = await open(clientes, format);
    expect(sheet.sheetName).toBe('Instruções');
    expect(await readAll(sheet)).toEqual([
      { rowNumber: 1, cells: ['Preencha a aba Clientes'] },
      { rowNumber: 3, cells: ['Uma linha por cliente'] },
    ]);
  });

  it.each([
    ['clientes', 'Clientes'],
    ['INSTRUCOES', 'Instruções'],
    ['Oculta', 'Oculta'],
  ])('finds sheet %j as "%s"', async (wanted, name) => {
    expect((await open(clientes, format, wanted)).sheetName).toBe(name);
  });

  it('names the sheets there are when the one asked for is missing', async () => {
    await expect(open(clientes, format, 'Vendas')).rejects.toMatchObject({
      problem: 'SHEET_NOT_FOUND',
      message: 'sheet "Vendas" not found; available sheets: "Oculta", "Instruções", "Clientes"',
    });
  });

  it('reads dates of a workbook in the 1904 date system', async () => {
    const sheet = await open(`datas-1904.${format}`, format);
    expect(await readAll(sheet)).toEqual([
      { rowNumber: 1, cells: ['quando', 'quanto'] },
      { rowNumber: 2, cells: ['2024-01-15', '10'] },
    ]);
  });

  it('refuses a row wider than maxColumns', async () => {
    await expect(open(clientes, format, 'Clientes', { maxColumns: 9 }).then(readAll)).rejects.toMatchObject({
      problem: 'TOO_MANY_COLUMNS',
      message: 'row 1 has a value in column J (number 10), past maxColumns (9)',
    });
  });

  it('refuses a cell longer than maxCellChars', async () => {
    await expect(open(clientes, format, 'Clientes', { maxCellChars: 12 }).then(readAll)).rejects.toMatchObject({
      problem: 'RECORD_TOO_LONG',
      message: 'cell D1 has 13 characters, past maxCellChars (12)',
    });
  });

  it('reports progress from 0 to the file size as rows are handed out', async () => {
    const sheet = await open(clientes, format, 'Clientes');
    const size = (await readFile(join(FIXTURES, clientes))).length;
    expect(sheet.bytesRead()).toBe(0);
    const seen: number[] = [];
    for await (const row of sheet.rows) seen.push(row.rowNumber && sheet.bytesRead());
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(sheet.bytesRead()).toBe(size);
  });

  it('stops at the next row once the signal aborts', async () => {
    const controller = new AbortController();
    const sheet = await openWholeWorkbookSheet(join(FIXTURES, clientes), format, {
      limits: DEFAULT_SPREADSHEET_LIMITS,
      sheet: 'Clientes',
      signal: controller.signal,
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const row of sheet.rows) {
          seen.push(row.rowNumber);
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([1]);
  });

  it('stops handing out rows once closed', async () => {
    const sheet = await open(clientes, format, 'Clientes');
    const rows: SheetRow[] = [];
    for await (const row of sheet.rows) {
      rows.push(row);
      sheet.close();
      sheet.close();
    }
    expect(rows).toHaveLength(1);
  });
});

describe('openWholeWorkbookSheet: files it cannot read', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-whole-workbook-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a file above maxWholeFileBytes without reading it', async () => {
    // Sparse zeros: read, they would fail as a malformed .xls, not as too large.
    const path = join(dir, 'big.xls');
    await writeFile(path, '');
    await truncate(path, 80 * 1024 * 1024);
    await expect(openWholeWorkbookSheet(path, 'xls', { limits: DEFAULT_SPREADSHEET_LIMITS })).rejects.toMatchObject({
      problem: 'TOO_LARGE',
      message: 'big.xls is a .xls of 80 MB; .xls, .ods and .xlsb files are read whole into memory, up to 32 MB: save it as .xlsx or .csv',
    });
  });

  it('rounds the size up and the limit down', async () => {
    const limits = { ...DEFAULT_SPREADSHEET_LIMITS, maxWholeFileBytes: 1500 };
    await expect(openWholeWorkbookSheet(join(FIXTURES, 'clientes.ods'), 'ods', { limits })).rejects.toThrow(
      /^clientes\.ods is a \.ods of 11 KB; .* up to 1 KB: save it as \.xlsx or \.csv$/,
    );
  });

  it.each(FORMATS)('calls a truncated .%s malformed, naming the format', async (format) => {
    const whole = await readFile(join(FIXTURES, `clientes.${format}`));
    const path = join(dir, `truncated.${format}`);
    await writeFile(path, whole.subarray(0, whole.length >> 1));
    await expect(openWholeWorkbookSheet(path, format, { limits: DEFAULT_SPREADSHEET_LIMITS })).rejects.toMatchObject({
      problem: 'MALFORMED_XLSX',
      message: expect.stringMatching(new RegExp(`^not a readable \\.${format}: .+`)) as unknown,
    });
  });

  it('does not read CSV text named .xls as a workbook', async () => {
    const path = join(dir, 'texto.xls');
    await writeFile(path, 'nome;cpf\nAna;123\n');
    await expect(openWholeWorkbookSheet(path, 'xls', { limits: DEFAULT_SPREADSHEET_LIMITS })).rejects.toMatchObject({
      problem: 'MALFORMED_XLSX',
      message: 'not a readable .xls: not an OLE2 (Excel 97–2003) file',
    });
  });
});
