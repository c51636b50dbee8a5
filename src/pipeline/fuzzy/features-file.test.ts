import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeaturesFile } from './features-file.js';
import { fuzzyRecord, fuzzyRecords } from './fuzzy-records.js';

describe('FeaturesFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-features-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back any line in any order, multi-byte text included, across buffer flushes and array growth', async () => {
    const file = new FeaturesFile(join(dir, 'f'));
    const lines = Array.from({ length: 5_000 }, (_, i) => 2 + i * 37); // sparse, past the first 64k lines
    const personOf = (line: number) => `joao ${line}\tJoão Conceição ${line}\u001f${'x'.repeat(line % 97)}`;
    for (const line of lines) await file.write(line, personOf(line));
    await file.close();
    for (const line of [...lines].reverse()) expect(file.read(line)).toEqual({ nameKey: `joao ${line}`, features: personOf(line).split('\t')[1] });
    expect(file.read(3)).toBeUndefined(); // never written
    expect(file.read(10_000_000)).toBeUndefined();
    file.release();
  });

  it('closes once however often it is asked', async () => {
    const file = new FeaturesFile(join(dir, 'f'));
    await file.write(2, 'a\tb');
    await Promise.all([file.close(), file.close()]);
    expect(file.read(2)).toEqual({ nameKey: 'a', features: 'b' });
    file.release();
  });
});

describe('fuzzy records', () => {
  it('round-trip a batch: lines, name keys, features and block keys with their separators', () => {
    const text = fuzzyRecord(7, 'maria souza', 'Maria Souza\u001f\u001f1980-03-12', ['m\u001f+5511987654321', 'n\u001fmaria susa\u001f01310-100']) + fuzzyRecord(9, 'ana', 'Ana', []);
    expect([...fuzzyRecords(text)]).toEqual([
      { line: 7, nameKey: 'maria souza', person: 'maria souza\tMaria Souza\u001f\u001f1980-03-12', blockKeys: ['m\u001f+5511987654321', 'n\u001fmaria susa\u001f01310-100'] },
      { line: 9, nameKey: 'ana', person: 'ana\tAna', blockKeys: [] },
    ]);
  });
});
