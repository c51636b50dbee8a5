import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzyHolderSummary } from '../../test/support/fuzzy-holder-summary.js';
import { clientesSummary } from '../../test/support/report-summaries.js';
import type { Locale } from '../i18n/messages.js';
import type { SummaryBlock } from '../outputs/xlsx/xlsx-workbook-writer.js';
import type { RunSummary } from '../pipeline/summary.js';
import { renderHtmlDashboard } from './html/html-dashboard.js';
import { buildReportCharts } from './model/report-charts.js';
import { buildReportModel } from './model/report-model.js';
import { writePdfReport } from './pdf/pdf-report.js';
import { summarySheetOf } from './xlsx-summary-sheet.js';

const run = promisify(execFile);
const summary = fuzzyHolderSummary();

const htmlOf = (s: RunSummary, lang: Locale) => {
  const model = buildReportModel(s, lang);
  return renderHtmlDashboard(model, buildReportCharts(model));
};
/** The section's text with tags stripped and entities read, spaces collapsed. */
const sectionText = (page: string, id: string): string => {
  const start = page.indexOf(`<section id="${id}"`);
  expect(start, id).toBeGreaterThan(-1);
  return page
    .slice(start, page.indexOf('</section>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
};
/** Every cell of the sheet's blocks as the text a reader sees (numbers as numbers). */
const sheetTexts = (blocks: readonly SummaryBlock[]): string[] =>
  blocks.flatMap((b) => {
    const value = (v: unknown) => (v !== null && typeof v === 'object' && 'value' in v ? String(v.value) : String(v));
    if (b.kind === 'title' || b.kind === 'note') return [b.text];
    if (b.kind === 'pairs') return [b.title ?? '', ...b.pairs.flatMap(([k, v]) => [k, value(v)])];
    return [b.title ?? '', ...b.header, ...b.rows.flatMap((r) => r.map(value))];
  });

describe('HTML dashboard: fuzzy duplicates and holder check', () => {
  it('shows the merged rows, the pairs for review and the file to look at (pt-BR)', () => {
    const text = sectionText(htmlOf(summary, 'pt-BR'), 'fuzzy-duplicates');
    expect(text).toContain('Duplicadas por semelhança (fuzzy)');
    expect(text).toMatch(/Unidas como duplicadas 237 Pares para revisão 41 Arquivo para revisão clientes_possiveis_duplicados\.csv/);
  });

  it('shows the verdicts with shares and the irregular registrations (pt-BR and en)', () => {
    const pt = sectionText(htmlOf(summary, 'pt-BR'), 'holder-check');
    expect(pt).toContain('219 CPFs registrados para outra pessoa (4,8%); 4 CNPJs registrados para outra empresa (1,2%)');
    expect(pt).toContain('Sim: é a pessoa/empresa da linha 4.123 89,9% 312 90,2%');
    expect(pt).toContain('Não: registrado para outra pessoa/empresa 219 4,8% 4 1,2%');
    expect(pt).toContain('Sem referência 58 1,3% 21 6,1%');
    expect(pt).toContain('CPF SUSPENSA 17 0,4%');
    expect(pt).toContain('CNPJ BAIXADA 6 1,7%');
    const en = sectionText(htmlOf(summary, 'en'), 'holder-check');
    expect(en).toContain('No: registered to someone else 219 4.8% 4 1.2%');
    expect(en).toContain('CPF TITULAR FALECIDO (holder deceased) 5 0.1%');
    expect(sectionText(htmlOf(summary, 'en'), 'fuzzy-duplicates')).toContain('41 pairs left for review in clientes_possiveis_duplicados.csv');
  });

  it('has neither section without the data', () => {
    const page = htmlOf(clientesSummary(), 'pt-BR');
    expect(page).not.toContain('id="fuzzy-duplicates"');
    expect(page).not.toContain('id="holder-check"');
  });
});

describe('XLSX Resumo: fuzzy duplicates and holder check', () => {
  it('has the counts as numbers, the shares as percentages and the review file', () => {
    const { blocks } = summarySheetOf(summary, 'pt-BR');
    const fuzzy = blocks.find((b) => b.kind === 'pairs' && b.title === 'Duplicadas por semelhança (fuzzy)');
    expect(fuzzy).toEqual({
      kind: 'pairs',
      title: 'Duplicadas por semelhança (fuzzy)',
      pairs: [
        ['Unidas como duplicadas', { value: 237, format: 'integer' }],
        ['Pares para revisão', { value: 41, format: 'integer' }],
        ['Arquivo para revisão', 'clientes_possiveis_duplicados.csv'],
      ],
    });
    const verdicts = blocks.find((b) => b.kind === 'table' && b.title === 'Titular do CPF/CNPJ na base de referência');
    expect(verdicts).toMatchObject({ header: ['Confere', 'CPF', '% CPF', 'CNPJ', '% CNPJ'] });
    expect((verdicts as Extract<SummaryBlock, { kind: 'table' }>).rows[2]).toEqual([
      'Não: registrado para outra pessoa/empresa',
      { value: 219, format: 'integer' },
      { value: 219 / 4587, format: 'percent' },
      { value: 4, format: 'integer' },
      { value: 4 / 346, format: 'percent' },
    ]);
    const texts = sheetTexts(blocks);
    expect(texts).toContain('Titular do CPF/CNPJ na base de referência: 219 CPFs registrados para outra pessoa (4,8%); 4 CNPJs registrados para outra empresa (1,2%)');
    expect(texts).toContain('Cadastros não regulares');
    expect(texts.join('|')).toContain('CPF|SUSPENSA|17');
  });

  it('speaks English, and has neither block without the data', () => {
    const texts = sheetTexts(summarySheetOf(summary, 'en').blocks);
    expect(texts).toContain('Duplicates by similarity (fuzzy)');
    expect(texts).toContain('CPF/CNPJ holder in the reference data');
    expect(texts).toContain('Registrations not in good standing');
    const plain = sheetTexts(summarySheetOf(clientesSummary(), 'pt-BR').blocks).join('|');
    expect(plain).not.toContain('semelhança');
    expect(plain).not.toContain('Titular do CPF');
  });
});

describe('PDF report: fuzzy duplicates and holder check (read back with poppler)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `higia-pdf-fuzzy-${Math.random().toString(36).slice(2)}-`));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const pdfText = async (s: RunSummary, lang: Locale) => {
    const model = buildReportModel(s, lang);
    const path = join(dir, `${lang}-${Math.random().toString(36).slice(2)}.pdf`);
    await writePdfReport(model, buildReportCharts(model), path);
    return (await run('pdftotext', ['-layout', path, '-'])).stdout;
  };

  it('shows both sections with every number (pt-BR)', async () => {
    const text = await pdfText(summary, 'pt-BR');
    expect(text).toContain('Duplicadas por semelhança (fuzzy)');
    expect(text).toMatch(/Unidas como duplicadas\s+237\n/);
    expect(text).toMatch(/Pares para revisão\s+41\n/);
    expect(text).toContain('41 pares ficaram para revisão em clientes_possiveis_duplicados.csv');
    expect(text).toContain('219 CPFs registrados para outra pessoa (4,8%)');
    expect(text).toMatch(/Não: registrado para outra pessoa\/empresa\s+219\s+4,8%\s+4\s+1,2%/);
    expect(text).toMatch(/Parcial: confere em parte\s+187\s+4,1%\s+9\s+2,6%/);
    expect(text).toMatch(/CPF\s+TITULAR FALECIDO\s+5\s+0,1%/);
    expect(text).toMatch(/CNPJ\s+INAPTA\s+2\s+0,6%/);
  });

  it('speaks English, and has neither section without the data', async () => {
    const en = await pdfText(summary, 'en');
    expect(en).toContain('Duplicates by similarity (fuzzy)');
    expect(en).toMatch(/No: registered to someone else\s+219\s+4\.8%/);
    expect(en).toContain('219 CPFs registered to another person (4.8%)');
    const plain = await pdfText(clientesSummary(), 'pt-BR');
    expect(plain).not.toContain('semelhança');
    expect(plain).not.toContain('Titular do CPF');
  });
});
