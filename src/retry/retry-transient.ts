export interface RetryPolicy {
  /** Calls in all, the first included (1 = no retry). */
  readonly attempts: number;
  /** Ceiling of the first delay; it doubles per retry up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** total budget: stop retrying once this much time passed */
  readonly budgetMs: number;
}

export interface RetryEvent {
  readonly operation: string;
  /** The attempt that failed (1 = the first call); the next one is `attempt + 1`. */
  readonly attempt: number;
  /** How long the helper waits before the next attempt. */
  readonly delayMs: number;
  readonly error: unknown;
}

export interface RetryOptions {
  readonly policy: RetryPolicy;
  readonly isRetryable: (error: unknown) => boolean;
  /** a server's Retry-After, in ms, if the error carries one */
  readonly retryAfterMs?: (error: unknown) => number | undefined;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly signal?: AbortSignal;
  /** In [0, 1); the jitter's source (tests pass a fixed one). */
  readonly random?: () => number;
}

/**
 * Calls `work` until it resolves, a failure is not retryable, `policy.attempts` calls were
 * made or `policy.budgetMs` has passed; then rejects with the last error as it was thrown.
 *
 * The wait before retry n (n = 1 after the first failure) is drawn uniformly in
 * [0, min(maxDelayMs, baseDelayMs·2^(n−1))) ("full jitter": many clients failing together
 * do not come back together). A Retry-After raises it to at least that value, capped by
 * `maxDelayMs`; a Retry-After longer than the budget left gives up at once, since the
 * server said it will not be ready in time. No wait runs past the budget. An abort of
 * `signal`, before a call or during a wait, rejects with the signal's reason.
 */
export async function retryTransient<T>(operation: string, work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, isRetryable, retryAfterMs, onRetry, signal, random = Math.random } = options;
  checkPolicy(policy);
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await work(attempt);
    } catch (error) {
      signal?.throwIfAborted(); // the work failed because it was told to stop: say so, not how it broke
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const remainingMs = policy.budgetMs - (Date.now() - started);
      if (remainingMs <= 0) throw error;
      let delayMs = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const askedMs = retryAfterMs?.(error);
      if (askedMs !== undefined) {
        if (askedMs > remainingMs) throw error;
        delayMs = Math.max(delayMs, Math.min(askedMs, policy.maxDelayMs));
      }
      delayMs = Math.round(Math.min(delayMs, remainingMs));
      onRetry?.({ operation, attempt, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

function checkPolicy(policy: RetryPolicy): void {
  const { attempts, baseDelayMs, maxDelayMs, budgetMs } = policy;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`retry attempts must be an integer ≥ 1, not ${attempts}`);
  for (const [name, value] of Object.entries({ baseDelayMs, maxDelayMs, budgetMs })) {
    if (!(value >= 0)) throw new RangeError(`retry ${name} must be ≥ 0, not ${value}`);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
