import { describe, expect, it } from 'vitest';
import { FUZZY_MERGE_THRESHOLD, FUZZY_REVIEW_THRESHOLD, scorePair } from './pair-score.js';
import type { PersonFeatures } from './person-features.js';

const ROWS = 100_000;
const person: PersonFeatures = {
  name: 'Maria Aparecida de Souza',
  cpf: '',
  birthDate: '1980-03-12',
  cep: '01310-100',
  mobiles: ['+5511987654321'],
  email: 'maria.souza@gmail.com',
  city: 'São Paulo',
  uf: 'SP',
};
const bare: PersonFeatures = { name: '', cpf: '', birthDate: '', cep: '', mobiles: [], email: '', city: '', uf: '' };
const score = (a: PersonFeatures, b: PersonFeatures, frequency = 1) => scorePair(a, b, frequency, ROWS);

describe('scorePair', () => {
  it('merges a typo-named row sharing the mobile', () => {
    const result = score(person, { ...bare, name: 'Maria Aparecida de Sousa', mobiles: ['+5511987654321'], city: 'Sao Paulo' });
    expect(result.score).toBeGreaterThanOrEqual(FUZZY_MERGE_THRESHOLD);
    expect(result.evidence).toEqual(expect.arrayContaining(['nome:0.96', 'celular', 'cidade']));
  });

  it('merges an abbreviated middle name sharing birth date and CEP', () => {
    const result = score(person, { ...bare, name: 'Maria A. Souza', birthDate: '1980-03-12', cep: '01310-100' });
    expect(result.score).toBeGreaterThanOrEqual(FUZZY_MERGE_THRESHOLD);
    expect(result.evidence).toEqual(expect.arrayContaining(['nascimento', 'cep']));
  });

  it('scores 0 for two different valid CPFs, whatever else agrees', () => {
    expect(score({ ...person, cpf: '111.444.777-35' }, { ...person, cpf: '123.456.789-09' })).toEqual({ score: 0, evidence: ['cpf_diferente'] });
  });

  it('keeps apart a relative at the same address: another first name, another birth date', () => {
    const brother = { ...person, name: 'José Aparecido de Souza', birthDate: '1975-07-01', mobiles: ['+5511911112222'], email: '' };
    const result = score(person, brother);
    expect(result.score).toBeLessThan(FUZZY_REVIEW_THRESHOLD);
    expect(result.evidence).toEqual(expect.arrayContaining(['nascimento_diferente', 'celular_diferente']));
  });

  it('leaves a shared name and mobile against different birth dates to review (a namesake mother and daughter?)', () => {
    const result = score(person, { ...bare, name: 'Maria Aparecida Souza', mobiles: ['+5511987654321'], birthDate: '1999-01-01' });
    expect(result.score).toBeLessThan(FUZZY_MERGE_THRESHOLD);
    expect(result.score).toBeGreaterThanOrEqual(FUZZY_REVIEW_THRESHOLD);
  });

  it('trusts a shared common name less than a rare one', () => {
    const common = { ...bare, name: 'Maria da Silva', cep: '01310-100' };
    const other = { ...bare, name: 'Maria Silva', cep: '01310-100' };
    expect(score(common, other, 200).score).toBeLessThan(score(common, other, 2).score);
    expect(score(common, other, 200).evidence).toContain('nome_frequente:200');
  });

  it('merges a rare name in one street CEP, but leaves it to review in a town-wide CEP (…-000)', () => {
    const onStreet = score({ ...bare, name: 'Natália Gusmão Silva', cep: '01310-100' }, { ...bare, name: 'Natália Silva', cep: '01310-100' });
    const inTown = score({ ...bare, name: 'Natália Gusmão Silva', cep: '38440-000' }, { ...bare, name: 'Natália Silva', cep: '38440-000' });
    expect(onStreet.score).toBeGreaterThanOrEqual(FUZZY_MERGE_THRESHOLD);
    expect(inTown.score).toBeGreaterThanOrEqual(FUZZY_REVIEW_THRESHOLD);
    expect(inTown.score).toBeLessThan(FUZZY_MERGE_THRESHOLD);
  });

  it('scores a shared mobile between unrelated names low', () => {
    expect(score(person, { ...bare, name: 'Carlos Eduardo Ramos', mobiles: ['+5511987654321'] }).score).toBeLessThan(FUZZY_REVIEW_THRESHOLD);
  });

  it('is symmetric', () => {
    const other = { ...bare, name: 'Maria A. Sousa', email: 'maria.souza@gmail.com', uf: 'RJ' };
    expect(score(person, other).score).toBeCloseTo(score(other, person).score, 12);
  });
});
