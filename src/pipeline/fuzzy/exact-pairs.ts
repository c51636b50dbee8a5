import { indexInSorted } from './sorted-search.js';

/**
 * Every exact pair of a file, in memory: [duplicate line, kept line, …] sorted by line. Only
 * fuzzy matching needs them all at once (to know a row's exact group in any order); they are
 * a few percent of the rows at 16 bytes each (1M rows with 5% duplicates: 0.8 MB).
 */
export class ExactPairs {
  constructor(readonly pairs: Float64Array) {}

  /** The kept row of `line`'s exact group: `line` itself when it is not an exact duplicate. */
  groupOf(line: number): number {
    const at = indexInSorted(this.pairs, line, 2);
    return at < 0 ? line : this.pairs[2 * at + 1]!;
  }
}
