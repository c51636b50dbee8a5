import { afterAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { runScenario } from './scenario-harness.js';

/**
 * ownCloud misbehaving the way a busy one does, in front of the test Apache: 10% of requests
 * answered 503, 2% of connections reset (a GET mid-body, anything else after the server did
 * it), 5% held 2 s. 100 files, 2 workers: every file must come out whole, once.
 */
describe('WebDAV faults', () => {
  let proxy: FaultProxy | undefined;

  afterAll(async () => {
    await proxy?.close();
  });

  it('100 files through 503s, resets and slow answers: all completed, none dead-lettered, no partial output, no temporary left', async () => {
    const counts = await runScenario({
      name: 'webdav-faults',
      files: 100,
      workers: 2,
      async storageUrl(tapUrl) {
        proxy = await startFaultProxy(tapUrl);
        proxy.injectRandomFaults({ status503Rate: 0.1, resetRate: 0.02, slowRate: 0.05, slowMs: 2_000, seed: 7 });
        return proxy.url;
      },
    });
    console.log(`[faults] webdav-faults: injected ${JSON.stringify(proxy!.injected)} over ${proxy!.log.length} requests`);
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ sent: 100, completed: 100, outputsComplete: 100, dlq: 0, partial: 0, tmp: 0, left: 0, lost: 0 });
    expect(counts.reprocessed).toBe(0);
  });
});
