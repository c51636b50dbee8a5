import { describe, expect, it } from 'vitest';
import { fuzzyHolderSummary } from '../../../test/support/fuzzy-holder-summary.js';
import { clientesSummary } from '../../../test/support/report-summaries.js';
import { buildReportModel } from './report-model.js';

const summary = fuzzyHolderSummary();

describe('buildReportModel: fuzzy duplicates', () => {
  it('carries the merged rows, the pairs for review and the review file named after the input', () => {
    const { fuzzy } = buildReportModel(summary, 'pt-BR');
    expect(fuzzy).toMatchObject({ merged: 237, review: 41, reviewFile: 'clientes_possiveis_duplicados.csv' });
    expect(fuzzy!.mergedText).toBe('237 linhas unidas por semelhança');
    expect(fuzzy!.reviewText).toBe('41 pares ficaram para revisão em clientes_possiveis_duplicados.csv');
    expect(fuzzy!.labels.section).toBe('Duplicadas por semelhança (fuzzy)');
  });

  it('speaks English with lang en', () => {
    const { fuzzy } = buildReportModel(summary, 'en');
    expect(fuzzy!.mergedText).toBe('237 rows merged by similarity');
    expect(fuzzy!.reviewText).toBe('41 pairs left for review in clientes_possiveis_duplicados.csv');
    expect(fuzzy!.labels.section).toBe('Duplicates by similarity (fuzzy)');
  });

  it.each([
    ['pt-BR', { merged: 1, review: 1 }, '1 linha unida por semelhança', '1 par ficou para revisão em clientes_possiveis_duplicados.csv'],
    ['en', { merged: 1, review: 1 }, '1 row merged by similarity', '1 pair left for review in clientes_possiveis_duplicados.csv'],
    ['pt-BR', { merged: 1234, review: 0 }, '1.234 linhas unidas por semelhança', 'Nenhum par ficou para revisão.'],
    ['en', { merged: 0, review: 0 }, '0 rows merged by similarity', 'No pair was left for review.'],
  ] as const)('%s %j: singular, thousands and no pair to review', (lang, fuzzy, merged, review) => {
    const model = buildReportModel({ ...summary, fuzzy }, lang);
    expect(model.fuzzy).toMatchObject({ mergedText: merged, reviewText: review });
  });

  it('names the review file the way the outputs are named (extension off, unsafe characters out)', () => {
    const input = { ...summary.input, file: 'Base: Março.2026.xlsx' };
    expect(buildReportModel({ ...summary, input }, 'pt-BR').fuzzy!.reviewFile).toBe('Base_ Março.2026_possiveis_duplicados.csv');
  });

  it('labels the fuzzy duplicate key in the counts and the examples, in both languages', () => {
    const pt = buildReportModel(summary, 'pt-BR');
    const en = buildReportModel(summary, 'en');
    expect(pt.duplicatesByKey).toContainEqual({ key: 'fuzzy', label: 'Semelhança (fuzzy)', count: 237 });
    expect(en.duplicatesByKey).toContainEqual({ key: 'fuzzy', label: 'Similarity (fuzzy)', count: 237 });
    expect(pt.duplicateExamples.map((e) => e.key)).toEqual(['CPF', 'Semelhança (fuzzy)']);
  });
});

describe('buildReportModel: CPF/CNPJ holder check', () => {
  it('puts every verdict count of CPF and CNPJ in its row, with its share of the documents checked', () => {
    const check = buildReportModel(summary, 'pt-BR').holderCheck!;
    expect(check.totals).toEqual({ cpf: 4587, cnpj: 346 });
    expect(check.rows.map((r) => [r.verdict, r.cpf, r.cnpj])).toEqual([
      ['sim', 4123, 312],
      ['parcial', 187, 9],
      ['nao', 219, 4],
      ['sem_referencia', 58, 21],
    ]);
    for (const r of check.rows) {
      expect(r.cpfShare).toBeCloseTo(r.cpf / 4587, 10);
      expect(r.cnpjShare).toBeCloseTo(r.cnpj / 346, 10);
    }
  });

  it('says plainly whose the CPF is when it is not the row’s, in both languages', () => {
    const pt = buildReportModel(summary, 'pt-BR').holderCheck!;
    const en = buildReportModel(summary, 'en').holderCheck!;
    expect(pt.mismatches).toEqual(['219 CPFs registrados para outra pessoa (4,8%)', '4 CNPJs registrados para outra empresa (1,2%)']);
    expect(en.mismatches).toEqual(['219 CPFs registered to another person (4.8%)', '4 CNPJs registered to another company (1.2%)']);
    expect(pt.rows.map((r) => r.label)).toEqual(['Sim: é a pessoa/empresa da linha', 'Parcial: confere em parte', 'Não: registrado para outra pessoa/empresa', 'Sem referência']);
    expect(en.rows.map((r) => r.label)).toEqual(['Yes: the row’s person/company', 'Partly: matches in part', 'No: registered to someone else', 'Not in the reference']);
    expect(pt.labels.explanation).toContain('CPF registrado para outra pessoa');
    expect(en.labels.explanation).toContain('the CPF is registered to another person');
  });

  it('lists the irregular registrations CPF then CNPJ, most rows first, with the registry’s word (and its meaning in English)', () => {
    const pt = buildReportModel(summary, 'pt-BR').holderCheck!;
    expect(pt.irregular.map((r) => [r.kindLabel, r.status, r.count])).toEqual([
      ['CPF', 'SUSPENSA', 17],
      ['CPF', 'TITULAR FALECIDO', 5],
      ['CPF', 'PENDENTE DE REGULARIZAÇÃO', 3],
      ['CNPJ', 'BAIXADA', 6],
      ['CNPJ', 'INAPTA', 2],
    ]);
    expect(pt.irregular[0]!.share).toBeCloseTo(17 / 4587, 10);
    expect(pt.irregular[3]!.share).toBeCloseTo(6 / 346, 10);
    const en = buildReportModel(summary, 'en').holderCheck!;
    expect(en.irregular.map((r) => r.status)).toEqual(['SUSPENSA (suspended)', 'TITULAR FALECIDO (holder deceased)', 'PENDENTE DE REGULARIZAÇÃO (pending regularisation)', 'BAIXADA (closed)', 'INAPTA (unfit)']);
    const unknown = { ...summary.holderCheck!, irregular: { cpf: { 'EM ANÁLISE': 1 }, cnpj: {} } };
    expect(buildReportModel({ ...summary, holderCheck: unknown }, 'en').holderCheck!.irregular.map((r) => r.status)).toEqual(['EM ANÁLISE']);
  });

  it('has no mismatch sentence and zero shares when nothing was checked or nothing differs', () => {
    const none = { sim: 0, parcial: 0, nao: 0, sem_referencia: 0 };
    const check = buildReportModel({ ...summary, holderCheck: { cpf: { ...none, sim: 3 }, cnpj: none, irregular: { cpf: {}, cnpj: {} } } }, 'pt-BR').holderCheck!;
    expect(check.mismatches).toEqual([]);
    expect(check.irregular).toEqual([]);
    expect(check.rows.map((r) => [r.cpfShare, r.cnpjShare])).toEqual([[1, 0], [0, 0], [0, 0], [0, 0]]);
    expect(check.labels.noMismatch).toBe('Nenhum CPF ou CNPJ registrado para outra pessoa ou empresa.');
  });
});

describe('buildReportModel: without fuzzy matching or holder check', () => {
  it('has neither section when the summary lacks them', () => {
    const model = buildReportModel(clientesSummary(), 'pt-BR');
    expect(model.fuzzy).toBeUndefined();
    expect(model.holderCheck).toBeUndefined();
    const without = structuredClone(summary);
    delete without.fuzzy;
    delete without.holderCheck;
    expect(buildReportModel(without, 'en')).toMatchObject({ fuzzy: undefined, holderCheck: undefined });
  });
});
