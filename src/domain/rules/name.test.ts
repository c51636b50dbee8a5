import { describe, expect, it } from 'vitest';
import { sanitizeName } from './name.js';
import { applyRule } from './rule.js';

const context = { today: '2025-01-01' };

describe('sanitizeName', () => {
  it.each([
    ['Maria das Graças', { status: 'valid', value: 'Maria das Graças' }],
    ['MARIA DAS GRAÇAS', { status: 'corrected', value: 'Maria das Graças' }],
    ['Maria Das Graças', { status: 'corrected', value: 'Maria das Graças' }],
    ['joão da silva júnior', { status: 'corrected', value: 'João da Silva Júnior' }],
    ['  Ana  Paula\u00a0Souza\u00a0', { status: 'corrected', value: 'Ana Paula Souza' }],
    ['JoÃ£o AraÃºjo', { status: 'corrected', value: 'João Araújo' }],
    ['Jose\u0301 Antônio', { status: 'corrected', value: 'José Antônio' }],
    ["Manuela D'Ávila", { status: 'valid', value: "Manuela D'Ávila" }],
    ['Ronald McDonald', { status: 'valid', value: 'Ronald McDonald' }],
    ['Dom Pedro II', { status: 'valid', value: 'Dom Pedro II' }],
    ['JOÃO PAULO II', { status: 'corrected', value: 'João Paulo II' }],
    ['RONALD MCDONALD', { status: 'corrected', value: 'Ronald McDonald' }],
    ["MANUELA D'ÁVILA", { status: 'corrected', value: "Manuela d'Ávila" }],
    ['joão Da silva', { status: 'corrected', value: 'João da Silva' }],
    ['\u0000', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('sanitizeName(%j)', (raw, want) => expect(applyRule(sanitizeName, raw, context)).toMatchObject(want));
});
