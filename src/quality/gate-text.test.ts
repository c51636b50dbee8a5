import { describe, expect, it } from 'vitest';
import { describeBroken, describeGate } from './gate-text.js';
import { qualityGateFailure, qualityGateWarning } from './gate-failure.js';
import type { GateResult } from './quality-gates.js';

const cpfInvalid: GateResult = { metric: 'invalid', level: 'error', field: 'cpf', column: 'CPF', maxShare: 0.05, count: 150, share: 0.0752, of: 2000, status: 'broken' };
const rejected: GateResult = { metric: 'rejected', level: 'error', maxCount: 100, count: 120, share: 0.06, of: 2000, status: 'broken' };
const owner: GateResult = { metric: 'cpf_confere_nao', level: 'warning', maxShare: 0.01, maxCount: 5, count: 32, share: 0.032, of: 1000, status: 'broken' };
const within: GateResult = { metric: 'duplicates', level: 'error', maxShare: 0.1, count: 10, share: 0.005, of: 2000, status: 'passed' };
const unmeasured: GateResult = { metric: 'cpf_confere_nao', level: 'error', maxCount: 0, count: null, share: null, of: 0, status: 'not_measured' };

describe('describeGate', () => {
  it.each([
    [cpfInvalid, 'pt-BR', 'CPF — inválidos: 7,52% (150 de 2.000 linhas), acima do limite de 5%'],
    [cpfInvalid, 'en', 'CPF — invalid: 7.52% (150 of 2,000 rows), above the limit of 5%'],
    [rejected, 'pt-BR', 'linhas rejeitadas: 6% (120 de 2.000 linhas), acima do limite de 100 linhas'],
    [owner, 'pt-BR', 'CPF de outra pessoa (cpf_confere = nao): 3,2% (32 de 1.000 CPFs conferidos), acima do limite de 1% ou 5 linhas'],
    [owner, 'en', "another person's CPF (cpf_confere = nao): 3.2% (32 of 1,000 checked CPFs), above the limit of 1% or 5 rows"],
    [within, 'pt-BR', 'linhas duplicadas: 0,5% (10 de 2.000 linhas), dentro do limite de 10%'],
    [unmeasured, 'pt-BR', 'CPF de outra pessoa (cpf_confere = nao): não medido (sem conferência de titular do CPF (referência pessoas))'],
  ] as const)('%j in %s', (result, lang, sentence) => expect(describeGate(result, lang).sentence).toBe(sentence));
});

describe('the verdict', () => {
  const gates = { passed: false, results: [cpfInvalid, within, rejected, owner] };

  it('names each broken error gate with its measure and limit', () => {
    const failure = qualityGateFailure({ qualityGates: gates }, 'pt-BR');
    expect(failure?.code).toBe('QUALITY_GATE');
    expect(failure?.exitCode).toBe(3);
    expect(failure?.message).toBe(
      '2 limites de qualidade violados: CPF — inválidos: 7,52% (150 de 2.000 linhas), acima do limite de 5%; linhas rejeitadas: 6% (120 de 2.000 linhas), acima do limite de 100 linhas',
    );
    expect(qualityGateFailure({ qualityGates: gates }, 'en')?.message).toMatch(/^2 quality gates broken: CPF — invalid: 7\.52%/);
  });

  it('says the broken warnings apart', () => {
    expect(qualityGateWarning({ qualityGates: gates }, 'pt-BR')).toBe(`1 aviso de qualidade: ${describeGate(owner, 'pt-BR').sentence}`);
    expect(describeBroken([within, unmeasured], 'error', 'pt-BR')).toBeUndefined();
  });

  it('is no failure when the error gates passed, or there are none', () => {
    expect(qualityGateFailure({ qualityGates: { passed: true, results: [within, owner] } }, 'pt-BR')).toBeUndefined();
    expect(qualityGateFailure({}, 'pt-BR')).toBeUndefined();
    expect(qualityGateWarning({}, 'pt-BR')).toBeUndefined();
  });
});
