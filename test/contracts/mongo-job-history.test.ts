import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MongoJobHistory } from '../../src/adapters/history/mongo-job-history.js';
import { UpstreamUnavailableError } from '../../src/errors.js';
import { freePort } from '../support/free-port.js';
import { freshDatabaseName } from '../support/jongodb.js';
import { jobHistoryContract } from './job-history.contract.js';

const mongoUrl = inject('mongoUrl');

jobHistoryContract('mongo (owned client)', (clock) => MongoJobHistory.connect(mongoUrl, freshDatabaseName(), { now: clock.now }));

describe('MongoJobHistory', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(mongoUrl).connect();
  });
  afterAll(async () => {
    await client.close();
  });

  it('stores one document per job in the configured collection, keyed by the job id', async () => {
    const db = client.db(freshDatabaseName());
    const history = new MongoJobHistory({ db, collection: 'historico' });
    await history.update('job-1', { fileName: 'a.csv' });
    await history.update('job-1', { status: 'completed' });
    const documents = await db.collection('historico').find({}).toArray();
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ _id: 'job-1', fileName: 'a.csv', status: 'completed' });
    expect(documents[0]).not.toHaveProperty('id');
    expect(await db.collection('jobs').countDocuments()).toBe(0);
  });

  it('creates its list indexes', async () => {
    const history = new MongoJobHistory({ db: client.db(freshDatabaseName()) });
    await expect(history.ensureIndexes()).resolves.toBeUndefined();
  });

  it('reports a server that is down as UpstreamUnavailableError', async () => {
    const closedPort = await freePort();
    await expect(MongoJobHistory.connect(`mongodb://127.0.0.1:${closedPort}`, 'higia', { serverSelectionTimeoutMS: 300 })).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );
    const down = new MongoClient(`mongodb://127.0.0.1:${closedPort}`, { serverSelectionTimeoutMS: 300 });
    const history = new MongoJobHistory({ db: down.db('higia') });
    await expect(history.update('x', { fileName: 'x.csv' })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(history.list({ limit: 1, offset: 0 })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(history.check()).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await down.close();
  });
});
