import type { FuzzyLink } from './fuzzy-matcher.js';
import { indexInSorted } from './sorted-search.js';

/**
 * The fuzzy links pass 2 needs, compact: sorted typed arrays and one string of evidence, not
 * a Map of objects. At 10M rows there are ~500k links; as a Map they were ~150 MB of live
 * heap through all of pass 2, and V8 sizes its next collection on what is live, so pass 2's
 * garbage piled up to several times that.
 */
export class FuzzyLinks {
  private constructor(
    /** The linked rows' lines (kept rows of exact groups), ascending. */
    readonly lines: Float64Array,
    private readonly kept: Float64Array,
    private readonly scores: Float64Array,
    private readonly evidence: string,
    private readonly evidenceEnds: Uint32Array,
  ) {}

  static from(links: ReadonlyMap<number, FuzzyLink>): FuzzyLinks {
    const lines = [...links.keys()].sort((a, b) => a - b);
    const of = lines.map((line) => links.get(line)!);
    return FuzzyLinks.sorted(lines, of.map((l) => l.keptLine), of.map((l) => l.score), of.map((l) => l.evidence));
  }

  /** From parallel lists whose `lines` ascend. */
  static sorted(lines: readonly number[], kept: readonly number[], scores: readonly number[], evidences: readonly string[]): FuzzyLinks {
    const ends = new Uint32Array(lines.length);
    let evidence = '';
    evidences.forEach((text, i) => {
      evidence += text;
      ends[i] = evidence.length;
    });
    return new FuzzyLinks(Float64Array.from(lines), Float64Array.from(kept), Float64Array.from(scores), evidence, ends);
  }

  get size(): number {
    return this.lines.length;
  }

  /** The link of the row at `line`, or undefined. */
  get(line: number): FuzzyLink | undefined {
    const i = this.indexOf(line);
    return i < 0 ? undefined : this.at(i);
  }

  /** The i-th link in line order. */
  at(i: number): FuzzyLink {
    return { keptLine: this.kept[i]!, score: this.scores[i]!, evidence: this.evidence.slice(i === 0 ? 0 : this.evidenceEnds[i - 1], this.evidenceEnds[i]) };
  }

  /** Where the row kept in place of `line`'s group lies: the cluster's row when `line` was linked, else `line`. */
  keptLineOf(line: number): number {
    const i = this.indexOf(line);
    return i < 0 ? line : this.kept[i]!;
  }

  private indexOf(line: number): number {
    return indexInSorted(this.lines, line);
  }
}
