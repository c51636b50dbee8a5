import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatterFor } from '../../src/reports/model/format.js';
import { runHigia } from '../support/run-higia.js';

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
