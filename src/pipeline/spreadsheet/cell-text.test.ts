import { describe, expect, it } from 'vitest';
import { decodeXstring, formatIsoDateText } from './cell-text.js';

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
