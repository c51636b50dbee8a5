import { describe, expect, it } from 'vitest';
import { cityKey, sanitizeCity } from './city.js';
import { applyRule } from './rule.js';

const today = '2025-01-01';

describe('sanitizeCity', () => {
  it.each([
    ['São Paulo', 'SP', { status: 'valid', value: 'São Paulo', info: '3550308' }],
    ['SAO PAULO', 'SP', { status: 'corrected', value: 'São Paulo', info: '3550308' }],
    ['Sao Paulo', undefined, { status: 'corrected', value: 'São Paulo', info: '3550308' }],
    ['são paulo', 'SP', { status: 'corrected', value: 'São Paulo' }],
    ['Brasilia', 'DF', { status: 'corrected', value: 'Brasília', info: '5300108' }],
    ['  SÃƒO  LUÃ\u008dS ', 'MA', { status: 'corrected', value: 'São Luís' }], // uppercase mojibake
    ['SÃ£o LuÃ­s', 'MA', { status: 'corrected', value: 'São Luís', info: '2111300' }],
    ['santa barbara d oeste', 'SP', { status: 'corrected', value: "Santa Bárbara d'Oeste" }],
    ['Santana do Livramento', 'RS', { status: 'corrected', value: "Sant'Ana do Livramento" }],
    ['EMBU GUACU', 'SP', { status: 'corrected', value: 'Embu-Guaçu' }],
    ['GOIANA', 'MG', { status: 'corrected', value: 'Goianá', info: '3127388' }], // the row's UF picks the spelling
    ['GOIANA', 'PE', { status: 'corrected', value: 'Goiana', info: '2606200' }],
    ['Goianá', undefined, { status: 'valid', value: 'Goianá' }], // no UF: the accent decides
    ['Bom Jesus', 'PI', { status: 'valid', info: '2201903' }],
    ['BOM JESUS', undefined, { status: 'corrected', value: 'Bom Jesus' }], // five UFs: name sure, code not
    ['VILA DO ABRAÃO', 'RJ', { status: 'corrected', value: 'Vila do Abraão' }], // not a municipality
    ['\u0000', 'SP', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('sanitizeCity(%j) with UF %j', (raw, uf, want) =>
    expect(applyRule(sanitizeCity, raw, uf === undefined ? { today } : { today, uf })).toMatchObject(want));

  it.each([
    ['BOM JESUS', undefined],
    ['GOIANA', undefined],
  ])('gives no IBGE code for %j when the UF does not decide', (raw, uf) =>
    expect(applyRule(sanitizeCity, raw, { today, uf }).info).toBeUndefined());
});

describe('cityKey', () => {
  it.each([
    ["Santa Bárbara d'Oeste", 'santabarbaradoeste'],
    ['SANTA BARBARA D OESTE', 'santabarbaradoeste'],
    ['Embu-Guaçu', 'embuguacu'],
    ['Sa\u0303o Paulo', 'saopaulo'],
  ])('cityKey(%j) is %j', (text, want) => expect(cityKey(text)).toBe(want));
});
