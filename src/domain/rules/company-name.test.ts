import { describe, expect, it } from 'vitest';
import { sanitizeCompanyName } from './company-name.js';
import { applyRule } from './rule.js';

const context = { today: '2025-01-01' };

describe('sanitizeCompanyName', () => {
  it.each([
    ['PAPELARIA UNIÃO COMÉRCIO ME', { status: 'valid' }],
    ['Papelaria União Comércio Me', { status: 'corrected', value: 'PAPELARIA UNIÃO COMÉRCIO ME' }],
    ['  PADARIA  PÃO DE OURO LTDA ', { status: 'corrected', value: 'PADARIA PÃO DE OURO LTDA' }],
    ['farmÃ¡cia sÃ£o jorge s.a.', { status: 'corrected', value: 'FARMÁCIA SÃO JORGE S.A.' }],
    ['AÇOUGUE BOA ESPERANÇA EIRELI\u00a0', { status: 'corrected', value: 'AÇOUGUE BOA ESPERANÇA EIRELI' }],
    ['\u0007', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('sanitizeCompanyName(%j)', (raw, want) => expect(applyRule(sanitizeCompanyName, raw, context)).toMatchObject(want));
});
