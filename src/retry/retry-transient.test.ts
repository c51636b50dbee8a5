import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryTransient, type RetryEvent, type RetryOptions, type RetryPolicy } from './retry-transient.js';

class Transient extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
class Permanent extends Error {}

const policy: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 10_000, budgetMs: 60_000 };

/** Runs the helper under the fake clock; records when each call started and what was reported. */
function harness(failures: (attempt: number) => Error | undefined, options: Partial<RetryOptions> = {}, workMs = 0) {
  const callsAtMs: number[] = [];
  const events: RetryEvent[] = [];
  const started = Date.now();
  const result = retryTransient(
    'fetch thing',
    async (attempt) => {
      callsAtMs.push(Date.now() - started);
      if (workMs > 0) await new Promise((resolve) => setTimeout(resolve, workMs));
      const failure = failures(attempt);
      if (failure) throw failure;
      return `done on ${attempt}`;
    },
    {
      policy,
      isRetryable: (error) => error instanceof Transient,
      retryAfterMs: (error) => (error instanceof Transient ? error.retryAfterMs : undefined),
      onRetry: (event) => events.push(event),
      random: () => 0.5,
      ...options,
    },
  );
  result.catch(() => undefined); // awaited by the test; keeps the fake clock from reporting it unhandled
  return { result, callsAtMs, events };
}

describe('retryTransient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls once when the first call succeeds', async () => {
    const run = harness(() => undefined);
    await expect(run.result).resolves.toBe('done on 1');
    expect(run.callsAtMs).toEqual([0]);
    expect(run.events).toEqual([]);
  });

  it('retries transient failures with full-jitter exponential delays until one succeeds', async () => {
    const run = harness((attempt) => (attempt < 4 ? new Transient(`fail ${attempt}`) : undefined));
    await vi.runAllTimersAsync();
    await expect(run.result).resolves.toBe('done on 4');
    // random() = 0.5 of 100, 200, 400 ms
    expect(run.events.map((e) => [e.attempt, e.delayMs])).toEqual([[1, 50], [2, 100], [3, 200]]);
    expect(run.callsAtMs).toEqual([0, 50, 150, 350]);
    expect(run.events[0]).toMatchObject({ operation: 'fetch thing', error: expect.objectContaining({ message: 'fail 1' }) });
  });

  it('draws each delay from the whole range [0, ceiling): random() = 0 retries at once', async () => {
    const run = harness((attempt) => (attempt < 3 ? new Transient('x') : undefined), { random: () => 0 });
    await vi.runAllTimersAsync();
    await expect(run.result).resolves.toBe('done on 3');
    expect(run.events.map((e) => e.delayMs)).toEqual([0, 0]);
  });

  it('caps the growing delay at maxDelayMs', async () => {
    const run = harness(() => new Transient('x'), { policy: { ...policy, attempts: 6, maxDelayMs: 250 }, random: () => 0.999 });
    await vi.runAllTimersAsync();
    await expect(run.result).rejects.toThrow('x');
    expect(run.events.map((e) => e.delayMs)).toEqual([100, 200, 250, 250, 250]);
  });

  it('rethrows the last error once the attempts are used up', async () => {
    const run = harness((attempt) => new Transient(`fail ${attempt}`), { policy: { ...policy, attempts: 3 } });
    await vi.runAllTimersAsync();
    await expect(run.result).rejects.toThrow('fail 3');
    expect(run.callsAtMs).toHaveLength(3);
    expect(run.events).toHaveLength(2);
  });

  it('throws a non-retryable failure at once, without waiting or reporting', async () => {
    const permanent = new Permanent('401');
    const run = harness(() => permanent);
    await vi.runAllTimersAsync();
    await expect(run.result).rejects.toBe(permanent);
    expect(run.callsAtMs).toEqual([0]);
    expect(run.events).toEqual([]);
  });

  it('stops at a non-retryable failure after transient ones', async () => {
    const run = harness((attempt) => (attempt < 2 ? new Transient('503') : new Permanent('404')));
    await vi.runAllTimersAsync();
    await expect(run.result).rejects.toThrow('404');
    expect(run.callsAtMs).toHaveLength(2);
  });

  it('waits at least a Retry-After the error carries, longer than the drawn delay', async () => {
    const run = harness((attempt) => (attempt === 1 ? new Transient('429', 1_000) : undefined), { random: () => 0 });
    await vi.advanceTimersByTimeAsync(999);
    expect(run.callsAtMs).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(run.result).resolves.toBe('done on 2');
    expect(run.callsAtMs).toEqual([0, 1_000]);
    expect(run.events[0]?.delayMs).toBe(1_000);
  });

  it('keeps the drawn delay when it is longer than the Retry-After', async () => {
    const run = harness((attempt) => (attempt < 4 ? new Transient('503', 10) : undefined), { random: () => 0.999 });
    await vi.runAllTimersAsync();
    await expect(run.result).resolves.toBe('done on 4');
    expect(run.events.map((e) => e.delayMs)).toEqual([100, 200, 400]);
  });

  it('caps a Retry-After at maxDelayMs', async () => {
    const run = harness((attempt) => (attempt === 1 ? new Transient('503', 30_000) : undefined), { policy: { ...policy, maxDelayMs: 2_000 } });
    await vi.runAllTimersAsync();
    await expect(run.result).resolves.toBe('done on 2');
    expect(run.callsAtMs).toEqual([0, 2_000]);
  });

  it('gives up at once with the error when the Retry-After is longer than the budget left', async () => {
    const run = harness(() => new Transient('503 come back in 2 minutes', 120_000), { policy: { ...policy, maxDelayMs: 200_000 } });
    await vi.runAllTimersAsync();
    await expect(run.result).rejects.toThrow('come back in 2 minutes');
    expect(run.callsAtMs).toEqual([0]);
    expect(run.events).toEqual([]);
  });

  it('stops retrying once the budget has passed, counting the time the calls took', async () => {
    // Each call fails after 400 ms; no wait in between: calls at 0, 400, 800; the third ends at 1200 > 1000.
    const run = harness(() => new Transient('slow failure'), { policy: { ...policy, attempts: 10, budgetMs: 1_000 }, random: () => 0 }, 400);
    await vi.runAllTimersAsync();
    await expect(run.result).rejects.toThrow('slow failure');
    expect(run.callsAtMs).toEqual([0, 400, 800]);
  });

  it('never waits past the budget: the last delay is cut to what is left', async () => {
    const run = harness((attempt) => (attempt < 3 ? new Transient('x') : undefined), {
      policy: { attempts: 10, baseDelayMs: 4_000, maxDelayMs: 60_000, budgetMs: 5_000 },
      random: () => 0.999,
    });
    await vi.runAllTimersAsync();
    await expect(run.result).resolves.toBe('done on 3');
    // 3996 ms, then min(7992, 5000 − 3996)
    expect(run.events.map((e) => e.delayMs)).toEqual([3_996, 1_004]);
    expect(run.callsAtMs).toEqual([0, 3_996, 5_000]);
  });

  it('rejects with the signal reason when aborted during a wait, without calling again', async () => {
    const controller = new AbortController();
    const run = harness(() => new Transient('x'), { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(run.result).rejects.toBe(reason);
    await vi.runAllTimersAsync();
    expect(run.callsAtMs).toEqual([0]);
  });

  it('does not call at all with a signal already aborted', async () => {
    const reason = new Error('stopped');
    const run = harness(() => undefined, { signal: AbortSignal.abort(reason) });
    await expect(run.result).rejects.toBe(reason);
    expect(run.callsAtMs).toEqual([]);
  });

  it('rejects with the signal reason, not the work error, when the work failed because of the abort', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped');
    const result = retryTransient(
      'op',
      async () => {
        controller.abort(reason);
        throw new Transient('aborted request');
      },
      { policy, isRetryable: () => true, signal: controller.signal },
    );
    await expect(result).rejects.toBe(reason);
  });

  it.each([
    [{ attempts: 0 }, /attempts/],
    [{ attempts: 1.5 }, /attempts/],
    [{ baseDelayMs: -1 }, /baseDelayMs/],
    [{ budgetMs: Number.NaN }, /budgetMs/],
  ])('refuses the policy %j', async (bad, message) => {
    await expect(retryTransient('op', async () => 1, { policy: { ...policy, ...bad }, isRetryable: () => true })).rejects.toThrow(message);
  });
});
