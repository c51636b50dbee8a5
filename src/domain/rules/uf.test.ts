import { describe, expect, it } from 'vitest';
import { applyRule } from './rule.js';
import { UF_NAMES, sanitizeUf } from './uf.js';

const context = { today: '2026-11-27' };
const to = (value: string) => ({ status: 'corrected', value });

describe('sanitizeUf', () => {
  it.each([
    ['SP', { status: 'valid', value: 'SP' }],
    ['sp', to('SP')],
    ['Sp', to('SP')],
    [' SP ', to('SP')],
    ['SP\u00a0', to('SP')],
    ['São Paulo', to('SP')],
    ['SAO PAULO', to('SP')],
    ['sao paulo', to('SP')],
    ['Sao Paulo', to('SP')],
    ['são paulo', to('SP')],
    ['SÃO  PAULO ', to('SP')],
    ['Distrito Federal', to('DF')],
    ['ESPIRITO SANTO', to('ES')],
    ['rio grande do norte', to('RN')],
    ['Rio Grande do Sul', to('RS')],
    ['Mato Grosso', to('MT')],
    ['MATO GROSSO DO SUL', to('MS')],
    ['Pará', to('PA')],
    ['PARANA', to('PR')],
    ['Paraíba', to('PB')],
    ['', { status: 'empty', value: '' }],
    ['XX', { status: 'invalid', value: 'XX', code: 'UNKNOWN_UF' }],
    ['BR', { status: 'invalid', code: 'UNKNOWN_UF' }],
    ['EX', { status: 'invalid', code: 'UNKNOWN_UF' }],
    ['ZZ', { status: 'invalid', code: 'UNKNOWN_UF' }],
    ['--', { status: 'invalid', code: 'UNKNOWN_UF' }],
    ['S/N', { status: 'invalid', code: 'UNKNOWN_UF' }],
    ['São Paulo - SP', { status: 'invalid', code: 'UNKNOWN_UF' }],
  ])('%j → %j', (raw, want) => expect(applyRule(sanitizeUf, raw, context)).toMatchObject(want));

  it.each(Object.entries(UF_NAMES))('reads %s and %s', (code, name) => {
    expect(sanitizeUf(code, context)).toEqual({ ok: true, value: code });
    expect(sanitizeUf(name, context)).toEqual({ ok: true, value: code });
    expect(sanitizeUf(name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase(), context)).toEqual({ ok: true, value: code });
  });

  it('lists the 27 federative units', () => expect(Object.keys(UF_NAMES)).toHaveLength(27));
});
