/**
 * Where `value` is in an ascending array read every `stride` items (pairs: stride 2), as a
 * record index; -1 when absent. The fuzzy structures are typed arrays, which have indexOf
 * but no binary search of their own.
 */
export function indexInSorted(sorted: Float64Array, value: number, stride = 1): number {
  let lo = 0;
  let hi = Math.floor(sorted.length / stride) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid * stride]!;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
