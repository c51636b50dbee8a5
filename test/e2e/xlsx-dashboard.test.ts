import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/pipeline/summary.js';
import { buildReportCharts } from '../../src/reports/model/report-charts.js';
import { buildReportModel } from '../../src/reports/model/report-model.js';
import { summarySheetOf } from '../../src/reports/xlsx-summary-sheet.js';
import { XlsxWorkbookWriter } from '../../src/outputs/xlsx/xlsx-workbook-writer.js';
import { emptySummary, hostileSummary, hugeSummary, wideSummary } from '../support/report-summaries.js';
import { runHigia } from '../support/run-higia.js';
import { checkXlsxPackage, conditionalFormattingsOf } from '../support/xlsx-package.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATA_ROWS = 2_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-xlsx-dashboard-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

const worksheet = (workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet => {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name} in ${workbook.worksheets.map((w) => w.name).join(', ')}`);
  return found;
};

/** Label in column A → the row it is on, for the Resumo sheet. */
function rowsByLabel(sheet: ExcelJS.Worksheet): Map<string, ExcelJS.Row> {
  const rows = new Map<string, ExcelJS.Row>();
  sheet.eachRow((row) => {
    const label = row.getCell(1).value;
    if (typeof label === 'string' && !rows.has(label)) rows.set(label, row);
  });
  return rows;
}

const chartCount = (summary: RunSummary): number => {
  const charts = buildReportCharts(buildReportModel(summary, 'pt-BR'));
  return charts.fieldStatus.length + [charts.enrichment, charts.ufs, charts.phoneTypes, charts.emailDomains, charts.duplicates, charts.rejections].filter(Boolean).length;
};

/** A data sheet like a real job's (streamed) plus the dashboard; returns the file and how long finish took. */
async function writeJob(name: string, summary: RunSummary, dashboard: boolean): Promise<{ path: string; finishMs: number }> {
  const path = join(dir, `${name}_higienizado.xlsx`);
  const writer = await XlsxWorkbookWriter.create(path, { tempDir: dir });
  const dados = writer.addSheet('Dados', [{ header: 'Nome' }, { header: 'CPF' }, { header: 'Renda', kind: 'number', numberFormat: 'decimal' }]);
  for (let n = 1; n <= DATA_ROWS; n++) await dados.writeRow([`Cliente ${n} ção 👍`, String(n).padStart(11, '0'), n * 1.5]);
  const started = performance.now();
  const sheet = dashboard ? summarySheetOf(summary, 'pt-BR') : { name: 'Resumo', blocks: [] };
  await writer.finalize(sheet);
  return { path, finishMs: performance.now() - started };
}

describe('XLSX dashboard: higia process on examples/clientes.csv', () => {
  let summary: RunSummary;
  let workbook: ExcelJS.Workbook;
  let xlsx: Buffer;

  beforeAll(async () => {
    const out = join(dir, 'cli');
    const run = await runHigia(['process', 'examples/clientes.csv', '--reference', 'examples/reference', '--out', out, '--format', 'xlsx,json', '--no-progress']);
    // examples/reference is indexed by whichever test runs first: this run may be the one that says so.
    expect(run.stderr.replace(/^reference index: built (pessoas|empresas|ceps) .*\n/gm, '')).toBe('');
    expect(run.code).toBe(0);
    summary = JSON.parse(await readFile(join(out, 'clientes_resumo.json'), 'utf8')) as RunSummary;
    xlsx = await readFile(join(out, 'clientes_higienizado.xlsx'));
    workbook = await readBack(join(out, 'clientes_higienizado.xlsx'));
  });

  it('shows the run summary numbers on Resumo', () => {
    const resumo = worksheet(workbook, 'Resumo');
    expect(resumo.getCell('A1').value).toBe('Relatório de higienização');
    const rows = rowsByLabel(resumo);
    const valueOf = (label: string) => rows.get(label)?.getCell(2);
    expect(valueOf('Arquivo')?.value).toBe('clientes.csv');
    expect(valueOf('Linhas lidas')?.value).toBe(summary.input.rows);
    expect(valueOf('Mantidas')?.value).toBe(summary.rows.kept);
    expect(valueOf('Duplicadas')?.value).toBe(summary.rows.duplicates);
    expect(valueOf('Rejeitadas')?.value).toBe(summary.rows.rejected);
    expect(valueOf('Mantidas')?.numFmt).toBe('#,##0');
    const score = valueOf('Índice de qualidade');
    expect(score?.value).toBe(buildReportModel(summary, 'pt-BR').qualityScore);
    expect(score?.numFmt).toBe('0.0%');
    expect(score?.type).toBe(ExcelJS.ValueType.Number);

    const cpf = rows.get('CPF')!;
    const f = summary.fields['CPF']!;
    expect(cpf.values).toEqual([
      undefined,
      'CPF',
      'CPF',
      f.valid,
      f.corrected,
      f.invalid,
      f.empty,
      (f.valid + f.corrected) / (f.valid + f.corrected + f.invalid),
      expect.stringContaining('dígitos verificadores não conferem'),
    ]);
    expect(cpf.getCell(7).numFmt).toBe('0.0%');
  });

  it('formats the field table conditionally, on its body rows', () => {
    const resumo = worksheet(workbook, 'Resumo');
    const header = rowsByLabel(resumo).get('Campo')!.number;
    const fields = Object.keys(summary.fields).length;
    expect(conditionalFormattingsOf(resumo).map((cf) => [cf.ref, cf.rules[0]?.type])).toEqual([
      [`E${header + 1}:E${header + fields}`, 'cellIs'],
      [`G${header + 1}:G${header + fields}`, 'colorScale'],
      expect.arrayContaining([expect.stringMatching(/^D\d+:D\d+$/), 'colorScale']), // % found of the enrichment
    ]);
  });

  it('carries one PNG picture per chart, right of the tables', () => {
    const resumo = worksheet(workbook, 'Resumo');
    const pictures = resumo.getImages();
    expect(pictures).toHaveLength(chartCount(summary));
    expect(pictures.length).toBeGreaterThanOrEqual(5);
    const widest = Math.max(...resumo.getRows(1, resumo.rowCount)!.map((r) => r.cellCount));
    for (const picture of pictures) expect(picture.range.tl.nativeCol).toBeGreaterThan(widest);
    const media = workbook.model.media as unknown as { extension: string; buffer: Buffer }[];
    expect(media).toHaveLength(pictures.length);
    for (const m of media) {
      expect(m.extension).toBe('png');
      expect(m.buffer.subarray(0, 8)).toEqual(PNG_MAGIC);
    }
  });

  it('keeps the data sheets as the job streamed them', () => {
    const dados = worksheet(workbook, 'Dados');
    expect(dados.rowCount).toBe(summary.rows.kept + 1);
    expect(dados.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(worksheet(workbook, 'Duplicados').rowCount).toBe(summary.rows.duplicates + 1);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Dados', 'Duplicados', 'Rejeitados', 'Resumo']);
  });

  it('is a well-formed package: every XML part parses, every part has a content type', () => {
    const pkg = checkXlsxPackage(xlsx);
    expect(Object.keys(pkg.files)).toEqual(expect.arrayContaining(['xl/drawings/drawing1.xml', 'xl/drawings/_rels/drawing1.xml.rels', 'xl/media/image1.png']));
  });
});

describe('XLSX dashboard: extremes', () => {
  it('an empty file gets a valid workbook with a dashboard and no pictures', async () => {
    const { path } = await writeJob('vazio', emptySummary(), true);
    const pkg = checkXlsxPackage(await readFile(path));
    expect(Object.keys(pkg.files).filter((n) => /drawing|media/.test(n))).toEqual([]);
    const workbook = await readBack(path);
    const resumo = worksheet(workbook, 'Resumo');
    expect(resumo.getImages()).toEqual([]);
    expect(rowsByLabel(resumo).get('Linhas lidas')?.getCell(2).value).toBe(0);
    expect(rowsByLabel(resumo).get('Índice de qualidade')?.getCell(2).value).toBe('Sem dados');
    expect(worksheet(workbook, 'Dados').rowCount).toBe(DATA_ROWS + 1);
  });

  it('200 columns: every field row, split field charts, pictures right of the table', async () => {
    const summary = wideSummary(200);
    const { path } = await writeJob('largura', summary, true);
    checkXlsxPackage(await readFile(path));
    const workbook = await readBack(path);
    const resumo = worksheet(workbook, 'Resumo');
    const rows = rowsByLabel(resumo);
    const last = rows.get('coluna_200_observacao_do_cliente')!;
    const first = rows.get('coluna_001_observacao_do_cliente')!;
    expect(last.number - first.number).toBe(199);
    expect(conditionalFormattingsOf(resumo)[1]?.ref).toBe(`G${first.number}:G${last.number}`);
    expect(resumo.getImages()).toHaveLength(chartCount(summary));
    expect(resumo.getImages()[0]?.range.tl.nativeCol).toBe(9); // A…H tables, I blank
    expect(worksheet(workbook, 'Dados').getCell(`A${DATA_ROWS + 1}`).value).toBe(`Cliente ${DATA_ROWS} ção 👍`);
  });

  it('5M rows and emoji/accents/markup read back exactly', async () => {
    const huge = await readBack((await writeJob('enorme', hugeSummary(), true)).path);
    expect(rowsByLabel(worksheet(huge, 'Resumo')).get('Linhas lidas')?.getCell(2).value).toBe(5_000_000);

    const hostile = hostileSummary();
    const { path } = await writeJob('hostil', hostile, true);
    checkXlsxPackage(await readFile(path));
    const resumo = worksheet(await readBack(path), 'Resumo');
    const names = new Set<string>();
    resumo.eachRow((row) => names.add(String(row.getCell(1).value)));
    for (const field of Object.keys(hostile.fields)) expect(names).toContain(field);
    expect(rowsByLabel(resumo).get('Arquivo')?.getCell(2).value).toBe(hostile.input.file);
  });

});
