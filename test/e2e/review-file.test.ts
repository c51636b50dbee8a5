import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';
import { readOutputCsv } from '../support/truth.js';

/**
 * Fuzzy matching's review file is an output of its own: written with the pairs it leaves for
 * a person whatever formats were asked for, so an XLSX-only run does not lose them, and the
 * reports that name it name a file that is there.
 */
describe('the pairs left for review', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-review-'));
    // Lines 2 and 3: one street's CEP and one mobile, names apart by a particle and a spelling,
    // another birth date (a namesake mother and daughter?): a pair to review, not to merge. The
    // other 200 rows are strangers (how common a name is, is judged against the file's size).
    const firsts = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Fabio', 'Gisele', 'Hugo', 'Iara', 'Jonas', 'Katia', 'Lucas', 'Marta', 'Nilo', 'Otavio', 'Paula', 'Quiteria', 'Rui', 'Silvia', 'Tales'];
    const lasts = ['Almeida', 'Barros', 'Cardoso', 'Dantas', 'Esteves', 'Fagundes', 'Guedes', 'Holanda', 'Inacio', 'Jardim'];
    const strangers = firsts.flatMap((first, f) =>
      lasts.map((last, l) => {
        const i = f * lasts.length + l + 1;
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${first} ${last};;${pad((i % 28) + 1)}/${pad((i % 12) + 1)}/${1950 + (i % 50)};30${String(100 + i).padStart(3, '0')}-000;(31) 9${8000 + i}-${1000 + i};;Belo Horizonte;MG`;
      }),
    );
    await writeFile(
      join(dir, 'clientes.csv'),
      [
        'nome;cpf;data_nascimento;cep;celular;email;cidade;uf',
        'Maria Aparecida de Souza;;12/03/1980;01310-100;(11) 98765-4321;maria.souza@gmail.com;São Paulo;SP',
        'Maria Aparecida Sousa;;01/01/1999;01310-100;(11) 98765-4321;;;',
        ...strangers,
        '',
      ].join('\r\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (formats: string, out: string) => {
    const result = await runHigia(['process', join(dir, 'clientes.csv'), '--out', join(dir, out), '--format', formats, '--threads', '0']);
    expect(result.code, result.stderr).toBe(0);
    return readdir(join(dir, out));
  };

  it('is written in an XLSX-only run, the same bytes as in a CSV run, and named in the summary', async () => {
    const xlsxOnly = await run('xlsx,json', 'xlsx');
    expect(xlsxOnly.sort()).toEqual(['clientes_higienizado.xlsx', 'clientes_possiveis_duplicados.csv', 'clientes_resumo.json']);
    const summary = JSON.parse(await readFile(join(dir, 'xlsx', 'clientes_resumo.json'), 'utf8'));
    expect(summary.fuzzy).toEqual({ merged: 0, review: 1 });
    expect(summary.outputs).toContain('clientes_possiveis_duplicados.csv');
    const pairs = await readOutputCsv(join(dir, 'xlsx', 'clientes_possiveis_duplicados.csv'));
    expect(pairs).toHaveLength(1);
    expect(Object.values(pairs[0]!)).toEqual(expect.arrayContaining(['3', '2', 'Maria Aparecida Sousa', 'Maria Aparecida de Souza']));

    await run('csv', 'csv');
    const csvRun = await readFile(join(dir, 'csv', 'clientes_possiveis_duplicados.csv'));
    expect(csvRun.equals(await readFile(join(dir, 'xlsx', 'clientes_possiveis_duplicados.csv')))).toBe(true);
  });

  it('is named by the dashboard of an HTML-only run, and is there', async () => {
    const names = await run('html', 'html');
    expect(names.sort()).toEqual(['clientes_dashboard.html', 'clientes_possiveis_duplicados.csv']);
    expect(await readFile(join(dir, 'html', 'clientes_dashboard.html'), 'utf8')).toContain('clientes_possiveis_duplicados.csv');
  });

  it('is not written when fuzzy matching leaves no pair', async () => {
    await writeFile(join(dir, 'alone.json'), JSON.stringify({ dedupe: { fuzzy: { reviewThreshold: 0.99 } } }));
    const result = await runHigia(['process', join(dir, 'clientes.csv'), '--out', join(dir, 'none'), '--format', 'csv', '--layout', join(dir, 'alone.json'), '--threads', '0']);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dir, 'none', 'clientes_possiveis_duplicados.csv'))).toBe(false);
  });
});
