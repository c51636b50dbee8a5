import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatterFor } from '../../src/reports/model/format.js';
import { generateClientes, runHigia } from '../support/run-higia.js';

const run = promisify(execFile);

/** `higia process` writes the PDF report and the HTML dashboard beside the data, from the same summary. */
describe('higia process: reports', () => {
  let dir: string;
  let summary: { input: { rows: number; file: string }; rows: { kept: number; duplicates: number; rejected: number }; outputs: string[] };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-reports-'));
    const result = await runHigia(['process', 'examples/clientes.csv', '--reference', 'examples/reference', '--out', dir, '--threads', '0']);
    expect(result.code, result.stderr).toBe(0);
    summary = JSON.parse(await readFile(join(dir, 'clientes_resumo.json'), 'utf8'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every output by default, the summary last', async () => {
    expect((await readdir(dir)).sort()).toEqual(
      ['dashboard.html', 'duplicados.csv', 'higienizado.csv', 'higienizado.xlsx', 'rejeitados.csv', 'relatorio.pdf', 'resumo.json'].map((s) => `clientes_${s}`),
    );
    expect(summary.outputs.at(-1)).toBe('clientes_resumo.json');
  });

  it('puts the summary numbers, pt-BR labels and page numbers in the PDF', async () => {
    const pdf = join(dir, 'clientes_relatorio.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [pdf])).stdout)![1]);
    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    const f = formatterFor('pt-BR');
    expect(text).toContain('Relatório de higienização');
    expect(text).toContain('clientes.csv');
    const { stdout: cover } = await run('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-']);
    const counts = [summary.input.rows, summary.rows.kept, summary.rows.duplicates, summary.rows.rejected].map(f.integer).join('\\s+');
    expect(cover).toMatch(new RegExp(`Linhas lidas\\s+Mantidas\\s+Duplicadas\\s+Rejeitadas\\s*\\n\\s*${counts}\\s*\\n`));
    expect(text).toContain(`página 1 de ${pages}`);
    expect(text).toContain(`página ${pages} de ${pages}`);
  });

  it('puts the same numbers in the HTML dashboard, which needs no network', async () => {
    const html = await readFile(join(dir, 'clientes_dashboard.html'), 'utf8');
    const f = formatterFor('pt-BR');
    expect(html).toContain('lang="pt-BR"');
    for (const n of [summary.input.rows, summary.rows.kept]) expect(html).toContain(f.integer(n));
    expect(html.replace(/xmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '')).not.toMatch(/https?:\/\//);
  });

  it('speaks English with --lang en', async () => {
    const out = join(dir, 'en');
    const result = await runHigia(['process', 'examples/clientes.csv', '--out', out, '--lang', 'en', '--format', 'pdf,html', '--threads', '0']);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['clientes_dashboard.html', 'clientes_relatorio.pdf']);
    const { stdout: text } = await run('pdftotext', ['-layout', join(out, 'clientes_relatorio.pdf'), '-']);
    expect(text).toContain('Data cleaning report');
    expect(text).not.toContain('página');
    expect(await readFile(join(out, 'clientes_dashboard.html'), 'utf8')).toContain('lang="en"');
  });

  it('reports a one-column file and an empty file without breaking', async () => {
    const input = join(dir, 'extremes');
    await mkdir(input);
    await writeFile(join(input, 'so-cpf.csv'), 'CPF\n529.982.247-25\n111.111.111-11\n\n52998224725\n');
    await writeFile(join(input, 'vazio.csv'), 'Nome;CPF\n');
    for (const [file, rows] of [['so-cpf.csv', 3], ['vazio.csv', 0]] as const) {
      const out = join(input, `out-${file}`);
      const result = await runHigia(['process', join(input, file), '--out', out, '--format', 'pdf,html,json', '--threads', '0']);
      expect(result.code, result.stderr).toBe(0);
      const base = file.replace('.csv', '');
      const { stdout: info } = await run('pdfinfo', [join(out, `${base}_relatorio.pdf`)]);
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(0);
      const { stdout: text } = await run('pdftotext', ['-layout', join(out, `${base}_relatorio.pdf`), '-']);
      expect(text).toContain(file);
      expect(text).toMatch(new RegExp(`Linhas lidas\\s+Mantidas\\s+Duplicadas\\s+Rejeitadas\\s*\\n\\s*${rows}\\s`));
      expect(await readFile(join(out, `${base}_dashboard.html`), 'utf8')).toContain(file);
    }
  });
});

describe('higia process: the reports say how the file was read', () => {
  it('names the sheet read in the PDF cover, the HTML dashboard and the summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'higia-reports-sheet-'));
    try {
      const out = join(dir, 'out');
      // The data is on the second sheet, behind one of instructions: read with --sheet.
      const result = await runHigia(['process', 'test/fixtures/producers/xlsxwriter.xlsx', '--sheet', 'Clientes', '--out', out, '--format', 'xlsx,pdf,html,json', '--threads', '0']);
      expect(result.code, result.stderr).toBe(0);
      const { stdout: cover } = await run('pdftotext', ['-f', '1', '-l', '1', '-layout', join(out, 'xlsxwriter_relatorio.pdf'), '-']);
      expect(cover).toMatch(/Leitura\s+planilha «Clientes» \(\.xlsx\)/);
      const html = await readFile(join(out, 'xlsxwriter_dashboard.html'), 'utf8');
      expect(html).toContain('<dd id="read-as">planilha «Clientes» (.xlsx)</dd>');
      const summary = JSON.parse(await readFile(join(out, 'xlsxwriter_resumo.json'), 'utf8')) as { input: { sheet: string; sheets: string[] } };
      expect(summary.input).toMatchObject({ sheet: 'Clientes', sheets: ['Instruções', 'Clientes'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

type Verdicts = Record<'sim' | 'parcial' | 'nao' | 'sem_referencia', number>;
interface FuzzyHolderSummary {
  duplicates: { byKey: Record<string, number> };
  fuzzy: { merged: number; review: number };
  holderCheck: { cpf: Verdicts; cnpj: Verdicts; irregular: { cpf: Record<string, number>; cnpj: Record<string, number> } };
}

/**
 * Generated data with fuzzy duplicates and CPFs registered to someone else: every report shows
 * the summary's fuzzy and holder-check numbers. Seed 11 leaves a pair for review, so the review
 * file is named; the assertions follow the summary either way.
 */
describe('higia process: fuzzy duplicates and the CPF holder check in every report', () => {
  const VERDICTS = ['sim', 'parcial', 'nao', 'sem_referencia'] as const;
  const LABELS = {
    'pt-BR': {
      fuzzy: 'Duplicadas por semelhança (fuzzy)',
      merged: 'Unidas como duplicadas',
      review: 'Pares para revisão',
      holder: 'Titular do CPF/CNPJ na base de referência',
      verdicts: { sim: 'Sim: é a pessoa/empresa da linha', parcial: 'Parcial: confere em parte', nao: 'Não: registrado para outra pessoa/empresa', sem_referencia: 'Sem referência' },
      mismatch: (n: string, share: string) => `${n} CPFs registrados para outra pessoa (${share})`,
      irregular: 'Cadastros não regulares',
    },
    en: {
      fuzzy: 'Duplicates by similarity (fuzzy)',
      merged: 'Merged as duplicates',
      review: 'Pairs for review',
      holder: 'CPF/CNPJ holder in the reference data',
      verdicts: { sim: 'Yes: the row’s person/company', parcial: 'Partly: matches in part', nao: 'No: registered to someone else', sem_referencia: 'Not in the reference' },
      mismatch: (n: string, share: string) => `${n} CPFs registered to another person (${share})`,
      irregular: 'Registrations not in good standing',
    },
  } as const;
  let dir: string;
  let summary: FuzzyHolderSummary;

  const outOf = (lang: keyof typeof LABELS) => join(dir, `out-${lang}`);
  const total = (v: Verdicts) => VERDICTS.reduce((sum, k) => sum + v[k], 0);
  const irregularOf = () =>
    (['cpf', 'cnpj'] as const).flatMap((kind) => Object.entries(summary.holderCheck.irregular[kind]).map(([status, n]) => ({ kind, status, n, share: n / total(summary.holderCheck[kind]) })));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-reports-fuzzy-'));
    await generateClientes(join(dir, 'in'), 5000, '11', ['--fuzzy-dup-rate', '0.05', '--wrong-owner-rate', '0.05']);
    const args = (lang: string) => ['process', join(dir, 'in', 'clientes.csv'), '--out', outOf(lang as keyof typeof LABELS), '--reference', join(dir, 'in', 'reference'), '--lang', lang];
    const [pt, en] = await Promise.all([runHigia([...args('pt-BR'), '--format', 'csv,xlsx,pdf,html,json']), runHigia([...args('en'), '--format', 'xlsx,pdf,html,json'])]);
    expect(pt.code, pt.stderr).toBe(0);
    expect(en.code, en.stderr).toBe(0);
    summary = JSON.parse(await readFile(join(outOf('pt-BR'), 'clientes_resumo.json'), 'utf8'));
    // What the reports must show is only worth testing if the run found some of it.
    expect(summary.fuzzy.merged).toBeGreaterThan(0);
    expect(summary.holderCheck.cpf.nao).toBeGreaterThan(0);
    expect(irregularOf().length).toBeGreaterThan(0);
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['pt-BR', 'en'] as const)('the HTML dashboard (%s) shows the merged rows, the pairs for review and every verdict with its share', async (lang) => {
    const page = await readFile(join(outOf(lang), 'clientes_dashboard.html'), 'utf8');
    const f = formatterFor(lang);
    const l = LABELS[lang];
    const section = (id: string) => {
      const start = page.indexOf(`<section id="${id}"`);
      expect(start, id).toBeGreaterThan(-1);
      return page.slice(start, page.indexOf('</section>', start)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    };
    const fuzzy = section('fuzzy-duplicates');
    expect(fuzzy).toContain(`${l.merged} ${f.integer(summary.fuzzy.merged)} ${l.review} ${f.integer(summary.fuzzy.review)}`);
    if (summary.fuzzy.review > 0) expect(fuzzy).toContain('clientes_possiveis_duplicados.csv');
    const holder = section('holder-check');
    const { cpf, cnpj } = summary.holderCheck;
    expect(holder).toContain(l.mismatch(f.integer(cpf.nao), f.share(cpf.nao / total(cpf))));
    for (const v of VERDICTS) {
      expect(holder).toContain(`${l.verdicts[v]} ${f.integer(cpf[v])} ${f.share(cpf[v] / total(cpf))} ${f.integer(cnpj[v])} ${f.share(cnpj[v] / total(cnpj))}`);
    }
    for (const r of irregularOf()) expect(holder).toMatch(new RegExp(`${r.kind.toUpperCase()} ${r.status}( \\([^)]+\\))? ${f.integer(r.n)} ${f.share(r.share)}`));
  });

  it.each(['pt-BR', 'en'] as const)('the PDF (%s) shows the same numbers', async (lang) => {
    const { stdout: text } = await run('pdftotext', ['-layout', join(outOf(lang), 'clientes_relatorio.pdf'), '-']);
    const f = formatterFor(lang);
    const l = LABELS[lang];
    const { cpf, cnpj } = summary.holderCheck;
    expect(text).toContain(l.fuzzy);
    expect(text).toMatch(new RegExp(`${l.merged}\\s+${f.integer(summary.fuzzy.merged)}\\n`));
    expect(text).toMatch(new RegExp(`${l.review}\\s+${f.integer(summary.fuzzy.review)}\\n`));
    if (summary.fuzzy.review > 0) expect(text).toContain('clientes_possiveis_duplicados.csv');
    expect(text).toContain(l.holder);
    expect(text).toContain(l.mismatch(f.integer(cpf.nao), f.share(cpf.nao / total(cpf))));
    for (const v of VERDICTS) {
      const cells = [f.integer(cpf[v]), f.share(cpf[v] / total(cpf)), f.integer(cnpj[v]), f.share(cnpj[v] / total(cnpj))].map((c) => c.replace('.', '\\.'));
      expect(text).toMatch(new RegExp(`${l.verdicts[v].replace('/', '\\/')}\\s+${cells.join('\\s+')}\\n`));
    }
    expect(text).toContain(l.irregular);
    for (const r of irregularOf()) expect(text).toMatch(new RegExp(`${r.kind.toUpperCase()}\\s+${r.status}( \\([^)]+\\))?\\s+${f.integer(r.n)}\\s+${f.share(r.share).replace('.', '\\.')}\\n`));
  });

  it.each([['pt-BR', 'Resumo'], ['en', 'Summary']] as const)('the XLSX %s sheet holds the counts as numbers and the shares as ratios', async (lang, sheetName) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(outOf(lang), 'clientes_higienizado.xlsx'));
    const rows: unknown[][] = [];
    workbook.getWorksheet(sheetName)!.eachRow((row) => void rows.push((row.values as unknown[]).slice(1)));
    const rowOf = (label: string) => rows.find((r) => r[0] === label);
    const l = LABELS[lang];
    expect(rowOf(l.merged)).toEqual([l.merged, summary.fuzzy.merged]);
    expect(rowOf(l.review)).toEqual([l.review, summary.fuzzy.review]);
    const { cpf, cnpj } = summary.holderCheck;
    for (const v of VERDICTS) {
      const [label, ...cells] = rowOf(l.verdicts[v])!;
      expect(label).toBe(l.verdicts[v]);
      expect(cells.map(Number)).toEqual([cpf[v], expect.closeTo(cpf[v] / total(cpf), 10), cnpj[v], expect.closeTo(cnpj[v] / total(cnpj), 10)]);
    }
    for (const r of irregularOf()) {
      const row = rows.find((cells) => cells[0] === r.kind.toUpperCase() && String(cells[1]).startsWith(r.status));
      expect(row, `${r.kind} ${r.status}`).toEqual([r.kind.toUpperCase(), expect.stringMatching(new RegExp(`^${r.status}`)), r.n, expect.closeTo(r.share, 10)]);
    }
  });
});
