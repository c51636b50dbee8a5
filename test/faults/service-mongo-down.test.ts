import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadReference, runScenario } from './scenario-harness.js';
import { startPrivateJongodb, type PrivateJongodb } from './scenario-jongodb.js';

/**
 * The MongoDB stand-in (reference data, job history) gone for 20 s while the workers are
 * busy. It keeps its data in memory, so it comes back empty, on the same port: the run
 * reloads the reference data, as an operator restoring the database would.
 */
const FILES = 40;
const DOWN_MS = 20_000;

describe('MongoDB down mid-run', () => {
  let mongo: PrivateJongodb;

  beforeAll(async () => {
    mongo = await startPrivateJongodb();
  });

  afterAll(async () => {
    await mongo?.close();
  });

  it(`stopped for ${DOWN_MS / 1000} s: every file completed, none dead-lettered, none processed twice`, async () => {
    let completedAtStop = 0;
    let completedAtRestart = 0;
    const counts = await runScenario({
      name: 'mongo-down',
      files: FILES,
      workers: 2,
      mongoUrl: mongo.url,
      async during(run) {
        await run.waitForCompleted(8);
        completedAtStop = run.completedFiles().size;
        await mongo.stop();
        await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
        await mongo.start();
        completedAtRestart = run.completedFiles().size;
        await reloadReference(run.env.MONGO_URL!, run.env.MONGO_DB!);
      },
    });
    console.log(`[faults] mongo-down: ${completedAtStop} completed at the stop, ${completedAtRestart} at the restart`);
    // The outage hit unfinished work.
    expect(completedAtRestart).toBeLessThan(FILES);
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ sent: FILES, completed: FILES, outputsComplete: FILES, dlq: 0, partial: 0, tmp: 0, left: 0, lost: 0 });
    expect(counts.reprocessed).toBe(0);
  });
});
