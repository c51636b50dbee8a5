import { describe, expect, it } from 'vitest';
import { clientesSummary, emptySummary } from '../../../test/support/report-summaries.js';
import { buildReportModel } from './report-model.js';

const summary = clientesSummary();

describe('buildReportModel', () => {
  it('carries the row counts and one entry per field with shares that add up', () => {
    const model = buildReportModel(summary, 'pt-BR');
    expect(model.rows).toEqual({ input: summary.input.rows, ...summary.rows });
    expect(model.fields.map((f) => f.name)).toEqual(Object.keys(summary.fields));
    for (const field of model.fields) {
      expect(field.valid + field.corrected + field.invalid + field.empty).toBe(field.total);
      const filled = field.valid + field.corrected + field.invalid;
      expect(field.usable).toBeCloseTo(filled === 0 ? 0 : (field.valid + field.corrected) / filled);
    }
  });

  it('defines the quality score over filled values only', () => {
    const model = buildReportModel(summary, 'pt-BR');
    const filled = model.fields.reduce((s, f) => s + f.valid + f.corrected + f.invalid, 0);
    const usable = model.fields.reduce((s, f) => s + f.valid + f.corrected, 0);
    expect(model.qualityScore).toBeCloseTo(usable / filled);
    expect(model.labels.qualityDefinition).toContain('preenchidos');
  });

  it('orders reasons, UFs and domains by count and names them in the language asked', () => {
    const pt = buildReportModel(summary, 'pt-BR');
    const en = buildReportModel(summary, 'en');
    const cpf = pt.fields.find((f) => f.type === 'cpf')!;
    expect(cpf.topReasons.length).toBeGreaterThan(0);
    expect(cpf.topReasons.map((r) => r.count)).toEqual([...cpf.topReasons.map((r) => r.count)].sort((a, b) => b - a));
    expect(cpf.topReasons[0]!.label).not.toBe(en.fields.find((f) => f.type === 'cpf')!.topReasons[0]!.label);
    expect(pt.ufs.map((u) => u.count)).toEqual([...pt.ufs.map((u) => u.count)].sort((a, b) => b - a));
    expect(pt.ufs.reduce((s, u) => s + u.count, 0)).toBe(Object.values(summary.distributions.uf).reduce((s, n) => s + n, 0));
    expect(pt.emailDomains.length).toBeLessThanOrEqual(11);
    expect(pt.emailDomains.reduce((s, d) => s + d.count, 0)).toBe(Object.values(summary.distributions.emailDomains).reduce((s, n) => s + n, 0));
    expect(pt.enrichment.map((e) => e.label)).toContain('Pessoas (CPF)');
    expect(en.enrichment.map((e) => e.label)).toContain('People (CPF)');
  });

  it('handles an empty file: no score, no fields, no distributions', () => {
    const empty = emptySummary();
    const model = buildReportModel(empty, 'pt-BR');
    expect(model.qualityScore).toBeUndefined();
    expect(model.fields).toEqual([]);
    expect(model.ufs).toEqual([]);
  });
});

describe('buildReportModel: how the file was read', () => {
  it('names the sheet of a spreadsheet, and the encoding and delimiter of a CSV', () => {
    const sheet = { ...summary, input: { ...summary.input, format: 'xlsx' as const, encoding: null, delimiter: null, sheet: 'Clientes' } };
    expect(buildReportModel(sheet, 'pt-BR').readAs).toBe('planilha «Clientes» (.xlsx)');
    expect(buildReportModel(sheet, 'en').readAs).toBe('sheet “Clientes” (.xlsx)');
    const csv = { ...summary, input: { ...summary.input, format: 'csv' as const, encoding: 'windows-1252' as const, delimiter: '\t' } };
    expect(buildReportModel(csv, 'pt-BR').readAs).toBe('Windows-1252, TAB');
  });

  it('turns the reading notes into sentences in the language asked, warnings marked', () => {
    const noted = {
      ...summary,
      readingNotes: [
        { code: 'LINES_ABOVE_HEADER' as const, level: 'info' as const, count: 2, of: 4 },
        { code: 'MOSTLY_REJECTED' as const, level: 'warning' as const, count: 90, of: 100 },
      ],
    };
    expect(buildReportModel(noted, 'pt-BR').readingNotes).toEqual([
      { level: 'info', text: '2 linhas acima do cabeçalho ignoradas (cabeçalho na linha 4); use input.headerRow num layout se não for essa' },
      { level: 'warning', text: '90% das linhas foram rejeitadas: confira se o cabeçalho, a planilha e os tipos das colunas foram lidos certo' },
    ]);
    expect(buildReportModel({ ...summary, readingNotes: undefined as never }, 'en').readingNotes).toEqual([]);
  });
});
