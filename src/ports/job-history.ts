export const JOB_STATUSES = ['queued', 'running', 'retrying', 'completed', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One job as the API shows it; persisted for history (MongoDB `jobs`, or memory). */
export interface JobRecord {
  readonly id: string;
  readonly fileName: string;
  readonly status: JobStatus;
  /** Attempts started so far. */
  readonly attempts: number;
  /** ISO timestamps. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly input?: { readonly etag: string; readonly size: number };
  readonly counts?: { readonly input: number; readonly kept: number; readonly duplicates: number; readonly rejected: number };
  /** Paths in the file store. */
  readonly outputs?: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
  /** The earlier job whose outputs already answer this one (same file, same ETag). */
  readonly reusedFrom?: string;
  /** The pipeline's summary (`<name>_resumo.json`). */
  readonly summary?: unknown;
  /** When the broker confirmed the job's `job.completed` event (ISO timestamp). */
  readonly announcedAt?: string;
}

type Patchable = Omit<JobRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** Fields to change: undefined (or absent) leaves a field as it is, null removes it (e.g. a cleared error). */
export type JobPatch = { [K in keyof Patchable]?: Patchable[K] | null };

export interface JobHistory {
  /** Creates the record or merges `patch` into it (top-level fields; null removes one); sets updatedAt. */
  update(id: string, patch: JobPatch): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  /** Newest first. */
  list(options: { limit: number; offset: number; status?: JobStatus }): Promise<{ items: JobRecord[]; total: number }>;
  check(): Promise<void>;
  close(): Promise<void>;
}
