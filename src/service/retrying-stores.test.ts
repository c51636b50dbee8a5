import { describe, expect, it } from 'vitest';
import { MemoryJobHistory } from '../adapters/history/memory-job-history.js';
import { MemoryJobStateStore } from '../adapters/state/memory-job-state-store.js';
import { ConfigError, UpstreamUnavailableError } from '../errors.js';
import { retryingHistory, retryingStateStore } from './retrying-stores.js';

const policy = { attempts: 5, baseDelayMs: 1, maxDelayMs: 2, budgetMs: 5_000 };

/** The memory store whose `method` fails `times` times with `error` first: the outage a real Redis/MongoDB shows. */
function failingFirst<T extends object>(target: T, method: keyof T, times: number, error: () => Error): T & { calls: number } {
  let left = times;
  const wrapped = Object.create(target) as T & { calls: number };
  wrapped.calls = 0;
  const original = target[method] as (...args: unknown[]) => Promise<unknown>;
  (wrapped as Record<keyof T, unknown>)[method] = async (...args: unknown[]) => {
    wrapped.calls++;
    if (left-- > 0) throw error();
    return original.apply(target, args);
  };
  return wrapped;
}

describe('retrying stores', () => {
  it('retries an unavailable Redis call until it lands, and reports each retry', async () => {
    const inner = new MemoryJobStateStore();
    const flaky = failingFirst(inner, 'remember', 3, () => new UpstreamUnavailableError('Redis not reachable within 5000 ms'));
    const retries: string[] = [];
    const store = retryingStateStore(flaky, { policy, onRetry: (which, event) => retries.push(`${which}:${event.operation}:${event.attempt}`) });
    await store.remember('done:k', 'job-1', 60_000);
    expect(await inner.recall('done:k')).toBe('job-1');
    expect(flaky.calls).toBe(4);
    expect(retries).toEqual(['state:state.remember:1', 'state:state.remember:2', 'state:state.remember:3']);
  });

  it('retries the outcomes of a split job’s parts: writing, reading and forgetting them', async () => {
    const inner = new MemoryJobStateStore();
    const down = () => new UpstreamUnavailableError('Redis not reachable within 5000 ms');
    const flaky = failingFirst(failingFirst(failingFirst(inner, 'setPartOutcome', 2, down), 'partOutcomes', 2, down), 'forgetParts', 2, down);
    const retries: string[] = [];
    const store = retryingStateStore(flaky, { policy, onRetry: (_, event) => retries.push(event.operation) });

    await store.setPartOutcome('job-1', 'pass1', 0, { done: true }, 60_000);
    expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map([[0, { done: true }]]));
    await store.forgetParts('job-1');
    expect(await inner.partOutcomes('job-1', 'pass1')).toEqual(new Map());
    expect(retries).toEqual(['state.setPartOutcome', 'state.setPartOutcome', 'state.partOutcomes', 'state.partOutcomes', 'state.forgetParts', 'state.forgetParts']);
  });

  it('gives up after the policy and rethrows the last error as it was', async () => {
    const flaky = failingFirst(new MemoryJobStateStore(), 'recall', 10, () => new UpstreamUnavailableError('down'));
    const store = retryingStateStore(flaky, { policy });
    await expect(store.recall('done:k')).rejects.toThrow('down');
    expect(flaky.calls).toBe(5);
  });

  it('does not retry what would not pass (not an outage)', async () => {
    const history = failingFirst(new MemoryJobHistory(), 'update', 1, () => new ConfigError('bad document'));
    const store = retryingHistory(history, { policy });
    await expect(store.update('j', { fileName: 'a.csv', status: 'running' })).rejects.toBeInstanceOf(ConfigError);
    expect(history.calls).toBe(1);
  });

  it('retries history writes and reads, but leaves progress and the API listing unretried', async () => {
    const inner = new MemoryJobHistory();
    const flakyUpdate = failingFirst(inner, 'update', 2, () => new UpstreamUnavailableError('MongoDB unavailable'));
    const history = retryingHistory(flakyUpdate, { policy });
    await history.update('j', { fileName: 'a.csv', status: 'running' });
    expect((await inner.get('j'))?.status).toBe('running');
    const flakyList = failingFirst(inner, 'list', 1, () => new UpstreamUnavailableError('MongoDB unavailable'));
    await expect(retryingHistory(flakyList, { policy }).list({ limit: 1, offset: 0 })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    const flakyProgress = failingFirst(new MemoryJobStateStore(), 'setProgress', 1, () => new UpstreamUnavailableError('down'));
    const state = retryingStateStore(flakyProgress, { policy });
    await expect(state.setProgress('j', { phase: 'reading', rows: 1, percent: 1, updatedAt: new Date().toISOString() })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(flakyProgress.calls).toBe(1);
  });
});
