import { describe, expect, it } from 'vitest';
import { MemoryJobHistory } from '../../src/adapters/history/memory-job-history.js';
import { ManualClock, jobHistoryContract } from './job-history.contract.js';

jobHistoryContract('memory', async (clock) => new MemoryJobHistory({ now: clock.now }));

describe('MemoryJobHistory', () => {
  it('drops the oldest records past maxRecords', async () => {
    const clock = new ManualClock();
    const history = new MemoryJobHistory({ maxRecords: 3, now: clock.now });
    for (const id of ['j1', 'j2', 'j3', 'j4']) {
      clock.tick();
      await history.update(id, { fileName: `${id}.csv` });
    }
    await history.update('j2', { status: 'running' }); // an update is not a new record: nothing more is dropped
    const { items, total } = await history.list({ limit: 10, offset: 0 });
    expect(total).toBe(3);
    expect(items.map((r) => r.id)).toEqual(['j4', 'j3', 'j2']);
    expect(await history.get('j1')).toBeUndefined();
  });
});
