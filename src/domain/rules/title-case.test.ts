import { describe, expect, it } from 'vitest';
import { applyRule } from './rule.js';
import { cleanInline } from './text.js';
import { addressTitleCaseRule, isCleanTitleCase, titleCaseRule, toTitleCasePtBr } from './title-case.js';

const context = { today: '2025-01-01' };

describe('toTitleCasePtBr re-cases text in one case', () => {
  it.each([
    ['MARIA DAS GRAÇAS', 'Maria das Graças'],
    ['joão da silva júnior', 'João da Silva Júnior'],
    ['DOS SANTOS E SILVA', 'Dos Santos e Silva'], // a particle that starts the text is capitalised
    ['ana-maria de sá', 'Ana-Maria de Sá'],
    ['TRAVESSA DAS PALMEIRAS, 2081', 'Travessa das Palmeiras, 2081'],
    ['rua des moines', 'Rua Des Moines'], // `des` is not a Portuguese particle
    ['"joão" (zé)', '"João" (Zé)'],
    ['ÉRICO VERÍSSIMO', 'Érico Veríssimo'],
    ['2ª travessa', '2ª Travessa'],
    ['DOM PEDRO II', 'Dom Pedro II'],
    ['papa joão xxiii', 'Papa João XXIII'],
    ['RUA XV DE NOVEMBRO', 'Rua XV de Novembro'],
    ['PIO IX', 'Pio IX'],
    ['HENRIQUE VIII, REI', 'Henrique VIII, Rei'],
    ['AV. DOM PEDRO II, 45', 'Av. Dom Pedro II, 45'],
    ['JOSÉ DA SILVA JR.', 'José da Silva Jr.'],
    ['ZEZÉ DI CAMARGO', 'Zezé Di Camargo'], // D, L, C, M are not numerals here: `Di`, `Li`, `Mix`
    ['BRUNO LI', 'Bruno Li'],
    ['LOJA MIX', 'Loja Mix'],
    ['RUA X', 'Rua X'], // a single letter is a capital either way
    ['VIVI XAVIER', 'Vivi Xavier'], // not a valid numeral
    ['SANTA BÁRBARA D\'OESTE', "Santa Bárbara d'Oeste"],
    ["D'ÁVILA", "D'Ávila"], // `d'` is lowercase unless it starts the text
    ["MANUELA D'ÁVILA", "Manuela d'Ávila"],
    ["OLHOS-D'ÁGUA", "Olhos-d'Água"],
    ['RUA CONDE D’EU', 'Rua Conde d’Eu'], // typographic apostrophe
    ["SANT'ANA DO LIVRAMENTO", "Sant'Ana do Livramento"],
    ["SINÉAD O'CONNOR", "Sinéad O'Connor"],
    ["MCDONALD'S", "McDonald's"], // one letter after the apostrophe is not raised
    ['RONALD MCDONALD', 'Ronald McDonald'],
    ['MACEDO MACHADO', 'Macedo Machado'], // `Mac` is left alone
    ['PRAÇA JK', 'Praça Jk'], // names: no codes
  ])('toTitleCasePtBr(%j) is %j', (text, want) => expect(toTitleCasePtBr(text)).toBe(want));
});

describe('toTitleCasePtBr keeps text in mixed case', () => {
  it.each([
    ['Maria Das Graças', 'Maria das Graças'], // particles are lowered, as the generator's truth expects
    ['João E Maria', 'João e Maria'],
    ['Dos Santos', 'Dos Santos'],
    ["Manuela D'Ávila", "Manuela D'Ávila"],
    ['Ronald McDonald', 'Ronald McDonald'],
    ['Ronald Mcdonald', 'Ronald Mcdonald'], // a word with a capital is the writer's
    ['Praça JK', 'Praça JK'],
    ['MARIA da Silva', 'MARIA da Silva'],
    ['joão Da silva', 'João da Silva'], // lowercase words of four letters or more, and the first, are re-cased
    ['São João del Rei', 'São João del Rei'], // shorter ones stay: `del`, `no`, `lá`
    ['Morro Cabeça no Tempo', 'Morro Cabeça no Tempo'],
    ['Xangri-lá', 'Xangri-lá'],
    ['Pio xii', 'Pio XII'],
    ["Santa Bárbara d'oeste", "Santa Bárbara d'Oeste"],
  ])('toTitleCasePtBr(%j) is %j', (text, want) => expect(toTitleCasePtBr(text)).toBe(want));
});

describe('toTitleCasePtBr with address codes', () => {
  const address = { keepCodes: true };
  it.each([
    ['PRAÇA JK', 'Praça JK'],
    ['RODOVIA BR-116, KM 25', 'Rodovia BR-116, Km 25'],
    ['RODOVIA BR 101', 'Rodovia BR 101'],
    ['RODOVIA SP-280', 'Rodovia SP-280'],
    ['RODOVIA PE-015', 'Rodovia PE-015'], // letters with digits, vowels or not
    ['RUA DAS FLORES, S/N', 'Rua das Flores, S/N'],
    ['R. DR. ARNALDO', 'R. Dr. Arnaldo'], // abbreviations are words
    ['TV. DAS FLORES', 'Tv. das Flores'],
    ['PÇ. DA SÉ', 'Pç. da Sé'],
    ['RUA DR ARNALDO', 'Rua Dr Arnaldo'],
    ['AV. SEN. SALGADO FILHO', 'Av. Sen. Salgado Filho'],
    ['RUA STA. CRUZ', 'Rua Sta. Cruz'],
    ['BLOCO B APTO 1203', 'Bloco B Apto 1203'],
    ['APTO 12B', 'Apto 12B'],
    ['(JK)', '(JK)'],
    ['rodovia br-116', 'Rodovia BR-116'], // in lowercase only highways are recognised
    ['praça jk', 'Praça Jk'],
    ['rua sp', 'Rua Sp'],
  ])('toTitleCasePtBr(%j) is %j', (text, want) => expect(toTitleCasePtBr(text, address)).toBe(want));
});

describe('the rules', () => {
  it.each([
    ['Maria das Graças', { status: 'valid', value: 'Maria das Graças' }],
    ['Dom Pedro II', { status: 'valid', value: 'Dom Pedro II' }],
    ["Conde d'Eu", { status: 'valid' }],
    ['  DOM PEDRO  II ', { status: 'corrected', value: 'Dom Pedro II' }],
    ['JoÃ£o AraÃºjo', { status: 'corrected', value: 'João Araújo' }],
  ])('titleCaseRule(%j)', (raw, want) => expect(applyRule(titleCaseRule, raw, context)).toMatchObject(want));

  it.each([
    ['Praça JK', { status: 'valid' }],
    ['PRAÇA JK', { status: 'corrected', value: 'Praça JK' }],
    ['Rodovia BR-116', { status: 'valid' }],
  ])('addressTitleCaseRule(%j)', (raw, want) => expect(applyRule(addressTitleCaseRule, raw, context)).toMatchObject(want));
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

  it.each([
    ['Maria das Graças'], ['Rua 7 de Setembro, 12'], ['Ana-Maria'], ['"João"'], ['Nº 5'], ['A1'], ['Apto 12b'], ['B'],
    ['A B'], ['Rua Ii'], ['ßa'], ['1abcd Efg'],
  ])('is never true where the full path changes %j', (text) => {
    if (isCleanTitleCase(text)) {
      expect(toTitleCasePtBr(cleanInline(text))).toBe(text);
      expect(toTitleCasePtBr(cleanInline(text), { keepCodes: true })).toBe(text);
    }
  });

  it('is never true where the full path changes, on 20,000 random phrases of tricky words', () => {
    const words = ['Maria', 'das', 'Das', 'e', 'E', 'II', 'Ii', 'ii', 'XV', 'Xv', 'JK', 'Jk', "d'Oeste", "D'Oeste", 'Mc', 'Mcdonald',
      'McDonald', 'Br-116', 'BR-116', 'br-116', 'S/N', 'S/n', 'Dr.', 'DR', '12B', '12b', '2ª', 'Nº', '"João"', "'Ana'", 'Ana-Maria',
      'Ana-maria', 'A', 'b', 'B', 'del', 'no', 'Xangri-lá', 'Sant\'Ana', 'ßa', 'É', 'é', '(Zé)', '-', '1abcd'];
    let seed = 1;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const disagreements: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const text = Array.from({ length: 1 + next(4) }, () => words[next(words.length)]).join(' ');
      if (!isCleanTitleCase(text)) continue;
      for (const keepCodes of [false, true]) {
        if (toTitleCasePtBr(text, { keepCodes }) !== text) disagreements.push(text);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
