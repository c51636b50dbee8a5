import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MongoReferenceStore } from '../../src/adapters/reference/mongo-reference-store.js';
import { REFERENCE_SOURCES, canonicalKey } from '../../src/ports/reference-store.js';
import { freshDatabaseName } from '../support/jongodb.js';
import { runHigia } from '../support/run-higia.js';

const mongoUrl = inject('mongoUrl');
const EXAMPLES = fileURLToPath(new URL('../../examples/reference', import.meta.url));

async function exampleRecords(source: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(EXAMPLES, `${source}.ndjson`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('higia reference import', () => {
  const dbName = freshDatabaseName();
  let client: MongoClient;
  let first: Awaited<ReturnType<typeof runHigia>>;
  beforeAll(async () => {
    client = await new MongoClient(mongoUrl).connect();
    const started = performance.now();
    first = await runHigia(['reference', 'import', EXAMPLES, '--mongo-url', mongoUrl, '--db', dbName, '--ensure-indexes', '--batch-size', '100']);
    console.info(`importing examples/reference took ${(performance.now() - started).toFixed(0)} ms (process included)\n${first.stdout}`);
  });
  afterAll(async () => {
    await client.close();
  });

  it('loads one document per line of each file and says how many', async () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const source of REFERENCE_SOURCES) {
      const lines = (await exampleRecords(source)).length;
      expect(await client.db(dbName).collection(source).countDocuments()).toBe(lines);
      expect(first.stdout).toMatch(new RegExp(`^${source}: ${lines} records → ${source} \\(${lines} new, 0 replaced\\)`, 'm'));
    }
    expect(first.stdout).toMatch(/^total: \d+ records .* records\/s\)$/m);
  });

  it('leaves the same documents when run again', async () => {
    const before = await client.db(dbName).collection('pessoas').find({}, { projection: { _id: 0 } }).sort({ cpf: 1 }).toArray();
    const again = await runHigia(['reference', 'import', EXAMPLES, '--mongo-url', mongoUrl, '--db', dbName]);
    expect(again.code).toBe(0);
    for (const source of REFERENCE_SOURCES) {
      const lines = (await exampleRecords(source)).length;
      expect(await client.db(dbName).collection(source).countDocuments()).toBe(lines);
      expect(again.stdout).toMatch(new RegExp(`^${source}: ${lines} records → ${source} \\(0 new, ${lines} replaced\\)`, 'm'));
    }
    const after = await client.db(dbName).collection('pessoas').find({}, { projection: { _id: 0 } }).sort({ cpf: 1 }).toArray();
    expect(after).toEqual(before);
  });

  it('makes the examples findable by MongoReferenceStore', async () => {
    const store = await MongoReferenceStore.connect(mongoUrl, dbName);
    try {
      for (const source of REFERENCE_SOURCES) {
        const records = await exampleRecords(source);
        const keyField = { pessoas: 'cpf', empresas: 'cnpj', ceps: 'cep' }[source];
        const sample = [records[0]!, records[Math.floor(records.length / 2)]!, records.at(-1)!];
        const keys = sample.map((r) => canonicalKey(source, String(r[keyField])));
        const found = await store.findByKeys(source, [...keys, 'NOT-A-KEY']);
        expect([...found.keys()].sort()).toEqual([...new Set(keys)].sort());
        for (const [i, record] of sample.entries()) expect(found.get(keys[i]!)).toMatchObject(textOf(record));
      }
    } finally {
      await store.close();
    }
  });

  it('stores keys canonical even when the file has them formatted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'higia-refimport-'));
    try {
      await writeFile(join(dir, 'pessoas.csv'), 'cpf;nome\n529.982.247-25;Maria das Dores\n1234567890;Zé\n');
      const db = freshDatabaseName();
      const run = await runHigia(['reference', 'import', dir, '--mongo-url', mongoUrl, '--db', db]);
      expect(run.code).toBe(0);
      const cpfs = (await client.db(db).collection('pessoas').find({}).toArray()).map((d) => d.cpf as string).sort();
      expect(cpfs).toEqual(['01234567890', '52998224725']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with one line when there is no MongoDB URL or no reference file', async () => {
    const noUrl = await runHigia(['reference', 'import', EXAMPLES, '--db', dbName]);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/no MongoDB URL/);
    const noFiles = await runHigia(['reference', 'import', fileURLToPath(new URL('.', import.meta.url)), '--mongo-url', mongoUrl]);
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toMatch(/no pessoas\/empresas\/ceps/);
  });

  it('exits 1 (retryable) when MongoDB is unreachable', async () => {
    const run = await runHigia(['reference', 'import', EXAMPLES, '--mongo-url', 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300', '--db', dbName]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/MongoDB unavailable/);
  });
});

/** What the store answers for a file record: its values as text. */
function textOf(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, String(v)]));
}
