import { AppError, ConfigError } from '../../errors.js';

/**
 * Why a message ended in the dead-letter queue (the `x-higia-reason` header). `worker-crashed`:
 * the broker delivered it again and again without its worker ever settling it (the process died
 * handling it: out of memory, SIGKILL), so it is not given to a handler once more.
 */
export type DeadLetterReason = 'invalid-message' | 'attempts-exhausted' | 'permanent-error' | 'worker-crashed';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly retryBaseDelayMs: number;
}

/** What the queue does with a message whose handler threw. */
export type FailureOutcome =
  | { readonly kind: 'retry'; readonly nextAttempt: number; readonly delayMs: number }
  | { readonly kind: 'dead-letter'; readonly reason: DeadLetterReason };

/** The error as it is recorded on a dead letter. */
export interface FailureDescription {
  readonly code: string;
  readonly message: string;
}

// Long enough for a stack-less explanation, short enough for an AMQP header (and a log line).
const MAX_ERROR_CHARS = 1_000;

/** Exponential backoff: the wait before attempt `failedAttempt + 1`. */
export function retryDelayMs(retryBaseDelayMs: number, failedAttempt: number): number {
  return retryBaseDelayMs * 2 ** (failedAttempt - 1);
}

/** Every delay a policy can ask for, one per attempt that may still be retried. */
export function allRetryDelaysMs(policy: RetryPolicy): number[] {
  return Array.from({ length: Math.max(0, policy.maxAttempts - 1) }, (_, i) => retryDelayMs(policy.retryBaseDelayMs, i + 1));
}

/** Only a retryable AppError earns another attempt, and only while attempts are left. */
export function decideFailure(error: unknown, attempt: number, policy: RetryPolicy): FailureOutcome {
  if (!(error instanceof AppError && error.retryable)) return { kind: 'dead-letter', reason: 'permanent-error' };
  // Waiting (for a lock held by another worker) keeps the attempt number, and the shortest delay.
  if (isWaiting(error)) {
    return { kind: 'retry', nextAttempt: attempt, delayMs: retryDelayMs(policy.retryBaseDelayMs, 1) };
  }
  if (attempt >= policy.maxAttempts) return { kind: 'dead-letter', reason: 'attempts-exhausted' };
  return { kind: 'retry', nextAttempt: attempt + 1, delayMs: retryDelayMs(policy.retryBaseDelayMs, attempt) };
}

export function describeFailure(error: unknown): FailureDescription {
  const code = error instanceof AppError ? error.code : error instanceof Error ? error.name : 'UNKNOWN';
  const text = error instanceof Error ? error.message : String(error);
  return { code, message: text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text };
}

/** The error says no message can succeed for now (credentials refused): the consumer pauses instead of failing the message. */
export function isPausing(error: unknown): error is Error {
  return error instanceof Error && (error as { pausesConsuming?: unknown }).pausesConsuming === true;
}

/** Waiting for a lock another worker holds: the message comes back without using up an attempt. */
export function isWaiting(error: unknown): boolean {
  return error instanceof AppError && error.retryable && (error as { consumesAttempt?: unknown }).consumesAttempt === false;
}

/** A positive integer from a header or counter; anything else (absent, garbage) counts as the first attempt. */
export function parseAttempt(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

export function validateRetryPolicy(policy: RetryPolicy): void {
  if (!Number.isSafeInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new ConfigError('maxAttempts must be an integer ≥ 1');
  if (!Number.isSafeInteger(policy.retryBaseDelayMs) || policy.retryBaseDelayMs < 1) {
    throw new ConfigError('retryBaseDelayMs must be an integer ≥ 1');
  }
}
