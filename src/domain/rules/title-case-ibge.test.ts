import { getMunicipalities } from '@brazilian-utils/brazilian-utils/get-municipalities';
import { getStates } from '@brazilian-utils/brazilian-utils/get-states';
import { describe, expect, it } from 'vitest';
import { sanitizeCity } from './city.js';
import { applyRule } from './rule.js';
import { addressTitleCaseRule, titleCaseRule } from './title-case.js';

/**
 * The IBGE municipality names shipped by @brazilian-utils: 5,571 real names with particles,
 * elisions (`d'Oeste`, `Olhos-d'Água`), numerals (`Pio XII`) and hyphens. A name or address
 * that is one of them must never be damaged.
 */
const municipalities = getStates().flatMap((state) =>
  getMunicipalities(state.code).map((m) => ({ name: m.name, uf: m.stateCode })),
);
const context = { today: '2025-01-01' };
const withoutAccents = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/**
 * IBGE itself writes the same elision both ways (`Mirassol d'Oeste`, `Conquista D'Oeste`;
 * `Pau D'Arco`, `São João do Pau d'Alho`), and a few names have lowercase words outside the
 * particles: from capitals the rule cannot know these, and gives the usual pt-BR form.
 */
const FROM_CAPITALS_DIFFERENT = new Map([
  ['Conquista D\'Oeste', "Conquista d'Oeste"],
  ["Figueirópolis D'Oeste", "Figueirópolis d'Oeste"],
  ["Glória D'Oeste", "Glória d'Oeste"],
  ["Lambari D'Oeste", "Lambari d'Oeste"],
  ["Pau D'Arco", "Pau d'Arco"],
  ["Diamante D'Oeste", "Diamante d'Oeste"],
  ["Rancho Alegre D'Oeste", "Rancho Alegre d'Oeste"],
  ["Barra D'Alcântara", "Barra d'Alcântara"],
  ["Olho D'Água do Piauí", "Olho d'Água do Piauí"],
  ["Pau D'Arco do Piauí", "Pau d'Arco do Piauí"],
  ["Alta Floresta D'Oeste", "Alta Floresta d'Oeste"],
  ["Alvorada D'Oeste", "Alvorada d'Oeste"],
  ["Espigão D'Oeste", "Espigão d'Oeste"],
  ["Machadinho D'Oeste", "Machadinho d'Oeste"],
  ["Nova Brasilândia D'Oeste", "Nova Brasilândia d'Oeste"],
  ["Santa Luzia D'Oeste", "Santa Luzia d'Oeste"],
  ["São Felipe D'Oeste", "São Felipe d'Oeste"],
  ['São João del Rei', 'São João Del Rei'],
  ['Morro Cabeça no Tempo', 'Morro Cabeça No Tempo'],
  ['Xangri-lá', 'Xangri-Lá'],
]);

describe('IBGE municipality names', () => {
  it('has the whole list', () => expect(municipalities.length).toBeGreaterThanOrEqual(5570));

  it('keeps every official name as it is, valid, as a name and as an address', () => {
    const changed = municipalities.flatMap(({ name }) =>
      [titleCaseRule, addressTitleCaseRule]
        .map((rule) => applyRule(rule, name, context))
        .filter((r) => r.status !== 'valid' || r.value !== name)
        .map((r) => `${name} → ${r.value}`),
    );
    expect(changed).toEqual([]);
  });

  it('brings every name in capitals back to the official form, but for the listed IBGE inconsistencies', () => {
    const wrong: string[] = [];
    for (const { name } of municipalities) {
      const want = FROM_CAPITALS_DIFFERENT.get(name) ?? name;
      for (const rule of [titleCaseRule, addressTitleCaseRule]) {
        const got = applyRule(rule, name.toUpperCase(), context).value;
        if (got !== want) wrong.push(`${name.toUpperCase()} → ${got}, want ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('brings every name in capitals without accents back to the official form through the city rule, given the UF', () => {
    const wrong = municipalities
      .map(({ name, uf }) => ({ name, got: applyRule(sanitizeCity, withoutAccents(name).toUpperCase(), { ...context, uf }).value }))
      .filter(({ name, got }) => got !== name)
      .map(({ name, got }) => `${name} → ${got}`);
    expect(wrong).toEqual([]);
  });

  // Truly ambiguous without the row's UF: without accents these pairs are one word (`IPIRA` is
  // Ipirá in BA and Ipira in SC), so the rule title-cases the text instead of guessing a city.
  it('without the UF, the city rule misses only homonyms spelt differently', () => {
    const missed = municipalities
      .map(({ name, uf }) => ({ name, uf, got: applyRule(sanitizeCity, withoutAccents(name).toUpperCase(), context).value }))
      .filter(({ name, got }) => got !== name)
      .map(({ name, uf, got }) => `${name} (${uf}) → ${got}`);
    expect(missed).toEqual([
      'Ipirá (BA) → Ipira', // Ipira SC
      'Maraú (BA) → Marau', // Marau RS
      'Iporá (GO) → Ipora', // Iporã PR
      'São Vicente Ferrer (MA) → Sao Vicente Ferrer', // São Vicente Férrer PE
      'Arapuá (MG) → Arapua', // Arapuã PR
      'Goianá (MG) → Goiana', // Goiana PE
      'Arapuã (PR) → Arapua',
      'Iporã (PR) → Ipora',
      'Araçoiaba (PE) → Aracoiaba', // Aracoiaba CE
      'São Vicente Férrer (PE) → Sao Vicente Ferrer',
      'Paraná (RN) → Parana', // Paranã TO
      'Paranã (TO) → Parana',
    ]);
  });
});
