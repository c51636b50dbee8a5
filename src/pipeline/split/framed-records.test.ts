import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramedWriter, readFramed } from './framed-records.js';

describe('framed records', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-framed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const readAll = async (path: string) => {
    const values: unknown[] = [];
    for await (const value of readFramed(path)) values.push(value);
    return values;
  };

  it('gives back every value in order, Maps, typed arrays and undefined included, across 1 MiB reads', async () => {
    const path = join(dir, 'a');
    const writer = new FramedWriter(path);
    const values = [
      { counts: new Map([['cpf', 3]]), pairs: Float64Array.from([4, 2, 9, 2]), none: undefined },
      'x'.repeat(3 << 20), // one value over several reads
      [],
      { text: 'ção\u001e\r\n' },
    ];
    for (const value of values) await writer.write(value);
    await writer.close();
    expect(await readAll(path)).toEqual(values);
  });

  it('refuses a file cut short instead of giving fewer values', async () => {
    const path = join(dir, 'b');
    const writer = new FramedWriter(path);
    for (let i = 0; i < 3; i++) await writer.write({ i, text: 'abc'.repeat(100) });
    await writer.close();
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 10));
    await expect(readAll(path)).rejects.toThrow(/cut short/);
    await writeFile(path, bytes.subarray(0, 2));
    await expect(readAll(path)).rejects.toThrow(/cut short/);
  });
});
