import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SpillChunk } from '../dedupe/spill-file.js';
import { chunkFinisher, type FinishSpec, type FinishedChunk, type KeysBySource, type RecordsBySource } from './finish-batch.js';

/**
 * A young generation of 48 MB instead of V8's 16: a batch's short-lived strings then die
 * young instead of being promoted and swept again; 1M rows measured 4.8 s less CPU (user
 * 39.1 → 34.3 s, with 128 KiB chunks).
 */
export const YOUNG_GENERATION = { maxYoungGenerationSizeMb: 48 };

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
  /** [duplicate line, kept line, …] in line order for the lines `upTo` a chunk's last one. */
  readonly duplicatesUpTo: (lastLine: number) => Float64Array;
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
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_FILE, { workerData: spec, resourceLimits: YOUNG_GENERATION }));
  const pending = new Map<number, { worker: Worker; resolve: (r: FinishedChunk) => void; reject: (e: unknown) => void }>();
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  for (const worker of workers) {
    worker.on('message', (message: { id: number; keys: KeysBySource } | { id: number; result: FinishedChunk }) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      if ('result' in message) {
        pending.delete(message.id);
        waiting.resolve(message.result);
        return;
      }
      lookUp(message.keys).then((records) => worker.postMessage({ id: message.id, records }), fail);
    });
    worker.on('error', fail);
  }
  const inFlight: Promise<FinishedChunk>[] = [];
  let nextId = 0;
  try {
    for await (const chunk of chunks) {
      if (failure) throw failure;
      const id = nextId++;
      const worker = workers[id % threads]!;
      inFlight.push(
        new Promise<FinishedChunk>((resolve, reject) => {
          pending.set(id, { worker, resolve, reject });
          worker.postMessage({ id, text: chunk.text, pairs: duplicatesUpTo(chunk.lastLine) });
        }),
      );
      // Two chunks per thread in flight keep every thread busy without reading far ahead of the writers.
      if (inFlight.length >= threads * 2) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
