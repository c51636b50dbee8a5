import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';
import { readOutputCsv } from '../support/truth.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'higia-layout-'));
  await writeFile(
    join(dir, 'vendas.csv'),
    ['Cliente,Doc,Contato,Valor', 'ANA LIMA,529.982.247-25,(11) 98765-4321,"1.234,56"', 'BIA,,21 3456-7890,10', 'Caio,11.222.333/0001-81,,x'].join('\n'),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('higia process --layout', () => {
  it('maps columns, enforces required ones and writes the chosen CSV dialect (YAML)', async () => {
    const layout = join(dir, 'layout.yaml');
    await writeFile(
      layout,
      [
        'columns:',
        '  Cliente: name',
        '  Doc: { type: document, required: true }',
        '  Contato: phone',
        'output: { delimiter: ",", bom: false, lineEnding: lf, decimalComma: false }',
      ].join('\n'),
    );
    const out = join(dir, 'out-yaml');
    const run = await runHigia(['process', join(dir, 'vendas.csv'), '--layout', layout, '--out', out, '--format', 'csv,json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = await readFile(join(out, 'vendas_higienizado.csv'), 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain('\r\n');
    const kept = await readOutputCsv(join(out, 'vendas_higienizado.csv'), ',');
    expect(kept.map((r) => [r.Cliente, r.Doc, r.Doc_tipo, r.Contato, r.Contato_tipo, r.Valor])).toEqual([
      ['Ana Lima', '529.982.247-25', 'CPF', '+5511987654321', 'celular', '1234.56'],
      ['Caio', '11.222.333/0001-81', 'CNPJ', '', '', 'x'],
    ]);
    const rejected = await readOutputCsv(join(out, 'vendas_rejeitados.csv'), ',');
    expect(rejected.map((r) => [r.linha, r.motivos])).toEqual([['3', 'Doc: campo obrigatório vazio ou inválido']]);
    const summary = JSON.parse(await readFile(join(out, 'vendas_resumo.json'), 'utf8'));
    expect(summary.fields.Doc).toMatchObject({ type: 'document', mappedBy: 'layout', valid: 2, empty: 1 });
    expect(summary.fields.Valor).toMatchObject({ type: 'money', mappedBy: 'header', invalid: 1 });
  });

  it.each([
    ['an unknown field type', 'layout-bad.json', '{"columns": {"Doc": "rg"}}', /columns\.Doc/],
    ['a misspelt option', 'layout-typo.json', '{"outptu": {}}', /outptu/],
    ['broken YAML', 'layout-broken.yaml', 'columns: [', /not valid YAML/],
  ])('refuses %s with one clear line', async (_what, name, content, message) => {
    await writeFile(join(dir, name), content);
    const run = await runHigia(['process', join(dir, 'vendas.csv'), '--layout', join(dir, name), '--out', join(dir, 'out-bad')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
