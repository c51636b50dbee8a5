import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../i18n/messages.js';
import type { RunSummary } from '../../pipeline/summary.js';
import { buildReportCharts } from '../model/report-charts.js';
import { buildReportModel } from '../model/report-model.js';
import { clientesSummary, emptySummary, hostileSummary, hugeSummary, wideSummary } from '../../../test/support/report-summaries.js';
import { MAX_DETAILED_FIELDS } from './pdf-fields-section.js';
import { PAGE_MARGIN } from './pdf-page.js';
import { MISSING_GLYPH } from './pdf-fonts.js';
import { streamPdfReport, writePdfReport } from './pdf-report.js';

// Read back with poppler-utils, a real PDF reader: what a person's viewer would extract.
const run = promisify(execFile);
const pdftotext = async (path: string, page?: number) =>
  (await run('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), path, '-'])).stdout;
const pageCount = async (path: string) => Number(/^Pages:\s+(\d+)/m.exec((await run('pdfinfo', [path])).stdout)?.[1]);
const pageTexts = async (path: string) => Promise.all(Array.from({ length: await pageCount(path) }, (_, i) => pdftotext(path, i + 1)));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), `higia-pdf-${Math.random().toString(36).slice(2)}-`));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let rendered = 0;

async function render(summary: RunSummary, lang: Locale = 'pt-BR') {
  const model = buildReportModel(summary, lang);
  const started = performance.now();
  const path = join(dir, `${++rendered}-${lang}.pdf`);
  await writePdfReport(model, buildReportCharts(model), path);
  return { model, path, ms: performance.now() - started };
}

describe('writePdfReport (read back with poppler)', () => {
  it('shows the file, the row counts, the score and every field in pt-BR', async () => {
    const { model, path } = await render(clientesSummary());
    const text = await pdftotext(path);
    for (const phrase of ['Relatório de higienização', 'Índice de qualidade', 'Linhas lidas', 'Mantidas', 'Duplicadas', 'Rejeitadas', 'Válidos', 'Corrigidos', '% utilizável']) {
      expect(text).toContain(phrase);
    }
    expect(text).toContain('clientes.csv');
    expect(text).toMatch(/Linhas lidas\s+Mantidas\s+Duplicadas\s+Rejeitadas\s+300\s+291\s+9\s+0/);
    expect(text).toContain(model.format.percent(model.qualityScore!)); // e.g. "97,4%"
    expect(text).toContain(model.format.percent(291 / 300)); // kept share on the cover
    expect(text).toContain(model.labels.qualityDefinition.slice(0, 40));
    for (const field of model.fields) expect(text).toContain(field.name);
    expect(text).toContain('dígitos verificadores não conferem: 15'); // a top reason with its count
    expect(text).toContain('JOÃO PEDRO DO ESPÍRITO SANTO → João Pedro do Espírito Santo'); // a correction, accents intact
    expect(text).toContain('Endereços (CEP)');
    expect(text).toContain('Linhas por UF');
    expect(text).toContain('gmail.com');
  });

  it('numbers every page "página X de Y", Y being the real page count', async () => {
    const { path } = await render(clientesSummary());
    const pages = await pageTexts(path);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => expect(page).toContain(`página ${i + 1} de ${pages.length}`));
  });

  it('writes English labels for lang en', async () => {
    const { path } = await render(clientesSummary(), 'en');
    const pages = await pageTexts(path);
    const text = pages.join('\n');
    for (const phrase of ['Data cleaning report', 'Quality score', 'Rows read', 'Valid', 'Corrected', '% usable', 'Enrichment', 'People (CPF)', 'Duplicates by key']) {
      expect(text).toContain(phrase);
    }
    expect(text).toMatch(/Rows read\s+Kept\s+Duplicates\s+Rejected\s+300\s+291\s+9\s+0/);
    expect(text).not.toContain('Relatório');
    expect(text).not.toContain('página');
    expect(pages[0]).toContain(`page 1 of ${pages.length}`);
  });

  it('embeds DejaVu Sans (regular and bold) and no other font, charts included', async () => {
    const { path } = await render(clientesSummary());
    const rows = (await run('pdffonts', [path])).stdout.split('\n').slice(2).filter(Boolean);
    expect(rows.map((r) => r.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    for (const row of rows) expect(row).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, unicode map
  });

  it('paginates a 200-column table with its header on every page it spans', async () => {
    const { model, path } = await render(wideSummary(200));
    const pages = await pageTexts(path);
    const tableRow = /^coluna_(\d{3})_observacao_do_cliente\s+\d+ \(/gm;
    const tablePages = pages.filter((page) => tableRow.test(page));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const page of tablePages) expect(page).toMatch(/Campo\s+Válidos\s+Corrigidos\s+Inválidos\s+Vazios\s+% utilizável/);
    const listed = pages.flatMap((page) => [...page.matchAll(tableRow)].map((m) => Number(m[1])));
    expect(listed).toEqual(Array.from({ length: 200 }, (_, i) => i + 1)); // every field once, in order
    for (const [from, to] of [[1, 30], [31, 60], [181, 200]]) expect(pages.join('\n')).toContain(`Campos ${from}–${to}`);
    expect(pages.join('\n')).toContain(model.labels.moreFields(200 - MAX_DETAILED_FIELDS));
    expect(pages.at(-1)).toContain(`página ${pages.length} de ${pages.length}`);
  });

  it('renders an empty file: a cover with zero rows and "Sem dados" sections', async () => {
    const { path } = await render(emptySummary());
    const pages = await pageTexts(path);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('vazio.csv');
    expect(pages[0]).toMatch(/Linhas lidas\s+Mantidas\s+Duplicadas\s+Rejeitadas\s+0\s+0\s+0\s+0/);
    expect(pages[1]).toMatch(/Campos\s+Sem dados/);
    expect(pages[1]).toContain('Nenhuma base de referência foi consultada.');
    expect(pages[1]).toMatch(/Rejeitadas\s+Sem dados/);
  });

  it('formats 5M-row counts with pt-BR thousands separators', async () => {
    const { model, path } = await render(hugeSummary());
    const text = await pdftotext(path);
    expect(text).toMatch(/5\.000\.000\s+4\.849\.911\s+150\.003\s+86/);
    const cpf = model.fields.find((f) => f.name === 'CPF')!;
    const cell = (n: number) => `${model.format.integer(n)} (${model.format.share(n / cpf.total)})`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(text).toMatch(new RegExp(`CPF\\s+${[cpf.valid, cpf.corrected, cpf.invalid, cpf.empty].map(cell).join('\\s+')}`));
    expect(text).toContain('1.204.332'); // a rejected line number
    expect(text).toContain('12 min 34 s');
  });

  it('keeps accents and replaces glyphs DejaVu lacks instead of garbling them', async () => {
    const { path } = await render(hostileSummary());
    const text = await pdftotext(path);
    expect(text).toContain('çãõáéíóúâêôà ÇÃÕÁÉÍ'); // the table cell, cut with "…" further on
    expect(text).toContain(`Observação ${MISSING_GLYPH} çãõáéíóúâêôà ÇÃÕÁÉÍÓÚÂÊÔÀ (CPF)`);
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain(`João ${MISSING_GLYPH} & "Conceição"`);
    expect(text).not.toContain('📝');
    expect(text).not.toContain('👩');
  });

  it.each([
    ['fixture', clientesSummary],
    ['200 columns', () => wideSummary(200)],
    ['5M rows', hugeSummary],
    ['emoji and markup', hostileSummary],
    ['very long texts', longTextSummary],
  ])('keeps every word of the %s report inside the page margins', async (_, summary) => {
    const { path } = await render(summary());
    const html = (await run('pdftotext', ['-bbox', path, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    const page = /<page width="([\d.]+)" height="([\d.]+)"/.exec(html)!;
    const [width, height] = [Number(page[1]), Number(page[2])];
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)];
    expect(words.length).toBeGreaterThan(100);
    const outside = words.filter(([, x0, y0, x1, y1]) => Number(x0) < PAGE_MARGIN - 1 || Number(x1) > width - PAGE_MARGIN + 1 || Number(y0) < PAGE_MARGIN - 12 || Number(y1) > height - PAGE_MARGIN + 12);
    expect(outside.map((w) => w[5])).toEqual([]);
  });

});

/** A file name, a field name and examples far wider than the page: everything must be cut, nothing may spill. */
function longTextSummary(): RunSummary {
  const base = clientesSummary();
  const cpf = base.fields['CPF']!;
  const long = (word: string) => Array.from({ length: 40 }, (_, i) => `${word}${i}`).join('_');
  return {
    ...base,
    input: { ...base.input, file: `${long('planilha')}.csv` },
    fields: {
      [long('nome_do_responsavel')]: {
        ...cpf,
        examples: { corrected: [{ before: long('antes'), after: long('depois') }], invalid: [{ value: long('invalido'), code: 'BAD_CHARACTERS' }] },
      },
    },
    distributions: { ...base.distributions, emailDomains: { [`${long('dominio')}.com.br`]: 3 } },
  };
}

describe('streamPdfReport', () => {
  it('streams a complete PDF to any writable', async () => {
    const model = buildReportModel(clientesSummary(), 'pt-BR');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await streamPdfReport(model, buildReportCharts(model), out);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
  });

  it('rejects when the destination cannot be written', async () => {
    const model = buildReportModel(emptySummary(), 'pt-BR');
    await expect(writePdfReport(model, buildReportCharts(model), join(dir, 'missing', 'x.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(join(dir, 'missing', 'x.pdf'))).rejects.toThrow();
  });
});
