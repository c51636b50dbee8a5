import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { runScenario } from './scenario-harness.js';

/** Redis (locks, progress, idempotency keys) gone for 20 s while the workers are busy: the jobs wait, none is given up or done twice. */
const FILES = 40;
const DOWN_MS = 20_000;

describe('Redis down mid-run', () => {
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    await redis?.close();
  });

  it(`stopped for ${DOWN_MS / 1000} s: every file completed, none dead-lettered, none processed twice`, async () => {
    let completedAtStop = 0;
    let completedAtRestart = 0;
    const counts = await runScenario({
      name: 'redis-down',
      files: FILES,
      workers: 2,
      redisUrl: redis.url,
      async during(run) {
        await run.waitForCompleted(8);
        completedAtStop = run.completedFiles().size;
        await redis.stop();
        await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
        await redis.start();
        completedAtRestart = run.completedFiles().size;
      },
    });
    console.log(`[faults] redis-down: ${completedAtStop} completed at the stop, ${completedAtRestart} at the restart`);
    // The outage hit unfinished work.
    expect(completedAtRestart).toBeLessThan(FILES);
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ sent: FILES, completed: FILES, outputsComplete: FILES, dlq: 0, partial: 0, tmp: 0, left: 0, lost: 0 });
    expect(counts.reprocessed).toBe(0);
  });
});
