import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';

const run = promisify(execFile);
const OUTPUTS = ['higienizado.csv', 'higienizado.xlsx', 'relatorio.pdf', 'dashboard.html', 'duplicados.csv', 'rejeitados.csv', 'resumo.json'].map((s) => `vendas_${s}`);

/**
 * Six rows: two invalid CPFs (repeated digits, wrong check digit), one empty, one duplicate
 * of the first row, one row with too many columns (rejected).
 */
const CSV = [
  'Nome;CPF;E-mail',
  'Ana Lima;529.982.247-25;ana@example.com',
  'Bia Souza;111.111.111-11;bia@example.com',
  'Caio Reis;123.456.789-00;caio@example.com',
  'Duda Melo;;duda@example.com',
  'Ana Lima;529.982.247-25;ana@example.com',
  'Eva Cruz;1;2;3;4',
].join('\n');

const BROKEN_ERRORS = {
  qualityGates: [
    { field: 'cpf', metric: 'invalid', maxCount: 1 },
    { metric: 'rejected', maxShare: 0.1 },
    { metric: 'duplicates', maxCount: 0, level: 'warning' },
    { field: 'E-MAIL', metric: 'empty', maxCount: 0 },
  ],
};
const CPF_SENTENCE = 'CPF — inválidos: 33,33% (2 de 6 linhas), acima do limite de 1 linha';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-gates-'));
  await writeFile(join(dir, 'vendas.csv'), CSV);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function processWith(layout: unknown, out: string, extra: string[] = []) {
  const path = join(dir, `${out}.json`);
  await writeFile(path, JSON.stringify(layout));
  const result = await runHigia(['process', join(dir, 'vendas.csv'), '--layout', path, '--out', join(dir, out), '--threads', '0', '--no-progress', ...extra]);
  return { ...result, out: join(dir, out) };
}

/** Every format's output is in place, and nothing else (no half-written work folder). */
async function expectEveryOutput(out: string): Promise<void> {
  const summary = JSON.parse(await readFile(join(out, 'vendas_resumo.json'), 'utf8'));
  expect(summary.outputs).toEqual(expect.arrayContaining(OUTPUTS));
  expect((await readdir(out)).sort()).toEqual([...summary.outputs].sort());
}

describe('higia process with quality gates', () => {
  it('writes every output, then exits 3 naming each broken error gate with its measure and limit', async () => {
    const result = await processWith(BROKEN_ERRORS, 'broken');
    expect(result.code, result.stderr).toBe(3);
    await expectEveryOutput(result.out);
    expect(result.stdout).toMatch(/^vendas\.csv: 6 linhas → 4 mantidas, 1 duplicadas, 1 rejeitadas/);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'aviso: 1 aviso de qualidade: linhas duplicadas: 16,67% (1 de 6 linhas), acima do limite de 0 linhas',
      `higia: 2 limites de qualidade violados: ${CPF_SENTENCE}; linhas rejeitadas: 16,67% (1 de 6 linhas), acima do limite de 10%`,
    ]);

    const summary = JSON.parse(await readFile(join(result.out, 'vendas_resumo.json'), 'utf8'));
    expect(summary.qualityGates.passed).toBe(false);
    expect(summary.qualityGates.results.map((r: { metric: string; status: string; level: string; count: number }) => [r.metric, r.level, r.status, r.count])).toEqual([
      ['invalid', 'error', 'broken', 2],
      ['rejected', 'error', 'broken', 1],
      ['duplicates', 'warning', 'broken', 1],
      ['empty', 'error', 'passed', 0],
    ]);

    const html = await readFile(join(result.out, 'vendas_dashboard.html'), 'utf8');
    expect(html).toContain('<section id="quality-gates" class="failed">');
    expect(html).toContain('2 limites de qualidade violados; 1 aviso de qualidade');
    expect(html).toMatch(/<tr class="gate broken error"[^>]*><th scope="row">CPF — inválidos<\/th><td>33,33% \(2 de 6 linhas\)<\/td><td>1 linha<\/td>/);

    const { stdout: pdf } = await run('pdftotext', [join(result.out, 'vendas_relatorio.pdf'), '-']);
    expect(pdf).toContain('Limites de qualidade');
    expect(pdf.replace(/\s+/g, ' ')).toContain(`erro: ${CPF_SENTENCE}`);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(result.out, 'vendas_higienizado.xlsx'));
    const texts: string[] = [];
    workbook.getWorksheet('Resumo')!.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value))));
    expect(texts).toContain('Limites de qualidade: 2 limites de qualidade violados; 1 aviso de qualidade');
    expect(texts).toContain(`erro: ${CPF_SENTENCE}`);
    expect(texts).toContain('aviso: linhas duplicadas: 16,67% (1 de 6 linhas), acima do limite de 0 linhas');
  });

  it('exits 0 when only warnings broke, and says them in the summary and on stderr (English)', async () => {
    const result = await processWith({ qualityGates: [{ field: 'CPF', metric: 'invalid', maxShare: 0.2, level: 'warning' }, { metric: 'rejected', maxCount: 1 }] }, 'warned', ['--lang', 'en']);
    expect(result.code, result.stderr).toBe(0);
    await expectEveryOutput(result.out);
    expect(result.stderr).toBe('warning: 1 quality warning: CPF — invalid: 33.33% (2 of 6 rows), above the limit of 20%\n');
    const summary = JSON.parse(await readFile(join(result.out, 'vendas_resumo.json'), 'utf8'));
    expect(summary.qualityGates).toMatchObject({ passed: true, results: [{ status: 'broken', level: 'warning' }, { status: 'passed', level: 'error' }] });
    const html = await readFile(join(result.out, 'vendas_dashboard.html'), 'utf8');
    expect(html).toContain('<section id="quality-gates" class="passed">');
    expect(html).toContain('1 quality warning');
  });

  it('refuses a gate on a column the file lacks before any row, with exit 2 and no output', async () => {
    const result = await processWith({ qualityGates: [{ field: 'Telefone', metric: 'empty', maxShare: 0.5 }] }, 'missing');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'higia: the layout\'s quality gates do not fit the file: qualityGates.0 (Telefone empty): the file has no column "Telefone" (its columns: "Nome", "CPF", "E-mail")\n',
    );
    expect(await readdir(result.out)).toEqual([]);
  });

  it('has no quality gates in the summary of a layout without them', async () => {
    const result = await processWith({}, 'none', ['--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(result.out, 'vendas_resumo.json'), 'utf8'));
    expect(summary).not.toHaveProperty('qualityGates');
  });
});
