import { describe, expect, it } from 'vitest';
import { MemoryJobStateStore, PROGRESS_TTL_MS } from '../../src/adapters/state/memory-job-state-store.js';
import { jobStateStoreContract } from './job-state-store.contract.js';

function withFakeClock() {
  let nowMs = Date.UTC(2024, 0, 1);
  const store = new MemoryJobStateStore({ now: () => nowMs });
  const advance = (ms: number) => {
    nowMs += ms;
  };
  return { store, advance };
}

jobStateStoreContract('memory', () => {
  const { store, advance } = withFakeClock();
  return Promise.resolve({
    store,
    advance: async (ms, until) => {
      advance(ms);
      if (!(await until())) throw new Error(`condition still false after advancing the clock by ${ms} ms`);
    },
    dispose: () => store.close(),
  });
});

describe('MemoryJobStateStore', () => {
  it('forgets progress a day after its last update', async () => {
    const { store, advance } = withFakeClock();
    const state = { phase: 'reading', rows: 1, percent: 1, updatedAt: '2024-01-01T00:00:00.000Z' } as const;
    await store.setProgress('job-1', state);
    advance(PROGRESS_TTL_MS - 1);
    expect(await store.getProgress('job-1')).toEqual(state);
    await store.setProgress('job-1', state);
    advance(PROGRESS_TTL_MS - 1);
    expect(await store.getProgress('job-1')).toEqual(state);
    advance(1);
    expect(await store.getProgress('job-1')).toBeUndefined();
  });

  it('does not expire a lock one millisecond before its ttl', async () => {
    const { store, advance } = withFakeClock();
    const lock = await store.acquireLock('file-a', 1000);
    advance(999);
    expect(await store.acquireLock('file-a', 1000)).toBeUndefined();
    expect(await lock?.renew()).toBe(true);
  });
});
