import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MongoReferenceStore } from '../../src/adapters/reference/mongo-reference-store.js';
import { UpstreamUnavailableError } from '../../src/errors.js';
import { referenceFieldsBySource } from '../../src/pipeline/stages/enrichment-plan.js';
import { freePort } from '../support/free-port.js';
import { freshDatabaseName } from '../support/jongodb.js';
import { CONTRACT_RECORDS, referenceStoreContract } from './reference-store.contract.js';

const mongoUrl = inject('mongoUrl');

/** A client that records every command it sends, so tests can count round-trips. */
let client: MongoClient;
const commands: CommandStartedEvent[] = [];
beforeAll(async () => {
  client = new MongoClient(mongoUrl, { monitorCommands: true, serverSelectionTimeoutMS: 5_000 });
  client.on('commandStarted', (event) => commands.push(event));
  await client.connect();
});
afterAll(async () => {
  await client.close();
});

async function seededDb(): Promise<Db> {
  const db = client.db(freshDatabaseName());
  for (const [source, records] of Object.entries(CONTRACT_RECORDS)) {
    await db.collection(source).insertMany(records.map((r) => ({ ...r })));
  }
  return db;
}

const findsSince = (mark: number) => commands.slice(mark).filter((c) => c.commandName === 'find');

referenceStoreContract('mongo', async () => new MongoReferenceStore({ db: await seededDb() }));

referenceStoreContract('mongo (owned client, default projection)', async () => {
  const { databaseName } = await seededDb();
  return MongoReferenceStore.connect(mongoUrl, databaseName, { fields: referenceFieldsBySource() });
});

describe('MongoReferenceStore', () => {
  it('asks the server once for a 2000-key batch, and not at all when the same keys come again', async () => {
    const db = client.db(freshDatabaseName());
    const ceps = Array.from({ length: 500 }, (_, i) => ({ cep: String(10_000_000 + i * 7), cidade: `Cidade ${i}` }));
    await db.collection('ceps').insertMany(ceps);
    const store = new MongoReferenceStore({ db });
    const keys = Array.from({ length: 2000 }, (_, i) => String(10_000_000 + i)); // every 7th one exists: 286 hits

    let mark = commands.length;
    const started = performance.now();
    const found = await store.findByKeys('ceps', keys);
    const coldMs = performance.now() - started;
    expect(findsSince(mark)).toHaveLength(1);
    expect(found.size).toBe(286);
    expect(found.get('10000007')).toEqual({ cep: '10000007', cidade: 'Cidade 1' });
    expect(found.has('10000001')).toBe(false);

    mark = commands.length;
    const again = await store.findByKeys('ceps', [...keys].reverse());
    expect(commands.length - mark).toBe(0);
    expect(again).toEqual(found);
    console.info(`2000-key lookup against the test server: ${coldMs.toFixed(0)} ms cold, 0 queries warm`);
    await store.close();
  });

  it('queries only the keys the cache does not hold, and forgets the least recently used past cacheSize', async () => {
    const db = await seededDb();
    const store = new MongoReferenceStore({ db, cacheSize: 2 });
    await store.findByKeys('pessoas', ['52998224725', '01234567890']);

    let mark = commands.length;
    await store.findByKeys('pessoas', ['52998224725', '11144477735']); // one hit, one new miss: evicts 01234567890
    const [partial] = findsSince(mark);
    expect(partial?.command.filter).toEqual({ cpf: { $in: ['11144477735'] } });

    mark = commands.length;
    const found = await store.findByKeys('pessoas', ['01234567890']);
    expect(findsSince(mark)).toHaveLength(1);
    expect(found.get('01234567890')).toMatchObject({ nome: 'Zé Leading Zero' });
    await store.close();
  });

  it('remembers misses, so an unknown key is asked for once', async () => {
    const store = new MongoReferenceStore({ db: await seededDb() });
    await store.findByKeys('ceps', ['99999999']);
    const mark = commands.length;
    expect((await store.findByKeys('ceps', ['99999999'])).size).toBe(0);
    expect(findsSince(mark)).toHaveLength(0);
    await store.close();
  });

  it('sends repeated keys once', async () => {
    const store = new MongoReferenceStore({ db: await seededDb(), cacheSize: 0 });
    const mark = commands.length;
    const found = await store.findByKeys('ceps', ['01310100', '01310100', '01310100']);
    expect(findsSince(mark)[0]?.command.filter).toEqual({ cep: { $in: ['01310100'] } });
    expect([...found.keys()]).toEqual(['01310100']);
    await store.close();
  });

  it('turns numbers and dates into text and leaves out _id, nulls and nested values', async () => {
    const db = client.db(freshDatabaseName());
    await db.collection('pessoas').insertOne({
      cpf: '52998224725',
      nome: 'Maria',
      renda: 1234.5,
      dependentes: 0,
      data_nascimento: new Date('1980-02-29T00:00:00Z'),
      ativo: true,
      apelido: null,
      endereco: { cidade: 'Recife' },
      telefones: ['+5581999990000'],
    });
    const store = new MongoReferenceStore({ db });
    const record = (await store.findByKeys('pessoas', ['52998224725'])).get('52998224725');
    expect(record).toEqual({ cpf: '52998224725', nome: 'Maria', renda: '1234.5', dependentes: '0', data_nascimento: '1980-02-29', ativo: 'true' });
    await store.close();
  });

  it('returns only the configured fields', async () => {
    const store = new MongoReferenceStore({ db: await seededDb(), fields: { pessoas: ['situacao_cadastral'] } });
    const record = (await store.findByKeys('pessoas', ['52998224725'])).get('52998224725');
    expect(record).toEqual({ cpf: '52998224725', situacao_cadastral: 'REGULAR' });
    await store.close();
  });

  it('reads collections and key fields named by the options', async () => {
    const db = client.db(freshDatabaseName());
    await db.collection('receita_pf').insertOne({ documento: '52998224725', nome: 'Maria das Dores' });
    await db.collection('pessoas').insertOne({ cpf: '52998224725', nome: 'Wrong collection' });
    const store = new MongoReferenceStore({ db, collections: { pessoas: { collection: 'receita_pf', keyField: 'documento' } } });
    expect((await store.findByKeys('pessoas', ['52998224725'])).get('52998224725')).toMatchObject({ nome: 'Maria das Dores' });
    await store.close();
  });

  it('creates a unique index on each key field', async () => {
    const db = client.db(freshDatabaseName());
    const store = new MongoReferenceStore({ db });
    await store.ensureIndexes();
    await store.ensureIndexes(); // idempotent
    await db.collection('ceps').insertOne({ cep: '01310100' });
    await expect(db.collection('ceps').insertOne({ cep: '01310100' })).rejects.toThrow(/duplicate key/);
    await store.close();
  });

  it('answers a readiness check while the server is up', async () => {
    const store = await MongoReferenceStore.connect(mongoUrl, freshDatabaseName());
    await expect(store.check()).resolves.toBeUndefined();
    await store.close();
  });

  it('reports a server that is down as UpstreamUnavailableError, retryable, with the driver error as cause', async () => {
    const closedPort = await freePort();
    const error = await MongoReferenceStore.connect(`mongodb://127.0.0.1:${closedPort}`, 'higia', { serverSelectionTimeoutMS: 300 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).retryable).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(((error as Error).cause as Error).name).toBe('MongoServerSelectionError');
  });

  it('reports a lookup on a lost server as UpstreamUnavailableError', async () => {
    const closedPort = await freePort();
    // A client that was never connected: the lookup itself has to select a server, and fails.
    const down = new MongoClient(`mongodb://127.0.0.1:${closedPort}`, { serverSelectionTimeoutMS: 300 });
    const store = new MongoReferenceStore({ db: down.db('higia') });
    await expect(store.findByKeys('ceps', ['01310100'])).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(store.check()).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await down.close();
  });
});
