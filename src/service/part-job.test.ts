import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryJobStateStore } from '../adapters/state/memory-job-state-store.js';
import { InvalidMessageError } from '../errors.js';
import { partTaskOf } from './part-files.js';
import { partCrashRecorder } from './part-job.js';

const task = { folder: 'finalizado/.higia-parts/m-1-abc', job: 'm-1-abc', stage: 'clean', index: 3 };

describe('part messages', () => {
  it('take a part only from the folder where split jobs keep theirs', () => {
    expect(partTaskOf({ file_name: 'a.csv', part: task }, 'finalizado')).toEqual(task);
    expect(() => partTaskOf({ file_name: 'a.csv', part: { ...task, folder: 'work' } }, 'finalizado')).toThrow(InvalidMessageError);
    expect(() => partTaskOf({ file_name: 'a.csv', part: { ...task, job: '../x' } }, 'finalizado')).toThrow(InvalidMessageError);
    expect(() => partTaskOf({ file_name: 'a.csv' }, 'finalizado')).toThrow(/not a part message/);
  });

  it('record a part that crashed its workers as failed, so that its coordinator stops waiting', async () => {
    const state = new MemoryJobStateStore();
    const record = partCrashRecorder({ state, logger: pino({ level: 'silent' }) }, { doneDir: 'finalizado', outcomeTtlMs: 60_000 });
    await record({ message: { file_name: 'a.csv', part: task }, id: 'x', attempt: 1, crashes: 3 });
    const outcome = (await state.partOutcomes(task.job, 'clean')).get(3);
    expect(outcome).toEqual({ failed: { code: 'WORKER_CRASHED', message: expect.stringContaining('3 times') } });
  });
});
