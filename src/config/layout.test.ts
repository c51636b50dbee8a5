import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseLayout } from './layout.js';

describe('parseLayout: area-code columns', () => {
  it.each([
    ['a DDD column typed alone', { columns: { DDD: 'area_code' } }],
    ['a phone naming its DDD column', { columns: { Fone: { type: 'phone', areaCode: 'Cod' } } }],
    ['both, in any case and accents', { columns: { Fone: { type: 'phone', areaCode: 'cód' }, 'Cód': { type: 'area_code' } } }],
    ['two phones sharing one DDD', { columns: { Fone: { type: 'phone', areaCode: 'DDD' }, Fax: { type: 'phone', areaCode: 'DDD' } } }],
  ])('accepts %s', (_what, layout) => expect(() => parseLayout(layout)).not.toThrow());

  it('keeps areaCode in the parsed layout', () => {
    expect(parseLayout({ columns: { Fone: { type: 'phone', areaCode: 'Cod' } } }).columns).toEqual({
      Fone: { type: 'phone', required: false, areaCode: 'Cod' },
    });
  });

  it.each([
    ['areaCode on a column that is not a phone', { columns: { Nome: { type: 'name', areaCode: 'DDD' } } }, /columns\.Nome\.areaCode: areaCode is only for phone columns/],
    ['an area-code column typed as something else', { columns: { Fone: { type: 'phone', areaCode: 'Cod' }, COD: 'text' } }, /columns\.Fone\.areaCode: "Cod" is typed text/],
    ['a phone that is its own area-code column', { columns: { Fone: { type: 'phone', areaCode: 'fone' } } }, /cannot be its own/],
    ['an empty areaCode', { columns: { Fone: { type: 'phone', areaCode: '' } } }, /columns\.Fone\.areaCode/],
    ['a misspelt key', { columns: { Fone: { type: 'phone', area_code: 'DDD' } } }, /columns\.Fone/],
    ['an unknown type', { columns: { DDD: 'ddd' } }, /columns\.DDD/],
  ])('refuses %s', (_what, layout, message) => {
    expect(() => parseLayout(layout)).toThrow(ConfigError);
    expect(() => parseLayout(layout)).toThrow(message);
  });
});
