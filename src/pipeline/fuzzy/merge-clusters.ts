import type { ExactPairs } from './exact-pairs.js';
import { FuzzyLinks } from './fuzzy-links.js';
import { indexInSorted } from './sorted-search.js';

/**
 * The pairs scored for merging, in typed arrays that grow by doubling: at 10M rows there are
 * ~500k, and as objects in Maps (with the union-find over them) they were ~300 MB of heap at
 * the job's peak.
 */
export class MergedPairs {
  private lines = new Float64Array(1024);
  private earliers = new Float64Array(1024);
  private scores = new Float64Array(1024);
  private readonly evidences: string[] = [];

  get length(): number {
    return this.evidences.length;
  }

  push(line: number, earlier: number, score: number, evidence: string): void {
    const i = this.evidences.length;
    if (i === this.lines.length) {
      this.lines = grown(this.lines);
      this.earliers = grown(this.earliers);
      this.scores = grown(this.scores);
    }
    this.lines[i] = line;
    this.earliers[i] = earlier;
    this.scores[i] = score;
    this.evidences.push(evidence);
  }

  /**
   * Union-find over exact groups (a group is named by its kept row): each cluster keeps its
   * earliest group, and every other group's kept row links to it with its best-scoring pair
   * (the first of equals), `linha:N` first when that pair's other group is not the kept one.
   */
  links(exact: ExactPairs): FuzzyLinks {
    const n = this.length;
    const groupA = new Float64Array(n);
    const groupB = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      groupA[i] = exact.groupOf(this.lines[i]!);
      groupB[i] = exact.groupOf(this.earliers[i]!);
    }
    const groups = uniqueSorted(groupA, groupB);
    const indexOf = (group: number) => indexInSorted(groups, group); // every group is there
    // Groups are sorted, so the smallest index of a cluster is its earliest group: the root.
    const parent = Int32Array.from(groups.keys());
    const find = (x: number): number => {
      let root = x;
      while (parent[root] !== root) root = parent[root]!;
      while (x !== root) {
        const up = parent[x]!;
        parent[x] = root;
        x = up;
      }
      return root;
    };
    const best = new Int32Array(groups.length).fill(-1);
    for (let p = 0; p < n; p++) {
      const a = indexOf(groupA[p]!);
      const b = indexOf(groupB[p]!);
      for (const g of [a, b]) if (best[g]! < 0 || this.scores[p]! > this.scores[best[g]!]!) best[g] = p;
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
    const lines: number[] = [];
    const kept: number[] = [];
    const scores: number[] = [];
    const evidences: string[] = [];
    for (let g = 0; g < groups.length; g++) {
      const root = find(g);
      if (root === g) continue;
      const p = best[g]!;
      const partner = groupA[p] === groups[g] ? groupB[p]! : groupA[p]!;
      lines.push(groups[g]!);
      kept.push(groups[root]!);
      scores.push(this.scores[p]!);
      evidences.push((partner === groups[root] ? '' : `linha:${partner} `) + this.evidences[p]!);
    }
    return FuzzyLinks.sorted(lines, kept, scores, evidences);
  }
}

function grown(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function uniqueSorted(a: Float64Array, b: Float64Array): Float64Array {
  const all = new Float64Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}
