import { describe, expect, it } from 'vitest';
import { isDateFormatCode } from './styles.js';

describe('isDateFormatCode', () => {
  it.each([
    ['dd/mm/yyyy', true],
    ['[$-416]dd/mm/yyyy', true],
    ['[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy', true],
    ['dd/mm/yyyy;@', true],
    ['yyyy-mm-dd hh:mm', true],
    ['h:mm AM/PM', true],
    ['mmm-yy', true],
    ['[h]:mm:ss', false],
    ['[mm]:ss', false],
    ['[Red]0.00', false],
    ['0.00%', false],
    ['#,##0.00 "R$"', false],
    ['[$R$-416] #,##0.00', false],
    ['"dia "0', false],
    ['0\\d', false],
    ['_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', false],
    ['General', false],
    ['@', false],
    ['0.00E+00', false],
  ])('%j → %s', (code, want) => expect(isDateFormatCode(code)).toBe(want));
});
