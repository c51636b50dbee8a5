import { describe, expect, it } from 'vitest';
import { ExactPairs } from './exact-pairs.js';
import { MergedPairs } from './merge-clusters.js';

const linksOf = (pairs: [number, number, number, string][], exact: number[] = []) => {
  const merged = new MergedPairs();
  for (const [line, earlier, score, evidence] of pairs) merged.push(line, earlier, score, evidence);
  const links = merged.links(new ExactPairs(Float64Array.from(exact)));
  return Object.fromEntries([...links.lines].map((line) => [line, links.get(line)]));
};

describe('MergedPairs.links: clusters over exact groups', () => {
  it('keeps the earliest group; each other group links there with its best pair, naming the partner when it is not the kept row', () => {
    // 8 is an exact duplicate of 6: pairs with 8 join 6's group.
    const links = linksOf(
      [
        [6, 3, 0.995, 'celular'],
        [10, 8, 0.999, 'nome'],
        [12, 10, 0.992, 'email'],
      ],
      [8, 6],
    );
    expect(links).toEqual({
      6: { keptLine: 3, score: 0.999, evidence: 'linha:10 nome' },
      10: { keptLine: 3, score: 0.999, evidence: 'linha:6 nome' },
      12: { keptLine: 3, score: 0.992, evidence: 'linha:10 email' },
    });
  });

  it('takes the first of equal scores, and keeps separate clusters apart', () => {
    const links = linksOf([
      [5, 2, 0.995, 'a'],
      [5, 4, 0.995, 'b'],
      [9, 7, 0.999, 'c'],
    ]);
    expect(links).toEqual({
      4: { keptLine: 2, score: 0.995, evidence: 'linha:5 b' },
      5: { keptLine: 2, score: 0.995, evidence: 'a' },
      9: { keptLine: 7, score: 0.999, evidence: 'c' },
    });
  });

  it('grows past its first arrays: a chain of 3,000 pairs is one cluster kept at its first row', () => {
    const pairs = Array.from({ length: 3_000 }, (_, i): [number, number, number, string] => [i + 2, i + 1, 0.99 + (i % 7) / 1000, `p${i}`]);
    const links = linksOf(pairs);
    expect(Object.keys(links)).toHaveLength(3_000);
    expect(Object.values(links).every((link) => link!.keptLine === 1)).toBe(true);
    expect(links[2]).toEqual({ keptLine: 1, score: 0.99 + 1 / 1000, evidence: 'linha:3 p1' });
  });
});
