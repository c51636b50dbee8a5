import { describe, expect, it } from 'vitest';
import { cnpjCheckDigits, formatCnpj, isValidCnpj, sanitizeCnpj } from './cnpj.js';
import { applyRule } from './rule.js';

const context = { today: '2026-11-27' };

describe('sanitizeCnpj', () => {
  it.each([
    ['11.222.333/0001-81', { status: 'valid', value: '11.222.333/0001-81' }],
    ['11222333000181', { status: 'corrected', value: '11.222.333/0001-81' }],
    [' 11.222.333/0001-81\u00a0', { status: 'corrected', value: '11.222.333/0001-81' }],
    ['11 222 333 0001 81', { status: 'corrected', value: '11.222.333/0001-81' }],
    ['123456000149', { status: 'corrected', value: '00.123.456/0001-49' }],
    // Padding stops at 11 digits: three zeros lost to Excel, never more.
    ['1222333000128', { status: 'corrected', value: '01.222.333/0001-28' }],
    ['12345000165', { status: 'corrected', value: '00.012.345/0001-65' }],
    ['1234000153', { status: 'invalid', code: 'BAD_LENGTH', detail: '10 digits, too few for a CNPJ (14, or 11 once Excel drops leading zeros)' }],
    ['191', { status: 'invalid', value: '191', code: 'BAD_LENGTH' }],
    ['0/0001-91', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['12.ABC.345/01DE-35', { status: 'valid', value: '12.ABC.345/01DE-35' }],
    ['12ABC34501DE35', { status: 'corrected', value: '12.ABC.345/01DE-35' }],
    ['12abc34501de35', { status: 'corrected', value: '12.ABC.345/01DE-35' }],
    ['12.abc.345/01de-35', { status: 'corrected', value: '12.ABC.345/01DE-35' }],
    ['Q0SLFMBD7VX439', { status: 'corrected', value: 'Q0.SLF.MBD/7VX4-39' }],
    ['', { status: 'empty', value: '' }],
    ['11.222.333/0001-82', { status: 'invalid', code: 'CHECK_DIGIT', detail: 'check digits 82 expected 81' }],
    ['12ABC34501DE36', { status: 'invalid', code: 'CHECK_DIGIT', detail: 'check digits 36 expected 35' }],
    ['11.111.111/1111-11', { status: 'invalid', code: 'REPEATED_DIGITS' }],
    ['00000000000000', { status: 'invalid', code: 'REPEATED_DIGITS' }],
    ['112223330001810', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['2ABC34501DE35', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['12ABC34501DEF5', { status: 'invalid', code: 'BAD_CHARACTERS' }],
    ['12ÁBC34501DE35', { status: 'invalid', code: 'BAD_CHARACTERS' }],
    ['11.222.333_0001-81', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('%j → %j', (raw, want) => expect(applyRule(sanitizeCnpj, raw, context)).toMatchObject(want));
});

describe('cnpjCheckDigits', () => {
  it.each([
    ['12ABC34501DE', '35'],
    ['Q0SLFMBD7VX4', '39'],
    ['112223330001', '81'],
    ['000000000001', '91'],
  ])('check digits of %s are %s', (base, want) => expect(cnpjCheckDigits(base)).toBe(want));
});

describe('isValidCnpj', () => {
  it.each([
    ['12ABC34501DE35', true],
    ['11222333000181', true],
    ['12abc34501de35', false],
    ['12ABC34501DE53', false],
    ['11111111111111', false],
    ['1122233300018', false],
    ['11.222.333/0001-81', false],
  ])('%j → %s', (cnpj, want) => expect(isValidCnpj(cnpj)).toBe(want));
});

describe('formatCnpj', () => {
  it('masks an alphanumeric CNPJ', () => expect(formatCnpj('12ABC34501DE35')).toBe('12.ABC.345/01DE-35'));
});
