/**
 * Every exact pair of a file, in memory: [duplicate line, kept line, …] sorted by line. Only
 * fuzzy matching needs them all at once (to know a row's exact group in any order); they are
 * a few percent of the rows at 16 bytes each (1M rows with 5% duplicates: 0.8 MB).
 */
export class ExactPairs {
  constructor(readonly pairs: Float64Array) {}

  /** The kept row of `line`'s exact group: `line` itself when it is not an exact duplicate. */
  groupOf(line: number): number {
    const pairs = this.pairs;
    let lo = 0;
    let hi = pairs.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = pairs[2 * mid]!;
      if (at === line) return pairs[2 * mid + 1]!;
      if (at < line) lo = mid + 1;
      else hi = mid - 1;
    }
    return line;
  }
}
