import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './jaro-winkler.js';

describe('jaroWinkler', () => {
  // Reference values from Winkler's papers and the usual test tables.
  it.each([
    ['martha', 'marhta', 0.9611],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.8133],
    ['jellyfish', 'smellyfish', 0.8963],
    ['thiago', 'tiago', 0.95],
    ['souza', 'sousa', 0.9067],
  ])('jaroWinkler(%j, %j) ≈ %d', (a, b, want) => expect(jaroWinkler(a, b)).toBeCloseTo(want, 3));

  it.each([
    ['martha', 'marhta', 0.9444],
    ['dwayne', 'duane', 0.8222],
    ['dixon', 'dicksonx', 0.7667],
  ])('jaro(%j, %j) ≈ %d', (a, b, want) => expect(jaro(a, b)).toBeCloseTo(want, 3));

  it('is 1 for equal strings, including two empty ones', () => {
    expect(jaroWinkler('maria', 'maria')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
  });

  it('is 0 when one side is empty or nothing matches', () => {
    expect(jaroWinkler('maria', '')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['conceicao', 'conceisao'], ['aparecida', 'a'], ['raphael', 'rafael']] as const) {
      expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinkler(b, a), 12);
    }
  });

  it('gives no prefix bonus to pairs below the boost threshold', () => {
    expect(jaroWinkler('maxxxxxx', 'mayyyyyy')).toBe(jaro('maxxxxxx', 'mayyyyyy'));
  });

  it('handles strings longer than its scratch buffers', () => {
    const long = 'a'.repeat(500) + 'b';
    expect(jaroWinkler(long, long.slice(1))).toBeGreaterThan(0.99);
  });
});
