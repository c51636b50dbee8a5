import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkXlsxPackage, conditionalFormattingsOf, pictureSizeOf } from '../../../test/support/xlsx-package.js';
import { EMU_PER_PIXEL } from './drawing-xml.js';
import { renderSummarySheet, type SummaryBlock } from './summary-sheet.js';
import { XlsxWorkbookWriter, type SheetImage, type SummarySheet } from './xlsx-workbook-writer.js';

// A valid 1×1 PNG: the writer copies bytes, it never decodes them.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const image = (widthPx: number, heightPx: number, description: string): SheetImage => ({
  png: Buffer.concat([PNG, Buffer.from(description)]), // distinct bytes per picture
  widthPx,
  heightPx,
  description,
});

const FIELD_TABLE: SummaryBlock = {
  kind: 'table',
  title: 'Campos',
  header: ['Campo', 'Tipo', 'Válidos', 'Corrigidos', 'Inválidos', 'Vazios', '% utilizável'],
  rows: [
    ['CPF', 'cpf', 133, 128, 18, 21, { value: 0.87, format: 'percent' }],
    ['Nome', 'name', 167, 129, 0, 4, { value: 0.9867, format: 'percent' }],
    ['Observação', 'text', 78, 10, 0, 212, { value: 0.2933, format: 'percent' }],
  ],
  highlights: [
    { column: 4, highlight: 'alertAboveZero' },
    { column: 6, highlight: 'shareScale' },
  ],
};
const DEFINITION = 'Parcela dos valores preenchidos que ficaram utilizáveis (válidos ou corrigidos) em todos os campos reconhecidos.';
const DASHBOARD: SummarySheet = {
  blocks: [
    { kind: 'title', text: 'Relatório de higienização' },
    { kind: 'pairs', pairs: [['Linhas lidas', { value: 300, format: 'integer' }], ['Índice de qualidade', { value: 0.9736, format: 'percent' }]] },
    { kind: 'note', text: DEFINITION },
    FIELD_TABLE,
    { kind: 'table', title: 'Rejeitadas por motivo', header: ['Motivo', 'Linhas'], rows: [['x'.repeat(80), 2]] },
  ],
  images: [image(640, 300, 'Campos'), image(640, 101, 'Linhas por UF')],
};

let dir: string;
beforeEach(async () => {
  dir = join(tmpdir(), `higia-summary-test-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function writeWorkbook(summary: SummarySheet): Promise<string> {
  const output = join(dir, 'painel.xlsx');
  const writer = await XlsxWorkbookWriter.create(output, { tempDir: dir });
  await writer.addSheet('Dados', [{ header: 'Nome' }, { header: 'Valor', kind: 'number' }]).writeRow(['Ana', 10]);
  await writer.finalize(summary);
  return output;
}

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

describe('renderSummarySheet', () => {
  it('stacks pictures in the column after the widest block, a blank column and row apart', () => {
    const { anchors, lastRow } = renderSummarySheet(DASHBOARD, { isSelected: false, drawingRelId: 'rId1' });
    // The field table spans A…G (7 columns): H stays blank, pictures start in I (index 8).
    expect(anchors.map((a) => [a.column, a.row, a.relId])).toEqual([
      [8, 0, 'rId1'],
      [8, 16, 'rId2'], // 300 px = 15 rows of 20 px, then one blank row
    ]);
    expect(lastRow).toBe(16);
  });

  it('places pictures past a title or note even when every block is narrow', () => {
    const { anchors } = renderSummarySheet(
      { blocks: [{ kind: 'title', text: 'T' }, { kind: 'pairs', pairs: [['a', 1]] }], images: [image(10, 10, 'x')] },
      { isSelected: false, drawingRelId: 'rId1' },
    );
    expect(anchors[0]?.column).toBe(5); // titles span at least A…D, E blank
  });

  it('refuses pictures without a drawing relationship to point at', () => {
    expect(() => renderSummarySheet(DASHBOARD, { isSelected: false })).toThrow(/drawing relationship/);
  });
});

describe('XlsxWorkbookWriter: the summary as a dashboard', () => {
  it('anchors each PNG at its size in EMUs and exceljs reads the pictures back', async () => {
    const output = await writeWorkbook(DASHBOARD);
    const pkg = checkXlsxPackage(await readFile(output));
    expect(Object.keys(pkg.files).filter((n) => /drawing|media|_rels\/sheet/.test(n)).sort()).toEqual([
      'xl/drawings/_rels/drawing1.xml.rels',
      'xl/drawings/drawing1.xml',
      'xl/media/image1.png',
      'xl/media/image2.png',
      'xl/worksheets/_rels/sheet2.xml.rels',
    ]);
    expect(pkg.text('[Content_Types].xml')).toContain('<Default Extension="png" ContentType="image/png"/>');
    expect(pkg.text('xl/worksheets/sheet2.xml')).toMatch(/<pageMargins [^>]*\/><drawing r:id="rId1"\/><\/worksheet>$/);
    expect(pkg.text('xl/worksheets/sheet1.xml')).not.toContain('<drawing');
    const drawing = pkg.text('xl/drawings/drawing1.xml');
    expect(drawing).toContain(`<xdr:ext cx="${640 * EMU_PER_PIXEL}" cy="${300 * EMU_PER_PIXEL}"/>`);
    expect(drawing).toContain('descr="Linhas por UF"');
    expect(Buffer.from(pkg.files['xl/media/image2.png']!)).toEqual(DASHBOARD.images![1]!.png);

    const workbook = await readBack(output);
    const resumo = workbook.getWorksheet('Resumo')!;
    const pictures = resumo.getImages();
    expect(pictures).toHaveLength(2);
    expect(pictures.map((p) => [p.range.tl.nativeCol, p.range.tl.nativeRow, pictureSizeOf(p)])).toEqual([
      [8, 0, { width: 640, height: 300 }],
      [8, 16, { width: 640, height: 101 }],
    ]);
    const media = workbook.model.media as unknown as { type: string; extension: string; buffer: Buffer }[];
    expect(media.map((m) => [m.type, m.extension])).toEqual([
      ['image', 'png'],
      ['image', 'png'],
    ]);
    expect(media[0]?.buffer).toEqual(DASHBOARD.images![0]!.png);
    expect(workbook.getWorksheet('Dados')!.getRow(2).values).toEqual([undefined, 'Ana', 10]);
  });

  it('colours the share column and flags invalid counts above zero, body rows only', async () => {
    const workbook = await readBack(await writeWorkbook(DASHBOARD));
    const resumo = workbook.getWorksheet('Resumo')!;
    // Rows: 1 title, 3-4 pairs, 6 note, 8 table title, 9 header, 10-12 body.
    expect(resumo.getCell('A9').value).toBe('Campo');
    expect(resumo.getCell('A10').value).toBe('CPF');
    const rules = conditionalFormattingsOf(resumo).map((cf) => ({ ref: cf.ref, type: cf.rules[0]?.type }));
    expect(rules).toEqual([
      { ref: 'E10:E12', type: 'cellIs' },
      { ref: 'G10:G12', type: 'colorScale' },
    ]);
    const [alert, scale] = conditionalFormattingsOf(resumo).map((cf) => cf.rules[0]) as [ExcelJS.CellIsRuleType, ExcelJS.ColorScaleRuleType];
    expect(alert).toMatchObject({ operator: 'greaterThan', formulae: ['0'] });
    expect(alert.style?.fill).toMatchObject({ bgColor: { argb: 'FFFFC7CE' } });
    expect(scale.cfvo?.map((c) => [c.type, c.value])).toEqual([
      ['num', 0],
      ['num', 0.8],
      ['num', 1],
    ]);
    expect(scale.color?.map((c) => c.argb)).toEqual(['FFF8696B', 'FFFFEB84', 'FF63BE7B']);
  });

  it('spans the title and the definition across the blocks, wraps the definition and sizes its row', async () => {
    const output = await writeWorkbook(DASHBOARD);
    const resumo = (await readBack(output)).getWorksheet('Resumo')!;
    expect(resumo.getCell('A1').isMerged).toBe(true);
    expect(resumo.getCell('G1').master.address).toBe('A1');
    expect(resumo.getCell('A6').value).toBe(DEFINITION);
    expect(resumo.getCell('G6').master.address).toBe('A6');
    expect(resumo.getCell('A6').alignment).toMatchObject({ wrapText: true });
    expect(resumo.getRow(6).height).toBeGreaterThanOrEqual(14);
    expect(resumo.getCell('B4').numFmt).toBe('0.0%');
    expect(resumo.getCell('B3').numFmt).toBe('#,##0');
    expect(resumo.getCell('A9').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    // 80 characters is wider than any column gets: wrapped instead of running under the pictures.
    expect(resumo.getCell('A16').alignment).toMatchObject({ wrapText: true });
    expect(resumo.getCell('A10').alignment).toBeUndefined();
  });

  it('writes no drawing, media or png type when the summary has no pictures', async () => {
    const output = await writeWorkbook({ blocks: DASHBOARD.blocks });
    const pkg = checkXlsxPackage(await readFile(output));
    expect(Object.keys(pkg.files).filter((n) => /drawing|media|_rels\/sheet/.test(n))).toEqual([]);
    expect(pkg.text('[Content_Types].xml')).not.toContain('png');
    expect((await readBack(output)).getWorksheet('Resumo')!.getImages()).toEqual([]);
  });

  it('opens on the dashboard when asked to: Resumo is the active, selected tab and no data sheet is', async () => {
    const output = join(dir, 'abre-no-resumo.xlsx');
    const writer = await XlsxWorkbookWriter.create(output, { tempDir: dir, openOn: 'summary' });
    await writer.addSheet('Dados', [{ header: 'A' }]).writeRow(['x']);
    writer.addSheet('Rejeitados', [{ header: 'A' }]);
    await writer.finalize(DASHBOARD);
    const pkg = checkXlsxPackage(await readFile(output));
    expect(pkg.text('xl/workbook.xml')).toContain('<workbookView activeTab="2"/>');
    expect(pkg.text('xl/worksheets/sheet3.xml')).toContain('<sheetView workbookViewId="0" tabSelected="1"/>');
    for (const sheet of ['sheet1', 'sheet2']) expect(pkg.text(`xl/worksheets/${sheet}.xml`)).not.toContain('tabSelected');
    expect((await readBack(output)).getWorksheet('Dados')!.getCell('A2').value).toBe('x');
  });

  it('opens on the first data sheet by default', async () => {
    const pkg = checkXlsxPackage(await readFile(await writeWorkbook(DASHBOARD)));
    expect(pkg.text('xl/workbook.xml')).toContain('<workbookView activeTab="0"/>');
    expect(pkg.text('xl/worksheets/sheet1.xml')).toContain('tabSelected="1"');
    expect(pkg.text('xl/worksheets/sheet2.xml')).not.toContain('tabSelected');
  });

  it.each([
    ['bytes that are not a PNG', { png: Buffer.from('GIF89a'), widthPx: 10, heightPx: 10 }, /not a PNG/],
    ['a zero height', { png: PNG, widthPx: 10, heightPx: 0 }, /positive width and height/],
  ])('fails finalize on %s, leaving no output', async (_what, bad, message) => {
    const output = join(dir, 'ruim.xlsx');
    const writer = await XlsxWorkbookWriter.create(output, { tempDir: dir });
    writer.addSheet('Dados', [{ header: 'A' }]);
    await expect(writer.finalize({ blocks: [], images: [bad] })).rejects.toThrow(message);
    await expect(stat(output)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
