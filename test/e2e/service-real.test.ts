import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jobQueueTopology, topologyQueueNames } from '../../src/adapters/queue/amqp-topology.js';
import { WebDavFileStore } from '../../src/adapters/storage/webdav-file-store.js';
import { FAULT_503_FOLDER } from '../support/apache-webdav.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import type { JobEvent } from '../../src/ports/job-events.js';
import { TEST_AMQP_URL, deleteQueues, findPythonWithPika, openRawAmqp, publishLikeLegacyProducer } from '../support/amqp-test-kit.js';
import { until } from '../support/async-helpers.js';
import { generateClientes, runHigia } from '../support/run-higia.js';
import { ServiceProcess } from '../support/service-process.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const OUTPUT_SUFFIXES = ['_dashboard.html', '_duplicados.csv', '_higienizado.csv', '_higienizado.xlsx', '_rejeitados.csv', '_relatorio.pdf', '_resumo.json'];

/**
 * The whole service on real services: Apache WebDAV laid out like ownCloud, RabbitMQ with
 * the legacy producer (Python pika), the MongoDB-compatible server, Redis; two worker
 * processes competing for one queue, and one of them killed mid-job.
 */

/**
 * Big enough that the job is still running when the test kills its worker: at 30k rows an
 * idle machine finished it between the first progress write and the SIGKILL.
 */
const BIG_ROWS = 100_000;

/** Every queue a worker with these settings declares (the default park check included), for clean-up. */
const queuesOf = (queue: string, policy: { maxAttempts: number; retryBaseDelayMs: number }) => topologyQueueNames(jobQueueTopology(queue, { ...policy, parkCheckMs: 300_000 }));
describe('higia worker on RabbitMQ + WebDAV + MongoDB + Redis', () => {
  const id = randomBytes(4).toString('hex');
  const queue = `higia_e2e_${id}`;
  const exchange = `higia_e2e_events_${id}`;
  const base = `e2e-${id}`;
  const webdav = inject('webdav');
  const env: Record<string, string> = {
    AMQP_URL: TEST_AMQP_URL,
    QUEUE_NAME: queue,
    EVENTS_EXCHANGE: exchange,
    OWNCLOUD_URL: webdav.url,
    OWNCLOUD_USER: webdav.user,
    OWNCLOUD_PASSWORD: webdav.password,
    WORK_DIR: `${base}/work`,
    DONE_DIR: `${base}/finalizado`,
    MONGO_URL: inject('mongoUrl'),
    MONGO_DB: `higia_e2e_${id}`,
    REDIS_URL,
    REDIS_KEY_PREFIX: `higia_e2e_${id}:`,
    MAX_ATTEMPTS: '6',
    RETRY_BASE_DELAY_MS: '300',
    LOCK_TTL_MS: '2000',
    THREADS: '0',
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  const store = new WebDavFileStore({ url: webdav.url, user: webdav.user, password: webdav.password });
  const events: JobEvent[] = [];
  const workers: ServiceProcess[] = [];
  const token = randomBytes(16).toString('hex');
  let api: ServiceProcess;
  let scratch: string;
  let closeEvents: () => Promise<void>;

  let python: string;
  const publishLegacy = (body: string) => publishLikeLegacyProducer(python, queue, body);
  const doneFolder = () => readdir(join(webdav.rootDir, base, 'finalizado')).catch(() => [] as string[]);
  const eventFor = (fileName: string, type: JobEvent['type'] = 'job.completed') =>
    until(() => events.filter((e) => e.file_name === fileName && e.type === type), (found) => found.length > 0, 90_000, `${type} for ${fileName}`);
  const summaryOf = async (name: string) => JSON.parse(await readFile(join(webdav.rootDir, base, 'finalizado', `${name}_resumo.json`), 'utf8'));

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'higia-e2e-'));
    python = await findPythonWithPika();
    const imported = await runHigia(['reference', 'import', 'examples/reference', '--mongo-url', env.MONGO_URL!, '--db', env.MONGO_DB!]);
    expect(imported.code, imported.stderr).toBe(0);
    await generateClientes(join(scratch, 'b'), 300, `b-${id}`);
    await generateClientes(join(scratch, 'big'), BIG_ROWS, `big-${id}`);
    await store.publish('examples/clientes.csv', `${base}/work/clientes-a.csv`);
    await store.publish(join(scratch, 'b/clientes.csv'), `${base}/work/clientes-b.csv`);
    await store.publish(join(scratch, 'big/clientes.csv'), `${base}/work/clientes-big.csv`);

    const amqp = await openRawAmqp();
    await amqp.channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue: listener } = await amqp.channel.assertQueue('', { exclusive: true });
    await amqp.channel.bindQueue(listener, exchange, 'job.*');
    await amqp.channel.consume(listener, (message) => message && events.push(JSON.parse(message.content.toString())), { noAck: true });
    closeEvents = async () => {
      await amqp.channel.deleteExchange(exchange).catch(() => {});
      await amqp.close();
    };
    // The legacy producer declares the queue before any worker exists…
    await publishLegacy(JSON.stringify({ file_name: 'clientes-a.csv' }));
    workers.push(...(await Promise.all([ServiceProcess.start('worker', env), ServiceProcess.start('worker', env)])));
    api = await ServiceProcess.start('api', { ...env, API_TOKEN: token });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...workers, api].map((w) => w?.stop()));
    await closeEvents?.();
    await deleteQueues(queuesOf(queue, { maxAttempts: 6, retryBaseDelayMs: 300 }));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`higia_e2e_${id}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await rm(scratch, { recursive: true, force: true });
  });

  it('processes legacy messages published before and after the workers started, on both workers', async () => {
    // …and again while they run.
    await Promise.all([publishLegacy(JSON.stringify({ file_name: 'clientes-b.csv' })), publishLegacy(JSON.stringify({ file_name: 'sumiu.csv' }))]);
    const [a] = await eventFor('clientes-a.csv');
    const [b] = await eventFor('clientes-b.csv');
    const [missing] = await eventFor('sumiu.csv', 'job.failed');
    expect(missing!.error).toMatchObject({ code: 'NOT_FOUND' });

    for (const [event, name] of [[a!, 'clientes-a'], [b!, 'clientes-b']] as const) {
      expect([...event.outputs].sort()).toEqual(OUTPUT_SUFFIXES.map((s) => `${base}/finalizado/${name}${s}`));
      const summary = await summaryOf(name);
      expect(summary.reconciled).toBe(true);
      expect(event.counts).toEqual({ input: summary.input.rows, ...summary.rows });
      expect(summary.rows.kept + summary.rows.duplicates + summary.rows.rejected).toBe(summary.input.rows);
      expect(summary.enrichment.pessoas.lookups).toBeGreaterThan(0);
    }
    // The example file's people are in the example reference data imported into MongoDB.
    expect((await summaryOf('clientes-a')).enrichment.pessoas.hits).toBeGreaterThan(0);
    // The worker's job gives the same answer as `higia process` on the same file and reference data.
    const local = await runHigia(['process', 'examples/clientes.csv', '--reference', 'examples/reference', '--out', scratch, '--format', 'json', '--threads', '0']);
    expect(local.code, local.stderr).toBe(0);
    const expected = JSON.parse(await readFile(join(scratch, 'clientes_resumo.json'), 'utf8'));
    expect(a!.counts).toEqual({ input: expected.input.rows, ...expected.rows });
    expect(b!.counts!.input).toBe(300);
    // Competing consumers: each worker processed at least one of the jobs.
    for (const worker of workers) expect(worker.logs.some((l) => l.msg === 'job completed' || l.msg === 'job failed')).toBe(true);
    // The job history is in MongoDB.
    const client = await MongoClient.connect(env.MONGO_URL!);
    try {
      const jobs = await client.db(env.MONGO_DB).collection('jobs').find({}).toArray();
      expect(jobs.find((j) => j._id === (a!.job_id as unknown))).toMatchObject({ status: 'completed', fileName: 'clientes-a.csv' });
      expect(jobs.find((j) => j._id === (missing!.job_id as unknown))).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
    } finally {
      await client.close();
    }
  });

  it('sends poison messages straight to the dead-letter queue with the reason', async () => {
    await publishLegacy('isto não é json');
    await publishLegacy(JSON.stringify({ file_name: '../../etc/passwd' }));
    const amqp = await openRawAmqp();
    try {
      const letters = await until(
        async () => {
          const found = [];
          for (let message = await amqp.channel.get(`${queue}.dlq`); message; message = await amqp.channel.get(`${queue}.dlq`)) found.push(message);
          for (const message of found) amqp.channel.nack(message, false, true);
          return found.map((m) => ({ body: m.content.toString(), headers: m.properties.headers ?? {} }));
        },
        (found) => found.length >= 2,
        20_000,
        'two dead letters',
      );
      expect(letters.map((l) => l.body).sort()).toEqual([JSON.stringify({ file_name: '../../etc/passwd' }), 'isto não é json'].sort());
      for (const letter of letters) expect(letter.headers['x-higia-reason']).toBe('invalid-message');
    } finally {
      await amqp.close();
    }
  });

  it('does not produce new outputs for a redelivered, already processed file (same ETag)', async () => {
    const before = await store.stat(`${base}/finalizado/clientes-a_higienizado.csv`);
    const count = events.filter((e) => e.file_name === 'clientes-a.csv').length;
    await publishLegacy(JSON.stringify({ file_name: 'clientes-a.csv' }));
    await until(() => events.filter((e) => e.file_name === 'clientes-a.csv').length, (n) => n > count, 30_000, 'a second event');
    const again = events.filter((e) => e.file_name === 'clientes-a.csv').at(-1)!;
    expect(again.type).toBe('job.completed');
    expect(again.outputs).toHaveLength(OUTPUT_SUFFIXES.length);
    expect((await store.stat(`${base}/finalizado/clientes-a_higienizado.csv`)).etag).toBe(before.etag);
  });

  it('loses nothing when a worker is killed mid-job: the message is redelivered and the outputs appear once', async () => {
    await publishLegacy(JSON.stringify({ file_name: 'clientes-big.csv' }));
    const started = await Promise.race(
      workers.map((w) => w.waitForLog((l) => l.msg === 'job started' && l.file === `${base}/work/clientes-big.csv`, 60_000, 'the big job').then(() => w)),
    );
    const jobLine = started.logs.find((l) => l.msg === 'job started' && l.file === `${base}/work/clientes-big.csv`)!;
    // Wait until rows are really flowing, then kill without warning.
    const redis = new Redis(REDIS_URL);
    try {
      await until(
        async () => JSON.parse((await redis.get(`higia_e2e_${id}:progress:${String(jobLine.jobId)}`)) ?? '{}') as { phase?: string },
        (p) => p.phase === 'reading' || p.phase === 'writing',
        60_000,
        'the big job to be reading rows',
      );
    } finally {
      await redis.quit();
    }
    expect(await started.kill('SIGKILL')).toBeNull();
    const survivor = workers.find((w) => w !== started)!;
    const [done] = await eventFor('clientes-big.csv');
    await survivor.waitForLog((l) => l.msg === 'job completed' && l.file === `${base}/work/clientes-big.csv`, 10_000, 'the survivor to log the completion');
    const summary = await summaryOf('clientes-big');
    expect(summary.input.rows).toBe(BIG_ROWS);
    expect(done!.counts!.kept + done!.counts!.duplicates + done!.counts!.rejected).toBe(BIG_ROWS);
    // Exactly one set of outputs, and no temporary upload left behind.
    const names = (await doneFolder()).filter((n) => n.includes('clientes-big'));
    // Fuzzy matching's review file comes only when it left a pair: allowed, not required.
    expect(names.filter((n) => !n.endsWith('_possiveis_duplicados.csv')).sort()).toEqual(OUTPUT_SUFFIXES.map((s) => `clientes-big${s}`));
    expect((await doneFolder()).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(events.filter((e) => e.file_name === 'clientes-big.csv' && e.type === 'job.completed')).toHaveLength(1);
    workers.splice(workers.indexOf(started), 1);
  });

  it('serves the API from its own process: POST /process, then the job from MongoDB with live progress from Redis', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    expect((await fetch(`${api.url}/process`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    const body = JSON.stringify({ file_name: 'clientes-big.csv', options: { formats: ['csv', 'json'] } });
    const response = await fetch(`${api.url}/process`, { method: 'POST', headers, body });
    expect(response.status).toBe(202);
    const { job_id: jobId } = (await response.json()) as { job_id: string };
    const progress: number[] = [];
    const record = await until(
      async () => {
        const job = (await (await fetch(`${api.url}/jobs/${jobId}`, { headers })).json()) as { status: string; progress?: { percent: number }; outputs?: string[] };
        if (job.status === 'running' && job.progress) progress.push(job.progress.percent);
        return job;
      },
      (job) => job.status === 'completed' || job.status === 'failed',
      90_000,
      'the API job to finish',
    );
    expect(record).toMatchObject({ status: 'completed', fileName: 'clientes-big.csv', counts: { input: BIG_ROWS } });
    expect(record).not.toHaveProperty('error');
    // Other options than the earlier job's: new work, not a reuse.
    expect((record as { reusedFrom?: string }).reusedFrom).toBeUndefined();
    expect((record.outputs as string[]).filter((n) => !n.endsWith('_possiveis_duplicados.csv'))).toHaveLength(4);
    // Live progress, written by the worker to Redis, read by this other process: it moved forward.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)!).toBeGreaterThan(progress[0]!);
    const list = (await (await fetch(`${api.url}/jobs?limit=100`, { headers })).json()) as { items: { id: string }[]; total: number };
    expect(list.items.map((j) => j.id)).toContain(jobId);
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks).toMatchObject({ queue: 'ok', storage: 'ok', state: 'ok', history: 'ok' });
  });

  it('on SIGTERM hands the in-flight job back within the deadline, and another worker finishes it', async () => {
    const quick = await ServiceProcess.start('worker', { ...env, SHUTDOWN_TIMEOUT_MS: '200' });
    const message = { file_name: 'clientes-big.csv', lang: 'en' };
    // Only the new worker is idle-listening with a short deadline; stop the other one first.
    const others = workers.splice(0);
    await Promise.all(others.map((w) => w.stop()));
    await publishLegacy(JSON.stringify(message));
    const started = await quick.waitForLog((l) => l.msg === 'job started' && l.file === `${base}/work/clientes-big.csv`, 60_000, 'the job to start');
    expect(await quick.stop()).toBe(0);
    expect(quick.logs.some((l) => l.msg === 'job completed')).toBe(false);
    const next = await ServiceProcess.start('worker', env);
    workers.push(next);
    const done = await until(
      () => events.filter((e) => e.job_id === started.jobId && e.type === 'job.completed'),
      (found) => found.length > 0,
      90_000,
      'the handed-back job to complete',
    );
    expect(done).toHaveLength(1);
    // The event is published before the worker writes its log line: wait for the line, not a snapshot.
    await next.waitForLog((l) => l.msg === 'job completed' && l.jobId === started.jobId, 10_000, 'the new worker to log the completion');
    // The hand-back left an INTERRUPTED error on the record; completion clears it.
    const client = await MongoClient.connect(env.MONGO_URL!);
    try {
      const job = await client.db(env.MONGO_DB).collection('jobs').findOne({ _id: started.jobId as never });
      expect(job).toMatchObject({ status: 'completed' });
      expect(job).not.toHaveProperty('error');
    } finally {
      await client.close();
    }
  });
});

describe('higia worker when ownCloud keeps failing', () => {
  const id = randomBytes(4).toString('hex');
  const queue = `higia_e2e_fault_${id}`;
  const exchange = `higia_e2e_fault_events_${id}`;
  const webdav = inject('webdav');
  let worker: ServiceProcess;

  afterAll(async () => {
    await worker?.stop();
    await deleteQueues(queuesOf(queue, { maxAttempts: 3, retryBaseDelayMs: 100 }));
  });

  it('retries a 503 with backoff through the retry queues, then dead-letters it with the last error', async () => {
    worker = await ServiceProcess.start('worker', {
      AMQP_URL: TEST_AMQP_URL,
      QUEUE_NAME: queue,
      EVENTS_EXCHANGE: exchange,
      OWNCLOUD_URL: webdav.url,
      OWNCLOUD_USER: webdav.user,
      OWNCLOUD_PASSWORD: webdav.password,
      // Apache answers 503 for everything under this folder: a real server-side failure.
      WORK_DIR: `${FAULT_503_FOLDER}/${id}`,
      MAX_ATTEMPTS: '3',
      RETRY_BASE_DELAY_MS: '100',
      THREADS: '0',
    });
    const amqp = await openRawAmqp();
    const failed: JobEvent[] = [];
    const { queue: listener } = await amqp.channel.assertQueue('', { exclusive: true });
    await amqp.channel.bindQueue(listener, exchange, 'job.failed');
    await amqp.channel.consume(listener, (m) => m && failed.push(JSON.parse(m.content.toString())), { noAck: true });
    const python = await findPythonWithPika();
    await publishLikeLegacyProducer(python, queue, JSON.stringify({ file_name: 'clientes.csv' }));
    try {
      // Each attempt first retries its requests in place (~3–6 s against a server that always answers 503).
      const letter = await until(() => amqp.channel.get(`${queue}.dlq`, { noAck: true }), (m) => m !== false, 60_000, 'the dead letter');
      if (letter === false) throw new Error('unreachable');
      expect(letter.properties.headers).toMatchObject({ 'x-higia-reason': 'attempts-exhausted', 'x-higia-attempt': 3, 'x-higia-error-code': 'UPSTREAM_UNAVAILABLE' });
      expect(JSON.parse(letter.content.toString())).toEqual({ file_name: 'clientes.csv' });
      // The last attempt recorded the failure and told the listeners before the message left.
      const [event] = await until(() => failed, (found) => found.length > 0, 10_000, 'job.failed');
      expect(event).toMatchObject({ type: 'job.failed', file_name: 'clientes.csv', error: { code: 'UPSTREAM_UNAVAILABLE' } });
    } finally {
      await amqp.channel.deleteExchange(exchange).catch(() => {});
      await amqp.close();
    }
    const attempts = worker.logs.filter((l) => l.file === `${FAULT_503_FOLDER}/${id}/clientes.csv` && (l.msg.startsWith('transient') || l.msg === 'job failed'));
    expect(attempts.map((l) => l.attempt)).toEqual([1, 2, 3]);
  });
});

describe('higia worker when ownCloud refuses its credentials', () => {
  const id = randomBytes(4).toString('hex');
  const queue = `higia_e2e_auth_${id}`;
  const exchange = `higia_e2e_auth_events_${id}`;
  const base = `e2e-auth-${id}`;
  const webdav = inject('webdav');
  const store = new WebDavFileStore({ url: webdav.url, user: webdav.user, password: webdav.password });
  let worker: ServiceProcess;
  let proxy: FaultProxy;

  afterAll(async () => {
    await worker?.stop();
    await proxy?.close();
    await deleteQueues(queuesOf(queue, { maxAttempts: 3, retryBaseDelayMs: 100 }));
  });

  it('pauses consuming with the backlog kept and /ready saying why, and drains it once the store accepts it again', async () => {
    // ownCloud answering 401 to every request (a rotated password, an LDAP outage): the proxy answers for Apache.
    proxy = await startFaultProxy(webdav.url);
    proxy.answer = () => ({ status: 401, headers: { 'WWW-Authenticate': 'Basic realm="ownCloud"' } });
    const names = ['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv'];
    for (const name of names) await store.publish('examples/clientes.csv', `${base}/work/${name}`);
    worker = await ServiceProcess.start('worker', {
      AMQP_URL: TEST_AMQP_URL,
      QUEUE_NAME: queue,
      EVENTS_EXCHANGE: exchange,
      OWNCLOUD_URL: proxy.url,
      OWNCLOUD_USER: webdav.user,
      OWNCLOUD_PASSWORD: webdav.password,
      WORK_DIR: `${base}/work`,
      DONE_DIR: `${base}/finalizado`,
      MAX_ATTEMPTS: '3',
      RETRY_BASE_DELAY_MS: '100',
      THREADS: '0',
    });
    const python = await findPythonWithPika();
    for (const name of names) await publishLikeLegacyProducer(python, queue, JSON.stringify({ file_name: name }));
    const amqp = await openRawAmqp();
    try {
      await worker.waitForLog((l) => l.msg.startsWith('consuming paused'), 30_000, 'the pause');
      const ready = await until(() => fetch(`${worker.url}/ready`).then(async (r) => ({ status: r.status, body: (await r.json()) as { checks: Record<string, string> } })), (r) => r.status === 503, 10_000, '/ready 503');
      expect(ready.body.checks.worker).toMatch(/^consuming paused since .*rejected the credentials/);
      expect(JSON.stringify(ready.body)).not.toContain(webdav.password);
      // Refused for a while: several probes, no message taken meanwhile, nothing dead-lettered, no job failed.
      await worker.waitForLog((l) => l.msg === 'the file store still refuses us', 30_000, 'a refused probe');
      expect(worker.logs.filter((l) => l.msg.startsWith('consuming paused: the file store'))).toHaveLength(1);
      expect(await amqp.channel.get(`${queue}.dlq`, { noAck: true })).toBe(false);
      expect(worker.logs.filter((l) => l.msg === 'job failed')).toEqual([]);

      proxy.answer = undefined; // the password works again
      await worker.waitForLog((l) => l.msg.startsWith('the file store accepts our credentials again'), 60_000, 'the resume');
      await until(() => worker.logs.filter((l) => l.msg === 'job completed').length, (n) => n === names.length, 60_000, 'the whole backlog');
      const done = await readdir(join(webdav.rootDir, base, 'finalizado'));
      for (const name of names) expect(done).toContain(`${name.replace('.csv', '')}_resumo.json`);
      expect(await amqp.channel.get(`${queue}.dlq`, { noAck: true })).toBe(false);
      expect((await fetch(`${worker.url}/ready`)).status).toBe(200);
    } finally {
      await amqp.channel.deleteExchange(exchange).catch(() => {});
      await amqp.close();
    }
    expect(worker.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain(webdav.password);
  });
});
