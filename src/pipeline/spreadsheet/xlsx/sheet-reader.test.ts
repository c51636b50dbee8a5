import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SPREADSHEET_LIMITS, type SheetRow } from '../opened-sheet.js';
import { openXlsxSheet } from './open-xlsx-sheet.js';
import { columnIndexOf, columnName } from './sheet-reader.js';
import { fixtureParts, writeFixture, type FixtureOptions } from '../../../../test/support/xlsx-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-sheet-reader-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function rowsOf(options: Omit<FixtureOptions, 'sheets'> & { data: string }): Promise<SheetRow[]> {
  const path = await writeFixture(dir, fixtureParts({ ...options, sheets: [{ name: 'Dados', data: options.data }] }));
  const sheet = await openXlsxSheet(path, { limits: DEFAULT_SPREADSHEET_LIMITS });
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows) rows.push(row);
  return rows;
}
const cellsOf = async (options: Parameters<typeof rowsOf>[0]) => (await rowsOf(options)).map((r) => r.cells);

describe('column references', () => {
  it.each([
    ['A1', 0],
    ['Z9', 25],
    ['AA10', 26],
    ['XFD1048576', 16_383],
    ['c7', 2],
    ['7', -1],
  ])('columnIndexOf(%j) = %d', (ref, want) => expect(columnIndexOf(ref)).toBe(want));
  it.each([0, 25, 26, 701, 702, 16_383])('columnName inverts columnIndexOf for %d', (i) =>
    expect(columnIndexOf(columnName(i))).toBe(i),
  );
});

describe('readSheetRows: positions', () => {
  it('fills missing cells with empty text by their r column', async () => {
    expect(
      await rowsOf({
        data: '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>' +
          '<row r="3"><c r="B3"><v>2</v></c></row>',
      }),
    ).toEqual([
      { rowNumber: 1, cells: ['a', '', '', 'd'] },
      { rowNumber: 3, cells: ['', '2'] },
    ]);
  });

  it('places cells without r after the previous cell, and rows without r after the previous row', async () => {
    expect(
      await rowsOf({
        data: '<row r="2"><c><v>1</v></c><c r="C2"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>',
      }),
    ).toEqual([
      { rowNumber: 2, cells: ['1', '', '3', '4'] },
      { rowNumber: 3, cells: ['5'] },
    ]);
  });

  it('ignores a lying dimension, streams rows in file order, keeps rows of empty cells, skips rows without cells', async () => {
    const data =
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<dimension ref="A1:A1"/><sheetData>' +
      '<row r="5"><c r="F5"><v>6</v></c></row><row r="2"><c r="A2" s="0"/><c r="B2" t="s"/></row><row r="3"/>' +
      '</sheetData><mergeCells count="1"><mergeCell ref="F5:G6"/></mergeCells></worksheet>';
    expect(await rowsOf({ data })).toEqual([
      { rowNumber: 5, cells: ['', '', '', '', '', '6'] },
      { rowNumber: 2, cells: [] },
    ]);
  });

  it('reads elements with a namespace prefix (x:row, x:c)', async () => {
    const data =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>';
    expect(await cellsOf({ data })).toEqual([['', 'b']]);
  });
});

describe('readSheetRows: cell types', () => {
  it.each([
    ['a shared string', '<c r="A1" t="s"><v>1</v></c>', 'segundo'],
    ['a number stored as text', '<c r="A1" t="s"><v>2</v></c>', '00123'],
    ['an inline string', '<c r="A1" t="inlineStr"><is><t xml:space="preserve"> João </t></is></c>', ' João '],
    ['inline rich text, all runs', '<c r="A1" t="inlineStr"><is><r><t>Maria </t></r><r><rPr><b/></rPr><t>Silva</t></r></is></c>', 'Maria Silva'],
    ['inline text with a phonetic run', '<c r="A1" t="inlineStr"><is><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c>', '東京'],
    ['a formula string result', '<c r="A1" t="str"><f>A2&amp;"x"</f><v>ax</v></c>', 'ax'],
    ['a formula with cached 0', '<c r="A1"><f>B1*0</f><v>0</v></c>', '0'],
    ['a formula with cached FALSE', '<c r="A1" t="b"><f>1=2</f><v>0</v></c>', 'FALSE'],
    ['a formula without a cached value', '<c r="A1"><f>B1*2</f></c><c r="B1"><v>1</v></c>', ''],
    ['TRUE', '<c r="A1" t="b"><v>1</v></c>', 'TRUE'],
    ['an error', '<c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', '#DIV/0!'],
    ['#N/A', '<c r="A1" t="e"><v>#N/A</v></c>', '#N/A'],
    ['a float', '<c r="A1"><v>0.30000000000000004</v></c>', '0.3'],
    ['a CPF-sized integer', '<c r="A1" t="n"><v>12345678909</v></c>', '12345678909'],
    ['an exponent', '<c r="A1"><v>1E-7</v></c>', '0.0000001'],
    ['an ISO date cell', '<c r="A1" t="d"><v>2024-01-02T00:00:00</v></c>', '2024-01-02'],
    ['an ISO date-time cell', '<c r="A1" t="d"><v>2024-01-02T13:05:09.000Z</v></c>', '2024-01-02 13:05:09'],
    ['entities', '<c r="A1" t="inlineStr"><is><t>&lt;a&amp;b&gt; &#233;</t></is></c>', '<a&b> é'],
    ['CDATA', '<c r="A1" t="inlineStr"><is><t><![CDATA[x < y & z]]></t></is></c>', 'x < y & z'],
    ['_xHHHH_ escapes', '<c r="A1" t="inlineStr"><is><t>a_x000D__x000A_b _x005F_x0041_</t></is></c>', 'a\r\nb _x0041_'],
  ])('%s', async (_, cell, want) => {
    const sharedStrings = ['<si><t>primeiro</t></si>', '<si><t>segundo</t></si>', '<si><t>00123</t></si>'];
    const [row] = await cellsOf({ sharedStrings, data: `<row r="1">${cell}</row>` });
    expect(row?.[0] ?? '').toBe(want);
  });

  it('concatenates a shared string plain text and rich runs in order, without phonetic text', async () => {
    const sharedStrings = [
      '<si><t>ab</t><r><t>cd</t></r><r><rPr><i/></rPr><t xml:space="preserve"> ef</t></r><rPh sb="0" eb="1"><t>PH</t></rPh><phoneticPr fontId="1"/></si>',
      '<si><t><![CDATA[<b>&]]></t></si>',
      '<si><r><t>só</t></r><r><t>_x0009_runs</t></r></si>',
    ];
    const data = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>';
    expect(await cellsOf({ sharedStrings, data })).toEqual([['abcd ef', '<b>&', 'só\truns']]);
  });

  it('merged cells: only the top-left value, nothing invented', async () => {
    const data =
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>título</t></is></c><c r="B1"/><c r="C1"/></row>' +
      '<row r="2"><c r="A2"><v>1</v></c></row></sheetData>' +
      '<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>';
    expect(await cellsOf({ data })).toEqual([['título'], ['1']]);
  });
});

describe('readSheetRows: dates by style', () => {
  const numFmts =
    '<numFmt numFmtId="164" formatCode="[$-416]dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00 &quot;R$&quot;"/>' +
    '<numFmt numFmtId="166" formatCode="[h]:mm:ss"/><numFmt numFmtId="167" formatCode="yyyy-mm-dd hh:mm"/>';
  const cellXfs =
    '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="10"/>';
  const row = (style: number, v: string) => `<row><c s="${style}"><v>${v}</v></c></row>`;

  it('turns serials in date styles into dates, other styles into numbers', async () => {
    const data = [row(0, '31850'), row(1, '31850'), row(2, '45293'), row(3, '1234.5'), row(4, '1.5'), row(5, '45293.5451388889'), row(6, '0.25'), row(1, '0.354166666666667'), row(99, '7')].join('');
    expect((await cellsOf({ numFmts, cellXfs, data })).map((c) => c[0])).toEqual([
      '31850',
      '1987-03-14',
      '2024-01-02',
      '1234.5',
      '1.5',
      '2024-01-02 13:05:00',
      '0.25',
      '08:30:00',
      '7',
    ]);
  });

  it('counts from 1904 when the workbook says date1904', async () => {
    for (const flag of ['1', 'true']) {
      const cells = await cellsOf({ numFmts, cellXfs, workbookPr: `<workbookPr date1904="${flag}"/>`, data: row(1, '30388') });
      expect(cells).toEqual([['1987-03-14']]);
    }
  });

  it('a time of day (serial below 1) is the time alone in the 1904 system too', async () => {
    const cells = await cellsOf({ numFmts, cellXfs, workbookPr: '<workbookPr date1904="1"/>', data: row(1, '0.354340277777778') + row(5, '0.5') });
    expect(cells).toEqual([['08:30:15'], ['12:00:00']]);
  });
});
