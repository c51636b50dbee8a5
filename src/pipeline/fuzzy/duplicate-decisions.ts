import type { DuplicateLookup } from '../dedupe/duplicate-lookup.js';
import type { ExactPairs } from './exact-pairs.js';
import type { FuzzyLinks } from './fuzzy-links.js';

/** A fuzzy duplicate's score and evidence, for the duplicates output: [line, score, evidence]. */
export type FuzzyMark = readonly [line: number, score: number, evidence: string];

/** Pass 2's decisions for the rows of one chunk. */
export interface ChunkDecisions {
  /** [duplicate line, kept line, …] in line order. */
  readonly pairs: Float64Array;
  /** The pairs above that fuzzy matching made, in line order; absent without fuzzy matching. */
  readonly fuzzy?: readonly FuzzyMark[];
}

/** What pass 2 asks, chunk by chunk in line order. */
export interface DuplicateDecisions {
  /** Every decision with a duplicate line up to `line`, after those given before; `line` must not decrease. */
  upTo(line: number): ChunkDecisions;
  close(): Promise<void>;
}

/** The exact keys' decisions alone, streamed as the index gives them. */
export function exactDecisions(lookup: DuplicateLookup): DuplicateDecisions {
  return { upTo: (line) => ({ pairs: lookup.pairsUpTo(line) }), close: () => lookup.close() };
}

/**
 * Exact pairs and fuzzy links in one line order. A fuzzy link is made between exact groups
 * (named by their kept row), so an exact duplicate of a row that was merged by fuzzy
 * matching points at the row its cluster keeps.
 */
export function combinedDecisions(exact: ExactPairs, links: FuzzyLinks): DuplicateDecisions {
  const linked = links.lines;
  const exactPairs = exact.pairs;
  let e = 0;
  let f = 0;
  return {
    upTo(line) {
      const pairs: number[] = [];
      const fuzzy: FuzzyMark[] = [];
      while ((e < exactPairs.length && exactPairs[e]! <= line) || (f < linked.length && linked[f]! <= line)) {
        const exactLine = e < exactPairs.length ? exactPairs[e]! : Infinity;
        const fuzzyLine = f < linked.length ? linked[f]! : Infinity;
        if (exactLine < fuzzyLine) {
          const kept = exactPairs[e + 1]!;
          pairs.push(exactLine, links.keptLineOf(kept));
          e += 2;
        } else {
          const link = links.at(f);
          pairs.push(fuzzyLine, link.keptLine);
          fuzzy.push([fuzzyLine, link.score, link.evidence]);
          f++;
        }
      }
      return { pairs: Float64Array.from(pairs), fuzzy };
    },
    close: async () => {},
  };
}
