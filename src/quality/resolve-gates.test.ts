import { describe, expect, it } from 'vitest';
import { LayoutMismatchError } from '../errors.js';
import { RULES_BY_TYPE } from '../domain/columns/rules-by-type.js';
import { resolveGates } from './resolve-gates.js';
import type { QualityGate } from './quality-gates.js';

const checked = (header: string) => ({ header, rule: RULES_BY_TYPE.document });
const passthrough = (header: string) => ({ header, rule: undefined });
const columns = [checked('Nome'), checked('CPF/CNPJ'), checked('Telefone'), checked('Telefone'), passthrough('Observação')];
const gate = (g: Partial<QualityGate> & Pick<QualityGate, 'metric'>): QualityGate => ({ level: 'error', maxCount: 0, ...g });

describe('resolveGates', () => {
  it.each([
    ['the header as in the file', 'CPF/CNPJ', ['CPF/CNPJ']],
    ['another case, spacing and punctuation', ' cpf cnpj ', ['CPF/CNPJ']],
    ['a repeated header: every column of it', 'telefone', ['Telefone', 'Telefone (2)']],
  ])('ties a field gate to %s', (_what, field, want) => {
    expect(resolveGates([gate({ field, metric: 'invalid' })], columns)[0]!.columns).toEqual(want);
  });

  it('needs no column for a file gate', () => {
    expect(resolveGates([gate({ metric: 'rejected' }), gate({ metric: 'cpf_confere_nao' })], columns).map((g) => g.columns)).toEqual([[], []]);
  });

  it('refuses a column the file lacks, naming the gate and the columns there are', () => {
    const resolve = () => resolveGates([gate({ field: 'E-mail', metric: 'empty' })], columns);
    expect(resolve).toThrow(LayoutMismatchError);
    expect(resolve).toThrow('qualityGates.0 (E-mail empty): the file has no column "E-mail" (its columns: "Nome", "CPF/CNPJ", "Telefone", "Telefone", "Observação")');
  });

  it('refuses a column Higia does not check', () => {
    expect(() => resolveGates([gate({ field: 'observacao', metric: 'empty' })], columns)).toThrow(/qualityGates\.0 \(observacao empty\): column "observacao" is not checked \(passthrough\)/);
  });

  it('says every problem at once', () => {
    const gates = [gate({ field: 'Nome', metric: 'invalid' }), gate({ field: 'RG', metric: 'invalid' }), gate({ field: 'UF', metric: 'empty' })];
    expect(() => resolveGates(gates, columns)).toThrow(/qualityGates\.1 \(RG invalid\).*; qualityGates\.2 \(UF empty\)/);
  });
});
