import { describe, expect, it } from 'vitest';
import { isDateFormat, sheetjsCellText, type CellTextContext, type SheetjsCell } from './sheetjs-cell-text.js';

const BIFF: CellTextContext = { date1904: false, isOds: false };
const MAC: CellTextContext = { date1904: true, isOds: false };
const ODS: CellTextContext = { date1904: false, isOds: true };

describe('isDateFormat', () => {
  it.each([
    ['dd/mm/yyyy', true],
    ['[$-416]dd/mm/yyyy', true],
    ['dd"/"mm"/"yyyy', true],
    ['dd/mm/yyyy\\ hh:mm:ss', true],
    ['m/d/yy', true],
    ['[h]:mm', false],
    ['[mm]:ss', false],
    ['dd/mm/yyyy;@', true],
    ['0\\ \\d', false],
    ['_-* #,##0.00_-', false],
    ['hh:mm', true],
    ['General', false],
    ['0', false],
    ['#,##0.00', false],
    ['"R$" #,##0.00', false],
    ['[Red]0.00', false],
    ['0.00E+00', false],
    ['0%', false],
    ['@', false],
    ['', false],
    [undefined, false],
    [14, false],
  ])('isDateFormat(%j) is %s', (format, want) => expect(isDateFormat(format)).toBe(want));
});

describe('sheetjsCellText', () => {
  it.each<[string, SheetjsCell | undefined, CellTextContext, string]>([
    ['a missing cell', undefined, BIFF, ''],
    ['a stub', { t: 'z' }, BIFF, ''],
    ['a string as it is', { t: 's', v: 'São Paulo _x000D_' }, BIFF, 'São Paulo _x000D_'],
    ['a CPF that lost its leading zero', { t: 'n', v: 1234567890, z: '0' }, BIFF, '1234567890'],
    ['money', { t: 'n', v: 1234.5, z: '#,##0.00' }, BIFF, '1234.5'],
    ['float noise', { t: 'n', v: 0.1 + 0.2, z: 'General' }, BIFF, '0.3'],
    ['a date', { t: 'n', v: 31113, z: 'dd/mm/yyyy' }, BIFF, '1985-03-07'],
    ['a Brazilian-locale date', { t: 'n', v: 36585, z: '[$-416]dd/mm/yyyy' }, BIFF, '2000-02-29'],
    ['a date and time', { t: 'n', v: 45306.5732638889, z: 'dd/mm/yyyy hh:mm:ss' }, BIFF, '2024-01-15 13:45:30'],
    ['a time of day', { t: 'n', v: 0.3541666666666667, z: 'hh:mm' }, BIFF, '08:30:00'],
    ['a 1904 date', { t: 'n', v: 43844, z: 'dd/mm/yyyy' }, MAC, '2024-01-15'],
    ['a time of day in a 1904 workbook', { t: 'n', v: 0.3541666666666667, z: 'hh:mm' }, MAC, '08:30:00'],
    ['a negative serial in a date format', { t: 'n', v: -1, z: 'dd/mm/yyyy' }, BIFF, '-1'],
    ['a duration', { t: 'n', v: 1.5, z: '[h]:mm' }, BIFF, '1.5'],
    ['a 1904 number', { t: 'n', v: 43844, z: 'General' }, MAC, '43844'],
    ['TRUE', { t: 'b', v: true }, BIFF, 'TRUE'],
    ['FALSE', { t: 'b', v: false }, BIFF, 'FALSE'],
    ['an error SheetJS named', { t: 'e', v: 7, w: '#DIV/0!' }, BIFF, '#DIV/0!'],
    ['an error by its code', { t: 'e', v: 0x2a }, BIFF, '#N/A'],
    ['an unknown error code', { t: 'e', v: 99 }, BIFF, '#VALUE!'],
    ['a Date (cellDates)', { t: 'd', v: new Date(Date.UTC(2024, 0, 15)) }, BIFF, '2024-01-15'],
    ['an .ods formula TRUE', { t: 'n', v: 1, w: 'TRUE' }, ODS, 'TRUE'],
    ['an .ods formula FALSO', { t: 'n', v: 0, w: 'FALSO' }, ODS, 'FALSE'],
    ['an .ods 0 shown as 0', { t: 'n', v: 0, w: '0' }, ODS, '0'],
    ['a number shown TRUE outside .ods', { t: 'n', v: 1, w: 'TRUE' }, BIFF, '1'],
    ['an .ods 2 shown TRUE', { t: 'n', v: 2, w: 'TRUE' }, ODS, '2'],
  ])('%s', (_, cell, context, want) => expect(sheetjsCellText(cell, context)).toBe(want));
});
