import { describe, expect, it } from 'vitest';
import { ConfigError, CredentialsRejectedError, FileBusyError, InputFormatError, UpstreamUnavailableError } from '../../errors.js';
import { allRetryDelaysMs, decideFailure, isPausing, isWaiting, retryDelayMs } from './delivery-outcome.js';

const policy = { maxAttempts: 3, retryBaseDelayMs: 100 };

describe('decideFailure', () => {
  it.each([
    ['a transient error on attempt 1', new UpstreamUnavailableError('503'), 1, { kind: 'retry', nextAttempt: 2, delayMs: 100 }],
    ['a transient error on attempt 2', new UpstreamUnavailableError('503'), 2, { kind: 'retry', nextAttempt: 3, delayMs: 200 }],
    ['a transient error on the last attempt', new UpstreamUnavailableError('503'), 3, { kind: 'dead-letter', reason: 'attempts-exhausted' }],
    ['a permanent error', new ConfigError('bad layout'), 1, { kind: 'dead-letter', reason: 'permanent-error' }],
    ['an unusable file', new InputFormatError('EMPTY_FILE', 'empty'), 1, { kind: 'dead-letter', reason: 'permanent-error' }],
    ['a bug', new TypeError('x is undefined'), 1, { kind: 'dead-letter', reason: 'permanent-error' }],
    ['a busy file, even on the last attempt', new FileBusyError('locked'), 3, { kind: 'retry', nextAttempt: 3, delayMs: 100 }],
  ])('%s', (_, error, attempt, want) => {
    expect(decideFailure(error, attempt, policy)).toEqual(want);
  });
});

describe('backoff', () => {
  it('doubles from the base, one delay per retry', () => {
    expect(retryDelayMs(5000, 1)).toBe(5000);
    expect(retryDelayMs(5000, 4)).toBe(40_000);
    expect(allRetryDelaysMs({ maxAttempts: 5, retryBaseDelayMs: 5000 })).toEqual([5000, 10_000, 20_000, 40_000]);
  });
});

describe('what an error asks of the consumer', () => {
  it.each([
    ['a credential refusal pauses', new CredentialsRejectedError('401'), { pausing: true, waiting: false }],
    ['a busy file waits', new FileBusyError('locked'), { pausing: false, waiting: true }],
    ['a transient error does neither', new UpstreamUnavailableError('503'), { pausing: false, waiting: false }],
    ['a plain object claiming to pause is no error', { pausesConsuming: true }, { pausing: false, waiting: false }],
  ])('%s', (_, error, want) => {
    expect({ pausing: isPausing(error), waiting: isWaiting(error) }).toEqual(want);
  });
});
