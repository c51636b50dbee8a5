import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DedupeIndex, type DedupeIndexOptions } from './dedupe-index.js';

type Entry = readonly [key: string, line: number, completeness: number];

/** The index as it was before it could spill (a Map per key): the decisions every budget must reproduce. */
function decideInMemory(entries: readonly Entry[]): Map<number, number> {
  const best = new Map<string, { line: number; score: number }>();
  const losers: [number, string][] = [];
  for (const [key, line, completeness] of entries) {
    const score = Math.min(completeness, 255);
    const current = best.get(key);
    if (current === undefined) best.set(key, { line, score });
    else if (score > current.score) {
      losers.push([current.line, key]);
      best.set(key, { line, score });
    } else losers.push([line, key]);
  }
  return new Map(losers.map(([line, key]) => [line, best.get(key)!.line]));
}

let scratchDir: string;
beforeEach(async () => {
  scratchDir = await mkdtemp(join(tmpdir(), 'higia-dedupe-'));
});
afterEach(async () => {
  await rm(scratchDir, { recursive: true, force: true });
});

const newIndex = (options: Partial<DedupeIndexOptions> = {}) => new DedupeIndex({ scratchDir, ...options });

async function offerAll(index: DedupeIndex, entries: readonly Entry[]): Promise<void> {
  for (const [key, line, completeness] of entries) {
    const spilling = index.offer(key, line, completeness);
    if (spilling) await spilling;
  }
}

/** Offers everything, finishes, and asks, as pass 2 does in line order, about every line offered and the one after it. */
async function decide(
  entries: readonly Entry[],
  options: Partial<DedupeIndexOptions> = {},
  afterOffers: () => Promise<void> = async () => {},
): Promise<Map<number, number>> {
  const index = newIndex(options);
  try {
    await offerAll(index, entries);
    await afterOffers();
    const lookup = await index.finish();
    const decisions = new Map<number, number>();
    for (const [, line] of entries) {
      for (const asked of [line, line + 1]) {
        const kept = lookup.keptLineOf(asked);
        if (kept !== undefined) decisions.set(asked, kept);
      }
    }
    return decisions;
  } finally {
    await index.close();
  }
}

/** mulberry32: the same inputs on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const fnv1a = (bytes: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
/** Different keys with one 32-bit hash: the index must still tell them apart. */
const COLLIDING = [
  ['cpf:53263044004', 'cpf:53482669550'],
  ['cpf:53848701568', 'cpf:53893372647'],
] as const;
/** Keys that a careless encoding would merge: bytes of UTF-16 vs ASCII, a lone surrogate vs U+FFFD. */
const LOOKALIKES = ['ab', '\u6261', '\ud800', '\ufffd', 'email_name:joao@x.com.br|joão', 'email_name:joao@x.com.br|joao'];

/**
 * Many keys, a few very frequent (skewed choice), ties (completeness 0–4), caps (up to 400),
 * collisions, lookalikes and a few keys far longer than any buffer of a tiny budget.
 */
function randomEntries(seed: number, count: number, firstLine: number): Entry[] {
  const random = seeded(seed);
  const pool: string[] = [...COLLIDING.flat(), ...LOOKALIKES, 'x'.repeat(9000), `${'y'.repeat(20_000)}ç`];
  for (let i = 0; pool.length < count / 3; i++) pool.push(`cpf:${String(Math.floor(random() * 1e11)).padStart(11, '0')}`);
  const entries: Entry[] = [];
  let line = firstLine;
  for (let i = 0; i < count; i++) {
    const key = pool[Math.floor(pool.length * random() ** 3)]!;
    const completeness = random() < 0.05 ? 250 + Math.floor(random() * 150) : Math.floor(random() * 5);
    entries.push([key, line, completeness]);
    line += 1 + Math.floor(random() * 3);
  }
  return entries;
}

describe('DedupeIndex', () => {
  it.each([
    ['the most complete row', [['cpf:1', 2, 5], ['cpf:1', 9, 7], ['cpf:1', 12, 6]], [[2, 9], [12, 9]]],
    ['the earliest row on a tie', [['e', 3, 4], ['e', 1_000_000_007, 4]], [[1_000_000_007, 3]]],
    ['a later row that is more complete, with the earlier ones pointing to it', [['k', 5, 1], ['k', 6, 1], ['k', 7, 2]], [[5, 7], [6, 7]]],
    ['each key on its own', [['a', 2, 1], ['b', 3, 1], ['a', 4, 0]], [[4, 2]]],
    ['completeness capped at 255 (300 ties with 256)', [['k', 10, 300], ['k', 11, 256], ['k', 12, 254]], [[11, 10], [12, 10]]],
  ] as [string, Entry[], [number, number][]][])('keeps %s', async (_what, entries, want) => {
    expect(await decide(entries)).toEqual(new Map(want));
    expect(await decide(entries, { maxMemoryBytes: 1 })).toEqual(new Map(want));
  });

  it.each([
    ['in memory', Infinity],
    ['spilled to many runs', 4096],
  ])('hands the pairs out chunk by chunk with pairsUpTo (%s)', async (_how, maxMemoryBytes) => {
    const entries = randomEntries(8, 3000, 2);
    const index = newIndex({ maxMemoryBytes });
    try {
      await offerAll(index, entries);
      const lookup = await index.finish();
      const pairs: [number, number][] = [];
      const lastLine = entries[entries.length - 1]![1];
      for (let upTo = 1; upTo < lastLine + 50; upTo += 37) {
        const chunk = lookup.pairsUpTo(upTo);
        for (let i = 0; i < chunk.length; i += 2) {
          expect(chunk[i]).toBeLessThanOrEqual(upTo);
          pairs.push([chunk[i]!, chunk[i + 1]!]);
        }
      }
      expect(new Map(pairs)).toEqual(decideInMemory(entries));
      expect(pairs.length).toBe(decideInMemory(entries).size); // each pair once
      expect(() => lookup.pairsUpTo(1)).toThrow(RangeError);
    } finally {
      await index.close();
    }
  });

  it('uses test keys that really share a hash', () => {
    for (const [a, b] of COLLIDING) expect(fnv1a(a)).toBe(fnv1a(b));
  });

  describe.each([
    ['no limit', Infinity, 'none'],
    ['the default budget', undefined, 'none'],
    ['a 256 KiB budget', 256 * 1024, 'some'],
    ['a 16 KiB budget', 16 * 1024, 'many'],
    ['the smallest budget (16-entry runs, merged in several passes)', 1, 'many'],
  ] as const)('with %s', (_name, maxMemoryBytes, spills) => {
    it.each([
      [1, 20_000, 2],
      [2, 20_000, 2 ** 32 - 70_000],
      [3, 3_000, 0],
    ])('decides as the in-memory index (seed %i, %i rows from line %i)', async (seed, count, firstLine) => {
      const entries = randomEntries(seed, count, firstLine);
      const want = decideInMemory(entries);
      expect(want.size).toBeGreaterThan(count / 3);

      const decisions = await decide(entries, { maxMemoryBytes }, async () => {
        const runs = await entryRunFiles();
        if (spills === 'none') expect(runs).toEqual([]);
        if (spills === 'some') expect(runs.length).toBeGreaterThan(0);
        if (spills === 'many' && count === 20_000) expect(runs.length).toBeGreaterThan(64);
      });
      expect(decisions).toEqual(want);
    });
  });

  // 100,003 rows: with the smallest budget the pairs too go through merges of merges, and
  // their count is no multiple of any buffer size.
  it.each([Infinity, 64 * 1024, 1])('decides a single key repeated 100k times (budget %d)', async (maxMemoryBytes) => {
    const entries: Entry[] = Array.from({ length: 100_003 }, (_, i) => ['cpf:52998224725', i + 2, (i * 7919) % 97]);
    const decisions = await decide(entries, { maxMemoryBytes });
    expect(decisions.size).toBe(100_002);
    expect(new Set(decisions.values())).toEqual(new Set([entries.find((e) => e[2] === 96)![1]]));
    expect(decisions).toEqual(decideInMemory(entries));
  });

  it('finds no duplicate in an empty input, and writes nothing', async () => {
    const index = newIndex({ maxMemoryBytes: 1 });
    const lookup = await index.finish();
    expect([0, 1, 2 ** 32 - 1].map((line) => lookup.keptLineOf(line))).toEqual([undefined, undefined, undefined]);
    expect(await readdir(scratchDir)).toEqual([]);
    await index.close();
  });

  it.each([Infinity, 1])('refuses to look a line up after a later one (budget %d)', async (maxMemoryBytes) => {
    const index = newIndex({ maxMemoryBytes });
    await offerAll(index, randomEntries(4, 2000, 2));
    const lookup = await index.finish();
    lookup.keptLineOf(100);
    lookup.keptLineOf(100);
    expect(() => lookup.keptLineOf(99)).toThrow(RangeError);
    await index.close();
  });

  it.each([
    ['the same line twice', [5, 5]],
    ['a lower line', [5, 4]],
    ['a negative line', [-1]],
    ['a line past uint32', [2 ** 32]],
    ['a fractional line', [1.5]],
  ])('refuses %s', (_what, lines) => {
    const index = newIndex();
    const offerLast = () => {
      for (const line of lines) index.offer('k', line, 1);
    };
    expect(offerLast).toThrow(RangeError);
  });

  it('refuses an offer while the previous one is still writing a run', async () => {
    const index = newIndex({ maxMemoryBytes: 1 });
    let spilling: Promise<void> | undefined;
    for (let line = 0; spilling === undefined; line++) spilling = index.offer(`cpf:${line}`, line, 1);
    expect(() => index.offer('cpf:x', 1e6, 1)).toThrow(/await the promise/);
    await spilling;
    expect(index.offer('cpf:x', 1e6, 1)).toBeUndefined();
    await index.close();
  });

  it('removes its temp files on close(), after finishing and walking part of the lookup', async () => {
    const index = newIndex({ maxMemoryBytes: 1 });
    await offerAll(index, randomEntries(5, 5000, 2));
    const lookup = await index.finish();
    expect(await pairRunFiles()).not.toEqual([]);
    for (let line = 2; line < 1000; line++) lookup.keptLineOf(line);
    await index.close();
    expect(await readdir(scratchDir)).toEqual([]);
    expect(() => lookup.keptLineOf(2000)).toThrow(/after close/);
  });

  it('removes its temp files on close() when the job stops during pass 1', async () => {
    const index = newIndex({ maxMemoryBytes: 1 });
    await offerAll(index, randomEntries(6, 5000, 2));
    expect(await entryRunFiles()).not.toEqual([]);
    await index.close();
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('rejects an aborted finish() and leaves no temp file', async () => {
    const abort = new AbortController();
    const index = newIndex({ maxMemoryBytes: 1, signal: abort.signal });
    await offerAll(index, randomEntries(7, 5000, 2));
    const finishing = index.finish();
    abort.abort(new Error('job cancelled'));
    await expect(finishing).rejects.toThrow('job cancelled');
    expect(await readdir(scratchDir)).toEqual([]);
    await index.close();
  });
});

async function filesOfKind(kind: string): Promise<string[]> {
  const folders = await readdir(scratchDir);
  const files: string[] = [];
  for (const folder of folders) for (const file of await readdir(join(scratchDir, folder))) if (file.startsWith(kind)) files.push(file);
  return files;
}
const entryRunFiles = () => filesOfKind('entries-');
const pairRunFiles = () => filesOfKind('pairs-');
