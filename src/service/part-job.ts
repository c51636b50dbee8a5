import { readFile, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { deserialize } from 'node:v8';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { lookUpKeys } from '../pipeline/parallel/finish-batch.js';
import { cleanPart } from '../pipeline/split/clean-part.js';
import { finishPart } from '../pipeline/split/finish-part.js';
import type { ChunkDecisions } from '../pipeline/fuzzy/duplicate-decisions.js';
import type { FileStore } from '../ports/file-store.js';
import type { CrashedDelivery, Delivery, DeliveryHandler } from '../ports/job-queue.js';
import type { JobStateStore } from '../ports/job-state-store.js';
import type { ReferenceStore } from '../ports/reference-store.js';
import { PART_FILES, partTaskOf, type PartTask, type StoredPlan } from './part-files.js';
import { makeScratch } from './scratch-space.js';
import { threadsForInput } from './threads-for-input.js';

export interface PartJobDeps {
  readonly storage: FileStore;
  readonly state: JobStateStore;
  readonly referenceStore: ReferenceStore | undefined;
  readonly logger: Logger;
}

export interface PartJobSettings {
  readonly doneDir: string;
  readonly threads: number;
  readonly tempDir: string;
  /** How long part outcomes stay in the shared state. */
  readonly outcomeTtlMs: number;
}

/**
 * A part whose workers died on it too often (the queue dead-letters it as `worker-crashed`):
 * recorded as the part's outcome, so that its coordinator fails the job instead of waiting.
 */
export function partCrashRecorder(deps: Pick<PartJobDeps, 'state' | 'logger'>, settings: Pick<PartJobSettings, 'doneDir' | 'outcomeTtlMs'>) {
  return async (crashed: CrashedDelivery): Promise<void> => {
    const task = partTaskOf(crashed.message, settings.doneDir);
    const failed = { code: 'WORKER_CRASHED', message: `the workers died ${crashed.crashes} times on this part` };
    deps.logger.error({ splitJob: task.job, stage: task.stage, part: task.index, crashes: crashed.crashes }, 'part crashed its workers; failing its job');
    await deps.state.setPartOutcome(task.job, task.stage, task.index, { failed }, settings.outcomeTtlMs);
  };
}

const NO_REFERENCE: ReferenceStore = { findByKeys: async () => new Map(), close: async () => {} };

/**
 * The worker's handler for the parts queue: one message → one part of a split job (pass 1 or
 * pass 2 of one byte range), its result uploaded beside the plan and its outcome recorded.
 * A part whose outcome is already recorded is done: redeliveries and duplicates cost a read.
 * A transient failure goes back to the queue; a lasting one (the part's own input problem,
 * the input changed, retries spent) is recorded as the part's outcome, which fails the job.
 */
export function partJobHandler(deps: PartJobDeps, settings: PartJobSettings): DeliveryHandler {
  const plans = new Map<string, StoredPlan>();
  const planOf = async (task: PartTask, scratch: string): Promise<StoredPlan> => {
    const cached = plans.get(task.folder);
    if (cached) return cached;
    const local = join(scratch, PART_FILES.plan);
    await deps.storage.download(posix.join(task.folder, PART_FILES.plan), local);
    const stored = deserialize(await readFile(local)) as StoredPlan;
    plans.clear(); // a worker serves one split job at a time, nearly always
    plans.set(task.folder, stored);
    return stored;
  };

  return async (delivery: Delivery) => {
    const task = partTaskOf(delivery.message, settings.doneDir);
    const log = deps.logger.child({ splitJob: task.job, stage: task.stage, part: task.index, attempt: delivery.attempt });
    const earlier = (await deps.state.partOutcomes(task.job, task.stage)).get(task.index);
    if (earlier && 'done' in earlier) {
      log.info('part already done; nothing to do');
      return;
    }
    const started = performance.now();
    log.info('part started');
    const scratch = await makeScratch(settings.tempDir);
    try {
      const stored = await planOf(task, scratch);
      const signal = delivery.signal;
      if (task.stage === 'clean') await clean(task, stored, scratch, signal);
      else await finish(task, stored, scratch, signal);
      await deps.state.setPartOutcome(task.job, task.stage, task.index, { done: true }, settings.outcomeTtlMs);
      log.info({ ms: Math.round(performance.now() - started) }, 'part done');
    } catch (error) {
      const lasting = !(error instanceof AppError && error.retryable) || delivery.attempt >= delivery.maxAttempts;
      if (delivery.signal.aborted || !lasting) throw error;
      const failed = error instanceof AppError ? { code: error.code, message: error.message } : { code: 'INTERNAL_ERROR', message: String((error as Error)?.message ?? error) };
      log.error({ err: error }, 'part failed');
      await deps.state.setPartOutcome(task.job, task.stage, task.index, { failed }, settings.outcomeTtlMs);
      // The coordinator fails the job with the part's error; the message itself is spent
      // unless it is a bug, which goes to the dead-letter queue for a replay.
      if (!(error instanceof AppError)) throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };

  async function clean(task: PartTask, { plan, input }: StoredPlan, scratch: string, signal: AbortSignal): Promise<void> {
    const part = plan.parts[task.index]!;
    const range = join(scratch, 'range.csv');
    await deps.storage.downloadRange(input.path, range, { start: part.start, end: part.end, etag: input.etag });
    const batchesPath = join(scratch, PART_FILES.batches(task.index));
    const spillPath = join(scratch, PART_FILES.spill(task.index));
    const threads = threadsForInput(part.end - part.start, settings.threads);
    await cleanPart(range, part, plan.reading, plan.clean, { batchesPath, spillPath, threads, signal });
    await rm(range, { force: true });
    // The spill first: once the batches are in place the part is usable.
    await deps.storage.publish(spillPath, posix.join(task.folder, PART_FILES.spill(task.index)));
    await deps.storage.publish(batchesPath, posix.join(task.folder, PART_FILES.batches(task.index)));
  }

  async function finish(task: PartTask, { plan }: StoredPlan, scratch: string, signal: AbortSignal): Promise<void> {
    const part = plan.parts[task.index]!;
    const spillPath = join(scratch, PART_FILES.spill(task.index));
    const pairsPath = join(scratch, PART_FILES.pairs(task.index));
    await Promise.all([
      deps.storage.download(posix.join(task.folder, PART_FILES.spill(task.index)), spillPath),
      deps.storage.download(posix.join(task.folder, PART_FILES.pairs(task.index)), pairsPath),
    ]);
    const decisions = deserialize(await readFile(pairsPath)) as ChunkDecisions;
    const chunksPath = join(scratch, PART_FILES.chunks(task.index));
    const store = deps.referenceStore ?? NO_REFERENCE;
    await finishPart(spillPath, decisions, plan.finish, {
      chunksPath,
      threads: threadsForInput(part.end - part.start, settings.threads),
      lookUp: (keys) => lookUpKeys(store, keys, plan.lookupBatchSize),
      signal,
    });
    await deps.storage.publish(chunksPath, posix.join(task.folder, PART_FILES.chunks(task.index)));
  }
}
