import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { JobMessage } from '../domain/job-message.js';
import { AppError, CredentialsRejectedError, FileBusyError, InputFormatError, InvalidMessageError, LayoutMismatchError, NotFoundError, UpstreamUnavailableError } from '../errors.js';
import type { Locale } from '../i18n/messages.js';
import { runJob } from '../pipeline/run-job.js';
import type { RunSummary } from '../pipeline/summary.js';
import type { FileInfo, FileStore } from '../ports/file-store.js';
import type { JobEvent, JobEvents } from '../ports/job-events.js';
import type { JobHistory, JobRecord } from '../ports/job-history.js';
import type { Delivery, DeliveryHandler, JobQueue } from '../ports/job-queue.js';
import type { JobStateStore, Lock } from '../ports/job-state-store.js';
import type { ReferenceStore } from '../ports/reference-store.js';
import { defaultReports } from '../reports/default-reports.js';
import { tabularSinks } from '../outputs/default-sinks.js';
import { everyOutputName, outputBaseName } from '../outputs/output-names.js';
import { summarySheetOf } from '../reports/xlsx-summary-sheet.js';
import { qualityGateFailure } from '../quality/gate-failure.js';
import { warmUpReports } from '../reports/warm-up.js';
import type { Metrics } from './metrics.js';
import { archivePathOf, derivedJobId, idempotencyKey, inputPathOf, jobIdOf, outputPathOf, type Folders } from './job-paths.js';
import { PhaseClock } from './job-phases.js';
import { ProgressReporter } from './progress-reporter.js';
import { jobRequestOf } from './job-request.js';
import { makeScratch } from './scratch-space.js';
import { retryTransient } from '../retry/retry-transient.js';
import { PartFailedError, QueueSplitRunner } from './split-parts.js';

export interface FileJobDeps {
  readonly storage: FileStore;
  readonly state: JobStateStore;
  readonly history: JobHistory;
  readonly events: JobEvents;
  /** Undefined: no reference data configured, so no enrichment columns. */
  readonly referenceStore: ReferenceStore | undefined;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** The parts queue (see QueueSplitRunner); without it every input runs whole on the worker that took it. */
  readonly parts?: JobQueue;
}

export interface FileJobSettings extends Folders {
  readonly inputAfter: 'keep' | 'archive';
  readonly lockTtlMs: number;
  readonly idempotencyTtlMs: number;
  /** Worker threads for the field rules of a large input (see threadsForInput: small ones use none). */
  readonly threads: number;
  readonly maxBytes: number;
  readonly defaultLang: Locale;
  /** Local scratch space for the download and the outputs before upload. */
  readonly tempDir: string;
  /** Draws a throwaway set of reports when the handler is made, so the first job is as quick as the next (default true; see warmUpReports). */
  readonly warmUp?: boolean;
  /** A CSV input of at least twice this size is split into parts of about this size for every worker to share; 0 (default): never. */
  readonly partBytes?: number;
}


/**
 * The worker's handler: one queue message → one job, from download to the completion
 * event. It resolves (→ ack) only after the outputs are uploaded, the job is recorded and
 * the event confirmed. Failures:
 * - the request's own fault (file missing or unusable, invalid message layout) is an answer:
 *   the job is recorded `failed`, `job.failed` is published, and the message is acked;
 * - a transient failure is rethrown for the queue to retry; on the last attempt the job is
 *   recorded `failed` first (and the queue dead-letters it);
 * - anything else (storage refusing our credentials, a bug) is recorded `failed` and
 *   rethrown, so the message lands in the dead-letter queue where it can be replayed;
 * - a file locked by another worker is not a failure: the queue tries again later.
 */
export function fileJobHandler(deps: FileJobDeps, settings: FileJobSettings): DeliveryHandler {
  if (settings.warmUp !== false) {
    const started = performance.now();
    warmUpReports().then(
      () => deps.logger.info({ ms: Math.round(performance.now() - started) }, 'reports warmed up'),
      (error: unknown) => deps.logger.warn({ err: error }, 'could not warm the reports up; the first job does it'),
    );
  }
  return (delivery) => new FileJob(deps, settings, delivery).run();
}

class FileJob {
  private readonly message: JobMessage;
  private readonly inputPath: string;
  private log: Logger;
  private jobId: string;
  private startedAt: Date | undefined;
  private outputsDone = false;
  /** The parts of a split job, once planned: their files go when the job ends for good. */
  private split: QueueSplitRunner | undefined;
  private readonly clock = new PhaseClock();

  constructor(
    private readonly deps: FileJobDeps,
    private readonly settings: FileJobSettings,
    private readonly delivery: Delivery,
  ) {
    this.message = delivery.message;
    this.inputPath = inputPathOf(settings, this.message.file_name);
    this.jobId = jobIdOf(this.message, delivery.id) ?? '';
    this.log = deps.logger.child({ jobId: this.jobId || undefined, file: this.inputPath, attempt: delivery.attempt });
  }

  async run(): Promise<void> {
    let lock: Lock | undefined;
    let renewal: NodeJS.Timeout | undefined;
    this.deps.metrics.jobsInProgress.inc();
    try {
      lock = await this.clock.time('lock', () => this.deps.state.acquireLock(`lock:${this.inputPath}`, this.settings.lockTtlMs));
      if (!lock) throw new FileBusyError(`another worker is processing ${this.inputPath}`);
      const held = lock;
      const lockLost = new AbortController();
      renewal = setInterval(() => void this.renew(held, lockLost), Math.max(250, this.settings.lockTtlMs / 3));
      await this.runLocked(AbortSignal.any([this.delivery.signal, lockLost.signal]));
    } catch (error) {
      await this.settleFailure(error);
    } finally {
      clearInterval(renewal);
      this.deps.metrics.jobsInProgress.dec();
      await lock?.release().catch((error: unknown) => this.log.warn({ err: error }, 'could not release the lock; it expires by itself'));
    }
  }

  private async runLocked(signal: AbortSignal): Promise<void> {
    const { clock } = this;
    const input = await clock.time('stat', () => this.findInput());
    const key = idempotencyKey(this.inputPath, input.etag, this.message);
    if (this.jobId === '') this.setJobId(derivedJobId(key));
    if (this.delivery.parked && (await this.parkedCopyIsSpent())) return;
    // Both reads at once (Redis and MongoDB): one round trip instead of two for every new job.
    const doneBy = await clock.time('idempotency', async () => {
      const [recalled, inHistory] = await Promise.all([this.deps.state.recall(key), this.completedInHistory()]);
      return recalled ?? inHistory;
    });
    if (doneBy !== undefined && (await this.answerFromEarlierJob(doneBy))) return;
    if (input.archived) throw new NotFoundError(`file not found: ${this.inputPath}`);

    const startedAt = new Date();
    this.startedAt = startedAt;
    await clock.time('start_record', () =>
      this.deps.history.update(this.jobId, {
        fileName: this.message.file_name,
        status: 'running',
        attempts: this.delivery.attempt,
        startedAt: startedAt.toISOString(),
        input: { etag: input.etag, size: input.size },
        error: null,
        reusedFrom: null,
      }),
    );
    this.log.info({ size: input.size, etag: input.etag }, 'job started');
    const scratch = await makeScratch(this.settings.tempDir);
    try {
      const summary = await this.process(scratch, input.etag, signal);
      const outputs = await clock.time('upload', () => this.upload(scratch, summary));
      await this.disposeSplit();
      // From here on the outputs are the answer: a failure only delays the record or the event,
      // and is never a reason to upload them again.
      this.outputsDone = true;
      const finishedAt = new Date();
      const counts = countsOf(summary);
      const durationMs = finishedAt.getTime() - startedAt.getTime();
      // An error quality gate broke: the uploaded outputs are the answer all the same (acked, not
      // retried), but the job is failed. Its key is not remembered, so a resend is judged again.
      const gateFailure = qualityGateFailure(summary, summary.lang as Locale);
      const error = gateFailure ? { code: gateFailure.code, message: gateFailure.message } : null;
      const completed = { status: error ? 'failed' : 'completed', finishedAt: finishedAt.toISOString(), durationMs, counts, outputs, summary, error } as const;
      await clock.time('record', async () => {
        await this.untilDone(`record the ${completed.status} job`, async () => void (await this.deps.history.update(this.jobId, completed)));
        if (!error) await this.untilDone('remember the idempotency key', () => this.deps.state.remember(key, this.jobId, this.settings.idempotencyTtlMs));
      });
      if (error) {
        await clock.time('event', () => this.deps.events.publish(this.event('job.failed', { outputs: [...outputs], counts, error, quality_gates: summary.qualityGates })));
        this.deps.metrics.observeFinishedJob({ status: 'failed', durationMs });
        this.log.warn({ counts, durationMs, outputs, error }, 'job failed its quality gates; outputs uploaded');
        return;
      }
      await clock.time('event', () => this.announceCompleted(outputs, counts, summary.qualityGates));
      const phasesMs = clock.totals;
      this.deps.metrics.observeFinishedJob({ status: 'completed', durationMs, counts, enrichment: summary.enrichment, phasesMs });
      await this.archiveInput();
      this.log.info({ counts, durationMs, phasesMs, outputs }, 'job completed');
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /**
   * Publishes `job.completed`, then notes in the record that it went out, which is how a
   * parked copy of a long job (see Delivery.parked) knows there is nothing left to do. That
   * note is best effort: without it the copy only announces the job once more.
   */
  private async announceCompleted(outputs: readonly string[], counts: JobRecord['counts'], qualityGates?: RunSummary['qualityGates']): Promise<void> {
    await this.deps.events.publish(this.event('job.completed', { outputs: [...outputs], counts, ...(qualityGates && { quality_gates: qualityGates }) }));
    await this.recordQuietly({ announcedAt: new Date().toISOString() });
  }

  /**
   * A parked copy whose lock was free (the handler of the original is no longer running):
   * spent when that handler finished — completed and announced, or failed or retrying, in
   * which case its own retry or dead-letter copy carries the message on. Otherwise (the
   * record says `running`: its worker died; or there is no record) this copy takes the job over.
   */
  private async parkedCopyIsSpent(): Promise<boolean> {
    const record = await this.deps.history.get(this.jobId);
    const spent = (record?.status === 'completed' && record.announcedAt !== undefined) || record?.status === 'failed' || record?.status === 'retrying';
    this.log.info({ status: record?.status ?? null }, spent ? 'parked copy: its job already ended; nothing to do' : 'parked copy: its job did not end; taking it over');
    return spent;
  }

  /**
   * This job's own record says it completed although the idempotency key is missing: the
   * outputs were uploaded and recorded, then the key's write failed (Redis down). Its
   * outputs are the answer; uploading them again would be the duplicate the key prevents.
   */
  private async completedInHistory(): Promise<string | undefined> {
    const record = await this.deps.history.get(this.jobId);
    return record?.status === 'completed' && record.outputs !== undefined && record.outputs.length > 0 ? this.jobId : undefined;
  }

  /** The input, or (archive mode) where an earlier delivery of this message moved it. */
  private async findInput(): Promise<FileInfo & { archived: boolean }> {
    try {
      return { ...(await this.deps.storage.stat(this.inputPath)), archived: false };
    } catch (error) {
      if (!(error instanceof NotFoundError) || this.settings.inputAfter !== 'archive') throw notFound(error, this.inputPath);
      try {
        return { ...(await this.deps.storage.stat(archivePathOf(this.settings, this.message.file_name))), archived: true };
      } catch (archived) {
        throw notFound(archived, this.inputPath);
      }
    }
  }

  private async process(scratch: string, etag: string, signal: AbortSignal): Promise<RunSummary> {
    const { storage, state, referenceStore } = this.deps;
    const progress = new ProgressReporter(state, this.jobId, (error) => this.log.warn({ err: error }, 'progress update failed'));
    const inputDir = join(scratch, 'input');
    const outputDir = join(scratch, 'output');
    await Promise.all([mkdir(inputDir), mkdir(outputDir)]);
    const localInput = join(inputDir, basename(this.message.file_name));
    progress.phase('downloading', 0);
    const downloaded = await this.clock.time('download', () => storage.download(this.inputPath, localInput));
    // The idempotency key is the stat's ETag: different bytes must not be remembered under it.
    if (downloaded.etag !== etag) throw new UpstreamUnavailableError(`${this.inputPath} changed while it was being downloaded`);
    const input = { localPath: localInput, bytes: downloaded.size, outputDir, hasReference: referenceStore !== undefined };
    const request = jobRequestOf(this.message, this.settings, input, signal);
    const parts = { sinks: tabularSinks, dashboardOf: summarySheetOf, reports: defaultReports };
    this.split = this.splitRunner(scratch, etag);
    const split = this.split;
    const summary = await this.clock.timeRunJob(parts, progress.update, (deps, onProgress) =>
      runJob({ ...request, onProgress }, { referenceStore: referenceStore ?? NO_REFERENCE, ...deps, split }),
    );
    progress.phase('uploading', 100, summary.input.rows);
    await progress.flush();
    return summary;
  }

  private splitRunner(scratch: string, etag: string): QueueSplitRunner | undefined {
    const partBytes = this.settings.partBytes ?? 0;
    if (!this.deps.parts || partBytes <= 0) return undefined;
    return new QueueSplitRunner({
      storage: this.deps.storage,
      state: this.deps.state,
      parts: this.deps.parts,
      message: this.message,
      jobId: this.jobId,
      input: { path: this.inputPath, etag },
      doneDir: this.settings.doneDir,
      scratch,
      partBytes,
      outcomeTtlMs: this.settings.idempotencyTtlMs,
      log: this.log,
    });
  }

  /** Best effort: a part folder left behind only takes space (a later run of the same plan reuses it). */
  private async disposeSplit(): Promise<void> {
    await this.split?.dispose().catch((error: unknown) => this.log.warn({ err: error }, 'could not remove the parts of the split job'));
    this.split = undefined;
  }

  /**
   * Uploads the outputs as one set (see FileStore.publishSet): the JSON summary, written last
   * by the job, is removed first and lands last, so a reader never takes a mix of an older
   * run's files and this one's for a whole set; outputs of an older run that this one lacks
   * (other formats asked for) are removed.
   */
  private async upload(scratch: string, summary: RunSummary): Promise<string[]> {
    const pathOf = (name: string) => outputPathOf(this.settings, this.message.file_name, name);
    const files = summary.outputs.map((name) => ({ localPath: join(scratch, 'output', name), path: pathOf(name) }));
    const last = files.at(-1);
    if (last === undefined) return [];
    const written = new Set(summary.outputs);
    const stale = everyOutputName(outputBaseName(basename(this.message.file_name))).filter((name) => !written.has(name)).map(pathOf);
    await this.deps.storage.publishSet(files, { last: last.path, stale });
    return files.map((file) => file.path);
  }

  private async archiveInput(): Promise<void> {
    if (this.settings.inputAfter !== 'archive') return;
    const to = archivePathOf(this.settings, this.message.file_name);
    // The job is done and recorded; a failed move only leaves the input where it was.
    await this.deps.storage.move(this.inputPath, to).catch((error: unknown) => this.log.warn({ err: error, to }, 'could not archive the input'));
  }

  /**
   * Same bytes, same options, already done: answer with that job's outputs, no new files.
   * False when those outputs are gone from the store (deleted by someone): do it again.
   */
  private async answerFromEarlierJob(doneBy: string): Promise<boolean> {
    const earlier = await this.deps.history.get(doneBy);
    const outputs = earlier?.outputs ?? [];
    const last = outputs.at(-1);
    if (last === undefined || !(await this.exists(last))) {
      this.log.info({ earlierJob: doneBy }, 'the earlier outputs are gone; processing again');
      return false;
    }
    const counts = earlier?.counts;
    if (doneBy !== this.jobId) {
      const now = new Date().toISOString();
      await this.deps.history.update(this.jobId, {
        fileName: this.message.file_name,
        status: 'completed',
        attempts: this.delivery.attempt,
        startedAt: now,
        finishedAt: now,
        durationMs: 0,
        reusedFrom: doneBy,
        outputs,
        counts,
        input: earlier?.input,
        error: null,
      });
      this.deps.metrics.observeFinishedJob({ status: 'reused', durationMs: 0 });
    } else if (earlier?.status !== 'completed' || earlier.error) {
      // A redelivery after the outputs were done but before the event went out.
      await this.deps.history.update(this.jobId, { status: 'completed', error: null });
    }
    if (doneBy === this.jobId && earlier?.announcedAt !== undefined) {
      // A redelivery of this very job after its event was confirmed (the ack was lost: a broker
      // restart, a worker killed right after): the answer is out already; don't repeat it.
      this.log.info({ announcedAt: earlier.announcedAt }, 'already processed and announced; nothing to do');
      return true;
    }
    // Published again when it may not have gone out (events are at-least-once, keyed by job_id).
    await this.announceCompleted(outputs, counts);
    this.log.info({ reusedFrom: doneBy }, 'already processed with the same content and options');
    return true;
  }

  private async exists(path: string): Promise<boolean> {
    try {
      await this.deps.storage.stat(path);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  private async settleFailure(error: unknown): Promise<void> {
    const { code, message } = describeError(error);
    const transient = error instanceof AppError && error.retryable;
    if (this.delivery.signal.aborted) {
      this.log.warn('handed back to the queue at shutdown');
      if (this.jobId !== '') await this.recordQuietly({ status: 'queued', error: { code: 'INTERRUPTED', message: 'the worker stopped; the job goes back to the queue' } });
      throw error;
    }
    if (error instanceof CredentialsRejectedError) {
      // Not this message's fault: the queue hands it back unused and stops consuming until the store accepts us again.
      this.log.error({ err: error }, 'the file store refused our credentials; the message goes back and the worker pauses');
      if (this.jobId !== '') await this.recordQuietly({ status: 'queued', error: { code: error.code, message: error.message } });
      throw error;
    }
    if (error instanceof FileBusyError) {
      this.log.info('the file is locked by another worker; trying again later');
      throw error;
    }
    if (this.outputsDone) {
      this.log.warn({ err: error }, 'outputs are in place but the job could not be finished; the queue will retry');
      throw error;
    }
    if (transient && this.delivery.attempt < this.delivery.maxAttempts) {
      this.log.warn({ err: error }, 'transient failure; the queue will retry');
      if (this.jobId !== '') await this.recordQuietly({ status: 'retrying', attempts: this.delivery.attempt, error: { code, message } });
      throw error;
    }
    // Failed before the ETag was known (the lock, the stat): an id from the file and options
    // alone, which every delivery of this message computes too, so the record and the
    // event of a retry that fails the same way carry the same id, never a random one.
    if (this.jobId === '') this.setJobId(derivedJobId(idempotencyKey(this.inputPath, '', this.message)));
    const finishedAt = new Date();
    const durationMs = this.startedAt ? finishedAt.getTime() - this.startedAt.getTime() : 0;
    await this.disposeSplit();
    await this.recordQuietly({ status: 'failed', attempts: this.delivery.attempt, finishedAt: finishedAt.toISOString(), durationMs, error: { code, message } });
    this.deps.metrics.observeFinishedJob({ status: 'failed', durationMs });
    await this.deps.events.publish(this.event('job.failed', { outputs: [], error: { code, message } }));
    this.log.error({ err: error, code }, 'job failed');
    // The request's own fault (missing or unusable file, bad message) is the job's answer: ack.
    // Exhausted retries, storage that refuses us, and bugs go to the dead-letter queue for replay.
    if (!isAnswer(error)) throw error;
  }

  /**
   * A write after the upload (MongoDB, Redis) is retried here, with backoff, for as long as
   * it takes: giving up would send the message back and upload everything again. Only a
   * shutdown (the delivery's signal) ends the wait; the redelivery then finds the outputs
   * through whichever record did land.
   */
  private untilDone(what: string, write: () => Promise<void>): Promise<void> {
    return retryTransient(what, write, {
      policy: AFTER_UPLOAD_RETRY,
      isRetryable: () => true,
      signal: this.delivery.signal,
      onRetry: ({ attempt, delayMs, error }) => this.log.warn({ err: error, attempt, retryInMs: Math.round(delayMs) }, `could not ${what}; trying again`),
    });
  }

  /** A failure must reach the queue even when the history can't record it. */
  private async recordQuietly(patch: Parameters<JobHistory['update']>[1]): Promise<void> {
    await this.deps.history.update(this.jobId, { fileName: this.message.file_name, ...patch }).catch((error: unknown) => this.log.warn({ err: error }, 'could not record the job'));
  }

  private setJobId(id: string): void {
    this.jobId = id;
    this.log = this.log.child({ jobId: id });
  }

  private event(type: JobEvent['type'], rest: Pick<JobEvent, 'outputs'> & Partial<JobEvent>): JobEvent {
    return { type, job_id: this.jobId, file_name: this.message.file_name, at: new Date().toISOString(), ...rest };
  }

  private async renew(lock: Lock, lockLost: AbortController): Promise<void> {
    try {
      if (await lock.renew()) return;
      lockLost.abort(new UpstreamUnavailableError('lost the file lock (it expired); the job will be retried'));
    } catch (error) {
      this.log.warn({ err: error }, 'lock renewal failed; trying again');
    }
  }
}

// Our own stores, after the outputs are in place: no attempt or time limit (see untilDone).
const AFTER_UPLOAD_RETRY = { attempts: Number.MAX_SAFE_INTEGER, baseDelayMs: 100, maxDelayMs: 5_000, budgetMs: Number.POSITIVE_INFINITY };

const NO_REFERENCE: ReferenceStore = {
  findByKeys: async () => new Map(),
  close: async () => {},
};

function countsOf(summary: RunSummary): NonNullable<JobRecord['counts']> {
  return { input: summary.input.rows, ...summary.rows };
}

function notFound(error: unknown, path: string): unknown {
  return error instanceof NotFoundError ? new NotFoundError(`file not found: ${path}`, { cause: error }) : error;
}

function isAnswer(error: unknown): boolean {
  return error instanceof NotFoundError || error instanceof InputFormatError || error instanceof InvalidMessageError || error instanceof LayoutMismatchError || error instanceof PartFailedError;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) };
}
