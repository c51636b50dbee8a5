import { rm, writeFile } from 'node:fs/promises';
import { FileLookup, MemoryLookup, mergePairRuns, type DuplicateLookup } from './duplicate-lookup.js';
import { HI, LO, MAX_FAN_IN } from './entry-source.js';
import type { ScratchFiles } from './scratch-files.js';

const INITIAL_PAIRS = 1024;
const MIN_PAIRS = 16;
const MIN_CHUNK_PAIRS = 512;
const MAX_CHUNK_PAIRS = 1 << 17;

/**
 * Gathers (duplicate line, kept line) pairs, which the merge finds in key order, and gives
 * them back in line order for pass 2. A pair is one 64-bit word, duplicate line in the high
 * half, so sorting the words natively sorts the pairs; past the budget, sorted runs of words
 * go to disk and the lookup merges them as it reads.
 */
export class PairSorter {
  private words = new BigUint64Array(0);
  private halves = new Uint32Array(0);
  private count = 0;
  private readonly runs: string[] = [];

  constructor(
    private readonly scratch: ScratchFiles,
    private readonly maxBytes: number,
  ) {}

  /** A promise only when a run had to be written first; await it before the next add(). */
  add(duplicateLine: number, keptLine: number): Promise<void> | undefined {
    if (this.count === this.words.length && !this.grow()) return this.spillThenAdd(duplicateLine, keptLine);
    const i = 2 * this.count++;
    this.halves[i + HI] = duplicateLine;
    this.halves[i + LO] = keptLine;
    return undefined;
  }

  async finish(): Promise<DuplicateLookup> {
    if (this.runs.length === 0) {
      this.words.subarray(0, this.count).sort();
      return new MemoryLookup(this.halves, this.count);
    }
    if (this.count > 0) await this.spill();
    this.words = new BigUint64Array(0);
    this.halves = new Uint32Array(0);
    while (this.runs.length > MAX_FAN_IN) {
      const group = this.runs.splice(0, MAX_FAN_IN);
      const path = await this.scratch.newPath('pairs');
      mergePairRuns(group, path, this.chunkPairs(group.length + 1));
      await Promise.all(group.map((p) => rm(p, { force: true })));
      this.runs.push(path);
    }
    const runs = [...this.runs];
    return FileLookup.open(runs, this.chunkPairs(runs.length), async () => {
      await Promise.all(runs.map((p) => rm(p, { force: true })));
    });
  }

  private chunkPairs(readers: number): number {
    return Math.min(MAX_CHUNK_PAIRS, Math.max(MIN_CHUNK_PAIRS, Math.floor(this.maxBytes / 8 / readers)));
  }

  private grow(): boolean {
    const capacity = this.words.length;
    const room = Math.floor((this.maxBytes - 8 * capacity) / 8);
    let next = Math.min(capacity === 0 ? INITIAL_PAIRS : 2 * capacity, room);
    if (next <= capacity) {
      if (capacity > 0) return false;
      next = MIN_PAIRS;
    }
    const words = new BigUint64Array(next);
    words.set(this.words.subarray(0, this.count));
    this.words = words;
    this.halves = new Uint32Array(words.buffer);
    return true;
  }

  private async spillThenAdd(duplicateLine: number, keptLine: number): Promise<void> {
    await this.spill();
    this.add(duplicateLine, keptLine);
  }

  private async spill(): Promise<void> {
    this.words.subarray(0, this.count).sort();
    const path = await this.scratch.newPath('pairs');
    await writeFile(path, new Uint8Array(this.words.buffer, 0, 8 * this.count));
    this.runs.push(path);
    this.count = 0;
  }
}
