import { describe, expect, it } from 'vitest';
import { sanitizeMoney } from './money.js';
import { applyRule } from './rule.js';

const context = { today: '2025-01-01' };

describe('sanitizeMoney', () => {
  it.each([
    ['1234.56', { status: 'valid', value: '1234.56' }],
    ['R$ 1.234,56', { status: 'corrected', value: '1234.56' }],
    ['R$1.234,56', { status: 'corrected', value: '1234.56' }],
    ['1.234,56', { status: 'corrected', value: '1234.56' }],
    ['1234,56', { status: 'corrected', value: '1234.56' }],
    ['1.234', { status: 'corrected', value: '1234.00' }], // dots in thousands form are thousands
    ['1.234.567', { status: 'corrected', value: '1234567.00' }],
    ['1234', { status: 'corrected', value: '1234.00' }],
    ['1,234.56', { status: 'corrected', value: '1234.56' }],
    ['1,234,567', { status: 'corrected', value: '1234567.00' }],
    ['12.5', { status: 'corrected', value: '12.50' }],
    ['0.125', { status: 'corrected', value: '0.13' }], // not thousands: a group can't start with 0
    ['1234.565', { status: 'corrected', value: '1234.57' }], // half-up on the digits, no float error
    ['0,29', { status: 'corrected', value: '0.29' }],
    [',5', { status: 'corrected', value: '0.50' }],
    ['007,00', { status: 'corrected', value: '7.00' }],
    ['99999999999999999999,99', { status: 'corrected', value: '99999999999999999999.99' }],
    ['9,999', { status: 'corrected', value: '10.00' }], // one comma is a decimal comma, rounded
    ['-1.234,56', { status: 'corrected', value: '-1234.56' }],
    ['R$ -1.234,56', { status: 'corrected', value: '-1234.56' }],
    ['-R$ 1.234,56', { status: 'corrected', value: '-1234.56' }],
    ['(1.234,56)', { status: 'corrected', value: '-1234.56' }], // accounting negative
    ['-0,00', { status: 'corrected', value: '0.00' }],
    ['r$ 1 234,56', { status: 'corrected', value: '1234.56' }],
    ['\u00a01.234,56\u2009', { status: 'corrected', value: '1234.56' }],
  ])('sanitizeMoney(%j)', (raw, want) => expect(applyRule(sanitizeMoney, raw, context)).toMatchObject(want));

  it.each([
    ['a combinar'],
    ['-'],
    ['N/D'],
    ['R$'],
    ['1.2.3'],
    ['12.34,56'], // misplaced thousands separator
    ['1,23,456.00'],
    ['(1.234,56'],
    ['--5'],
    ['US$ 10'],
    ['1.234,56 reais'],
  ])('rejects %j as NOT_A_NUMBER', (raw) =>
    expect(applyRule(sanitizeMoney, raw, context)).toMatchObject({ status: 'invalid', code: 'NOT_A_NUMBER' }));
});
