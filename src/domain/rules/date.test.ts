import { describe, expect, it } from 'vitest';
import { sanitizeBirthDate, sanitizeDate } from './date.js';
import { applyRule } from './rule.js';

const context = { today: '2025-01-01' };

describe('sanitizeDate', () => {
  it.each([
    ['1985-03-12', { status: 'valid', value: '1985-03-12' }],
    ['12/03/1985', { status: 'corrected', value: '1985-03-12' }],
    ['2/3/1985', { status: 'corrected', value: '1985-03-02' }],
    ['12-03-1985', { status: 'corrected', value: '1985-03-12' }],
    ['12.03.1985', { status: 'corrected', value: '1985-03-12' }],
    ['12/03/85', { status: 'corrected', value: '1985-03-12' }],
    ['12-03-25', { status: 'corrected', value: '2025-03-12' }], // yy ≤ today's yy → 20yy
    ['12-03-26', { status: 'corrected', value: '1926-03-12' }],
    ['12/03/1985 00:00:00', { status: 'corrected', value: '1985-03-12' }],
    ['1985-03-12T10:00:00', { status: 'corrected', value: '1985-03-12' }],
    ['1985-03-12 00:00:00', { status: 'corrected', value: '1985-03-12' }],
    ['1985-03-12T10:00:00.000Z', { status: 'corrected', value: '1985-03-12' }],
    [' 12/03/1985 ', { status: 'corrected', value: '1985-03-12' }],
    ['25569', { status: 'corrected', value: '1970-01-01' }], // Excel serial, day 0 = 1899-12-30
    ['32874', { status: 'corrected', value: '1990-01-01' }],
    ['32874.5', { status: 'corrected', value: '1990-01-01' }],
    ['29/02/2024', { status: 'corrected', value: '2024-02-29' }],
    ['2030-01-01', { status: 'valid' }], // only birth dates have limits
  ])('accepts %j', (raw, want) => expect(applyRule(sanitizeDate, raw, context)).toMatchObject(want));

  it.each([
    ['31/02/1990', 'DATE_IMPOSSIBLE'],
    ['29/02/2023', 'DATE_IMPOSSIBLE'],
    ['31/04/1990', 'DATE_IMPOSSIBLE'],
    ['12/13/1990', 'DATE_IMPOSSIBLE'], // month 13
    ['00/05/1990', 'DATE_IMPOSSIBLE'], // day 0
    ['1990-00-10', 'DATE_IMPOSSIBLE'],
    ['99/99/9999', 'DATE_IMPOSSIBLE'],
    ['00/00/0000', 'DATE_FORMAT'], // the "no date" placeholder
    ['não informado', 'DATE_FORMAT'],
    ['1/1', 'DATE_FORMAT'],
    ['0', 'DATE_FORMAT'],
    ['1990', 'DATE_FORMAT'],
    ['123456', 'DATE_FORMAT'],
    ['12/03-1990', 'DATE_FORMAT'], // mixed separators
    ['12/03/1990 25:00', 'DATE_FORMAT'],
    ['12/03/1990 garbage', 'DATE_FORMAT'],
    ['12/03/199', 'DATE_FORMAT'],
  ])('rejects %j with %s', (raw, code) =>
    expect(applyRule(sanitizeDate, raw, context)).toMatchObject({ status: 'invalid', code, value: raw }));
});

describe('sanitizeBirthDate', () => {
  it.each([
    ['01/01/2025', { status: 'corrected', value: '2025-01-01' }], // today itself is fine
    ['01/01/1900', { status: 'corrected', value: '1900-01-01' }],
    ['02/01/2025', { status: 'invalid', code: 'DATE_FUTURE' }],
    ['2030-05-01', { status: 'invalid', code: 'DATE_FUTURE' }],
    ['31/12/1899', { status: 'invalid', code: 'DATE_TOO_OLD' }],
    ['31/02/1990', { status: 'invalid', code: 'DATE_IMPOSSIBLE' }],
  ])('sanitizeBirthDate(%j)', (raw, want) => expect(applyRule(sanitizeBirthDate, raw, context)).toMatchObject(want));
});
