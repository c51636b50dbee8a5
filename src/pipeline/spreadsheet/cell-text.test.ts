import { describe, expect, it } from 'vitest';
import { decodeXstring, formatDate, formatIsoDateText, formatNumber, formatSerialDate } from './cell-text.js';

describe('decodeXstring', () => {
  it.each([
    ['a_x000D__x000A_b', 'a\r\nb'],
    ['_x0041_', 'A'],
    // Excel writes a literal "_x0041_" as "_x005F_x0041_": the escaped underscore must not start a new escape.
    ['_x005F_x0041_', '_x0041_'],
    ['_x005f_x005F_', '_x005F_'],
    ['_x005F_', '_'],
    ['_x12_ e _xZZZZ_', '_x12_ e _xZZZZ_'],
    ['sem escapes', 'sem escapes'],
  ])('%j → %j', (text, want) => expect(decodeXstring(text)).toBe(want));
});

describe('formatIsoDateText', () => {
  it.each([
    ['2024-01-02T00:00:00', '2024-01-02'],
    ['2024-01-02', '2024-01-02'],
    ['2024-01-02T13:05:09Z', '2024-01-02 13:05:09'],
    ['2024-01-02T13:05:08.9996', '2024-01-02 13:05:09'],
    ['2024-01-02T13:05:09-03:00', '2024-01-02 13:05:09'],
    ['1899-12-30T08:30:00', '08:30:00'],
    ['0099-05-06', '0099-05-06'],
    ['ontem', 'ontem'],
  ])('%j → %j', (text, want) => expect(formatIsoDateText(text)).toBe(want));
});

describe('formatNumber', () => {
  it.each([
    [12345678909, '12345678909'],
    [1234567890, '1234567890'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0.0000001'],
    [-1.25e-7, '-0.000000125'],
    [1.5e21, '1500000000000000000000'],
    [2 ** 64, '18446744073709600000'],
    [-0, '0'],
    [0, '0'],
    [-12.5, '-12.5'],
    [100, '100'],
    [1234.5678, '1234.5678'],
    [Number.NaN, ''],
  ])('%d → %s', (n, want) => expect(formatNumber(n)).toBe(want));
});

describe('formatDate', () => {
  it.each([
    [new Date(Date.UTC(1987, 2, 14)), '1987-03-14'],
    [new Date(Date.UTC(2024, 0, 2, 13, 5, 9)), '2024-01-02 13:05:09'],
    [new Date(Date.UTC(2024, 0, 2, 13, 5, 8, 999.6)), '2024-01-02 13:05:09'],
    [new Date(Date.UTC(1899, 11, 30, 8, 30)), '08:30:00'],
    [new Date(Number.NaN), ''],
  ])('%s → %s', (date, want) => expect(formatDate(date)).toBe(want));
});

describe('formatSerialDate', () => {
  it.each([
    [31850, false, '1987-03-14'],
    [0.354340277777778, false, '08:30:15'],
    [0.354340277777778, true, '08:30:15'],
    [0, true, '1904-01-01'],
    [2958465, false, '9999-12-31'],
    // Past 9999-12-31 Excel shows #### in a date style: the number is the value, not nothing.
    [2958466, false, '2958466'],
    [1e10, false, '10000000000'],
    [1e10, true, '10000000000'],
  ])('%d (1904: %s) → %s', (serial, date1904, want) => expect(formatSerialDate(serial, date1904)).toBe(want));
});
