import { Worker } from 'node:worker_threads';

/**
 * A young generation of 48 MB instead of V8's 16: a batch's short-lived strings then die
 * young instead of being promoted and swept again; 1M rows measured 4.8 s less CPU (user
 * 39.1 → 34.3 s, with 128 KiB chunks).
 */
const YOUNG_GENERATION = { maxYoungGenerationSizeMb: 48 };

/** What a pool worker sends back: the result of item `id`, or a message the caller answers (`reply`). */
export type PoolMessage<R> = { readonly id: number; readonly result: R } | ({ readonly id: number } & Record<string, unknown>);

export interface OrderedPoolOptions<T, R> {
  readonly workerFile: string;
  readonly workerData: unknown;
  readonly threads: number;
  /** The message that hands item `id` to a worker. */
  readonly messageOf: (item: T, id: number) => unknown;
  /** A worker's message other than a result, about item `id`; what is returned goes back to that worker. */
  readonly answer?: (message: PoolMessage<R>) => Promise<unknown>;
}

/**
 * Items through `threads` worker threads, results in input order. Two items per thread in
 * flight keep every thread busy without reading far ahead of the writers. A worker's error
 * fails the whole run; the threads are stopped however it ends.
 */
export async function* inOrderOnThreads<T, R>(items: AsyncIterable<T>, options: OrderedPoolOptions<T, R>): AsyncGenerator<R> {
  const { threads } = options;
  const workers = Array.from({ length: threads }, () => new Worker(options.workerFile, { workerData: options.workerData, resourceLimits: YOUNG_GENERATION }));
  const pending = new Map<number, { resolve: (r: R) => void; reject: (e: unknown) => void }>();
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  for (const worker of workers) {
    worker.on('message', (message: PoolMessage<R>) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      if ('result' in message) {
        pending.delete(message.id);
        waiting.resolve(message.result as R);
        return;
      }
      if (!options.answer) return fail(new Error(`a pool worker sent an unexpected message about item ${message.id}`));
      options.answer(message).then((reply) => worker.postMessage(reply), fail);
    });
    worker.on('error', fail);
  }
  const inFlight: Promise<R>[] = [];
  let nextId = 0;
  try {
    for await (const item of items) {
      if (failure) throw failure;
      const id = nextId++;
      inFlight.push(
        new Promise<R>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          workers[id % threads]!.postMessage(options.messageOf(item, id));
        }),
      );
      if (inFlight.length >= threads * 2) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
