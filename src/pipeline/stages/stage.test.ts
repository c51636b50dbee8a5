import { describe, expect, it } from 'vitest';
import { chunk } from './stage.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('chunk', () => {
  it('chunk groups items, the last group shorter', async () => {
    expect(await collect(chunk(from([1, 2, 3, 4, 5]), 2))).toEqual([[1, 2], [3, 4], [5]]);
  });
});
