import { describe, expect, it } from 'vitest';
import { MemoryJobStateStore } from '../adapters/state/memory-job-state-store.js';
import type { JobProgressState } from '../ports/job-state-store.js';
import { ProgressReporter } from './progress-reporter.js';

/** The memory store behind a gate: writes hang until released (a Redis that stopped answering). */
function stalledStore() {
  const store = new MemoryJobStateStore();
  const writes: JobProgressState[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const stalled = Object.assign(Object.create(store) as MemoryJobStateStore, {
    setProgress: async (jobId: string, progress: JobProgressState) => {
      writes.push(progress);
      await gate;
      await store.setProgress(jobId, progress);
    },
  });
  return { stalled, store, writes, release };
}

describe('ProgressReporter', () => {
  it('writes reading as the first half and writing as the second', async () => {
    const store = new MemoryJobStateStore();
    const reporter = new ProgressReporter(store, 'j1', () => {});
    reporter.update({ phase: 'reading', rows: 10, totalRows: undefined, bytesRead: 250, bytesTotal: 1000 });
    await reporter.flush();
    expect(await store.getProgress('j1')).toMatchObject({ phase: 'reading', rows: 10, percent: 12.5 });
    reporter.phase('uploading', 100, 40);
    await reporter.flush();
    expect(await store.getProgress('j1')).toMatchObject({ phase: 'uploading', rows: 40, percent: 100 });
  });

  it('keeps one write in flight and only the newest value behind it while the store is stalled', async () => {
    const { stalled, store, writes, release } = stalledStore();
    const reporter = new ProgressReporter(stalled, 'j2', () => {});
    for (let i = 0; i < 50; i++) reporter.phase('writing', i, i);
    expect(writes).toHaveLength(1);
    release();
    await reporter.flush();
    expect(writes.map((w) => w.rows)).toEqual([0, 49]);
    expect(await store.getProgress('j2')).toMatchObject({ rows: 49 });
  });

  it('stops waiting for a store that never answers', async () => {
    const { stalled } = stalledStore();
    const reporter = new ProgressReporter(stalled, 'j3', () => {});
    reporter.phase('reading', 1);
    const started = Date.now();
    await reporter.flush();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports a failed write instead of failing the job', async () => {
    const store = new MemoryJobStateStore();
    const broken = Object.assign(Object.create(store) as MemoryJobStateStore, {
      setProgress: async () => {
        throw new Error('redis down');
      },
    });
    const errors: unknown[] = [];
    const reporter = new ProgressReporter(broken, 'j4', (error) => errors.push(error));
    reporter.phase('reading', 1);
    await reporter.flush();
    expect(errors).toHaveLength(1);
  });
});
