import type { JobProgressState, JobStateStore, Lock, PartOutcome } from '../../ports/job-state-store.js';

/** Progress is only interesting while a job runs; a day is the same bound the Redis adapter uses. */
export const PROGRESS_TTL_MS = 24 * 60 * 60 * 1000;

export interface MemoryJobStateStoreOptions {
  /** Milliseconds since the epoch; injectable so tests can move time without waiting. */
  now?: () => number;
}

interface Expiring<T> {
  readonly value: T;
  readonly expiresAt: number;
}

interface HeldLock {
  readonly token: symbol;
  expiresAt: number;
}

/**
 * JobStateStore for a single process (CLI, API tests, one worker without Redis).
 * Expiry is checked lazily on read, so no timers keep the process alive.
 */
export class MemoryJobStateStore implements JobStateStore {
  private readonly now: () => number;
  private readonly locks = new Map<string, HeldLock>();
  private readonly progress = new Map<string, Expiring<JobProgressState>>();
  private readonly doneKeys = new Map<string, Expiring<string>>();
  /** Job → stage → the outcomes of its parts, by index; a stage expires as one. */
  private readonly parts = new Map<string, Map<string, Expiring<Map<number, PartOutcome>>>>();

  constructor(options: MemoryJobStateStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  acquireLock(name: string, ttlMs: number): Promise<Lock | undefined> {
    const current = this.locks.get(name);
    if (current && current.expiresAt > this.now()) return Promise.resolve(undefined);
    // A fresh token per acquisition: a holder whose lock expired and was re-taken
    // must not be able to renew or release the new holder's lock.
    const held: HeldLock = { token: Symbol(name), expiresAt: this.now() + ttlMs };
    this.locks.set(name, held);
    return Promise.resolve(this.lockHandle(name, held.token, ttlMs));
  }

  setProgress(jobId: string, progress: JobProgressState): Promise<void> {
    this.progress.set(jobId, { value: progress, expiresAt: this.now() + PROGRESS_TTL_MS });
    return Promise.resolve();
  }

  getProgress(jobId: string): Promise<JobProgressState | undefined> {
    return Promise.resolve(this.readLive(this.progress, jobId));
  }

  remember(key: string, jobId: string, ttlMs: number): Promise<void> {
    this.doneKeys.set(key, { value: jobId, expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  recall(key: string): Promise<string | undefined> {
    return Promise.resolve(this.readLive(this.doneKeys, key));
  }

  setPartOutcome(job: string, stage: string, index: number, outcome: PartOutcome, ttlMs: number): Promise<void> {
    if (!isPartIndex(index)) return Promise.reject(badPartIndex(index));
    let stages = this.parts.get(job);
    if (!stages) this.parts.set(job, (stages = new Map()));
    const outcomes = this.readLive(stages, stage) ?? new Map<number, PartOutcome>();
    // A copy of our own, as Redis would keep: the caller may reuse its object.
    outcomes.set(index, copyOutcome(outcome));
    stages.set(stage, { value: outcomes, expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  partOutcomes(job: string, stage: string): Promise<ReadonlyMap<number, PartOutcome>> {
    const stages = this.parts.get(job);
    const outcomes = stages && this.readLive(stages, stage);
    if (stages?.size === 0) this.parts.delete(job); // its last stage just expired
    const sorted = [...(outcomes ?? [])].sort(([a], [b]) => a - b);
    return Promise.resolve(new Map(sorted.map(([index, outcome]) => [index, copyOutcome(outcome)])));
  }

  forgetParts(job: string): Promise<void> {
    this.parts.delete(job);
    return Promise.resolve();
  }

  check(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.locks.clear();
    this.progress.clear();
    this.doneKeys.clear();
    this.parts.clear();
    return Promise.resolve();
  }

  private lockHandle(name: string, token: symbol, ttlMs: number): Lock {
    const isStillOurs = (): boolean => {
      const current = this.locks.get(name);
      return current !== undefined && current.token === token && current.expiresAt > this.now();
    };
    return {
      renew: () => {
        if (!isStillOurs()) return Promise.resolve(false);
        const current = this.locks.get(name);
        if (current) current.expiresAt = this.now() + ttlMs;
        return Promise.resolve(true);
      },
      release: () => {
        if (this.locks.get(name)?.token === token) this.locks.delete(name);
        return Promise.resolve();
      },
    };
  }

  private readLive<T>(map: Map<string, Expiring<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  }
}

/** Part indexes are positions in the split: a whole number from 0. */
function isPartIndex(index: number): boolean {
  return Number.isSafeInteger(index) && index >= 0;
}

function badPartIndex(index: number): RangeError {
  return new RangeError(`part index must be a whole number >= 0, got ${index}`);
}

/** Only the fields of the port's type, so what is read back is what Redis would give. */
function copyOutcome(outcome: PartOutcome): PartOutcome {
  return 'done' in outcome ? { done: true } : { failed: { code: outcome.failed.code, message: outcome.failed.message } };
}
