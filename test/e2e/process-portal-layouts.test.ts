import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/pipeline/summary.js';
import { runHigia } from '../support/run-higia.js';
import { readOutputCsv } from '../support/truth.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-portal-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function input(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const summaryOf = async (out: string, base: string): Promise<RunSummary> =>
  JSON.parse(await readFile(join(out, `${base}_resumo.json`), 'utf8')) as RunSummary;

/** Operators as the ANS portal lists them: a valid CNPJ, a name and a phone with its DDD. */
const OPERATORS = [
  ['326305', '39.309.518/0001-43', 'AMIL ASSISTENCIA MEDICA INTERNACIONAL S.A.', '(11) 3004-1000'],
  ['005711', '92.693.118/0001-60', 'BRADESCO SAUDE S.A.', '(21) 2503-1101'],
  ['359017', '02.812.468/0001-06', 'HAPVIDA ASSISTENCIA MEDICA S.A.', '(85) 3255-5000'],
];
const operatorRows = (n: number) => Array.from({ length: n }, (_, i) => OPERATORS[i % OPERATORS.length]!.join(';'));

describe('higia process: portal exports with lines above the header', () => {
  it('skips a title and a blank line, reads every operator, and says where the header was', async () => {
    const file = ['Relação de Operadoras Ativas ANS', '', 'Registro ANS;CNPJ;Razão Social;Telefone', ...operatorRows(30), ''].join('\r\n');
    const out = join(dir, 'out-ans');
    const run = await runHigia(['process', await input('operadoras.csv', file), '--out', out, '--format', 'csv,json', '--no-progress']);
    expect(run.code).toBe(0);
    const summary = await summaryOf(out, 'operadoras');
    expect(summary.input).toMatchObject({ headerLine: 3, linesAboveHeader: 1, rows: 30 });
    expect(summary.rows.rejected).toBe(0);
    expect(summary.readingNotes).toEqual([{ code: 'LINES_ABOVE_HEADER', level: 'info', count: 1, of: 3 }]);
    expect(run.stderr).toMatch(/^nota: 1 linha acima do cabeçalho ignorada \(cabeçalho na linha 3\)/m);
    const rows = await readOutputCsv(join(out, 'operadoras_higienizado.csv'));
    expect(rows[0]).toMatchObject({ 'Registro ANS': '326305', CNPJ: '39.309.518/0001-43', Telefone: '+551130041000', linha: '4' });
  });

  it('takes the header from the layout when input.headerRow is set', async () => {
    // A wide "report" line that the detection alone would take for the header.
    const file = ['Gerado em;02/12/2026;por;sistema', 'Registro ANS;CNPJ;Razão Social;Telefone', ...operatorRows(12)].join('\n');
    const layout = await input('header-row.json', JSON.stringify({ input: { headerRow: 2 } }));
    const out = join(dir, 'out-header-row');
    const run = await runHigia(['process', await input('relatorio.csv', file), '--layout', layout, '--out', out, '--format', 'csv,json', '--no-progress']);
    expect(run.code).toBe(0);
    const summary = await summaryOf(out, 'relatorio');
    expect(summary.input).toMatchObject({ headerLine: 2, linesAboveHeader: 1, rows: 12 });
    expect(Object.keys(summary.fields)).toEqual(['CNPJ', 'Razão Social', 'Telefone']);
  });
});

describe('higia process: a DDD column named in the layout', () => {
  it('completes the phones of the column the layout pairs with it, on worker threads too', async () => {
    const file = ['Cod;Nome;Fone', '11;Ana Souza;3004-1000', '21;Bia Lima;2503-1101', '85;Caio Reis;(85) 3255-5000'].join('\n');
    const layout = await input('area-code.json', JSON.stringify({ columns: { Fone: { type: 'phone', areaCode: 'Cod' } } }));
    for (const threads of ['0', '2']) {
      const out = join(dir, `out-area-code-${threads}`);
      const run = await runHigia(['process', await input('fones.csv', file), '--layout', layout, '--out', out, '--format', 'csv,json', '--threads', threads, '--no-progress']);
      expect(run.code).toBe(0);
      const rows = await readOutputCsv(join(out, 'fones_higienizado.csv'));
      expect(rows.map((r) => [r.Cod, r.Fone, r.Fone_status])).toEqual([
        ['11', '+551130041000', 'corrected'],
        ['21', '+552125031101', 'corrected'],
        ['85', '+558532555000', 'corrected'],
      ]);
    }
  });
});

describe('higia process: a result that is a reading problem says so', () => {
  it('warns in one line when most rows have a different number of cells than the header', async () => {
    // Decimal commas left unquoted in a comma-separated file: every row with money splits in two.
    const rows = Array.from({ length: 20 }, (_, i) => `Cliente ${i},529.982.247-25,${1000 + i},50`);
    const out = join(dir, 'out-ragged');
    const run = await runHigia(['process', await input('ragged.csv', ['Nome,CPF,Renda', ...rows].join('\n')), '--out', out, '--format', 'csv,json', '--no-progress']);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split('\n').filter((l) => l.startsWith('aviso:'));
    expect(warnings).toEqual([
      'aviso: 100% das linhas têm número de colunas diferente do cabeçalho: provável problema de leitura (delimitador, aspas, linha do cabeçalho ou planilha), não de dados',
    ]);
    expect((await summaryOf(out, 'ragged')).readingNotes).toEqual([{ code: 'MOSTLY_WRONG_SHAPE', level: 'warning', count: 20, of: 20 }]);
  });
});

describe('higia process: output names and sizes', () => {
  it('never writes hidden outputs for a file called "..csv"', async () => {
    const out = join(dir, 'out-dots');
    const run = await runHigia(['process', await input('..csv', 'Nome;CPF\nAna;529.982.247-25\n'), '--out', out, '--format', 'csv,json', '--no-progress']);
    expect(run.code).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files).toEqual(['arquivo_duplicados.csv', 'arquivo_higienizado.csv', 'arquivo_rejeitados.csv', 'arquivo_resumo.json']);
  });

  it('stops at the layout record-length cap with exit 2 and one line naming the record', async () => {
    const layout = await input('cap.json', JSON.stringify({ input: { maxRecordChars: 2048 } }));
    const path = await input('longo.csv', `Nome;Obs\nAna;curta\nBia;"${'x'.repeat(5000)}\n`);
    const run = await runHigia(['process', path, '--layout', layout, '--out', join(dir, 'out-cap'), '--format', 'csv', '--no-progress']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/record starting on line 3 is longer than/);
  });

  it('refuses with exit 2 and one line a table wider than Excel when xlsx is asked for', async () => {
    const width = 16_400;
    const header = Array.from({ length: width }, (_, i) => `c${i + 1}`).join(';');
    const row = Array.from({ length: width }, (_, i) => String(i)).join(';');
    const path = await input('largo.csv', `${header}\n${row}\n`);
    const out = join(dir, 'out-wide');
    const run = await runHigia(['process', path, '--out', out, '--format', 'csv,xlsx', '--no-progress']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/16[.,]?384/);
    expect(await readdir(out).catch(() => [])).toEqual([]);
    const csvOnly = await runHigia(['process', path, '--out', out, '--format', 'csv', '--no-progress']);
    expect(csvOnly.code).toBe(0);
  });
});
