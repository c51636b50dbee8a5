import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';
import { readOutputCsv } from '../support/truth.js';

/**
 * An XLSX as Excel users make it: CPFs and CEPs typed as numbers (leading zeros gone), birth
 * dates as real date cells, income as numbers, the data on a sheet that is not the first.
 */
describe('higia process on an XLSX input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-xlsx-in-'));
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Capa').addRow(['Relatório de clientes']);
    const sheet = workbook.addWorksheet('Clientes');
    sheet.addRow(['Nome', 'CPF', 'CEP', 'UF', 'Data de Nascimento', 'Renda', 'Celular']);
    sheet.addRow(['JOSÉ DA SILVA', 1234567890, 1310100, 'SP', new Date(Date.UTC(1985, 2, 12)), 1234.5, 11987654321]);
    sheet.addRow(['maria souza', '529.982.247-25', '20040-020', 'rio de janeiro', 32874, '1.500,00', '(21) 3456-7890']);
    sheet.addRow([]);
    sheet.addRow(['Zé Inválido', 11111111111, 0, 'XX', '31/02/1990', 'a combinar', 'não tem']);
    await workbook.xlsx.writeFile(join(dir, 'clientes.xlsx'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the named sheet, restores what Excel lost, and reports sheet rows as lines', async () => {
    const out = join(dir, 'out');
    const run = await runHigia(['process', join(dir, 'clientes.xlsx'), '--sheet', 'Clientes', '--out', out, '--format', 'csv,json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const kept = await readOutputCsv(join(out, 'clientes_higienizado.csv'));
    expect(kept.map((r) => [r.linha, r.Nome, r.CPF, r.CEP, r.UF, r['Data de Nascimento'], r.Renda, r.Celular])).toEqual([
      ['2', 'José da Silva', '012.345.678-90', '01310-100', 'SP', '1985-03-12', '1234,50', '+5511987654321'],
      ['3', 'Maria Souza', '529.982.247-25', '20040-020', 'RJ', '1990-01-01', '1500,00', '+552134567890'],
      ['5', 'Zé Inválido', '11111111111', '0', 'XX', '31/02/1990', 'a combinar', 'não tem'],
    ]);
    expect(kept[2]!.motivos).toMatch(/CPF: todos os dígitos iguais/);
    const summary = JSON.parse(await readFile(join(out, 'clientes_resumo.json'), 'utf8'));
    expect(summary.input).toMatchObject({ format: 'xlsx', sheet: 'Clientes', rows: 3 });
    expect(summary.reconciled).toBe(true);
  });

  it('names the sheets it has when asked for one it does not', async () => {
    const run = await runHigia(['process', join(dir, 'clientes.xlsx'), '--sheet', 'Vendas', '--out', join(dir, 'out2')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Vendas/);
    expect(run.stderr).toMatch(/Capa.*Clientes|Clientes.*Capa/);
  });
});
