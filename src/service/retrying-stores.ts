import { retryTransient, type RetryEvent, type RetryPolicy } from '../retry/retry-transient.js';
import { UpstreamUnavailableError } from '../errors.js';
import type { JobHistory } from '../ports/job-history.js';
import type { JobStateStore } from '../ports/job-state-store.js';

export interface StoreRetryOptions {
  readonly policy: RetryPolicy;
  /** Which store and call retried (for /metrics and the logs). */
  readonly onRetry?: (store: 'state' | 'history', event: RetryEvent) => void;
}

/**
 * The job's calls to Redis and MongoDB, retried in place. Both adapters fail fast on
 * purpose (5 s without a server, no offline queue) so that no call hangs; this gives a call
 * the time of a short outage (a failover, a restart: ~20–30 s) before the job gives up and
 * the queue's delayed retry takes over. Only UpstreamUnavailableError is retried: the
 * adapters map every "may pass" failure to it. Every call retried here is safe to repeat:
 * a merge of top-level fields, a SET of the same value (a part's outcome too), a read, a
 * delete, a lock attempt (a retry of one that did land finds the file busy, and the lock
 * expires by itself).
 * Progress is left alone: it is best effort, and its reporter already shrugs off failures.
 * The worker wraps its stores with these; the API keeps the plain ones (a request answers
 * 503 at once rather than hang).
 */
export function retryingStateStore(store: JobStateStore, options: StoreRetryOptions): JobStateStore {
  const retry = retrier('state', options);
  return {
    acquireLock: (name, ttlMs) => retry('acquireLock', () => store.acquireLock(name, ttlMs)),
    setProgress: (jobId, progress) => store.setProgress(jobId, progress),
    getProgress: (jobId) => store.getProgress(jobId),
    remember: (key, jobId, ttlMs) => retry('remember', () => store.remember(key, jobId, ttlMs)),
    recall: (key) => retry('recall', () => store.recall(key)),
    setPartOutcome: (job, stage, index, outcome, ttlMs) => retry('setPartOutcome', () => store.setPartOutcome(job, stage, index, outcome, ttlMs)),
    partOutcomes: (job, stage) => retry('partOutcomes', () => store.partOutcomes(job, stage)),
    forgetParts: (job) => retry('forgetParts', () => store.forgetParts(job)),
    check: () => store.check(),
    close: () => store.close(),
  };
}

export function retryingHistory(history: JobHistory, options: StoreRetryOptions): JobHistory {
  const retry = retrier('history', options);
  return {
    update: (id, patch) => retry('update', () => history.update(id, patch)),
    get: (id) => retry('get', () => history.get(id)),
    list: (query) => history.list(query), // the API's listing: an HTTP request should not wait out an outage
    check: () => history.check(),
    close: () => history.close(),
  };
}

function retrier(store: 'state' | 'history', { policy, onRetry }: StoreRetryOptions) {
  return <T>(operation: string, work: () => Promise<T>): Promise<T> =>
    retryTransient(`${store}.${operation}`, work, {
      policy,
      isRetryable: (error) => error instanceof UpstreamUnavailableError,
      onRetry: onRetry && ((event) => onRetry(store, event)),
    });
}
