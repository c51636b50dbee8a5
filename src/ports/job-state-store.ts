/** A lock that expires by itself unless renewed, so a dead worker never blocks a file forever. */
export interface Lock {
  /** False when the lock was lost (expired and taken by someone else). */
  renew(): Promise<boolean>;
  /** Releases only if still ours. */
  release(): Promise<void>;
}

/** Live progress of a running job, readable by the API from any replica. */
export interface JobProgressState {
  readonly phase: 'downloading' | 'reading' | 'writing' | 'uploading';
  readonly rows: number;
  /** 0–100. */
  readonly percent: number;
  /** ISO timestamp. */
  readonly updatedAt: string;
}

/** How one part of a split job ended. */
export type PartOutcome = { readonly done: true } | { readonly failed: { readonly code: string; readonly message: string } };

/** Short-lived shared state of the workers (Redis, or memory for one process). */
export interface JobStateStore {
  /** Undefined when somebody else holds `name`. */
  acquireLock(name: string, ttlMs: number): Promise<Lock | undefined>;
  setProgress(jobId: string, progress: JobProgressState): Promise<void>;
  getProgress(jobId: string): Promise<JobProgressState | undefined>;
  /** Idempotency: remembers that `key` (file + ETag) was done by `jobId`, for `ttlMs`. */
  remember(key: string, jobId: string, ttlMs: number): Promise<void>;
  recall(key: string): Promise<string | undefined>;
  /** Records how part `index` of `stage` of split job `job` ended (a later write for the same part replaces it); kept for ttlMs after the last write to the job's stage. */
  setPartOutcome(job: string, stage: string, index: number, outcome: PartOutcome, ttlMs: number): Promise<void>;
  /** Every outcome recorded for the job's stage, by part index (empty when none). */
  partOutcomes(job: string, stage: string): Promise<ReadonlyMap<number, PartOutcome>>;
  /** Forgets every stage of the job (once its outputs are in place). */
  forgetParts(job: string): Promise<void>;
  /** Resolves when the store is reachable (readiness probe). */
  check(): Promise<void>;
  close(): Promise<void>;
}
