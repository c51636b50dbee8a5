import { describe, expect, it } from 'vitest';
import { isOneEditApart, nameSimilarity, tokenSimilarity } from './name-similarity.js';

describe('nameSimilarity: the same person written differently scores high', () => {
  it.each([
    ['Maria Aparecida Souza', 'Maria A. Sousa', 0.85],
    ['Maria Aparecida Souza', 'Maria Aparecida Souza', 1],
    ['MARIA APARECIDA SOUZA', 'maria aparecida souza', 1],
    ['José da Conceição', 'José da Conceicao', 1],
    ['Thiago Gonçalves', 'Tiago Goncalves', 0.95],
    ['Luiz Carlos Pereira', 'Luis Carlos Pereira', 0.95],
    ['Terezinha de Jesus', 'Teresinha de Jesus', 0.95],
    ['Maria das Graças Lima', 'Maria Graças Lima', 1],
    ['Maria da Silva Santos', 'Maria de Silva Santos', 1],
    ['Antônio Carlos Júnior', 'Antônio Carlos Jr.', 1],
    ['Paulo Roberto Lima Júnior', 'Paulo Roberto Lima', 0.9],
    ['Fernanda Oliveira', 'Fernadna Oliveira', 0.9], // letters swapped
    ['Fernanda Oliveira', 'Fernanda Olivera', 0.9], // a letter dropped
    ['Fernanda Oliveira', 'Fernanda Olliveira', 0.9], // a letter doubled
    ['Ana Paula Ribeiro Costa', 'Ana Paula Costa', 0.88], // a middle surname dropped
    ['Ana Paula Ribeiro Costa', 'Ana P. R. Costa', 0.8],
    ['Raphael Cavalcanti Batista', 'Rafael Cavalcante Baptista', 0.88],
    ['Maria Silva Santos', 'Maria Silva', 0.75], // the last surname dropped
  ])('%j ~ %j ≥ %d', (a, b, atLeast) => expect(nameSimilarity(a, b)).toBeGreaterThanOrEqual(atLeast));
});

describe('nameSimilarity: different people score low', () => {
  it.each([
    ['Maria Silva', 'Ana Silva', 0.2],
    ['Maria Aparecida Souza', 'Joana Aparecida Souza', 0.3],
    ['Mario Pereira', 'Maria Pereira', 0.25],
    ['Paulo Roberto Lima', 'Paula Roberta Lima', 0.1],
    ['Mariana Costa', 'Maria Costa', 0.65],
    ['José Silva Filho', 'José Silva Neto', 0.45],
    ['Maria da Silva', 'Maria Oliveira', 0.5],
    ['Carlos Eduardo Souza', 'Carlos Eduardo Ramos', 0.5],
    ['', 'Maria Silva', 0],
  ])('%j ~ %j ≤ %d', (a, b, atMost) => expect(nameSimilarity(a, b)).toBeLessThanOrEqual(atMost));
});

describe('nameSimilarity properties', () => {
  it('is symmetric', () => {
    const pairs = [['Maria A. Sousa', 'Maria Aparecida Souza'], ['Ana Paula Costa', 'Ana Paula Ribeiro Costa'], ['José Silva Filho', 'José Silva']];
    for (const [a, b] of pairs) expect(nameSimilarity(a!, b!)).toBeCloseTo(nameSimilarity(b!, a!), 12);
  });

  it('gives a first name alone less than a full match', () => {
    expect(nameSimilarity('Maria', 'Maria Silva')).toBeLessThan(0.8);
    expect(nameSimilarity('Maria', 'Maria')).toBe(1);
  });
});

describe('tokenSimilarity', () => {
  it.each([
    ['souza', 'sousa', 0.96],
    ['fernanda', 'fernadna', 0.92],
    ['ana', 'anna', 0.96],
    ['ana', 'ama', 0.85],
    ['a', 'aparecida', 0.9],
    ['a', 'beatriz', 0],
    ['maria', 'mario', 0.2],
    ['thiago', 'tiaog', 0.85],
    ['joana', 'beatriz', 0],
  ])('tokenSimilarity(%j, %j) = %d', (a, b, want) => expect(tokenSimilarity(a, b)).toBe(want));
});

describe('isOneEditApart', () => {
  it.each([
    ['maria', 'mraia', true],
    ['maria', 'mara', true],
    ['maria', 'marria', true],
    ['maria', 'marta', true],
    ['maria', 'maria', true],
    ['maria', 'mariana', false],
    ['maria', 'amrai', false],
    ['abcd', 'badc', false],
  ])('isOneEditApart(%j, %j) = %s', (a, b, want) => expect(isOneEditApart(a, b)).toBe(want));
});
