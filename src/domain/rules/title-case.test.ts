import { describe, expect, it } from 'vitest';
import { cleanInline } from './text.js';
import { isCleanTitleCase, toTitleCasePtBr } from './title-case.js';

describe('toTitleCasePtBr', () => {
  it.each([
    ['MARIA DAS GRAÇAS', 'Maria das Graças'],
    ['Maria Das Graças', 'Maria das Graças'],
    ['joão da silva júnior', 'João da Silva Júnior'],
    ['DOS SANTOS E SILVA', 'Dos Santos e Silva'], // a particle that starts the text is capitalised
    ['ana-maria de sá', 'Ana-Maria de Sá'],
    ['TRAVESSA DAS PALMEIRAS, 2081', 'Travessa das Palmeiras, 2081'],
    ['rua des moines', 'Rua Des Moines'], // `des` is not a Portuguese particle
    ['"joão" (zé)', '"João" (Zé)'],
    ['ÉRICO VERÍSSIMO', 'Érico Veríssimo'],
    ['2ª travessa', '2ª Travessa'],
  ])('toTitleCasePtBr(%j) is %j', (text, want) => expect(toTitleCasePtBr(text)).toBe(want));
});

describe('isCleanTitleCase', () => {
  it.each([
    ['Maria das Graças', true],
    ['Dos Santos e Silva', true],
    ['Ângela da Fonseca', true],
    ['Maria Das Graças', false],
    ['MARIA', false],
    ['maria', false],
    ['Maria  Silva', false],
    ['Maria Silva ', false],
    ['AraÃºjo', false],
    ['Şule', false], // beyond Latin-1: decided by the full path
  ])('isCleanTitleCase(%j) is %j', (text, want) => expect(isCleanTitleCase(text)).toBe(want));

  it.each([['Maria das Graças'], ['Rua 7 de Setembro, 12'], ['Ana-Maria'], ['"João"'], ['Nº 5']])(
    'agrees with the full path on %j',
    (text) => expect(isCleanTitleCase(text)).toBe(toTitleCasePtBr(cleanInline(text)) === text),
  );
});
