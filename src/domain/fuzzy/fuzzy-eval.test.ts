import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readTruth, type TruthRow } from '../../../test/support/truth.js';
import { nameKey } from '../names/name-tokens.js';
import { FUZZY_MERGE_THRESHOLD, FUZZY_REVIEW_THRESHOLD, scorePair } from './pair-score.js';
import { nameBlockKeysOf, strongBlockKeysOf, type PersonFeatures } from './person-features.js';

const DATAGEN = fileURLToPath(new URL('../../../../shared/datagen/gen-clientes.mjs', import.meta.url));
const ROWS = 100_000;
/** As the pipeline's default maxBlockRows: a bigger block is a switchboard, not a person. */
const MAX_BLOCK_ROWS = 50;
const MOBILE = /^\+55\d\d9\d{8}$/;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Person {
  readonly row: number;
  /** The truth person: the original's row for a fuzzy duplicate, its own row otherwise. */
  readonly truth: number;
  readonly features: PersonFeatures;
  readonly nameKey: string;
}

async function generate(seed: string): Promise<{ truth: TruthRow[]; hardNegatives: number }> {
  const out = await mkdtemp(join(tmpdir(), `higia-fuzzy-${seed}-`));
  dirs.push(out);
  const args = [DATAGEN, '--rows', String(ROWS), '--seed', seed, '--fuzzy-dup-rate', '0.05', '--out', out];
  const { stderr } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 24 });
  const hardNegatives = Number(/hard_negatives=(\d+)/.exec(stderr)?.[1]);
  return { truth: await readTruth(join(out, 'clientes.truth.csv')), hardNegatives };
}

/** The PF rows left for the fuzzy pass: exact duplicates are merged before it, nameless rows have nothing to compare. */
function peopleOf(truth: readonly TruthRow[]): Person[] {
  const people: Person[] = [];
  for (const t of truth) {
    if (t.tipo !== 'PF' || t.duplicate_of !== '' || t.nome === '') continue;
    const mobiles = [...new Set([t.celular!, t.telefone!].filter((p) => MOBILE.test(p)))];
    const features = { name: t.nome!, cpf: t.cpf!, birthDate: t.data_nascimento!, cep: t.cep!, mobiles, email: t.email!, city: t.cidade!, uf: t.uf! };
    people.push({ row: Number(t.row), truth: Number(t.fuzzy_of || t.row), features, nameKey: nameKey(t.nome!) });
  }
  return people;
}

/** Candidate pairs (i < j, indexes into people) of blocks up to MAX_BLOCK_ROWS, and what the cap skipped. */
function candidatePairs(people: readonly Person[], keysOf: (f: PersonFeatures) => string[]) {
  const blocks = new Map<string, number[]>();
  people.forEach((p, i) => {
    for (const key of keysOf(p.features)) {
      const block = blocks.get(key);
      if (block) block.push(i);
      else blocks.set(key, [i]);
    }
  });
  const pairs = new Set<number>();
  let skippedBlocks = 0;
  let skippedTruePairs = 0;
  for (const block of blocks.values()) {
    if (block.length > MAX_BLOCK_ROWS) {
      skippedBlocks++;
      for (let j = 1; j < block.length; j++) for (let i = 0; i < j; i++) if (people[block[i]!]!.truth === people[block[j]!]!.truth) skippedTruePairs++;
      continue;
    }
    for (let j = 1; j < block.length; j++) for (let i = 0; i < j; i++) pairs.add(block[i]! * people.length + block[j]!);
  }
  return { pairs, skippedBlocks, skippedTruePairs };
}

const pairsIn = (n: number) => (n * (n - 1)) / 2;

/** Pair precision and recall of the clusters that the merged pairs make, against the truth persons. */
function clusterMetrics(people: readonly Person[], merged: readonly (readonly [number, number])[]) {
  const parent = people.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (const [i, j] of merged) parent[find(i)] = find(j);
  const clusterSizes = new Map<number, number>();
  const bothSizes = new Map<string, number>();
  const truthSizes = new Map<number, number>();
  people.forEach((p, i) => {
    const c = find(i);
    clusterSizes.set(c, (clusterSizes.get(c) ?? 0) + 1);
    bothSizes.set(`${c}:${p.truth}`, (bothSizes.get(`${c}:${p.truth}`) ?? 0) + 1);
    truthSizes.set(p.truth, (truthSizes.get(p.truth) ?? 0) + 1);
  });
  const sum = (m: Map<unknown, number>) => [...m.values()].reduce((s, n) => s + pairsIn(n), 0);
  const mergedPairs = sum(clusterSizes);
  const truePairs = sum(truthSizes);
  const correct = sum(bothSizes);
  return { mergedPairs, truePairs, correct, falsePairs: mergedPairs - correct, precision: correct / mergedPairs, recall: correct / truePairs };
}

/** Blocks, scores and clusters `people` twice: on the strong block keys alone, and with the name keys too. */
function assess(people: readonly Person[], frequency: ReadonlyMap<string, number>, rows: number, hardNegatives: number) {
  const n = people.length;
  const strong = candidatePairs(people, strongBlockKeysOf);
  const all = candidatePairs(people, (f) => [...strongBlockKeysOf(f), ...nameBlockKeysOf(f)]);
  const scores = new Map<number, { score: number; evidence: string[] }>();
  const scoreAll = () => {
    for (const pair of all.pairs) {
      const a = people[Math.floor(pair / n)]!;
      const b = people[pair % n]!;
      const nameFrequency = Math.max(frequency.get(a.nameKey) ?? 1, frequency.get(b.nameKey) ?? 1);
      scores.set(pair, scorePair(a.features, b.features, nameFrequency, rows));
    }
  };
  scoreAll(); // the first pass warms the JIT up; the second is timed
  const started = performance.now();
  scoreAll();
  const pairsPerSecond = all.pairs.size / ((performance.now() - started) / 1000);

  const measure = (pairs: Set<number>) => {
    const merged: [number, number][] = [];
    let review = 0;
    let reviewTrue = 0;
    for (const pair of pairs) {
      const { score } = scores.get(pair)!;
      const [i, j] = [Math.floor(pair / n), pair % n];
      if (score >= FUZZY_MERGE_THRESHOLD) merged.push([i, j]);
      else if (score >= FUZZY_REVIEW_THRESHOLD) {
        review++;
        if (people[i]!.truth === people[j]!.truth) reviewTrue++;
      }
    }
    if (process.env.FUZZY_EVAL_DEBUG) showMargins(people, pairs, scores);
    const metrics = clusterMetrics(people, merged);
    return { ...metrics, falseMergeShare: metrics.falsePairs / hardNegatives, review, reviewTrue, comparisonsPerRow: pairs.size / n };
  };
  return { pairsPerSecond, strong: { ...strong, ...measure(strong.pairs) }, all: { ...all, ...measure(all.pairs) } };
}

/** FUZZY_EVAL_DEBUG=1: the same person's lowest-scoring pairs and different people's highest, to see the margins. */
function showMargins(people: readonly Person[], pairs: Set<number>, scores: ReadonlyMap<number, { score: number; evidence: string[] }>): void {
  const n = people.length;
  const rows = [...pairs].map((pair) => ({ pair, same: people[Math.floor(pair / n)]!.truth === people[pair % n]!.truth, ...scores.get(pair)! }));
  const show = (x: (typeof rows)[number]) =>
    `${x.score.toFixed(4)} ${people[Math.floor(x.pair / n)]!.features.name} | ${people[x.pair % n]!.features.name} ${x.evidence.join(' ')}`;
  console.log('lowest true:\n' + rows.filter((x) => x.same).sort((x, y) => x.score - y.score).slice(0, 8).map(show).join('\n'));
  console.log('highest false:\n' + rows.filter((x) => !x.same).sort((x, y) => y.score - x.score).slice(0, 8).map(show).join('\n'));
}

/**
 * The generator guarantees every fuzzy duplicate a strong signal; real files often lack the
 * contact columns. Blanking e-mail and mobiles on every other row shows what the name keys
 * recover when the strong keys cannot.
 */
const withoutContacts = (people: readonly Person[]): Person[] =>
  people.map((p) => (p.row % 2 === 0 ? { ...p, features: { ...p.features, email: '', mobiles: [] } } : p));

async function evaluate(seed: string) {
  const { truth, hardNegatives } = await generate(seed);
  const frequency = new Map<string, number>();
  for (const t of truth) if (t.nome !== '') frequency.set(nameKey(t.nome!), (frequency.get(nameKey(t.nome!)) ?? 0) + 1);
  const people = peopleOf(truth);
  const full = assess(people, frequency, truth.length, hardNegatives);
  const sparse = assess(withoutContacts(people), frequency, truth.length, hardNegatives);
  return { seed, rows: truth.length, people: people.length, hardNegatives, full, sparse };
}

type Measured = Awaited<ReturnType<typeof evaluate>>['full']['all'];

function report(r: Awaited<ReturnType<typeof evaluate>>): void {
  const line = (label: string, m: Measured) =>
    `${label}: precision=${m.precision.toFixed(4)} recall=${m.recall.toFixed(4)} merged_pairs=${m.mergedPairs} true_pairs=${m.truePairs} ` +
    `false_pairs=${m.falsePairs} false/hard_negatives=${(m.falseMergeShare * 100).toFixed(3)}% review=${m.review} (same person ${m.reviewTrue}) ` +
    `comparisons/row=${m.comparisonsPerRow.toFixed(4)} skipped_blocks=${m.skippedBlocks} (true pairs in them ${m.skippedTruePairs})`;
  console.log(
    `fuzzy eval seed ${r.seed}: rows=${r.rows} people=${r.people} hard_negatives=${r.hardNegatives} scoring=${Math.round(r.full.pairsPerSecond)} pairs/s\n` +
      `  ${line('strong keys', r.full.strong)}\n  ${line('strong + name keys', r.full.all)}\n` +
      `  ${line('no contacts on even rows, strong keys', r.sparse.strong)}\n  ${line('no contacts on even rows, strong + name keys', r.sparse.all)}`,
  );
}

describe('fuzzy duplicates against the generator truth (100k rows, 5% fuzzy duplicates)', () => {
  // Seed 11 is the one the weights were tuned on; seed 12 confirms them untouched.
  it.each((process.env.FUZZY_EVAL_SEEDS ?? '11,12').split(','))('seed %s: pair precision ≥ 0.98, recall ≥ 0.90, false merges ≤ 0.2% of hard negatives', async (seed) => {
    const result = await evaluate(seed);
    report(result);
    expect(result.hardNegatives).toBeGreaterThan(1000);
    for (const m of [result.full.all, result.sparse.all]) {
      expect(m.precision).toBeGreaterThanOrEqual(0.98);
      expect(m.falseMergeShare).toBeLessThanOrEqual(0.002);
    }
    expect(result.full.all.recall).toBeGreaterThanOrEqual(0.9);
    // The name keys must earn their comparisons where the contacts are missing.
    expect(result.sparse.all.recall).toBeGreaterThan(result.sparse.strong.recall + 0.05);
  }, 120_000);
});
