/**
 * What the merge reads from a sorted run, in memory or on disk: one entry at a time, in the
 * order (key hash, key bytes, completeness descending, line ascending). That order puts all
 * the entries of a key together and the one to keep first, so a merge decides each key as
 * it streams by, without holding any group.
 *
 * The hash comes first because the order only has to group equal keys, not be alphabetical:
 * comparing two numbers settles nearly every comparison, and the bytes are read only when
 * two keys share a hash.
 */
export interface EntrySource {
  /** The current entry: set by next() returning true, valid until the next call of next(). */
  hash: number;
  line: number;
  completeness: number;
  /** The key's bytes are keys[keyStart, keyEnd), valid until the source's next load(). */
  keys: Buffer;
  keyStart: number;
  keyEnd: number;
  /** Moves to the next entry; false when none is loaded: then load() and try again. */
  next(): boolean;
  /** Reads more entries; false at the end. */
  load(): Promise<boolean>;
}

export function compareEntries(a: EntrySource, b: EntrySource): number {
  if (a.hash !== b.hash) return a.hash - b.hash;
  return compareBytes(a.keys, a.keyStart, a.keyEnd, b.keys, b.keyStart, b.keyEnd) || b.completeness - a.completeness || a.line - b.line;
}

/** Buffer.compare's order; a loop because keys are a few bytes and the native call costs more. */
export function compareBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const n = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d;
  }
  return aLength - bLength;
}

/** Moves `source` to its next entry, loading as needed; false at its end. */
export async function advance(source: EntrySource): Promise<boolean> {
  while (!source.next()) if (!(await source.load())) return false;
  return true;
}

/** Which half of a little- or big-endian 64-bit word a Uint32Array view sees at 2i and 2i+1. */
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
export const HI = IS_LITTLE_ENDIAN ? 1 : 0;
export const LO = 1 - HI;

/** Sorted runs one merge reads at once: past it, runs are first merged into bigger ones. */
export const MAX_FAN_IN = 64;
