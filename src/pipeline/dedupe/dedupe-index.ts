import { rm } from 'node:fs/promises';
import { EntryRun } from './entry-run.js';
import { EntryRunWriter } from './entry-run-file.js';
import { MAX_FAN_IN, type EntrySource } from './entry-source.js';
import type { DuplicateLookup } from './duplicate-lookup.js';
import { mergeRunFiles, mergeSources, openRuns, pairDuplicates, type EntrySink } from './merge-entries.js';
import { PairSorter } from './pair-sorter.js';
import { ScratchFiles } from './scratch-files.js';

export type { DuplicateLookup } from './duplicate-lookup.js';

/**
 * Decides which rows are duplicates: per dedupe key, the row kept is the most complete one
 * (completeness capped at 255), the earliest on a tie; every other row of the key is a
 * duplicate of it. Memory stays within `maxMemoryBytes` whatever the file's size: entries
 * gather in compact pages, and each time they fill the budget they are sorted and written
 * to a run file; finish() merges the runs and sorts the (duplicate, kept) pairs by line,
 * taking up to a quarter of the budget more for its read buffers and pairs. The decisions
 * are exactly those of a Map holding every key, whatever the budget.
 *
 * How run-job uses it:
 *
 *   const dedupe = new DedupeIndex({ scratchDir: workDir, signal: request.signal });
 *   try {
 *     // pass 1, lines increasing:
 *     const spilling = dedupe.offer(key, line, completeness);
 *     if (spilling) await spilling;            // only when a run was written: rarely
 *     // between the passes:
 *     const duplicateOf = await dedupe.finish();
 *     // pass 2, lines non-decreasing:
 *     const keptLine = duplicateOf.keptLineOf(row.line); // undefined: the row is kept
 *   } finally {
 *     await dedupe.close();                     // removes every temp file, in any state
 *   }
 *
 * Lines are uint32 (a file would need 4 billion rows to pass that); offer() throws a
 * RangeError for one that is not, or that does not increase.
 */

/**
 * 64 MiB: at 32 bytes per CPF-keyed entry (17 + a 15-byte key) a run holds ~2M rows, so 10M
 * rows make five runs merged in one pass, and the index stays a small part of a 400 MB job.
 * A bigger budget saves little time: sorting and writing cost the same per entry whatever the
 * run size, and the merge reads each entry once either way.
 */
export const DEFAULT_MAX_MEMORY_BYTES = 64 * 1024 * 1024;
const MIN_BUFFER_BYTES = 4 * 1024;
const MAX_BUFFER_BYTES = 1024 * 1024;
const MIN_PAIR_BYTES = 64 * 1024;

export interface DedupeIndexOptions {
  /** Folder for temp files (the job's work folder): a subfolder is made there at the first spill. */
  readonly scratchDir: string;
  /** What the index may hold in memory; past it, runs spill to disk. Infinity never spills. */
  readonly maxMemoryBytes?: number;
  /** Aborting makes a running finish() reject at its next read of a run. */
  readonly signal?: AbortSignal;
  /**
   * What the merge makes of each key's entries; by default the first (most complete,
   * earliest) is kept and the others are paired with it. The fuzzy matcher pairs every two
   * entries of a small block instead (fuzzy/block-pairs.ts).
   */
  readonly pairing?: (pairs: PairSorter) => GroupingSink;
}

/** An EntrySink that may hold a last group until the merge has ended. */
export interface GroupingSink extends EntrySink {
  end?(): Promise<void> | undefined;
}

type State = 'open' | 'spilling' | 'finishing' | 'finished' | 'failed' | 'closed';

export class DedupeIndex {
  private readonly maxBytes: number;
  private readonly bufferBytes: number;
  private readonly signal: AbortSignal | undefined;
  private readonly scratch: ScratchFiles;
  private readonly run: EntryRun;
  private readonly runs: string[] = [];
  private lastLine = -1;
  private state: State = 'open';
  private lookup: DuplicateLookup | undefined;
  private readonly pairing: (pairs: PairSorter) => GroupingSink;

  constructor(options: DedupeIndexOptions) {
    const maxBytes = options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
    if (!(maxBytes > 0)) throw new RangeError(`maxMemoryBytes must be positive, got ${maxBytes}`);
    this.maxBytes = maxBytes;
    this.bufferBytes = clampBuffer(maxBytes / 16);
    this.signal = options.signal;
    this.pairing = options.pairing ?? pairDuplicates;
    this.scratch = new ScratchFiles(options.scratchDir);
    // The run's write buffer comes out of the same budget.
    this.run = new EntryRun(maxBytes - this.bufferBytes);
  }

  /** Records a row; a promise only when the budget was full and a run is being written: await it before the next offer. */
  offer(key: string, line: number, completeness: number): Promise<void> | undefined {
    if (this.state !== 'open') throw this.misuse('offer');
    if (line >>> 0 !== line || line <= this.lastLine) {
      throw new RangeError(`DedupeIndex.offer: line ${line} must be a uint32 above the previous one (${this.lastLine})`);
    }
    this.lastLine = line;
    const score = completeness >= 255 ? 255 : completeness > 0 ? Math.floor(completeness) : 0;
    if (this.run.add(key, line, score)) return undefined;
    return this.spillThenAdd(key, line, score);
  }

  /** Ends pass 1: the decisions, to be asked in line order. Call once, after the last offer. */
  async finish(): Promise<DuplicateLookup> {
    if (this.state !== 'open') throw this.misuse('finish');
    this.state = 'finishing';
    try {
      this.signal?.throwIfAborted();
      const lookup = this.runs.length === 0 ? await this.finishInMemory() : await this.finishFromRuns();
      this.lookup = lookup;
      this.state = 'finished';
      return lookup;
    } catch (error) {
      this.state = 'failed';
      this.run.release();
      await this.scratch.removeAll();
      throw error;
    }
  }

  /** Frees the memory and removes every temp file, the lookup's too; safe in any state, idempotent. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.run.release();
    await this.lookup?.close();
    await this.scratch.removeAll();
  }

  private async spillThenAdd(key: string, line: number, score: number): Promise<void> {
    this.state = 'spilling';
    try {
      await this.spillRun();
      this.run.clear();
      if (!this.run.add(key, line, score)) throw new Error('DedupeIndex: an empty run refused an entry');
      this.state = 'open';
    } catch (error) {
      this.state = 'failed';
      throw error;
    }
  }

  private async spillRun(): Promise<void> {
    this.run.sort();
    const path = await this.scratch.newPath('entries');
    const writer = await EntryRunWriter.create(path, this.bufferBytes);
    try {
      while (this.run.next()) {
        const pending = writer.write(this.run);
        if (pending) await pending;
      }
      await writer.close();
    } finally {
      await writer.discard();
    }
    this.runs.push(path);
  }

  private async finishInMemory(): Promise<DuplicateLookup> {
    this.run.sort();
    const pairs = new PairSorter(this.scratch, Math.max(MIN_PAIR_BYTES, this.maxBytes - this.run.allocatedBytes));
    await this.merge([this.run], pairs);
    this.run.release();
    return pairs.finish();
  }

  /**
   * The last run stays in memory as one more source of the merge, so nothing is freed and
   * reallocated here (freed buffers linger until a GC, which would raise the peak); the readers'
   * chunks and the pairs get an eighth of the budget each on top of it.
   */
  private async finishFromRuns(): Promise<DuplicateLookup> {
    this.run.sort();
    const share = this.maxBytes / 8;
    while (this.runs.length + 1 > MAX_FAN_IN) {
      const group = this.runs.splice(0, MAX_FAN_IN - 1);
      const path = await this.scratch.newPath('entries');
      await mergeRunFiles(group, path, clampBuffer(share / (group.length + 1)), this.signal);
      this.runs.push(path);
    }
    const pairs = new PairSorter(this.scratch, share);
    const readers = await openRuns(this.runs, clampBuffer(share / this.runs.length));
    try {
      await this.merge([this.run, ...readers], pairs);
    } finally {
      await Promise.all(readers.map((r) => r.close()));
    }
    this.run.release();
    await Promise.all(this.runs.splice(0).map((p) => rm(p, { force: true })));
    return pairs.finish();
  }

  private async merge(sources: readonly EntrySource[], pairs: PairSorter): Promise<void> {
    const sink = this.pairing(pairs);
    await mergeSources(sources, sink, this.signal);
    await sink.end?.();
  }

  private misuse(method: string): Error {
    const why: Record<State, string> = {
      open: 'while open',
      spilling: 'while a run is being written: await the promise the previous offer() returned',
      finishing: 'while finish() is running',
      finished: 'after finish()',
      failed: 'after a failed spill or finish',
      closed: 'after close()',
    };
    return new Error(`DedupeIndex.${method}() ${why[this.state]}`);
  }
}

function clampBuffer(bytes: number): number {
  return Math.min(MAX_BUFFER_BYTES, Math.max(MIN_BUFFER_BYTES, Math.floor(bytes)));
}
