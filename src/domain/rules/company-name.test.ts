import { describe, expect, it } from 'vitest';
import { sanitizeCompanyName } from './company-name.js';
import { applyRule } from './rule.js';

const context = { today: '2025-01-01' };

describe('sanitizeCompanyName', () => {
  it.each([
    ['PAPELARIA UNIÃO COMÉRCIO ME', { status: 'valid' }],
    ['Padaria Pão de Açúcar Ltda', { status: 'valid', value: 'Padaria Pão de Açúcar Ltda' }], // mixed case is the writer's
    ['McDonald’s Comércio de Alimentos Ltda', { status: 'valid' }],
    ['  Padaria  Pão de Açúcar Ltda ', { status: 'corrected', value: 'Padaria Pão de Açúcar Ltda' }],
    ['  PADARIA  PÃO DE OURO LTDA ', { status: 'corrected', value: 'PADARIA PÃO DE OURO LTDA' }],
    ['padaria pão de ouro ltda', { status: 'corrected', value: 'PADARIA PÃO DE OURO LTDA' }], // lowercase → capitals
    ['farmÃ¡cia sÃ£o jorge s.a.', { status: 'corrected', value: 'FARMÁCIA SÃO JORGE S.A.' }],
    ['FarmÃ¡cia SÃ£o Jorge S.A.', { status: 'corrected', value: 'Farmácia São Jorge S.A.' }],
    ['123 ltda', { status: 'corrected', value: '123 LTDA' }],
    ['123', { status: 'valid' }],
    ['\u0007', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('sanitizeCompanyName(%j)', (raw, want) =>
    expect(applyRule(sanitizeCompanyName, raw, context)).toMatchObject(want));
});
