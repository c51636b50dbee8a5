import { describe, expect, it } from 'vitest';
import type { FieldSummary, RunSummary } from '../pipeline/summary.js';
import { evaluateGates, type GateInputs } from './evaluate-gates.js';
import type { QualityGate, ResolvedGate } from './quality-gates.js';

const field = (counts: Partial<Pick<FieldSummary, 'valid' | 'corrected' | 'invalid' | 'empty'>>): FieldSummary => ({
  type: 'document',
  mappedBy: 'header',
  valid: 0,
  corrected: 0,
  invalid: 0,
  empty: 0,
  reasons: {},
  examples: { corrected: [], invalid: [] },
  ...counts,
});

type HolderCounts = Record<'sim' | 'parcial' | 'nao' | 'sem_referencia', number>;
const holder = (counts: Partial<HolderCounts>): HolderCounts => ({ sim: 0, parcial: 0, nao: 0, sem_referencia: 0, ...counts });

/** 1,000 input rows: 900 kept, 60 duplicates, 40 rejected; CPF 50 invalid and 20 empty. */
const summary: GateInputs = {
  input: { rows: 1000 } as RunSummary['input'],
  rows: { kept: 900, duplicates: 60, rejected: 40 },
  fields: { CPF: field({ valid: 930, invalid: 50, empty: 20 }), Telefone: field({ valid: 1000 }), 'Telefone (2)': field({ valid: 700, invalid: 300 }) },
  holderCheck: { cpf: holder({ sim: 700, parcial: 100, nao: 200, sem_referencia: 50 }) },
};

const gate = (g: Partial<QualityGate> & Pick<QualityGate, 'metric'>, columns: string[] = []): ResolvedGate => ({ level: 'error', ...g, columns });

describe('evaluateGates', () => {
  it.each<[string, ResolvedGate, { count: number | null; share: number | null; of: number; status: string }]>([
    ['invalid share above the limit', gate({ field: 'cpf', metric: 'invalid', maxShare: 0.04 }, ['CPF']), { count: 50, share: 0.05, of: 1000, status: 'broken' }],
    ['invalid share equal to the limit passes', gate({ field: 'cpf', metric: 'invalid', maxShare: 0.05 }, ['CPF']), { count: 50, share: 0.05, of: 1000, status: 'passed' }],
    ['invalid count above the limit', gate({ field: 'cpf', metric: 'invalid', maxCount: 49 }, ['CPF']), { count: 50, share: 0.05, of: 1000, status: 'broken' }],
    ['invalid count equal to the limit passes', gate({ field: 'cpf', metric: 'invalid', maxCount: 50 }, ['CPF']), { count: 50, share: 0.05, of: 1000, status: 'passed' }],
    ['empty share', gate({ field: 'CPF', metric: 'empty', maxShare: 0.01 }, ['CPF']), { count: 20, share: 0.02, of: 1000, status: 'broken' }],
    ['empty count within', gate({ field: 'CPF', metric: 'empty', maxCount: 100 }, ['CPF']), { count: 20, share: 0.02, of: 1000, status: 'passed' }],
    ['rejected rows share', gate({ metric: 'rejected', maxShare: 0.03 }), { count: 40, share: 0.04, of: 1000, status: 'broken' }],
    ['rejected rows count within', gate({ metric: 'rejected', maxCount: 40 }), { count: 40, share: 0.04, of: 1000, status: 'passed' }],
    ['duplicates share', gate({ metric: 'duplicates', maxShare: 0.1 }), { count: 60, share: 0.06, of: 1000, status: 'passed' }],
    ['duplicates count', gate({ metric: 'duplicates', maxCount: 59 }), { count: 60, share: 0.06, of: 1000, status: 'broken' }],
    // 200 of the 1,000 CPFs the registry knows (sem_referencia left out): 20%.
    ['cpf_confere_nao share of the checked CPFs', gate({ metric: 'cpf_confere_nao', maxShare: 0.19 }), { count: 200, share: 0.2, of: 1000, status: 'broken' }],
    ['cpf_confere_nao count within', gate({ metric: 'cpf_confere_nao', maxCount: 200 }), { count: 200, share: 0.2, of: 1000, status: 'passed' }],
    ['either limit broken breaks it', gate({ metric: 'rejected', maxShare: 0.5, maxCount: 10 }), { count: 40, share: 0.04, of: 1000, status: 'broken' }],
  ])('%s', (_what, g, want) => {
    const { results } = evaluateGates([g], summary);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject(want);
  });

  it('passes unless an error gate broke', () => {
    const brokenWarning = gate({ metric: 'rejected', maxCount: 0, level: 'warning' });
    const passingError = gate({ metric: 'duplicates', maxCount: 1000 });
    expect(evaluateGates([brokenWarning, passingError], summary).passed).toBe(true);
    expect(evaluateGates([brokenWarning, passingError, gate({ metric: 'rejected', maxCount: 0 })], summary).passed).toBe(false);
    expect(evaluateGates([], summary)).toEqual({ passed: true, results: [] });
  });

  it('measures every column a repeated header names, each on its own', () => {
    const { results, passed } = evaluateGates([gate({ field: 'telefone', metric: 'invalid', maxShare: 0.1 }, ['Telefone', 'Telefone (2)'])], summary);
    expect(results.map((r) => [r.field, r.column, r.count, r.status])).toEqual([
      ['telefone', 'Telefone', 0, 'passed'],
      ['telefone', 'Telefone (2)', 300, 'broken'],
    ]);
    expect(passed).toBe(false);
  });

  it('does not measure cpf_confere_nao without the holder check, and that never breaks', () => {
    const result = evaluateGates([gate({ metric: 'cpf_confere_nao', maxCount: 0 })], { ...summary, holderCheck: undefined });
    expect(result).toEqual({ passed: true, results: [{ metric: 'cpf_confere_nao', level: 'error', maxCount: 0, count: null, share: null, of: 0, status: 'not_measured' }] });
  });

  it('reads a share of 0 from an empty file, so a share gate passes and a count gate of 0 too', () => {
    const empty = { ...summary, input: { rows: 0 } as RunSummary['input'], rows: { kept: 0, duplicates: 0, rejected: 0 } };
    const { results } = evaluateGates([gate({ metric: 'rejected', maxShare: 0 }), gate({ metric: 'duplicates', maxCount: 0 })], empty);
    expect(results.map((r) => [r.share, r.status])).toEqual([
      [0, 'passed'],
      [0, 'passed'],
    ]);
  });

  it('keeps the limits and the layout field in each result', () => {
    const [result] = evaluateGates([gate({ field: 'Cpf', metric: 'invalid', maxShare: 0.04, maxCount: 100, level: 'warning' }, ['CPF'])], summary).results;
    expect(result).toEqual({ metric: 'invalid', level: 'warning', field: 'Cpf', column: 'CPF', maxShare: 0.04, maxCount: 100, count: 50, share: 0.05, of: 1000, status: 'broken' });
  });
});
