import { parentPort, workerData } from 'node:worker_threads';
import type { ChunkDecisions } from '../fuzzy/duplicate-decisions.js';
import { chunkFinisher, type FinishSpec, type OpenedChunk, type RecordsBySource } from './finish-batch.js';

// A worker thread of pass 2: a chunk of spill text in, its keys out, their records in, the
// formatted chunk and its counts out.
const finisher = chunkFinisher(workerData as FinishSpec);
const opened = new Map<number, OpenedChunk>();
parentPort!.on('message', (message: { id: number; text: string; decisions: ChunkDecisions } | { id: number; records: RecordsBySource }) => {
  if ('text' in message) {
    const chunk = finisher.open(message.text, message.decisions);
    opened.set(message.id, chunk);
    parentPort!.postMessage({ id: message.id, keys: chunk.keys });
    return;
  }
  const chunk = opened.get(message.id)!;
  opened.delete(message.id);
  // A failure is left unhandled on purpose: it ends this thread with an 'error' the pool reports.
  void finisher.finish(chunk, message.records).then((result) => parentPort!.postMessage({ id: message.id, result }));
});
