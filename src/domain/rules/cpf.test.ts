import { describe, expect, it } from 'vitest';
import { cpfCheckDigits, formatCpf, isValidCpf, sanitizeCpf } from './cpf.js';
import { applyRule } from './rule.js';

const context = { today: '2026-11-27' };

describe('sanitizeCpf', () => {
  it.each([
    ['529.982.247-25', { status: 'valid', value: '529.982.247-25' }],
    ['52998224725', { status: 'corrected', value: '529.982.247-25' }],
    [' 529.982.247-25 ', { status: 'corrected', value: '529.982.247-25' }],
    ['529.982.247-25\u00a0', { status: 'corrected', value: '529.982.247-25' }],
    ['529  982 247 25', { status: 'corrected', value: '529.982.247-25' }],
    ['529982247-25', { status: 'corrected', value: '529.982.247-25' }],
    ['529.982.247.25', { status: 'corrected', value: '529.982.247-25' }],
    ['1234567890', { status: 'corrected', value: '012.345.678-90' }],
    ['123456797', { status: 'corrected', value: '001.234.567-97' }],
    // Padding stops at 8 digits: three zeros lost to Excel, never more.
    ['12345601', { status: 'corrected', value: '000.123.456-01' }],
    ['0012345601', { status: 'corrected', value: '000.123.456-01' }],
    ['1234552', { status: 'invalid', code: 'BAD_LENGTH', detail: '7 digits, too few for a CPF (11, or 8 once Excel drops leading zeros)' }],
    ['191', { status: 'invalid', value: '191', code: 'BAD_LENGTH' }],
    ['00000000', { status: 'invalid', code: 'REPEATED_DIGITS' }],
    ['', { status: 'empty', value: '' }],
    ['111.111.111-11', { status: 'invalid', value: '111.111.111-11', code: 'REPEATED_DIGITS' }],
    ['00000000000', { status: 'invalid', code: 'REPEATED_DIGITS' }],
    ['0', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['529.982.247-26', { status: 'invalid', code: 'CHECK_DIGIT', detail: 'check digits 26 expected 25' }],
    ['52998224752', { status: 'invalid', code: 'CHECK_DIGIT' }],
    ['529982247250', { status: 'invalid', value: '529982247250', code: 'BAD_LENGTH' }],
    ['529.982.247-2a', { status: 'invalid', code: 'BAD_CHARACTERS' }],
    ['CPF 529.982.247-25', { status: 'invalid', code: 'BAD_CHARACTERS' }],
    ['529/982/247-25', { status: 'invalid', code: 'BAD_CHARACTERS' }],
    ['.-', { status: 'invalid', code: 'BAD_LENGTH' }],
  ])('%j → %j', (raw, want) => expect(applyRule(sanitizeCpf, raw, context)).toMatchObject(want));
});

describe('isValidCpf', () => {
  it.each([
    ['52998224725', true],
    ['01234567890', true],
    ['00000000191', true],
    ['52998224726', false],
    ['22222222222', false],
    ['5299822472', false],
    ['529.982.247-25', false],
  ])('%j → %s', (digits, want) => expect(isValidCpf(digits)).toBe(want));
});

describe('cpfCheckDigits / formatCpf', () => {
  it.each([
    ['529982247', '25'],
    ['012345678', '90'],
    ['000000001', '91'],
  ])('check digits of %s are %s', (base, want) => expect(cpfCheckDigits(base)).toBe(want));

  it('masks 11 digits', () => expect(formatCpf('01234567890')).toBe('012.345.678-90'));
});
