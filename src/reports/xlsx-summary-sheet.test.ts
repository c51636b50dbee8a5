import { describe, expect, it } from 'vitest';
import { clientesSummary, emptySummary, hugeSummary, wideSummary } from '../../test/support/report-summaries.js';
import { FIELDS_PER_CHART } from './model/report-charts.js';
import type { SummaryBlock, SummaryValue } from '../outputs/xlsx/xlsx-workbook-writer.js';
import { summarySheetOf } from './xlsx-summary-sheet.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Table = Extract<SummaryBlock, { kind: 'table' }>;
type Pairs = Extract<SummaryBlock, { kind: 'pairs' }>;

const tableTitled = (blocks: readonly SummaryBlock[], title: string): Table => {
  const found = blocks.find((b): b is Table => b.kind === 'table' && b.title === title);
  if (!found) throw new Error(`no table "${title}" in ${blocks.map((b) => ('title' in b ? b.title : b.kind)).join(', ')}`);
  return found;
};
const headline = (blocks: readonly SummaryBlock[]): Map<string, SummaryValue> =>
  new Map((blocks.find((b): b is Pairs => b.kind === 'pairs' && b.title === undefined)?.pairs ?? []).map(([k, v]) => [k, v]));

describe('summarySheetOf', () => {
  it('puts the headline numbers, the quality score and its definition first (pt-BR)', () => {
    const summary = clientesSummary();
    const sheet = summarySheetOf(summary, 'pt-BR');
    expect(sheet.name).toBe('Resumo');
    expect(sheet.blocks[0]).toEqual({ kind: 'title', text: 'Relatório de higienização' });
    const numbers = headline(sheet.blocks);
    expect(numbers.get('Arquivo')).toBe('clientes.csv');
    expect(numbers.get('Linhas lidas')).toEqual({ value: 300, format: 'integer' });
    expect(numbers.get('Mantidas')).toEqual({ value: summary.rows.kept, format: 'integer' });
    expect(numbers.get('Duplicadas')).toEqual({ value: summary.rows.duplicates, format: 'integer' });
    expect(numbers.get('Rejeitadas')).toEqual({ value: 0, format: 'integer' });
    expect(numbers.get('Duração')).toBe('76 ms');
    expect(numbers.get('Gerado em')).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const fields = Object.values(summary.fields);
    const usable = fields.reduce((s, f) => s + f.valid + f.corrected, 0);
    const filled = fields.reduce((s, f) => s + f.valid + f.corrected + f.invalid, 0);
    expect(numbers.get('Índice de qualidade')).toEqual({ value: usable / filled, format: 'percent' });
    expect(sheet.blocks[2]).toMatchObject({ kind: 'note', text: expect.stringMatching(/^Parcela dos valores preenchidos/) });
  });

  it('lists every field with its counts, usable share, highlights and top reasons', () => {
    const summary = clientesSummary();
    const table = tableTitled(summarySheetOf(summary, 'pt-BR').blocks, 'Campos');
    expect(table.header).toEqual(['Campo', 'Tipo', 'Válidos', 'Corrigidos', 'Inválidos', 'Vazios', '% utilizável', 'Principais motivos de invalidez']);
    expect(table.rows).toHaveLength(Object.keys(summary.fields).length);
    const cpf = summary.fields['CPF']!;
    expect(table.rows.find((r) => r[0] === 'CPF')).toEqual([
      'CPF',
      'CPF',
      { value: cpf.valid, format: 'integer' },
      { value: cpf.corrected, format: 'integer' },
      { value: cpf.invalid, format: 'integer' },
      { value: cpf.empty, format: 'integer' },
      { value: (cpf.valid + cpf.corrected) / (cpf.valid + cpf.corrected + cpf.invalid), format: 'percent' },
      'dígitos verificadores não conferem (15); quantidade de dígitos inválida (3)',
    ]);
    expect(table.rows.find((r) => r[0] === 'Nome')?.[7]).toBe('');
    expect(table.highlights).toEqual([
      { column: 4, highlight: 'alertAboveZero' },
      { column: 6, highlight: 'shareScale' },
    ]);
  });

  it('adds enrichment, duplicates by key and rejections by reason in English', () => {
    const summary = hugeSummary();
    const blocks = summarySheetOf(summary, 'en').blocks;
    const enrichment = tableTitled(blocks, 'Enrichment');
    expect(enrichment.header).toEqual(['Source', 'Lookups', 'Found', '% found', 'Fields filled']);
    const people = summary.enrichment.pessoas!;
    expect(enrichment.rows.find((r) => r[0] === 'People (CPF)')).toEqual([
      'People (CPF)',
      { value: people.lookups, format: 'integer' },
      { value: people.hits, format: 'integer' },
      { value: people.hits / people.lookups, format: 'percent' },
      { value: people.filled, format: 'integer' },
    ]);
    expect(tableTitled(blocks, 'Duplicates by key').rows).toEqual([
      ['CPF', { value: 150_000, format: 'integer' }],
      ['E-mail', { value: 3, format: 'integer' }],
    ]);
    expect(tableTitled(blocks, 'Rejected by reason').rows.map((r) => r[1])).toEqual([
      { value: 61, format: 'integer' },
      { value: 25, format: 'integer' },
    ]);
    expect(headline(blocks).get('Rows read')).toEqual({ value: 5_000_000, format: 'integer' });
    expect(headline(blocks).get('Duration')).toBe('12 min 34 s');
  });

  it('turns every chart into a PNG at twice its size, described by its title', () => {
    const sheet = summarySheetOf(clientesSummary(), 'pt-BR');
    const images = sheet.images ?? [];
    // Field status, enrichment, UFs, phone types, e-mail domains, duplicates (no rejections).
    expect(images.map((i) => i.description)).toEqual(['Campos', 'Enriquecimento', 'Linhas por UF', 'Tipos de telefone', 'Domínios de e-mail', 'Duplicadas por chave']);
    for (const image of images) {
      expect(Buffer.from(image.png.subarray(0, 8))).toEqual(PNG_MAGIC);
      // IHDR width and height, big-endian, at bytes 16 and 20.
      const png = Buffer.from(image.png);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([image.widthPx * 2, image.heightPx * 2]);
    }
  });

  it('splits 200 fields into field charts of 30 and keeps every field in the table', () => {
    const sheet = summarySheetOf(wideSummary(200), 'pt-BR');
    const fieldCharts = (sheet.images ?? []).filter((i) => i.description?.startsWith('Campos'));
    expect(fieldCharts).toHaveLength(Math.ceil(200 / FIELDS_PER_CHART));
    expect(tableTitled(sheet.blocks, 'Campos').rows).toHaveLength(200);
  });

  it('still has a dashboard for an empty file: no charts, "no data" where numbers would be', () => {
    const sheet = summarySheetOf(emptySummary(), 'pt-BR');
    expect(sheet.images).toEqual([]);
    expect(headline(sheet.blocks).get('Índice de qualidade')).toBe('Sem dados');
    expect(headline(sheet.blocks).get('Linhas lidas')).toEqual({ value: 0, format: 'integer' });
    const fields = tableTitled(sheet.blocks, 'Campos');
    expect(fields.rows).toEqual([['Sem dados']]);
    expect(fields.highlights).toBeUndefined();
    expect(sheet.blocks).toContainEqual({ kind: 'pairs', title: 'Enriquecimento', pairs: [['Nenhuma base de referência foi consultada.', null]] });
  });
});
