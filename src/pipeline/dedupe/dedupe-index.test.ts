import { describe, expect, it } from 'vitest';
import { DedupeIndex } from './dedupe-index.js';

describe('DedupeIndex', () => {
  it('keeps the most complete row of a key', () => {
    const index = new DedupeIndex();
    index.offer('cpf:1', 2, 5);
    index.offer('cpf:1', 9, 7);
    index.offer('cpf:1', 12, 6);
    expect(index.keptLine('cpf:1')).toBe(9);
    expect(index.duplicates()).toEqual(new Map([[2, 9], [12, 9]]));
  });

  it('keeps the earliest row on a tie', () => {
    const index = new DedupeIndex();
    index.offer('e', 3, 4);
    index.offer('e', 1_000_000_007, 4);
    expect(index.keptLine('e')).toBe(3);
    expect(index.duplicates()).toEqual(new Map([[1_000_000_007, 3]]));
  });

  it('tells nothing about unknown keys and counts distinct keys', () => {
    const index = new DedupeIndex();
    index.offer('a', 2, 1);
    index.offer('b', 3, 1);
    index.offer('a', 4, 0);
    expect(index.keptLine('c')).toBeUndefined();
    expect(index.size).toBe(2);
  });
});
