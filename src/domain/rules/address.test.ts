import { describe, expect, it } from 'vitest';
import { addressParts, sanitizeAddress, sanitizeNeighborhood } from './address.js';
import { applyRule } from './rule.js';

const context = { today: '2025-01-01' };

describe('sanitizeNeighborhood (and the re-casing every address gets first)', () => {
  it.each([
    ['Travessa das Palmeiras', { status: 'valid' }],
    ['TRAVESSA DAS PALMEIRAS, 2081', { status: 'corrected', value: 'Travessa das Palmeiras, 2081' }],
    ['nossa senhora de fátima', { status: 'corrected', value: 'Nossa Senhora de Fátima' }],
    ['Jardim BotÃ¢nico', { status: 'corrected', value: 'Jardim Botânico' }],
    ['Praça JK', { status: 'valid' }],
    ["RUA CONDE D'EU", { status: 'corrected', value: "Rua Conde d'Eu" }],
  ])('sanitizeNeighborhood(%j)', (raw, want) => expect(applyRule(sanitizeNeighborhood, raw, context)).toMatchObject(want));
});

describe('sanitizeAddress: the standard street, its number and complement in the info', () => {
  it.each([
    ['Travessa das Palmeiras', 'valid', 'Travessa das Palmeiras', '', ''],
    ['TRAVESSA DAS PALMEIRAS, 2081', 'corrected', 'Travessa das Palmeiras', '2081', ''],
    ['Rua Vinte e Cinco de Março,  100 ', 'corrected', 'Rua Vinte e Cinco de Março', '100', ''],
    ['Rua XV de Novembro', 'valid', 'Rua XV de Novembro', '', ''],
    ['RUA XV DE NOVEMBRO', 'corrected', 'Rua XV de Novembro', '', ''],
    ["Rua Conde d'Eu", 'valid', "Rua Conde d'Eu", '', ''],
    ['R. DR. ARNALDO', 'corrected', 'Rua Doutor Arnaldo', '', ''],
    ['R. Dr. Arnaldo, nº 638 ap 12', 'corrected', 'Rua Doutor Arnaldo', '638', 'Apto 12'],
    ['Rua Doutor Arnaldo 638 - Apto 12', 'corrected', 'Rua Doutor Arnaldo', '638', 'Apto 12'],
    ['Rua 7 de Setembro', 'valid', 'Rua 7 de Setembro', '', ''],
  ])('sanitizeAddress(%j)', (raw, status, street, number, complement) => {
    const result = applyRule(sanitizeAddress, raw, context);
    expect(result).toMatchObject({ status, value: street });
    expect(addressParts(result.info)).toEqual({ number, complement });
  });

  it('keeps a value that is only a number or a complement as it is, not as an empty street', () => {
    expect(applyRule(sanitizeAddress, 'S/N', context)).toMatchObject({ status: 'valid', value: 'S/N' });
  });
});
