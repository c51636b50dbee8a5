import type { GroupingSink } from '../dedupe/dedupe-index.js';
import { compareBytes } from '../dedupe/entry-source.js';
import type { PairSorter } from '../dedupe/pair-sorter.js';

/**
 * A row offers each of its block keys as its own entry, numbered `line * BLOCK_SLOTS + k`,
 * because the index takes every entry number once and in increasing order.
 */
export const BLOCK_SLOTS = 8;

/**
 * The merge's sink for block keys: every two rows that share a key become a candidate pair
 * (later line, earlier line). A block of more than `maxRows` rows is skipped whole: a phone
 * or birth date + CEP shared by that many rows is a switchboard or a data-entry default, and
 * comparing all its pairs would cost n² for no evidence.
 */
export function pairEveryTwo(maxRows: number): (pairs: PairSorter) => GroupingSink {
  return (pairs) => {
    let hash = -1;
    let key: Buffer = Buffer.alloc(64);
    let keyLength = -1;
    const lines: number[] = [];
    let oversized = false;

    const emit = async (): Promise<void> => {
      for (let j = 1; j < lines.length; j++) {
        for (let i = 0; i < j; i++) {
          if (lines[i] === lines[j]) continue; // one row twice in a block (two of its phones alike)
          const pending = pairs.add(lines[j]!, lines[i]!);
          if (pending) await pending;
        }
      }
    };
    const close = (): Promise<void> | undefined => {
      const ready = !oversized && lines.length > 1;
      const pending = ready ? emit() : undefined;
      return pending?.then(() => void (lines.length = 0)) ?? void (lines.length = 0);
    };

    return {
      take(entry) {
        const line = Math.floor(entry.line / BLOCK_SLOTS);
        if (entry.hash === hash && compareBytes(entry.keys, entry.keyStart, entry.keyEnd, key, 0, keyLength) === 0) {
          if (lines.length >= maxRows) oversized = true;
          else lines.push(line);
          return undefined;
        }
        const pending = close();
        // The key is copied: the entry's buffer is reloaded under it as the merge reads on.
        hash = entry.hash;
        keyLength = entry.keyEnd - entry.keyStart;
        if (key.length < keyLength) key = Buffer.alloc(keyLength * 2);
        entry.keys.copy(key, 0, entry.keyStart, entry.keyEnd);
        oversized = false;
        if (!pending) {
          lines.push(line);
          return undefined;
        }
        return pending.then(() => void lines.push(line));
      },
      end: close,
    };
  };
}
