/**
 * How often a name occurs in the file, in fixed memory whatever the file's size: a count-min
 * sketch (4 rows of 2^19 counters, 8 MiB). An estimate is never below the true count and
 * exceeds it by about rows × e / 2^19 at most (≈ 5 for 1M rows), which is far below the
 * counts where frequency starts to matter (a `Maria da Silva` is in the hundreds). Written
 * here because the npm sketches found take numbers or allocate per call; this is 30 lines.
 */
const DEPTH = 4;
const WIDTH_BITS = 19;
const WIDTH = 1 << WIDTH_BITS;
const MASK = WIDTH - 1;

export class CountMinSketch {
  private readonly counters = new Uint32Array(DEPTH * WIDTH);
  total = 0;

  add(key: string): void {
    const [a, b] = hashes(key);
    for (let d = 0; d < DEPTH; d++) {
      const i = d * WIDTH + ((a + d * b) & MASK);
      this.counters[i] = this.counters[i]! + 1;
    }
    this.total++;
  }

  estimate(key: string): number {
    const [a, b] = hashes(key);
    let min = Infinity;
    for (let d = 0; d < DEPTH; d++) min = Math.min(min, this.counters[d * WIDTH + ((a + d * b) & MASK)]!);
    return min;
  }
}

/** Two independent 32-bit FNV-1a variants; d-th index = a + d·b (Kirsch–Mitzenmacher). */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [a >>> 0, (b >>> 0) | 1];
}
