import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InputRow } from '../stages/read-input.js';
import { YOUNG_GENERATION } from './finish-pool.js';
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
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_FILE, { workerData: spec, resourceLimits: YOUNG_GENERATION }));
  const pending = new Map<number, { resolve: (r: SanitizedBatch) => void; reject: (e: unknown) => void }>();
  let failure: unknown;
  for (const worker of workers) {
    worker.on('message', ({ id, result }: { id: number; result: SanitizedBatch }) => {
      pending.get(id)?.resolve(result);
      pending.delete(id);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
  }
  const inFlight: Promise<SanitizedBatch>[] = [];
  let nextId = 0;
  try {
    for await (const batch of batches) {
      if (failure) throw failure;
      const id = nextId++;
      inFlight.push(
        new Promise<SanitizedBatch>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          workers[id % threads]!.postMessage({ id, rows: batch });
        }),
      );
      // Two batches per thread in flight keep every thread busy without reading ahead of the writers.
      if (inFlight.length >= threads * 2) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
