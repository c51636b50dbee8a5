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

/** Short-lived shared state of the workers (Redis, or memory for one process). */
export interface JobStateStore {
  /** Undefined when somebody else holds `name`. */
  acquireLock(name: string, ttlMs: number): Promise<Lock | undefined>;
  setProgress(jobId: string, progress: JobProgressState): Promise<void>;
  getProgress(jobId: string): Promise<JobProgressState | undefined>;
  /** Idempotency: remembers that `key` (file + ETag) was done by `jobId`, for `ttlMs`. */
  remember(key: string, jobId: string, ttlMs: number): Promise<void>;
  recall(key: string): Promise<string | undefined>;
  /** Resolves when the store is reachable (readiness probe). */
  check(): Promise<void>;
  close(): Promise<void>;
}
