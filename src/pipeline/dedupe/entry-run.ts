import { compareBytes, HI, LO, type EntrySource } from './entry-source.js';

/**
 * The entries offered since the last spill, packed into typed-array pages instead of one JS
 * object (or Map entry) per row: 17 bytes per entry plus the key's bytes, against ~400 for a
 * Map<string, number> entry measured before. Pages are allocated as the run grows and reused
 * by the next run, never copied: the memory used is the memory counted, with no moment where
 * an old and a new array coexist.
 *
 * Per entry: line and key end (u32 each) and completeness (u8) in pages; the key's bytes
 * back to back in key pages, a key possibly running over a page end. At sort time each entry
 * gets one 64-bit word: key hash (FNV-1a) in the high half, then 255 − completeness (8 bits),
 * then the entry's index in the run (24 bits, and since lines increase, the line order).
 * Sorting those words natively (no comparator: ~10× faster than any JS sort) gives the merge
 * order; only entries whose different keys share a hash are sorted again by their bytes.
 *
 * A key is stored as its bytes when it is ASCII (every CPF/CNPJ/e-mail key), otherwise as a
 * 0xFF mark then its UTF-16 code units: exact for any JS string, even a lone surrogate that
 * UTF-8 would turn into U+FFFD, and the mark keeps it from equalling an ASCII key.
 */
export const MAX_RUN_ENTRIES = 1 << 24;
/** What an entry costs beside its key: line and key end, completeness, and its sort word. */
const ENTRY_BYTES = 4 + 4 + 1 + 8;
/** Key ends are u32. */
const MAX_KEY_BYTES = 2 ** 32 - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WIDE_MARK = 0xff;
const INDEX_MASK = MAX_RUN_ENTRIES - 1;
const NO_BYTES: Buffer = Buffer.alloc(0);
/** Sorted entries read ahead at once (see gatherBlock). */
const BLOCK = 64;

export class EntryRun implements EntrySource {
  count = 0;
  hash = 0;
  line = 0;
  completeness = 0;
  keys: Buffer = NO_BYTES;
  keyStart = 0;
  keyEnd = 0;
  private readonly entryShift: number;
  private readonly keyShift: number;
  private placePages: Uint32Array[] = [];
  private completenessPages: Uint8Array[] = [];
  private keyPages: Buffer[] = [];
  private keyBytes = 0;
  private words = new BigUint64Array(0);
  private halves = new Uint32Array(0);
  private position = 0;
  private readonly blockLows = new Uint32Array(BLOCK);
  private readonly blockHashes = new Uint32Array(BLOCK);
  private readonly blockLines = new Uint32Array(BLOCK);
  private readonly blockStarts = new Uint32Array(BLOCK);
  private readonly blockEnds = new Uint32Array(BLOCK);
  private blockSize = 0;
  private blockAt = 0;
  /** Only there so that the reads of gatherBlock() are not optimized away. */
  private touched = 0;

  /** `maxBytes`: what the pages and sort words may take together. */
  constructor(private readonly maxBytes: number) {
    // Pages small enough that a small budget is not spent in one page, at most 64k entries / 1 MiB.
    this.entryShift = log2Clamped(maxBytes / 32 / ENTRY_BYTES, 4, 16);
    this.keyShift = log2Clamped(maxBytes / 32, 8, 20);
  }

  get allocatedBytes(): number {
    return (this.placePages.length << this.entryShift) * ENTRY_BYTES + (this.keyPages.length << this.keyShift);
  }

  /** Adds an entry (line a uint32, completeness 0–255); false when it does not fit: spill, clear(), add again. */
  add(key: string, line: number, completeness: number): boolean {
    const n = this.count;
    if (n === MAX_RUN_ENTRIES) return false;
    const page = n >>> this.entryShift;
    if (page === this.placePages.length && !this.addEntryPage()) return false;
    const end = this.appendKey(key);
    if (end < 0) return false;
    const at = n & ((1 << this.entryShift) - 1);
    const places = this.placePages[page]!;
    places[2 * at] = line;
    places[2 * at + 1] = end;
    this.completenessPages[page]![at] = completeness;
    this.keyBytes = end;
    this.count = n + 1;
    return true;
  }

  /** Puts the entries in merge order and rewinds: next() then walks them. */
  sort(): void {
    const n = this.count;
    if (this.words.length < n) {
      this.words = new BigUint64Array(this.placePages.length << this.entryShift);
      this.halves = new Uint32Array(this.words.buffer);
    }
    this.hashKeys();
    this.words.subarray(0, n).sort();
    const halves = this.halves;
    for (let i = 0; i < n; ) {
      const hash = halves[2 * i + HI];
      let j = i + 1;
      while (j < n && halves[2 * j + HI] === hash) j++;
      if (j - i > 1 && !this.hasOneKey(i, j)) this.sortByKey(i, j);
      i = j;
    }
    this.position = 0;
    this.blockSize = this.blockAt = 0;
  }

  next(): boolean {
    if (this.blockAt === this.blockSize && !this.gatherBlock()) return false;
    const j = this.blockAt++;
    const low = this.blockLows[j]!;
    this.hash = this.blockHashes[j]!;
    this.completeness = 255 - (low >>> 24);
    this.line = this.blockLines[j]!;
    this.locateKey(this.blockStarts[j]!, this.blockEnds[j]!);
    return true;
  }

  /**
   * Reads the next BLOCK entries of the sorted order into small arrays, then touches the
   * first byte of each key. In sorted order every entry is a cache miss (its line, then its
   * key); one loop per kind of read keeps the misses independent, so the CPU has many in
   * flight at once: measured 3× faster than reading entry by entry.
   */
  private gatherBlock(): boolean {
    const from = this.position;
    const size = Math.min(BLOCK, this.count - from);
    if (size <= 0) return false;
    const entryMask = (1 << this.entryShift) - 1;
    for (let j = 0; j < size; j++) {
      const w = 2 * (from + j);
      const low = this.halves[w + LO]!;
      const index = low & INDEX_MASK;
      const places = this.placePages[index >>> this.entryShift]!;
      const at = 2 * (index & entryMask);
      this.blockLows[j] = low;
      this.blockHashes[j] = this.halves[w + HI]!;
      this.blockLines[j] = places[at]!;
      this.blockEnds[j] = places[at + 1]!;
      this.blockStarts[j] = index === 0 ? 0 : at > 0 ? places[at - 1]! : this.keyEndOf(index - 1);
    }
    const keyMask = (1 << this.keyShift) - 1;
    let touched = 0;
    for (let j = 0; j < size; j++) {
      const start = this.blockStarts[j]!;
      if (start < this.blockEnds[j]!) touched += this.keyPages[start >>> this.keyShift]![start & keyMask]!;
    }
    this.touched = touched;
    this.position = from + size;
    this.blockSize = size;
    this.blockAt = 0;
    return true;
  }

  load(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** Empties the run for the next one, keeping its pages. */
  clear(): void {
    this.count = 0;
    this.keyBytes = 0;
    this.position = 0;
    this.blockSize = this.blockAt = 0;
  }

  /** Gives the memory back; the run is empty afterwards. */
  release(): void {
    this.clear();
    this.placePages = [];
    this.completenessPages = [];
    this.keyPages = [];
    this.words = new BigUint64Array(0);
    this.halves = new Uint32Array(0);
    this.keys = NO_BYTES;
  }

  /** An empty run always takes its first pages, so that any entry fits in some run. */
  private hasRoomFor(bytes: number): boolean {
    return this.count === 0 || this.allocatedBytes + bytes <= this.maxBytes;
  }

  private addEntryPage(): boolean {
    if (!this.hasRoomFor(ENTRY_BYTES << this.entryShift)) return false;
    this.placePages.push(new Uint32Array(2 << this.entryShift));
    this.completenessPages.push(new Uint8Array(1 << this.entryShift));
    return true;
  }

  private addKeyPage(): boolean {
    if (!this.hasRoomFor(1 << this.keyShift)) return false;
    this.keyPages.push(Buffer.allocUnsafeSlow(1 << this.keyShift));
    return true;
  }

  /** Writes the key after the previous one; its end, or -1 when there is no room. */
  private appendKey(key: string): number {
    const start = this.keyBytes;
    const at = start & ((1 << this.keyShift) - 1);
    const page = this.keyPages[start >>> this.keyShift];
    if (page === undefined || at + key.length > 1 << this.keyShift) return this.appendAcross(start, encodeKey(key));
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c > 0x7f) return at + 1 + 2 * key.length <= 1 << this.keyShift ? this.appendWide(page, at, start, key) : this.appendAcross(start, encodeKey(key));
      page[at + i] = c;
    }
    return start + key.length;
  }

  private appendWide(page: Buffer, at: number, start: number, key: string): number {
    page[at] = WIDE_MARK;
    page.write(key, at + 1, 'utf16le');
    return start + 1 + 2 * key.length;
  }

  /** The rare key that runs over a page end (one per page): byte by byte, adding pages. */
  private appendAcross(start: number, bytes: Buffer): number {
    if (start + bytes.length > MAX_KEY_BYTES) return -1;
    const mask = (1 << this.keyShift) - 1;
    for (let i = 0; i < bytes.length; i++) {
      const position = start + i;
      const page = position >>> this.keyShift;
      if (page === this.keyPages.length && !this.addKeyPage()) return -1;
      this.keyPages[page]![position & mask] = bytes[i]!;
    }
    return start + bytes.length;
  }

  private keyEndOf(index: number): number {
    return this.placePages[index >>> this.entryShift]![2 * (index & ((1 << this.entryShift) - 1)) + 1]!;
  }

  /** Points keys/keyStart/keyEnd at the key in [start, end); one that spans pages is copied out. */
  private locateKey(start: number, end: number): void {
    const page = start >>> this.keyShift;
    const mask = (1 << this.keyShift) - 1;
    if (start === end) {
      this.keys = NO_BYTES;
      this.keyStart = this.keyEnd = 0;
    } else if ((end - 1) >>> this.keyShift === page) {
      this.keys = this.keyPages[page]!;
      this.keyStart = start & mask;
      this.keyEnd = this.keyStart + (end - start);
    } else {
      const copy = Buffer.allocUnsafeSlow(end - start);
      for (let i = start; i < end; i++) copy[i - start] = this.keyPages[i >>> this.keyShift]![i & mask]!;
      this.keys = copy;
      this.keyStart = 0;
      this.keyEnd = copy.length;
    }
  }

  /** One pass over the key pages in the order they were written, which is cheap; the sorted order is not. */
  private hashKeys(): void {
    const { halves, keyShift } = this;
    const mask = (1 << keyShift) - 1;
    let page = NO_BYTES;
    let position = 0;
    for (let i = 0; i < this.count; i++) {
      const end = this.keyEndOf(i);
      let hash = FNV_OFFSET;
      for (; position < end; position++) {
        if ((position & mask) === 0 || page === NO_BYTES) page = this.keyPages[position >>> keyShift]!;
        hash = Math.imul(hash ^ page[position & mask]!, FNV_PRIME);
      }
      const completeness = this.completenessPages[i >>> this.entryShift]![i & ((1 << this.entryShift) - 1)]!;
      halves[2 * i + HI] = hash;
      halves[2 * i + LO] = ((255 - completeness) << 24) | i;
    }
  }

  private locateKeyOf(index: number): void {
    this.locateKey(index === 0 ? 0 : this.keyEndOf(index - 1), this.keyEndOf(index));
  }

  private compareKeys(a: number, b: number): number {
    this.locateKeyOf(a);
    const { keys, keyStart, keyEnd } = this;
    this.locateKeyOf(b);
    return compareBytes(keys, keyStart, keyEnd, this.keys, this.keyStart, this.keyEnd);
  }

  private hasOneKey(from: number, to: number): boolean {
    const first = this.halves[2 * from + LO]! & INDEX_MASK;
    for (let i = from + 1; i < to; i++) if (this.compareKeys(first, this.halves[2 * i + LO]! & INDEX_MASK) !== 0) return false;
    return true;
  }

  /** Different keys with one hash (rare: ~n²/2³³ pairs in a run of n): by bytes, then as the words say. */
  private sortByKey(from: number, to: number): void {
    const lows: number[] = [];
    for (let i = from; i < to; i++) lows.push(this.halves[2 * i + LO]!);
    lows.sort((a, b) => this.compareKeys(a & INDEX_MASK, b & INDEX_MASK) || a - b);
    for (let i = from; i < to; i++) this.halves[2 * i + LO] = lows[i - from]!;
  }
}

function encodeKey(key: string): Buffer {
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) > 0x7f) return Buffer.concat([Buffer.of(WIDE_MARK), Buffer.from(key, 'utf16le')]);
  }
  return Buffer.from(key, 'latin1');
}

function log2Clamped(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(Math.log2(Math.max(value, 1)))));
}
