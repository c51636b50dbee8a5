import { describe, expect, it } from 'vitest';
import { sanitizeDocument } from './document.js';
import { applyRule } from './rule.js';

const context = { today: '2026-11-27' };

describe('sanitizeDocument', () => {
  it.each([
    ['529.982.247-25', { status: 'valid', value: '529.982.247-25', info: 'CPF' }],
    ['52998224725', { status: 'corrected', value: '529.982.247-25', info: 'CPF' }],
    ['1234567890', { status: 'corrected', value: '012.345.678-90', info: 'CPF' }],
    ['11.222.333/0001-81', { status: 'valid', value: '11.222.333/0001-81', info: 'CNPJ' }],
    ['11222333000181', { status: 'corrected', value: '11.222.333/0001-81', info: 'CNPJ' }],
    ['12abc34501de35', { status: 'corrected', value: '12.ABC.345/01DE-35', info: 'CNPJ' }],
    // CNPJs that lost leading zeros to Excel: 13, 12 and 11 digits left.
    ['1222333000128', { status: 'corrected', value: '01.222.333/0001-28', info: 'CNPJ' }],
    ['123456000149', { status: 'corrected', value: '00.123.456/0001-49', info: 'CNPJ' }],
    ['12345000165', { status: 'corrected', value: '00.012.345/0001-65', info: 'CNPJ' }],
    // 9 and 10 digits read as a CPF only: a CNPJ does not lose four zeros.
    ['123456797', { status: 'corrected', value: '001.234.567-97', info: 'CPF' }],
    ['1234000153', { status: 'invalid', code: 'CHECK_DIGIT' }],
    // Below 9 digits a mixed column pads nothing (a CPF column still pads from 8).
    ['12345601', { status: 'invalid', code: 'BAD_LENGTH', detail: '8 digits, too few for a CPF (11) or a CNPJ (14), even with lost leading zeros' }],
    ['191', { status: 'invalid', value: '191', code: 'BAD_LENGTH' }],
    ['0/0001-91', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['0', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['529982247250', { status: 'invalid', code: 'BAD_LENGTH', detail: '12 digits, one more than a CPF' }],
    ['152998224725', { status: 'invalid', code: 'BAD_LENGTH' }],
    // CPF 708.788.598-70 plus a stray 8; as a CNPJ its check digits pass by chance, but not branch 5987.
    ['708788598708', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['529.982.247-26', { status: 'invalid', code: 'CHECK_DIGIT', detail: 'check digits 26 expected 25' }],
    ['11.222.333/0001-82', { status: 'invalid', code: 'CHECK_DIGIT', detail: 'check digits 82 expected 81' }],
    ['112223330001', { status: 'invalid', code: 'CHECK_DIGIT' }],
    ['222.222.222-22', { status: 'invalid', code: 'REPEATED_DIGITS' }],
    ['112223330001810', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['CPF: 529.982.247-25', { status: 'invalid', code: 'BAD_CHARACTERS' }],
    ['', { status: 'empty', value: '' }],
  ])('%j → %j', (raw, want) => expect(applyRule(sanitizeDocument, raw, context)).toMatchObject(want));
});
