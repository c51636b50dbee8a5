import { parentPort, workerData } from 'node:worker_threads';
import type { InputRow } from '../stages/read-input.js';
import { batchSanitizer, type SanitizeSpec } from './sanitize-batch.js';

// A worker thread of the sanitize pool: batches of raw rows in, SanitizedBatch out.
const sanitize = batchSanitizer(workerData as SanitizeSpec);
parentPort!.on('message', ({ id, rows }: { id: number; rows: InputRow[] }) => {
  parentPort!.postMessage({ id, result: sanitize(rows) });
});
