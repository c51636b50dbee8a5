import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inOrderOnThreads } from './ordered-pool.js';
import type { SpillChunk } from '../dedupe/spill-file.js';
import type { ChunkDecisions } from '../fuzzy/duplicate-decisions.js';
import { chunkFinisher, type FinishSpec, type FinishedChunk, type KeysBySource, type RecordsBySource } from './finish-batch.js';

const WORKER_FILE = fileURLToPath(new URL('./finish-worker.js', import.meta.url));

/**
 * 128 KiB of spill text (~400 rows) per chunk: a chunk's objects still die in the young
 * generation. 1 MiB chunks measured 7.5 s more CPU per 1M rows, most of it garbage collection.
 */
export const SPILL_CHUNK_CHARS = 128 << 10;

export interface FinishOptions {
  readonly threads: number;
  /** Return the rows too (for sinks that take rows): pass 2 then runs on this thread. */
  readonly withRows: boolean;
  /** The duplicates among the lines up to a chunk's last one, after those of the chunks before. */
  readonly duplicatesUpTo: (lastLine: number) => ChunkDecisions;
  readonly lookUp: (keys: KeysBySource) => Promise<RecordsBySource>;
}

/**
 * Pass 2 over the spill chunks: on worker threads when every sink takes formatted text
 * (the CSV files), here otherwise. Chunks come back in file order. A chunk needs one trip
 * back to this thread in the middle, because only this thread holds the reference store.
 */
export async function* finishChunks(chunks: AsyncIterable<SpillChunk>, spec: FinishSpec, options: FinishOptions): AsyncGenerator<FinishedChunk> {
  const { threads, withRows, duplicatesUpTo, lookUp } = options;
  if (threads <= 0 || withRows || !existsSync(WORKER_FILE)) {
    const finisher = chunkFinisher(spec);
    for await (const chunk of chunks) {
      const opened = finisher.open(chunk.text, duplicatesUpTo(chunk.lastLine));
      yield await finisher.finish(opened, await lookUp(opened.keys), withRows);
    }
    return;
  }
  yield* inOrderOnThreads<SpillChunk, FinishedChunk>(chunks, {
    workerFile: WORKER_FILE,
    workerData: spec,
    threads,
    messageOf: (chunk, id) => ({ id, text: chunk.text, decisions: duplicatesUpTo(chunk.lastLine) }),
    // A worker asks for its chunk's reference records: only this thread holds the store.
    answer: async (message) => ({ id: message.id, records: await lookUp((message as unknown as { keys: KeysBySource }).keys) }),
  });
}
