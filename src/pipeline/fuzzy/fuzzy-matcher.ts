import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { ReviewPair } from '../../domain/row.js';
import { decodeFeatures, type PersonFeatures } from '../../domain/fuzzy/person-features.js';
import { scorePair } from '../../domain/fuzzy/pair-score.js';
import { DedupeIndex } from '../dedupe/dedupe-index.js';
import { SpillWriter } from '../dedupe/spill-file.js';
import { BLOCK_SLOTS, pairEveryTwo } from './block-pairs.js';
import { CountMinSketch } from './count-min-sketch.js';
import { ExactPairs } from './exact-pairs.js';

export type { ReviewPair } from '../../domain/row.js';

/** What pass 1 gives the matcher for one row that may be somebody's fuzzy duplicate. */
export type FuzzyEntry = readonly [line: number, features: string, blockKeys: readonly string[], nameKey: string];

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
  readonly links: ReadonlyMap<number, FuzzyLink>;
  /** In line order. */
  readonly review: readonly ReviewPair[];
  readonly candidatePairs: number;
}

/**
 * Fuzzy duplicates, after the exact keys. Pass 1 offers each row's features and block keys;
 * the block keys go through the dedupe index's external sort (so memory stays within its
 * budget whatever the rows), which pairs every two rows of a block. Then one read of the
 * features file, in line order, scores each candidate pair when its later row comes by,
 * holding only the features of earlier rows that still have a pair ahead.
 *
 * Rows are compared as themselves, but merged as their exact groups: two rows of one exact
 * group are never a fuzzy pair, and a cluster keeps its earliest exact-kept row. So every
 * cluster keeps exactly one row and no chain of links can loop.
 */
export class FuzzyMatcher {
  private readonly blocks: DedupeIndex;
  private readonly features: SpillWriter;
  private readonly names = new CountMinSketch();
  private rows = 0;

  constructor(
    private readonly thresholds: FuzzyThresholds,
    options: { readonly scratchDir: string; readonly signal?: AbortSignal },
  ) {
    this.blocks = new DedupeIndex({ scratchDir: options.scratchDir, signal: options.signal, pairing: pairEveryTwo(thresholds.maxBlockRows) });
    this.features = new SpillWriter(join(options.scratchDir, 'fuzzy.features'));
  }

  /** Lines must increase; a promise only when a write had to wait: await it before the next offer. */
  async offer([line, features, blockKeys, nameKey]: FuzzyEntry): Promise<void> {
    this.rows++;
    this.names.add(nameKey);
    await this.features.writeText(`${line}\t${nameKey}\t${features}\n`);
    for (let k = 0; k < blockKeys.length && k < BLOCK_SLOTS; k++) {
      const spilling = this.blocks.offer(blockKeys[k]!, line * BLOCK_SLOTS + k, 0);
      if (spilling) await spilling;
    }
  }

  /** Decides, given every exact pair ([duplicate line, kept line, …] sorted by line). Call once. */
  async finish(exact: ExactPairs): Promise<FuzzyResult> {
    await this.closeFeatures();
    const candidates = await this.blocks.finish();
    const pairs = uniquePairs(candidates.pairsUpTo(0xffffffff));
    await candidates.close();
    const scored = await this.score(pairs, exact);
    return { ...clusters(scored.merged, exact), review: scored.review, candidatePairs: pairs.length / 2 };
  }

  async close(): Promise<void> {
    await this.closeFeatures().catch(() => {});
    await this.blocks.close();
  }

  /** Once only: a closed stream's 'finish' has gone by, and waiting for it again would never end. */
  private closeFeatures(): Promise<void> {
    this.featuresClosed ??= this.features.close();
    return this.featuresClosed;
  }

  private featuresClosed: Promise<void> | undefined;

  /** One read of the features file; `pairs` are (later, earlier) sorted by later line. */
  private async score(pairs: Float64Array, exact: ExactPairs) {
    // How many pairs each earlier row still has ahead: its features are dropped after the last.
    const ahead = new Map<number, number>();
    for (let i = 1; i < pairs.length; i += 2) ahead.set(pairs[i]!, (ahead.get(pairs[i]!) ?? 0) + 1);
    const held = new Map<number, { features: PersonFeatures; nameKey: string }>();
    const merged: ScoredPair[] = [];
    const review: ReviewPair[] = [];
    let next = 0;
    for await (const [line, nameKey, text] of featureLines(this.features.path)) {
      while (next < pairs.length && pairs[next]! < line) next += 2; // rows without features (never offered)
      if (next >= pairs.length && ahead.size === 0) break;
      let features: PersonFeatures | undefined;
      for (; next < pairs.length && pairs[next] === line; next += 2) {
        const earlier = pairs[next + 1]!;
        const other = held.get(earlier);
        release(ahead, held, earlier);
        if (!other || exact.groupOf(line) === exact.groupOf(earlier)) continue;
        features ??= decodeFeatures(text);
        const frequency = Math.max(this.names.estimate(nameKey), this.names.estimate(other.nameKey));
        const { score, evidence } = scorePair(features, other.features, frequency, this.rows);
        if (score >= this.thresholds.merge) merged.push({ line, earlier, score, evidence: evidence.join(' ') });
        else if (score >= this.thresholds.review) {
          review.push({ line, otherLine: earlier, score, evidence: evidence.join(' '), name: features.name, otherName: other.features.name });
        }
      }
      if (ahead.has(line)) held.set(line, { features: features ?? decodeFeatures(text), nameKey });
    }
    return { merged, review };
  }
}

interface ScoredPair {
  readonly line: number;
  readonly earlier: number;
  readonly score: number;
  readonly evidence: string;
}

function release(ahead: Map<number, number>, held: Map<number, unknown>, line: number): void {
  const left = (ahead.get(line) ?? 1) - 1;
  if (left > 0) ahead.set(line, left);
  else {
    ahead.delete(line);
    held.delete(line);
  }
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

/**
 * Union-find over exact groups (a group is named by its kept row); each cluster keeps its
 * earliest group, and every other group's kept row links to it with its best-scoring pair.
 */
function clusters(merged: readonly ScoredPair[], exact: ExactPairs): { links: Map<number, FuzzyLink> } {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    for (let up = parent.get(root)!; up !== root; up = parent.get(root)!) root = up;
    for (let at = x, up = parent.get(at)!; at !== root; at = up, up = parent.get(at)!) parent.set(at, root);
    return root;
  };
  const best = new Map<number, ScoredPair>();
  const touch = (group: number, pair: ScoredPair) => {
    if (!parent.has(group)) parent.set(group, group);
    const known = best.get(group);
    if (!known || pair.score > known.score) best.set(group, pair);
  };
  for (const pair of merged) {
    const a = exact.groupOf(pair.line);
    const b = exact.groupOf(pair.earlier);
    touch(a, pair);
    touch(b, pair);
    const ra = find(a);
    const rb = find(b);
    // The earliest group is the root, so that a cluster keeps the row a reader meets first.
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const links = new Map<number, FuzzyLink>();
  for (const group of parent.keys()) {
    const root = find(group);
    if (root === group) continue;
    const pair = best.get(group)!;
    const partner = exact.groupOf(pair.line) === group ? exact.groupOf(pair.earlier) : exact.groupOf(pair.line);
    const via = partner === root ? '' : `linha:${partner} `;
    links.set(group, { keptLine: root, score: pair.score, evidence: via + pair.evidence });
  }
  return { links };
}

/** The features file back as [line, name key, encoded features], in line order. */
async function* featureLines(path: string): AsyncGenerator<[number, string, string]> {
  let rest = '';
  for await (const piece of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const text = rest + (piece as string);
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
      const tab1 = text.indexOf('\t', start);
      const tab2 = text.indexOf('\t', tab1 + 1);
      yield [Number(text.slice(start, tab1)), text.slice(tab1 + 1, tab2), text.slice(tab2 + 1, end)];
    }
    rest = text.slice(start);
  }
}
