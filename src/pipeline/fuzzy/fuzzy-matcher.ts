import { join } from 'node:path';
import type { ReviewPair } from '../../domain/row.js';
import { decodeFeatures, type PersonFeatures } from '../../domain/fuzzy/person-features.js';
import { scorePair } from '../../domain/fuzzy/pair-score.js';
import { DedupeIndex } from '../dedupe/dedupe-index.js';
import type { DuplicateLookup } from '../dedupe/duplicate-lookup.js';
import { BLOCK_SLOTS, pairEveryTwo } from './block-pairs.js';
import { CountMinSketch } from './count-min-sketch.js';
import type { ExactPairs } from './exact-pairs.js';
import { FeaturesFile } from './features-file.js';
import type { FuzzyLinks } from './fuzzy-links.js';
import { MergedPairs } from './merge-clusters.js';
import { fuzzyRecords } from './fuzzy-records.js';

export type { ReviewPair } from '../../domain/row.js';

export interface FuzzyThresholds {
  /** Pairs scoring at least this are merged like exact duplicates. */
  readonly merge: number;
  /** Pairs from this up to `merge` go to the review file. */
  readonly review: number;
  /** Blocks with more rows are not compared (see block-pairs.ts). */
  readonly maxBlockRows: number;
}

/** A row merged into another by fuzzy matching, with the pair that linked it. */
export interface FuzzyLink {
  readonly keptLine: number;
  readonly score: number;
  /** Evidence codes of the linking pair; `linha:N` first when that pair's other row is not the kept one. */
  readonly evidence: string;
}

export interface FuzzyResult {
  readonly links: FuzzyLinks;
  /** In line order. */
  readonly review: readonly ReviewPair[];
  readonly candidatePairs: number;
}

/**
 * Fuzzy duplicates, after the exact keys. Pass 1 offers each row's features and block keys;
 * the block keys go through the dedupe index's external sort (so memory stays within its
 * budget whatever the rows), which pairs every two rows of a block. The features wait in a
 * file; the candidate pairs stream back in line order and each is scored with its two rows
 * read from that file, so memory holds where each record lies, not the records.
 *
 * Rows are compared as themselves, but merged as their exact groups: two rows of one exact
 * group are never a fuzzy pair, and a cluster keeps its earliest exact-kept row. So every
 * cluster keeps exactly one row and no chain of links can loop.
 */
export class FuzzyMatcher {
  private readonly blocks: DedupeIndex;
  private readonly features: FeaturesFile;
  private readonly names = new CountMinSketch();
  private readonly signal: AbortSignal | undefined;
  private rows = 0;
  private lastLine = 0;

  constructor(
    private readonly thresholds: FuzzyThresholds,
    options: { readonly scratchDir: string; readonly signal?: AbortSignal },
  ) {
    this.blocks = new DedupeIndex({ scratchDir: options.scratchDir, signal: options.signal, pairing: pairEveryTwo(thresholds.maxBlockRows) });
    this.features = new FeaturesFile(join(options.scratchDir, 'fuzzy.features'));
    this.signal = options.signal;
  }

  /** One batch's records (fuzzy-records.ts); lines must increase from batch to batch. */
  async offer(records: string): Promise<void> {
    for (const { line, nameKey, person, blockKeys } of fuzzyRecords(records)) {
      this.rows++;
      this.lastLine = line;
      this.names.add(nameKey);
      const writing = this.features.write(line, person);
      if (writing) await writing;
      for (let k = 0; k < blockKeys.length && k < BLOCK_SLOTS; k++) {
        const spilling = this.blocks.offer(blockKeys[k]!, line * BLOCK_SLOTS + k, 0);
        if (spilling) await spilling;
      }
    }
  }

  /** Decides, given every exact pair ([duplicate line, kept line, …] sorted by line). Call once. */
  async finish(exact: ExactPairs): Promise<FuzzyResult> {
    await this.features.close();
    const candidates = await this.blocks.finish();
    try {
      const scored = await this.score(candidates, exact);
      return { links: scored.merged.links(exact), review: scored.review, candidatePairs: scored.candidatePairs };
    } finally {
      this.features.release();
      await candidates.close();
    }
  }

  async close(): Promise<void> {
    await this.features.close().catch(() => {});
    this.features.release();
    await this.blocks.close();
  }

  /**
   * Candidate pairs (later, earlier) stream from the block index in later-line order, a slice
   * of lines at a time, and each pair's two rows are read back from the features file: memory
   * holds one slice of pairs, never the features of the rows still waiting for a partner.
   */
  private async score(candidates: DuplicateLookup, exact: ExactPairs) {
    const merged = new MergedPairs();
    const review: ReviewPair[] = [];
    let candidatePairs = 0;
    for (let upTo = SCORE_SLICE_LINES; ; upTo += SCORE_SLICE_LINES) {
      const pairs = uniquePairs(candidates.pairsUpTo(Math.min(upTo, this.lastLine)));
      candidatePairs += pairs.length / 2;
      let laterLine = -1;
      let later: Person | undefined;
      for (let i = 0; i < pairs.length; i += 2) {
        const line = pairs[i]!;
        const earlier = pairs[i + 1]!;
        if (exact.groupOf(line) === exact.groupOf(earlier)) continue;
        if (line !== laterLine) {
          laterLine = line;
          later = this.person(line);
        }
        const other = this.person(earlier);
        if (!later || !other) continue;
        const frequency = Math.max(this.names.estimate(later.nameKey), this.names.estimate(other.nameKey));
        const { score, evidence } = scorePair(later.features, other.features, frequency, this.rows);
        if (score >= this.thresholds.merge) merged.push(line, earlier, score, evidence.join(' '));
        else if (score >= this.thresholds.review) {
          review.push({ line, otherLine: earlier, score, evidence: evidence.join(' '), name: later.features.name, otherName: other.features.name });
        }
      }
      if (upTo >= this.lastLine) break;
      // Reads are synchronous (page cache, a few µs each): let the event loop breathe between slices.
      await new Promise((resolve) => setImmediate(resolve));
      this.signal?.throwIfAborted();
    }
    return { merged, review, candidatePairs };
  }

  private person(line: number): Person | undefined {
    const record = this.features.read(line);
    return record && { nameKey: record.nameKey, features: decodeFeatures(record.features) };
  }
}

/** Lines whose candidate pairs are scored at a time: bounds the pairs held in memory. */
const SCORE_SLICE_LINES = 1 << 15;

interface Person {
  readonly nameKey: string;
  readonly features: PersonFeatures;
}

/**
 * The same two rows meet in several blocks (same mobile and same e-mail): compare them once.
 * Pairs come sorted by later line; within one later line the order is the lookup's (merged
 * from runs on disk it is not by earlier line), so each line's earlier lines are sorted here.
 */
export function uniquePairs(byLater: Float64Array): Float64Array {
  const out = new Float64Array(byLater.length);
  let n = 0;
  for (let i = 0; i < byLater.length; ) {
    const later = byLater[i]!;
    const earlier: number[] = [];
    for (; i < byLater.length && byLater[i] === later; i += 2) earlier.push(byLater[i + 1]!);
    earlier.sort((a, b) => a - b);
    for (let k = 0; k < earlier.length; k++) {
      if (k > 0 && earlier[k] === earlier[k - 1]) continue;
      out[n++] = later;
      out[n++] = earlier[k]!;
    }
  }
  return out.subarray(0, n);
}
