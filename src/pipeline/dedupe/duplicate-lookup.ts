import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { HI, LO } from './entry-source.js';
import { MinHeap } from './min-heap.js';

/** What pass 2 asks of the index, row by row in file order. */
export interface DuplicateLookup {
  /**
   * The line of the row kept in place of `line`, or undefined when `line` is not a duplicate
   * (kept, or never offered). Lines must not decrease from one call to the next (RangeError):
   * that is what lets the answers stream from disk.
   */
  keptLineOf(line: number): number | undefined;
  /**
   * Every pair [duplicate line, kept line, …] with a duplicate line up to `line`, after those
   * the previous call gave: pass 2 hands a whole chunk's decisions to the thread that
   * finishes it. Use this or keptLineOf, not both; `line` must not decrease either.
   */
  pairsUpTo(line: number): Float64Array;
  /** Releases the memory and temp files behind it; idempotent. */
  close(): Promise<void>;
}

/** Walks (duplicate line, kept line) pairs sorted by duplicate line, one step per call at most. */
abstract class OrderedLookup implements DuplicateLookup {
  protected duplicateLine = -1;
  protected keptLine = 0;
  private lastLine = -Infinity;
  protected isClosed = false;

  keptLineOf(line: number): number | undefined {
    if (this.isClosed) throw new Error('DuplicateLookup.keptLineOf() after close()');
    if (line < this.lastLine) throw new RangeError(`keptLineOf(${line}) after keptLineOf(${this.lastLine}): lines must not decrease`);
    this.lastLine = line;
    while (this.duplicateLine < line) if (!this.advance()) this.duplicateLine = Infinity;
    return this.duplicateLine === line ? this.keptLine : undefined;
  }

  pairsUpTo(line: number): Float64Array {
    if (this.isClosed) throw new Error('DuplicateLookup.pairsUpTo() after close()');
    if (line < this.lastLine) throw new RangeError(`pairsUpTo(${line}) after ${this.lastLine}: lines must not decrease`);
    this.lastLine = line;
    // -1: no pair loaded yet. After the loop the loaded pair, if any, lies beyond `line`.
    if (this.duplicateLine === -1 && !this.advance()) this.duplicateLine = Infinity;
    const pairs: number[] = [];
    while (this.duplicateLine <= line) {
      pairs.push(this.duplicateLine, this.keptLine);
      if (!this.advance()) this.duplicateLine = Infinity;
    }
    return Float64Array.from(pairs);
  }

  abstract close(): Promise<void>;

  /** Loads the next pair into duplicateLine/keptLine; false when there is none. */
  protected abstract advance(): boolean;
}

/** The pairs, sorted, in one array: the case when they fit the budget (nearly always). */
export class MemoryLookup extends OrderedLookup {
  private position = 0;

  constructor(
    private halves: Uint32Array,
    private count: number,
  ) {
    super();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.halves = new Uint32Array(0);
    this.count = 0;
  }

  protected advance(): boolean {
    if (this.position === this.count) return false;
    const i = 2 * this.position++;
    this.duplicateLine = this.halves[i + HI]!;
    this.keptLine = this.halves[i + LO]!;
    return true;
  }
}

/**
 * Sorted pair runs on disk (raw 64-bit words, duplicate line in the high half), merged as
 * they are read. Reads are synchronous because keptLineOf() is called once per row of pass 2,
 * where an await per row would cost more than the rest of the row's work; a read happens
 * once per chunk of pairs and takes microseconds from the page cache.
 */
export class FileLookup extends OrderedLookup {
  private constructor(
    private readonly merge: PairMerge,
    private readonly removeFiles: () => Promise<void>,
  ) {
    super();
  }

  static open(paths: readonly string[], chunkPairs: number, removeFiles: () => Promise<void>): FileLookup {
    return new FileLookup(new PairMerge(paths, chunkPairs), removeFiles);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.merge.close();
    await this.removeFiles();
  }

  protected advance(): boolean {
    if (!this.merge.next()) return false;
    this.duplicateLine = this.merge.duplicateLine;
    this.keptLine = this.merge.keptLine;
    return true;
  }
}

/**
 * Merges sorted pair runs into one: needed only past the fan-in limit, i.e. more than
 * 64 × budget/16 pairs. Synchronous like the lookup, whose reader it shares.
 */
export function mergePairRuns(paths: readonly string[], outPath: string, chunkPairs: number): void {
  const merge = new PairMerge(paths, chunkPairs);
  const out = openSync(outPath, 'w');
  const halves = new Uint32Array(2 * chunkPairs);
  const bytes = Buffer.from(halves.buffer);
  let n = 0;
  const flush = () => {
    for (let done = 0; done < 8 * n; ) done += writeSync(out, bytes, done, 8 * n - done);
    n = 0;
  };
  try {
    while (merge.next()) {
      halves[2 * n + HI] = merge.duplicateLine;
      halves[2 * n + LO] = merge.keptLine;
      if (++n === chunkPairs) flush();
    }
    flush();
  } finally {
    closeSync(out);
    merge.close();
  }
}

/** The pairs of several sorted runs in one sorted stream. */
class PairMerge {
  duplicateLine = 0;
  keptLine = 0;
  private readonly readers: PairRunReader[] = [];
  private readonly heap = new MinHeap<PairRunReader>((a, b) => a.duplicateLine - b.duplicateLine);

  constructor(paths: readonly string[], chunkPairs: number) {
    try {
      for (const path of paths) this.readers.push(new PairRunReader(openSync(path, 'r'), chunkPairs));
      for (const reader of this.readers) if (reader.next()) this.heap.push(reader);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  next(): boolean {
    if (this.heap.size === 0) return false;
    const top = this.heap.peek();
    this.duplicateLine = top.duplicateLine;
    this.keptLine = top.keptLine;
    if (top.next()) this.heap.update();
    else this.heap.pop();
    return true;
  }

  close(): void {
    for (const reader of this.readers) reader.close();
  }
}

class PairRunReader {
  duplicateLine = 0;
  keptLine = 0;
  private readonly bytes: Buffer;
  private readonly halves: Uint32Array;
  private position = 0;
  private count = 0;
  private filePosition = 0;
  private isOpen = true;

  constructor(
    private readonly fd: number,
    chunkPairs: number,
  ) {
    this.halves = new Uint32Array(2 * chunkPairs);
    this.bytes = Buffer.from(this.halves.buffer);
  }

  /** Moves to the next pair; false at the end. */
  next(): boolean {
    if (this.position === this.count && !this.load()) return false;
    const i = 2 * this.position++;
    this.duplicateLine = this.halves[i + HI]!;
    this.keptLine = this.halves[i + LO]!;
    return true;
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    closeSync(this.fd);
  }

  private load(): boolean {
    let filled = 0;
    for (;;) {
      const n = readSync(this.fd, this.bytes, filled, this.bytes.length - filled, this.filePosition);
      this.filePosition += n;
      filled += n;
      if (n === 0 || filled % 8 === 0) break;
    }
    if (filled % 8 !== 0) throw new Error('dedupe pair file ends inside a pair');
    this.count = filled / 8;
    this.position = 0;
    return this.count > 0;
  }
}
