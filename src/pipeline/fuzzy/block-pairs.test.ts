import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DedupeIndex } from '../dedupe/dedupe-index.js';
import { BLOCK_SLOTS, pairEveryTwo } from './block-pairs.js';
import { combinedDecisions } from './duplicate-decisions.js';
import { ExactPairs } from './exact-pairs.js';
import { FuzzyLinks } from './fuzzy-links.js';
import { uniquePairs } from './fuzzy-matcher.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'higia-blocks-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Offers each row's block keys as the matcher does, and reads back the candidate pairs. */
async function candidates(rows: [line: number, keys: string[]][], maxRows: number, maxMemoryBytes?: number): Promise<number[][]> {
  const index = new DedupeIndex({ scratchDir: dir, pairing: pairEveryTwo(maxRows), maxMemoryBytes });
  try {
    for (const [line, keys] of rows) {
      for (let k = 0; k < keys.length; k++) {
        const spilling = index.offer(keys[k]!, line * BLOCK_SLOTS + k, 0);
        if (spilling) await spilling;
      }
    }
    const lookup = await index.finish();
    const flat = [...lookup.pairsUpTo(0xffffffff)];
    return Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!]);
  } finally {
    await index.close();
  }
}

describe('pairEveryTwo: candidate pairs from block keys', () => {
  it('pairs every two rows of a block, later line first, in line order', async () => {
    const pairs = await candidates([[2, ['m:1']], [5, ['m:1', 'e:a']], [7, ['m:1']], [9, ['e:a']], [11, ['x']]], 50);
    expect(pairs).toEqual([[5, 2], [7, 2], [7, 5], [9, 5]]);
  });

  it('skips a block of more than maxRows rows whole, and keeps the others', async () => {
    const rows: [number, string[]][] = [1, 2, 3, 4].map((line) => [line, ['busy']]);
    rows.push([10, ['a']], [12, ['a']]);
    expect(await candidates(rows, 3)).toEqual([[12, 10]]);
  });

  it('gives the same pairs when its entries spill to disk', async () => {
    const rows: [number, string[]][] = Array.from({ length: 3000 }, (_, i) => [i + 1, [`k:${i % 700}`, `j:${i % 1100}`]]);
    // Spilled, a later line's earlier lines come back in run order: uniquePairs puts them in
    // line order and drops repeats, which the matcher relies on to compare a pair once.
    const spilled = await candidates(rows, 50, 16 * 1024);
    const inMemory = await candidates(rows, 50);
    const flat = (pairs: number[][]) => Float64Array.from(pairs.flat());
    expect([...uniquePairs(flat(spilled))]).toEqual([...uniquePairs(flat(inMemory))]);
    expect([...uniquePairs(flat([[5, 3], [5, 1], [5, 3], [7, 2]]))]).toEqual([5, 1, 5, 3, 7, 2]);
  });
});

describe('combinedDecisions: exact pairs and fuzzy links in one line order', () => {
  it('points an exact duplicate of a merged row at the row its cluster keeps', () => {
    // Row 8 is an exact duplicate of 6; 6 was merged into 3 by fuzzy matching.
    const exact = new ExactPairs(Float64Array.from([8, 6]));
    const decisions = combinedDecisions(exact, FuzzyLinks.from(new Map([[6, { keptLine: 3, score: 0.995, evidence: 'celular' }]])));
    const first = decisions.upTo(7);
    expect([...first.pairs]).toEqual([6, 3]);
    expect(first.fuzzy).toEqual([[6, 0.995, 'celular']]);
    const second = decisions.upTo(100);
    expect([...second.pairs]).toEqual([8, 3]);
    expect(second.fuzzy).toEqual([]);
  });

  it('names the exact group of a line', () => {
    const exact = new ExactPairs(Float64Array.from([4, 1, 9, 2]));
    expect([1, 2, 4, 5, 9].map((line) => exact.groupOf(line))).toEqual([1, 2, 1, 5, 2]);
  });
});

describe('FuzzyLinks', () => {
  it('gives back every link by line and in line order, evidence included (empty too)', () => {
    const map = new Map([
      [90, { keptLine: 7, score: 0.999, evidence: 'linha:12 nome:0.93 celular' }],
      [12, { keptLine: 7, score: 0.995, evidence: '' }],
      [40, { keptLine: 3, score: 1, evidence: 'nome:1.00 nascimento cep' }],
    ]);
    const links = FuzzyLinks.from(map);
    expect(links.size).toBe(3);
    expect([...links.lines]).toEqual([12, 40, 90]);
    expect([0, 1, 2].map((i) => links.at(i))).toEqual([map.get(12), map.get(40), map.get(90)]);
    for (const [line, link] of map) expect(links.get(line)).toEqual(link);
    expect(links.get(13)).toBeUndefined();
    expect([12, 13, 40, 90, 1].map((line) => links.keptLineOf(line))).toEqual([7, 13, 3, 7, 1]);
  });
});
