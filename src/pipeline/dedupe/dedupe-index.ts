/**
 * Remembers, for every dedupe key, which row is the best so far: the most complete, the
 * earliest on a tie. Only the key and two small numbers per distinct key stay in memory
 * (packed into one double: line × 256 + completeness), never the rows themselves.
 */
const COMPLETENESS_SLOTS = 256;

export class DedupeIndex {
  private readonly best = new Map<string, number>();

  offer(key: string, line: number, completeness: number): void {
    const score = Math.min(completeness, COMPLETENESS_SLOTS - 1);
    const current = this.best.get(key);
    if (current === undefined || score > current % COMPLETENESS_SLOTS) {
      this.best.set(key, line * COMPLETENESS_SLOTS + score);
    }
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
