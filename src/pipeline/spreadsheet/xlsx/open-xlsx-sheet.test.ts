import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputFormatError } from '../../../errors.js';
import { DEFAULT_SPREADSHEET_LIMITS, type OpenedSheet, type SheetRow, type SpreadsheetLimits } from '../opened-sheet.js';
import { openXlsxSheet } from './open-xlsx-sheet.js';
import { fixtureParts, MAIN_NS, REL_NS, writeFixture, zipParts, type FixtureSheet, type Parts } from '../../../../test/support/xlsx-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-open-xlsx-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const sheetOf = (name: string, extra: Partial<FixtureSheet> = {}): FixtureSheet => ({
  name,
  data: `<row r="1">${cell('A1', name)}</row>`,
  ...extra,
});

async function collect(sheet: OpenedSheet): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows) rows.push(row);
  return rows;
}

async function open(parts: Parts, options: { sheet?: string; limits?: Partial<SpreadsheetLimits>; signal?: AbortSignal } = {}) {
  const path = await writeFixture(dir, parts);
  return openXlsxSheet(path, { ...options, limits: { ...DEFAULT_SPREADSHEET_LIMITS, ...options.limits } });
}

const firstCell = async (sheet: OpenedSheet) => (await collect(sheet))[0]?.cells[0];

async function problemOf(work: Promise<unknown>): Promise<{ problem: string; message: string }> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputFormatError);
  const { problem, message } = error as InputFormatError;
  return { problem, message };
}

describe('openXlsxSheet: finding parts', () => {
  it('reads the first visible worksheet, skipping hidden, very hidden and chart sheets', async () => {
    const sheet = await open(
      fixtureParts({
        sheets: [
          sheetOf('Gráfico', { kind: 'chartsheet' }),
          sheetOf('Oculta', { state: 'hidden' }),
          sheetOf('Muito oculta', { state: 'veryHidden' }),
          sheetOf('Clientes'),
          sheetOf('Outra'),
        ],
      }),
    );
    expect(sheet.format).toBe('xlsx');
    expect(sheet.sheetName).toBe('Clientes');
    expect(sheet.sheetNames).toEqual(['Gráfico', 'Oculta', 'Muito oculta', 'Clientes', 'Outra']);
    expect(await collect(sheet)).toEqual([{ rowNumber: 1, cells: ['Clientes'] }]);
  });

  it('chooses a sheet by exact name, then ignoring case and accents, hidden ones included', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('Relatório'), sheetOf('relatorio'), sheetOf('Oculta', { state: 'hidden' })] });
    expect(await firstCell(await open(parts, { sheet: 'relatorio' }))).toBe('relatorio');
    expect(await firstCell(await open(parts, { sheet: 'RELATÓRIO' }))).toBe('Relatório');
    expect(await firstCell(await open(parts, { sheet: 'oculta' }))).toBe('Oculta');
  });

  it('says which sheets exist when the name matches none', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('A'), sheetOf('B')] });
    expect(await problemOf(open(parts, { sheet: 'X' }))).toEqual({
      problem: 'SHEET_NOT_FOUND',
      message: 'sheet "X" not found; available sheets: "A", "B"',
    });
  });

  it('follows absolute targets, renamed parts, ../ targets and any-case names', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('Dados')], sharedStrings: ['<si><t>compartilhada</t></si>'] });
    const sheetXml = `<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`;
    delete parts['xl/worksheets/sheet1.xml'];
    parts['XL/Planilhas/Dados.XML'] = sheetXml;
    const sst = parts['xl/sharedStrings.xml'] as string;
    delete parts['xl/sharedStrings.xml'];
    parts['xl/strings/sst.xml'] = sst;
    parts['xl/_rels/workbook.xml.rels'] =
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="/xl/planilhas/dados.xml"/>` +
      `<Relationship Id="rId9" Type="${REL_NS}/sharedStrings" Target="../xl/strings/sst.xml"/></Relationships>`;
    expect(await firstCell(await open(parts))).toBe('compartilhada');
  });

  it('accepts backslash zip paths and a workbook found only through _rels/.rels', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('Dados')] });
    const renamed: Parts = {};
    for (const [name, body] of Object.entries(parts)) renamed[name.replace(/\//g, '\\').replace('xl\\workbook.xml', 'xl\\livro.xml')] = body;
    renamed['_rels\\.rels'] = (parts['_rels/.rels'] as string).replace('xl/workbook.xml', '/xl/livro.xml');
    renamed['xl\\_rels\\livro.xml.rels'] = parts['xl/_rels/workbook.xml.rels'] as string;
    delete renamed['xl\\_rels\\workbook.xml.rels'];
    expect(await firstCell(await open(renamed))).toBe('Dados');
  });

  it('reads strict OOXML relationship types and prefixed sheet ids', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('Dados')] });
    const strict = 'http://purl.oclc.org/ooxml/officeDocument/relationships';
    parts['_rels/.rels'] = (parts['_rels/.rels'] as string).replaceAll(REL_NS, strict);
    parts['xl/_rels/workbook.xml.rels'] = (parts['xl/_rels/workbook.xml.rels'] as string).replaceAll(REL_NS, strict);
    parts['xl/workbook.xml'] = (parts['xl/workbook.xml'] as string).replace(`xmlns:r="${REL_NS}"`, `xmlns:rel="${strict}"`).replace('r:id', 'rel:id');
    expect(await firstCell(await open(parts))).toBe('Dados');
  });

  it('tells .xlsm from .xlsx by the workbook content type', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('Macro')], mainContentType: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' });
    expect((await open(parts)).format).toBe('xlsm');
  });

  it('reads a zip with stored (uncompressed) parts, every row, with progress', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, `linha ${i}`)}</row>`);
    const path = await writeFixture(dir, zipParts(fixtureParts({ sheets: [{ name: 'Dados', data: rows.join('') }] }), 0));
    const sheet = await openXlsxSheet(path, { limits: DEFAULT_SPREADSHEET_LIMITS });
    const read = await collect(sheet);
    expect(read.map((r) => r.cells[0])).toEqual(Array.from({ length: 5000 }, (_, i) => `linha ${i}`));
    expect(sheet.bytesRead()).toBe((await stat(path)).size);
  });

  it('reports progress up to the file size', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, `linha ${i} ${'x'.repeat(i % 50)}`)}</row>`);
    const path = await writeFixture(dir, fixtureParts({ sheets: [{ name: 'Dados', data: rows.join('') }] }));
    const sheet = await openXlsxSheet(path, { limits: DEFAULT_SPREADSHEET_LIMITS });
    expect(sheet.bytesRead()).toBe(0);
    expect((await collect(sheet)).length).toBe(2000);
    expect(sheet.bytesRead()).toBe((await stat(path)).size);
    sheet.close();
    sheet.close();
  });
});

describe('openXlsxSheet: broken files', () => {
  it.each([
    ['not a zip', new TextEncoder().encode('Nome;CPF\nJoão;123\n')],
    ['a zip without a workbook', zipParts({ 'leia-me.txt': 'oi' })],
  ])('%s → MALFORMED_XLSX', async (_, bytes) => {
    const path = await writeFixture(dir, bytes);
    expect((await problemOf(openXlsxSheet(path, { limits: DEFAULT_SPREADSHEET_LIMITS }))).problem).toBe('MALFORMED_XLSX');
  });

  it('a sheet with broken XML → MALFORMED_XLSX naming the part', async () => {
    const parts = fixtureParts({ sheets: [{ name: 'Dados', data: '<row r="1"><c r="A1"><v>1</c></row>' }] });
    const { problem, message } = await problemOf(open(parts).then(collect));
    expect(problem).toBe('MALFORMED_XLSX');
    expect(message).toContain('xl/worksheets/sheet1.xml');
  });

  it('a sheet the workbook names but the zip lacks → MALFORMED_XLSX', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('Dados')] });
    delete parts['xl/worksheets/sheet1.xml'];
    expect((await problemOf(open(parts))).message).toContain('sheet "Dados" points to xl/worksheets/sheet1.xml');
  });

  it('a cell pointing past the shared strings → MALFORMED_XLSX naming the cell, not a silent blank', async () => {
    const parts = fixtureParts({ sheets: [{ name: 'Dados', data: '<row r="2"><c r="C2" t="s"><v>5</v></c></row>' }], sharedStrings: ['<si><t>a</t></si>'] });
    const { problem, message } = await problemOf(open(parts).then(collect));
    expect(problem).toBe('MALFORMED_XLSX');
    expect(message).toContain('cell C2 points to shared string 5, but the table has 1');
  });

  it('finds xl/sharedStrings.xml by its usual name when the workbook has no relationship to it', async () => {
    const parts = fixtureParts({ sheets: [{ name: 'Dados', data: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }], sharedStrings: ['<si><t>nome</t></si>'] });
    const rels = parts['xl/_rels/workbook.xml.rels'] as string;
    parts['xl/_rels/workbook.xml.rels'] = rels.replace(/<Relationship Id="rIdSst"[^>]*\/>/, '');
    expect(await firstCell(await open(parts))).toBe('nome');
  });

  it('a missing file is an I/O error, unchanged', async () => {
    await expect(openXlsxSheet(join(dir, 'nada.xlsx'), { limits: DEFAULT_SPREADSHEET_LIMITS })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('openXlsxSheet: limits', () => {
  const wide = fixtureParts({ sheets: [{ name: 'Dados', data: `<row r="1">${cell('A1', 'a')}${cell('E1', 'e')}<c r="Z1"/></row>` }] });

  it('TOO_MANY_COLUMNS past maxColumns (an empty cell further out does not count)', async () => {
    expect(await collect(await open(wide, { limits: { maxColumns: 5 } }))).toEqual([{ rowNumber: 1, cells: ['a', '', '', '', 'e'] }]);
    const { problem, message } = await problemOf(open(wide, { limits: { maxColumns: 4 } }).then(collect));
    expect(problem).toBe('TOO_MANY_COLUMNS');
    expect(message).toContain('maxColumns (4)');
  });

  it('RECORD_TOO_LONG for a cell longer than maxCellChars, shared or inline', async () => {
    const parts = fixtureParts({ sheets: [{ name: 'Dados', data: `<row r="1">${cell('A1', 'abcd')}</row>` }] });
    expect(await collect(await open(parts, { limits: { maxCellChars: 4 } }))).toHaveLength(1);
    expect((await problemOf(open(parts, { limits: { maxCellChars: 3 } }).then(collect))).problem).toBe('RECORD_TOO_LONG');
    const shared = fixtureParts({ sheets: [{ name: 'Dados', data: '<row><c t="s"><v>0</v></c></row>' }], sharedStrings: ['<si><t>abcd</t></si>'] });
    expect((await problemOf(open(shared, { limits: { maxCellChars: 3 } }).then(collect))).message).toContain('cell A1 has 4 characters');
  });

  it('RECORD_TOO_LONG for a huge cell as soon as its text passes the limit, not after holding it whole', async () => {
    // 64 MiB of text in one <t> (a deflated bomb of ~64 KB): saxes would hold it all before the cell closes.
    const huge = fixtureParts({ sheets: [{ name: 'Dados', data: '<row r="3"><c r="B3" t="inlineStr"><is><t>' }] });
    const text = new Uint8Array(64 * 1024 ** 2).fill(0x61);
    const head = huge['xl/worksheets/sheet1.xml'] as string;
    const [before = '', after = ''] = head.split('<t>');
    huge['xl/worksheets/sheet1.xml'] = Buffer.concat([Buffer.from(`${before}<t>`), text, Buffer.from(`</t></is></c></row>${after.replace('<row r="3"><c r="B3" t="inlineStr"><is>', '')}`)]);
    const { problem, message } = await problemOf(open(huge).then(collect));
    expect(problem).toBe('RECORD_TOO_LONG');
    expect(message).toContain('cell B3 has more than 32767 characters');
    // Stopped at the limit: the whole text was never counted (a 1 GB cell used to end at V8's string limit, ~640 MB RSS).
    expect(message).not.toContain(String(text.length));
    // Split in many CDATA sections, each piece short: the cell's text still stops at the limit.
    const pieces = '<![CDATA[abcd]]>'.repeat(10);
    const parts = fixtureParts({ sheets: [{ name: 'Dados', data: `<row r="1"><c r="A1" t="inlineStr"><is><t>${pieces}</t></is></c></row>` }] });
    expect((await problemOf(open(parts, { limits: { maxCellChars: 39 } }).then(collect))).message).toContain('cell A1');
  });

  it('TOO_LARGE when a sheet inflates past maxPartBytes, counted while streaming', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, 'x'.repeat(100))}</row>`).join('');
    const parts = fixtureParts({ sheets: [{ name: 'Dados', data: rows }] });
    const { problem, message } = await problemOf(open(parts, { limits: { maxPartBytes: 20_000 } }).then(collect));
    expect(problem).toBe('TOO_LARGE');
    expect(message).toContain('maxPartBytes (20000 bytes)');
  });

  it('TOO_LARGE when the shared strings pass maxSharedStringBytes, declared or inflated', async () => {
    const strings = Array.from({ length: 200 }, (_, i) => `<si><t>texto ${i}</t></si>`);
    const parts = fixtureParts({ sheets: [{ name: 'Dados', data: '<row><c t="s"><v>0</v></c></row>' }], sharedStrings: strings });
    expect(await firstCell(await open(parts, { limits: { maxSharedStringBytes: 10_000 } }))).toBe('texto 0');
    const { problem, message } = await problemOf(open(parts, { limits: { maxSharedStringBytes: 1_000 } }));
    expect(problem).toBe('TOO_LARGE');
    expect(message).toContain('maxSharedStringBytes (1000 bytes)');
  });

  it('TOO_LARGE when the shared strings table would take more memory than maxSharedStringMemoryBytes, whatever its XML size', async () => {
    const strings = Array.from({ length: 100 }, (_, i) => `<si><t>${i % 10}</t></si>`);
    const parts = fixtureParts({ sheets: [{ name: 'Dados', data: '<row><c t="s"><v>0</v></c></row>' }], sharedStrings: strings });
    // 100 entries of one character: 5,400 estimated bytes.
    expect(await firstCell(await open(parts, { limits: { maxSharedStringMemoryBytes: 5_400 } }))).toBe('0');
    const { problem, message } = await problemOf(open(parts, { limits: { maxSharedStringMemoryBytes: 2_000 } }));
    expect(problem).toBe('TOO_LARGE');
    expect(message).toMatch(/maxSharedStringMemoryBytes \(2000 bytes, passed after 37 entries\): save the sheet as \.csv/);
  });

  it('a shared strings part whose declared size lies is still stopped while inflating', async () => {
    const strings = Array.from({ length: 200 }, (_, i) => `<si><t>texto ${i}</t></si>`);
    const bytes = zipParts(fixtureParts({ sheets: [{ name: 'Dados', data: '<row><c t="s"><v>0</v></c></row>' }], sharedStrings: strings }));
    const path = await writeFixture(dir, lieAboutSize(bytes, 'xl/sharedStrings.xml', 10));
    const limits = { ...DEFAULT_SPREADSHEET_LIMITS, maxSharedStringBytes: 1_000 };
    expect((await problemOf(openXlsxSheet(path, { limits }))).message).toContain('maxSharedStringBytes (1000 bytes)');
  });
});

describe('openXlsxSheet: abort', () => {
  it('stops with the signal reason when aborted between rows', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, `linha ${i}`)}</row>`).join('');
    const controller = new AbortController();
    const aborted = await open(fixtureParts({ sheets: [{ name: 'Dados', data: rows }] }), { signal: controller.signal });
    const reason = new Error('parou');
    let seen = 0;
    const reading = (async () => {
      for await (const row of aborted.rows) {
        seen = row.rowNumber;
        if (seen === 10) controller.abort(reason);
      }
    })();
    await expect(reading).rejects.toBe(reason);
    expect(seen).toBe(10);
  });

  it('refuses to start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(open(fixtureParts({ sheets: [sheetOf('Dados')] }), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/** Rewrites the uncompressed size of `name` in the central directory and local header, as a zip bomb would. */
function lieAboutSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  const encoded = new TextEncoder().encode(name);
  const matchesAt = (at: number) => encoded.every((b, k) => bytes[at + k] === b);
  for (let at = 0; at < bytes.length - 4; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50 && matchesAt(at + 30)) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50 && matchesAt(at + 46)) view.setUint32(at + 24, size, true);
  }
  return bytes;
}

describe('openXlsxSheet: odd workbooks', () => {
  it('falls back to the first worksheet when every worksheet is hidden', async () => {
    const sheet = await open(fixtureParts({ sheets: [sheetOf('Gráfico', { kind: 'chartsheet' }), sheetOf('Oculta', { state: 'hidden' })] }));
    expect(sheet.sheetName).toBe('Oculta');
    sheet.close();
  });

  it('refuses a chart sheet chosen by name, listing the sheets', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('Gráfico', { kind: 'chartsheet' }), sheetOf('Dados')] });
    expect(await problemOf(open(parts, { sheet: 'grafico' }))).toEqual({
      problem: 'SHEET_NOT_FOUND',
      message: 'sheet "Gráfico" is a chart or dialog sheet, it has no cells; available sheets: "Gráfico", "Dados"',
    });
  });

  it('reads a UTF-8 BOM and a sheet part without an XML declaration', async () => {
    const parts = fixtureParts({ sheets: [sheetOf('Dados')] });
    parts['xl/worksheets/sheet1.xml'] = `\uFEFF${parts['xl/worksheets/sheet1.xml'] as string}`;
    expect(await firstCell(await open(parts))).toBe('Dados');
  });

  it('stops reading the file when the caller stops early', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, `linha ${i}`)}</row>`).join('');
    const sheet = await open(fixtureParts({ sheets: [{ name: 'Dados', data: rows }] }));
    for await (const row of sheet.rows) if (row.rowNumber === 3) break;
    const after: SheetRow[] = [];
    for await (const row of sheet.rows) after.push(row);
    expect(after).toEqual([]);
    sheet.close();
  });
});
