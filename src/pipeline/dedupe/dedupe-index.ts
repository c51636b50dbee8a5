/**
 * Remembers, for every dedupe key, which row is the best so far: the most complete, the
 * earliest on a tie. Only the key and two small numbers per distinct key stay in memory
 * (packed into one double: line × 256 + completeness), never the rows themselves.
 */
const COMPLETENESS_SLOTS = 256;

export class DedupeIndex {
  private readonly best = new Map<string, number>();

  private readonly losers = new Map<number, string>();

  /** Records a row; a row that is (or becomes) not the best of its key is remembered as a duplicate. */
  offer(key: string, line: number, completeness: number): void {
    const score = Math.min(completeness, COMPLETENESS_SLOTS - 1);
    const current = this.best.get(key);
    if (current === undefined) {
      this.best.set(key, line * COMPLETENESS_SLOTS + score);
    } else if (score > current % COMPLETENESS_SLOTS) {
      this.best.set(key, line * COMPLETENESS_SLOTS + score);
      this.losers.set(Math.floor(current / COMPLETENESS_SLOTS), key);
    } else {
      this.losers.set(line, key);
    }
  }

  /**
   * Line of every duplicate → line of the row kept in its place. Only duplicates are listed
   * (a few percent of rows), so the second pass decides each row with one numeric lookup.
   */
  duplicates(): Map<number, number> {
    const keptLineOf = new Map<number, number>();
    for (const [line, key] of this.losers) keptLineOf.set(line, this.keptLine(key)!);
    return keptLineOf;
  }

  /** The line of the row kept for `key`. */
  keptLine(key: string): number | undefined {
    const packed = this.best.get(key);
    return packed === undefined ? undefined : Math.floor(packed / COMPLETENESS_SLOTS);
  }

  get size(): number {
    return this.best.size;
  }
}
