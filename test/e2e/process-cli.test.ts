import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';
import { readOutputCsv } from '../support/truth.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function input(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('higia process: unusable input', () => {
  it.each([
    ['a missing file', 'missing.csv', undefined, /not found/],
    ['an empty file', 'empty.csv', '', /empty/],
    ['a binary file', 'bin.csv', Buffer.from([1, 0, 2, 0, 3]), /binary/],
    ['a header-less file', 'noheader.csv', '529.982.247-25;maria@x.com.br\n111.444.777-35;joao@y.com\n', /no.*header|looks like data/],
    ['an unsupported format', 'x.docx', 'hello', /unsupported/],
  ])('exits non-zero with one clear line for %s, writing nothing', async (_what, name, content, message) => {
    const path = content === undefined ? join(dir, name) : await input(name, content);
    const out = join(dir, `out-${name}`);
    const run = await runHigia(['process', path, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('rejects an unknown output format before reading anything', async () => {
    const run = await runHigia(['process', await input('ok.csv', 'Nome\nAna\n'), '--format', 'csv,docx']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/unknown format docx/);
  });
});

describe('higia process: rows that cannot be used', () => {
  it('rejects ragged and empty rows one by one, keeps the rest, and the counts reconcile', async () => {
    const csv = [
      'Nome;CPF;E-mail;Observação',
      'Maria da Silva;529.982.247-25;maria@gmail.com;ok',
      'Linha Curta;111.444.777-35',
      ';;;texto solto',
      'JOÃO DE SOUZA;11144477735;JOAO@GMIAL.COM;=HYPERLINK("http://x")',
      'Ana;529.982.247-25;ana@x.com;duplicada da primeira linha',
      'Extra;390.533.447-05;e@x.com;obs;;;',
    ].join('\r\n');
    const out = join(dir, 'out-ragged');
    const run = await runHigia(['process', await input('ragged.csv', csv), '--out', out, '--lang', 'en']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const kept = await readOutputCsv(join(out, 'ragged_higienizado.csv'));
    const rejected = await readOutputCsv(join(out, 'ragged_rejeitados.csv'));
    const duplicates = await readOutputCsv(join(out, 'ragged_duplicados.csv'));
    const summary = JSON.parse(await readFile(join(out, 'ragged_resumo.json'), 'utf8'));
    expect(rejected.map((r) => [r.line, r.reasons])).toEqual([
      ['3', expect.stringMatching(/column count.*expected 4 columns, found 2/)],
      ['4', expect.stringMatching(/no valid field identifies/)],
    ]);
    expect(kept.map((r) => r.line)).toEqual(['2', '5', '7']);
    expect(duplicates.map((r) => [r.line, r.duplicate_of_line])).toEqual([['6', '2']]);
    expect(kept[1]).toMatchObject({ Nome: 'João de Souza', 'E-mail': 'joao@gmail.com', 'E-mail_status': 'corrected' });
    expect(kept[1]!['Observação']).toBe(`'=HYPERLINK("http://x")`);
    expect(summary.rows).toEqual({ kept: 3, duplicates: 1, rejected: 2 });
    expect(summary.input.rows).toBe(6);
    expect(summary.reconciled).toBe(true);
    expect(run.stdout).toMatch(/6 rows → 3 kept, 1 duplicates, 2 rejected/);
  });
});

describe('higia process: awkward but valid files', () => {
  it('accepts a header without rows, writing empty outputs that still reconcile', async () => {
    const out = join(dir, 'out-header-only');
    const run = await runHigia(['process', await input('header-only.csv', 'Nome;CPF\r\n'), '--out', out]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'header-only_resumo.json'), 'utf8'));
    expect(summary.rows).toEqual({ kept: 0, duplicates: 0, rejected: 0 });
    expect(summary.reconciled).toBe(true);
    expect(await readOutputCsv(join(out, 'header-only_higienizado.csv'))).toEqual([]);
  });

  it('names the added columns of repeated headers apart', async () => {
    const out = join(dir, 'out-repeated');
    const run = await runHigia(['process', await input('repeated.csv', 'Nome;Telefone;Telefone\r\nAna;11987654321;(21) 3456-7890\r\n'), '--out', out, '--format', 'csv']);
    expect(run.code).toBe(0);
    const header = (await readFile(join(out, 'repeated_higienizado.csv'), 'utf8')).split('\r\n')[0]!.replace('\ufeff', '').split(';');
    expect(header.slice(0, 9)).toEqual(['Nome', 'Telefone', 'Telefone', 'Nome_status', 'Telefone_status', 'Telefone (2)_status', 'Telefone_tipo', 'Telefone (2)_tipo', 'linha']);
  });
});

describe('higia process: reference data', () => {
  it('adds no enrichment columns when there is no reference folder', async () => {
    const out = join(dir, 'out-no-ref');
    const run = await runHigia(['process', await input('no-ref.csv', 'Nome;CPF;CEP\r\nAna;52998224725;01310100\r\n'), '--out', out, '--format', 'csv']);
    expect(run.code).toBe(0);
    const [row] = await readOutputCsv(join(out, 'no-ref_higienizado.csv'));
    expect(Object.keys(row!).filter((k) => k.endsWith('_ref') || k === 'enriquecido')).toEqual([]);
  });

  it('refuses a reference folder that does not exist', async () => {
    const run = await runHigia(['process', await input('ref.csv', 'Nome\r\nAna\r\n'), '--reference', join(dir, 'nowhere'), '--out', join(dir, 'out-ref')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/reference folder not found/);
  });
});
