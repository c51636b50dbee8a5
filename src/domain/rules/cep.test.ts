import { describe, expect, it } from 'vitest';
import { sanitizeCep, ufOfCep } from './cep.js';
import { applyRule } from './rule.js';

const context = { today: '2026-11-27' };

describe('sanitizeCep', () => {
  it.each([
    ['01310-100', { status: 'valid', value: '01310-100' }],
    ['01310100', { status: 'corrected', value: '01310-100' }],
    ['1310100', { status: 'corrected', value: '01310-100' }],
    ['1310-100', { status: 'corrected', value: '01310-100' }],
    ['01.310-100', { status: 'corrected', value: '01310-100' }],
    [' 01310-100\u00a0', { status: 'corrected', value: '01310-100' }],
    ['01310 100', { status: 'corrected', value: '01310-100' }],
    ['', { status: 'empty', value: '' }],
    ['00000-000', { status: 'invalid', value: '00000-000', code: 'CEP_ZERO' }],
    ['00000000', { status: 'invalid', code: 'CEP_ZERO' }],
    ['0000000', { status: 'invalid', code: 'CEP_ZERO' }],
    // Only one zero is ever restored: no CEP starts with 00.
    ['131010', { status: 'invalid', code: 'BAD_LENGTH', detail: '6 digits, a CEP has 8' }],
    ['10000', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['1000000', { status: 'corrected', value: '01000-000' }],
    ['01310', { status: 'invalid', code: 'BAD_LENGTH', detail: '5 digits, a CEP has 8' }],
    ['013101', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['013101005', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['0', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['CEP 01310-100', { status: 'invalid', code: 'BAD_CHARACTERS' }],
    ['01310/100', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('%j → %j', (raw, want) => expect(applyRule(sanitizeCep, raw, context)).toMatchObject(want));

  it.each([
    ['01310-100', 'SP', 'valid'],
    ['1310100', 'SP', 'corrected'],
    ['20040-020', 'RJ', 'valid'],
    ['70040-010', 'DF', 'valid'],
    ['73000-000', 'DF', 'valid'],
    ['72800-000', 'GO', 'valid'],
    ['73700-000', 'GO', 'valid'],
    ['76800-000', 'RO', 'valid'],
    ['69300-000', 'RR', 'valid'],
    ['69400-000', 'AM', 'valid'],
    ['68900-000', 'AP', 'valid'],
    ['20040-020', 'SP', 'invalid'],
    ['72800-000', 'DF', 'invalid'],
    ['73000-000', 'GO', 'invalid'],
    ['78900-000', 'RO', 'invalid'],
    ['00100-000', 'SP', 'invalid'],
  ])('%s with UF %s is %s', (raw, uf, status) => {
    const result = applyRule(sanitizeCep, raw, { ...context, uf });
    expect(result.status).toBe(status);
    if (status === 'invalid') expect(result.code).toBe('CEP_UF_MISMATCH');
  });

  it('names both UFs when they disagree', () => {
    expect(sanitizeCep('20040-020', { ...context, uf: 'SP' })).toEqual({
      ok: false,
      code: 'CEP_UF_MISMATCH',
      detail: 'CEP 20040-020 is in RJ, not SP',
    });
  });
});

describe('ufOfCep', () => {
  it.each([
    ['00999999', undefined], ['01000000', 'SP'], ['19999999', 'SP'], ['20000000', 'RJ'], ['28999999', 'RJ'],
    ['29000000', 'ES'], ['29999999', 'ES'], ['30000000', 'MG'], ['39999999', 'MG'], ['40000000', 'BA'],
    ['48999999', 'BA'], ['49000000', 'SE'], ['49999999', 'SE'], ['50000000', 'PE'], ['56999999', 'PE'],
    ['57000000', 'AL'], ['57999999', 'AL'], ['58000000', 'PB'], ['58999999', 'PB'], ['59000000', 'RN'],
    ['59999999', 'RN'], ['60000000', 'CE'], ['63999999', 'CE'], ['64000000', 'PI'], ['64999999', 'PI'],
    ['65000000', 'MA'], ['65999999', 'MA'], ['66000000', 'PA'], ['68899999', 'PA'], ['68900000', 'AP'],
    ['68999999', 'AP'], ['69000000', 'AM'], ['69299999', 'AM'], ['69300000', 'RR'], ['69399999', 'RR'],
    ['69400000', 'AM'], ['69899999', 'AM'], ['69900000', 'AC'], ['69999999', 'AC'], ['70000000', 'DF'],
    ['72799999', 'DF'], ['72800000', 'GO'], ['72999999', 'GO'], ['73000000', 'DF'], ['73699999', 'DF'],
    ['73700000', 'GO'], ['76799999', 'GO'], ['76800000', 'RO'], ['76999999', 'RO'], ['77000000', 'TO'],
    ['77999999', 'TO'], ['78000000', 'MT'], ['78899999', 'MT'], ['78900000', undefined], ['78999999', undefined],
    ['79000000', 'MS'], ['79999999', 'MS'], ['80000000', 'PR'], ['87999999', 'PR'], ['88000000', 'SC'],
    ['89999999', 'SC'], ['90000000', 'RS'], ['99999999', 'RS'],
  ])('%s → %s', (cep, uf) => expect(ufOfCep(cep)).toBe(uf));
});
