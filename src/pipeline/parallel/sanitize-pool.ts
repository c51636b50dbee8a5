import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InputRow } from '../stages/read-input.js';
import { inOrderOnThreads } from './ordered-pool.js';
import { batchSanitizer, type SanitizeSpec, type SanitizedBatch } from './sanitize-batch.js';

const WORKER_FILE = fileURLToPath(new URL('./sanitize-worker.js', import.meta.url));

/**
 * Runs pass 1's CPU work (the field rules and the spill serialization: ~80% of a job's
 * time) on worker threads while the main thread parses, so a 2-core machine uses both.
 * Results come back in input order. With 0 threads, or where the compiled worker file is
 * absent (tests running the TypeScript sources), batches run in this thread instead.
 */
export async function* sanitizeInParallel(
  batches: AsyncIterable<readonly InputRow[]>,
  spec: SanitizeSpec,
  threads: number,
): AsyncGenerator<SanitizedBatch> {
  if (threads <= 0 || !existsSync(WORKER_FILE)) {
    const sanitize = batchSanitizer(spec);
    for await (const batch of batches) yield sanitize(batch);
    return;
  }
  yield* inOrderOnThreads<readonly InputRow[], SanitizedBatch>(batches, {
    workerFile: WORKER_FILE,
    workerData: spec,
    threads,
    messageOf: (rows, id) => ({ id, rows }),
  });
}
