import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
const CLIENTES = fileURLToPath(new URL('../../examples/clientes.csv', import.meta.url));

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

  it('exits 2 with one line when there is no reference file', async () => {
    const noFiles = await runHigia(['reference', 'import', fileURLToPath(new URL('.', import.meta.url)), '--mongo-url', mongoUrl]);
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toMatch(/no pessoas\/empresas\/ceps/);
    const noFilesNoUrl = await runHigia(['reference', 'import', fileURLToPath(new URL('.', import.meta.url))], { env: {} });
    expect(noFilesNoUrl.code).toBe(2);
    expect(noFilesNoUrl.stderr).toMatch(/no pessoas\/empresas\/ceps/);
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

describe('higia reference import, without a MongoDB URL', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-refindex-'));
    await cp(EXAMPLES, join(dir, 'reference'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds the embedded index and says, per source, how many records, how long and how fast', async () => {
    const run = await runHigia(['reference', 'import', join(dir, 'reference')], { env: {} });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    let total = 0;
    for (const source of REFERENCE_SOURCES) {
      const lines = (await exampleRecords(source)).length;
      total += lines;
      const indexFile = join(dir, 'reference', '.higia-index', `${source}.sqlite`);
      expect(run.stdout).toMatch(new RegExp(`^${source}: ${lines} records → ${escapeRegExp(indexFile)} \\(\\d+ keys\\) in [\\d.]+ s \\(\\d+ records/s\\)$`, 'm'));
    }
    expect(run.stdout).toMatch(new RegExp(`^total: ${total} records indexed in [\\d.]+ s \\(\\d+ records/s\\)$`, 'm'));
  });

  it('lets `higia process` use the index without building it again, and finds the same records', async () => {
    const run = await runHigia(['process', CLIENTES, '--reference', join(dir, 'reference'), '--out', join(dir, 'out'), '--format', 'json', '--threads', '0'], {
      env: {},
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const summary = JSON.parse(await readFile(join(dir, 'out', 'clientes_resumo.json'), 'utf8')) as { enrichment: Record<string, { hits: number }> };
    for (const source of REFERENCE_SOURCES) expect(summary.enrichment[source]!.hits).toBeGreaterThan(0);
  });

  it('has `higia process` build a missing index itself and say so on stderr, once', async () => {
    await rm(join(dir, 'reference', '.higia-index'), { recursive: true });
    const args = ['process', CLIENTES, '--reference', join(dir, 'reference'), '--out', join(dir, 'out'), '--format', 'json', '--threads', '0'];
    const first = await runHigia(args, { env: {} });
    expect(first.code, first.stderr).toBe(0);
    for (const source of REFERENCE_SOURCES) {
      const lines = (await exampleRecords(source)).length.toLocaleString('en-US');
      expect(first.stderr).toMatch(new RegExp(`^reference index: built ${source} \\(${lines} records, [\\d.]+ s, \\d+k? records/s\\)$`, 'm'));
    }
    expect(first.stdout).not.toMatch(/reference index/);
    const second = await runHigia(args, { env: {} });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
