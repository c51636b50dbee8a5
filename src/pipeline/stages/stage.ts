/** A stage maps rows to rows: backpressure comes free, and an array is enough to test it. */
export type Stage<A, B> = (rows: AsyncIterable<A>) => AsyncIterable<B>;

/** Groups an async sequence into arrays of at most `size` (the last may be shorter). */
export async function* chunk<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
