import { describe, expect, it } from 'vitest';
import { applyRule } from './rule.js';
import { cleanInline, isTidyInline, sanitizeText } from './text.js';

const context = { today: '2025-01-01' };

describe('sanitizeText', () => {
  it.each([
    ['Cliente desde 2010', { status: 'valid', value: 'Cliente desde 2010' }],
    ['  Ligar após as 18h  ', { status: 'corrected', value: 'Ligar após as 18h' }],
    ['Pagamento em atraso\nNegociar parcelamento', { status: 'valid' }],
    ['Linha 1\r\nLinha 2\rLinha 3', { status: 'corrected', value: 'Linha 1\nLinha 2\nLinha 3' }],
    ['Mantém  dois espaços\te tab', { status: 'valid' }],
    ['Não ligar\u0000 aos\u0007 domingos\u200b', { status: 'corrected', value: 'Não ligar aos domingos' }],
    ['Ligar apÃ³s as 18h ', { status: 'corrected', value: 'Ligar após as 18h' }],
    ['Cafe\u0301 com leite', { status: 'corrected', value: 'Café com leite' }], // NFD from macOS
    ['\u0001\u0002', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('sanitizeText(%j)', (raw, want) => expect(applyRule(sanitizeText, raw, context)).toMatchObject(want));
});

describe('cleanInline', () => {
  it.each([
    ['Maria  da\u00a0Silva\u00a0', 'Maria da Silva'],
    ['\tRua\nDireita ', 'Rua Direita'],
    ['a\u2003\u2003b', 'a b'],
    ['Jo\u0000ão', 'João'],
    ['Â\u0083§', '§'], // dropping the control joins a mangled pair, which is then repaired
  ])('cleanInline(%j) is %j', (raw, want) => expect(cleanInline(raw)).toBe(want));

  it.each([['Maria da Silva'], ['Rua 7, nº 12'], ['Ângela']])('keeps tidy %j as the same string', (raw) => {
    expect(isTidyInline(raw)).toBe(true);
    expect(cleanInline(raw)).toBe(raw);
  });

  it.each([[' a'], ['a '], ['a  b'], ['a\u00a0b'], ['JoÃ£o'], ['e\u0301'], ['a\u0000b'], ['']])(
    'sends %j to the slow path',
    (raw) => expect(isTidyInline(raw)).toBe(false),
  );
});
