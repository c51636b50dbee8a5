import { describe, expect, it } from 'vitest';
import { sanitizeAddress } from './address.js';
import { applyRule } from './rule.js';

const context = { today: '2025-01-01' };

describe('sanitizeAddress', () => {
  it.each([
    ['Travessa das Palmeiras, 2081', { status: 'valid' }],
    ['TRAVESSA DAS PALMEIRAS, 2081', { status: 'corrected', value: 'Travessa das Palmeiras, 2081' }],
    ['nossa senhora de fátima', { status: 'corrected', value: 'Nossa Senhora de Fátima' }],
    ['Rua Vinte e Cinco de Março,  100 ', { status: 'corrected', value: 'Rua Vinte e Cinco de Março, 100' }],
    ['Jardim BotÃ¢nico', { status: 'corrected', value: 'Jardim Botânico' }],
    ['Rua XV de Novembro', { status: 'valid' }],
    ['Praça JK', { status: 'valid' }],
    ['Rodovia BR-116, Km 25', { status: 'valid' }],
    ["Rua Conde d'Eu", { status: 'valid' }],
    ['RUA XV DE NOVEMBRO', { status: 'corrected', value: 'Rua XV de Novembro' }],
    ["RUA CONDE D'EU", { status: 'corrected', value: "Rua Conde d'Eu" }],
    ['R. DR. ARNALDO', { status: 'corrected', value: 'R. Dr. Arnaldo' }],
  ])('sanitizeAddress(%j)', (raw, want) => expect(applyRule(sanitizeAddress, raw, context)).toMatchObject(want));
});
