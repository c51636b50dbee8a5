import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { serialize } from 'node:v8';
import type { Logger } from 'pino';
import type { JobMessage } from '../domain/job-message.js';
import { AppError } from '../errors.js';
import type { PartBatch, PartTrailer } from '../pipeline/split/clean-part.js';
import { readFramed } from '../pipeline/split/framed-records.js';
import type { FinishedChunk } from '../pipeline/parallel/finish-batch.js';
import type { ChunkDecisions } from '../pipeline/fuzzy/duplicate-decisions.js';
import type { FileStore } from '../ports/file-store.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { JobStateStore, PartOutcome } from '../ports/job-state-store.js';
import type { SplitPlan, SplitRunner } from '../ports/split-runner.js';
import type { PartStage, PartTask, StoredPlan } from './part-files.js';
import { PART_FILES, PARTS_FOLDER } from './part-files.js';

/** A part that failed for good (its own error, or its retries ran out): the job fails with it. */
export class PartFailedError extends AppError {
  readonly retryable = false;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface QueueSplitRunnerOptions {
  readonly storage: FileStore;
  readonly state: JobStateStore;
  /** The parts queue: every worker consumes it, so whoever is free takes the next part. */
  readonly parts: JobQueue;
  readonly message: JobMessage;
  readonly jobId: string;
  readonly input: { readonly path: string; readonly etag: string };
  readonly doneDir: string;
  /** Local folder for the parts' results while they are replayed. */
  readonly scratch: string;
  readonly partBytes: number;
  readonly outcomeTtlMs: number;
  readonly pollMs?: number;
  readonly log: Logger;
}

/**
 * The coordinator's side of a split job. The plan goes to the file store once, each part is
 * a message on the parts queue (the broker hands them to whichever workers are free: no
 * scheduler of ours), each part's result goes back to the file store and its outcome to the
 * shared state, and this job reads the results back in file order.
 *
 * Everything a part writes is named by the plan's digest, and a part that finds its outcome
 * already recorded does nothing: a redelivered part (its worker died), a coordinator that
 * starts again (a retry, a parked copy taking over) and a duplicated message all find the
 * work done and reuse it, and the bytes are the same whoever made them.
 */
export class QueueSplitRunner implements SplitRunner {
  readonly partBytes: number;
  private folder: string | undefined;
  private key: string | undefined;
  private readonly pollMs: number;

  constructor(private readonly options: QueueSplitRunnerOptions) {
    this.partBytes = options.partBytes;
    this.pollMs = options.pollMs ?? 200;
  }

  clean(plan: SplitPlan, signal?: AbortSignal): { batches: AsyncIterable<PartBatch>; readStats(): { windows1252Lines: number } } {
    const stats = { windows1252Lines: 0 };
    return { batches: this.cleanBatches(plan, stats, signal), readStats: () => stats };
  }

  private async *cleanBatches(plan: SplitPlan, stats: { windows1252Lines: number }, signal: AbortSignal | undefined): AsyncGenerator<PartBatch> {
    await this.start(plan);
    await this.publishParts('clean', plan);
    for (const part of plan.parts) {
      for await (const record of this.resultOf<PartBatch | PartTrailer>('clean', part.index, signal)) {
        if ('stats' in record) stats.windows1252Lines += record.stats.windows1252Lines;
        else yield record;
      }
    }
  }

  async *finish(plan: SplitPlan, pairsOf: (part: number) => ChunkDecisions, signal?: AbortSignal): AsyncGenerator<FinishedChunk> {
    const { storage, scratch } = this.options;
    const done = await this.outcomes('finish');
    for (const part of plan.parts) {
      const pairs = pairsOf(part.index);
      if (isDone(done.get(part.index))) continue;
      const local = join(scratch, PART_FILES.pairs(part.index));
      await writeFile(local, serialize(pairs));
      await storage.publish(local, posix.join(this.folder!, PART_FILES.pairs(part.index)));
      await rm(local, { force: true });
    }
    await this.publishParts('finish', plan);
    for (const part of plan.parts) yield* this.resultOf<FinishedChunk>('finish', part.index, signal);
  }

  /** Removes the parts' files and outcomes: called once the job's outputs are in place, or it failed for good. */
  async dispose(): Promise<void> {
    if (this.folder === undefined) return;
    await this.options.storage.remove(this.folder);
    await this.options.state.forgetParts(this.key!);
  }

  /** Names the parts' folder after the plan and stores the plan there (the same bytes on every attempt). */
  private async start(plan: SplitPlan): Promise<void> {
    const { input, storage, scratch, doneDir, jobId } = this.options;
    const stored: StoredPlan = { plan, input };
    const bytes = serialize(stored);
    const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    this.key = `${jobId}-${digest}`;
    this.folder = posix.join(doneDir, PARTS_FOLDER, this.key);
    const local = join(scratch, PART_FILES.plan);
    await writeFile(local, bytes);
    await storage.publish(local, posix.join(this.folder, PART_FILES.plan));
    await rm(local, { force: true });
    this.options.log.info({ parts: plan.parts.length, folder: this.folder }, 'split job: parts planned');
  }

  /** One message per part whose outcome is not yet recorded. */
  private async publishParts(stage: PartStage, plan: SplitPlan): Promise<void> {
    const done = await this.outcomes(stage);
    const pending = plan.parts.filter((part) => !isDone(done.get(part.index)));
    for (const part of pending) {
      const task: PartTask = { folder: this.folder!, job: this.key!, stage, index: part.index };
      await this.options.parts.publish({ file_name: this.options.message.file_name, part: task });
    }
    this.options.log.info({ stage, published: pending.length, reused: plan.parts.length - pending.length }, 'split job: parts sent');
  }

  /** Waits for a part's outcome, then streams its result file back (a failed part fails the job). */
  private async *resultOf<T>(stage: PartStage, index: number, signal: AbortSignal | undefined): AsyncGenerator<T> {
    await this.untilDone(stage, index, signal);
    const name = stage === 'clean' ? PART_FILES.batches(index) : PART_FILES.chunks(index);
    const local = join(this.options.scratch, name);
    await this.options.storage.download(posix.join(this.folder!, name), local);
    try {
      yield* readFramed<T>(local);
    } finally {
      await rm(local, { force: true });
    }
  }

  private async untilDone(stage: PartStage, index: number, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const outcomes = await this.outcomes(stage);
      for (const [part, outcome] of outcomes) {
        if ('failed' in outcome) throw new PartFailedError(outcome.failed.code, `part ${part + 1} (${stage}) failed: ${outcome.failed.message}`);
      }
      if (outcomes.get(index)) return;
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  private outcomes(stage: PartStage): Promise<ReadonlyMap<number, PartOutcome>> {
    return this.options.state.partOutcomes(this.key!, stage);
  }
}

const isDone = (outcome: PartOutcome | undefined): boolean => outcome !== undefined && 'done' in outcome;
