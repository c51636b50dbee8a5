import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../adapters/queue/in-process-job-queue.js';
import { LocalFileStore } from '../adapters/storage/local-file-store.js';
import { publicReason } from './routes/health.js';
import { startTestApi, type TestApi } from '../../test/support/api-harness.js';

let api: TestApi;
afterEach(async () => api?.close());

describe('GET /health', () => {
  it('answers ok without asking any dependency', async () => {
    api = await startTestApi();
    await api.queue.close();
    const res = await api.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /ready', () => {
  it('is ready when every dependency answers, extras included', async () => {
    let mongoAsked = 0;
    api = await startTestApi({ readiness: { reference: async () => void mongoAsked++ } });
    const res = await api.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { queue: 'ok', storage: 'ok', state: 'ok', history: 'ok', reference: 'ok' } });
    expect(mongoAsked).toBe(1);
  });

  it('names the failing dependency and why, and still reports the others', async () => {
    const closedQueue = new InProcessJobQueue({ maxAttempts: 1, retryBaseDelayMs: 1 });
    await closedQueue.close();
    const missingRoot = new LocalFileStore(join(tmpdir(), `higia-missing-${randomUUID()}`));
    api = await startTestApi({ queue: closedQueue, storage: missingRoot });

    const res = await api.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.status).toBe('not-ready');
    expect(body.checks).toMatchObject({ queue: expect.stringContaining('closed'), state: 'ok', history: 'ok' });
    // The reason, without the machine's path.
    expect(body.checks.storage).toContain('<path>');
    expect(res.body).not.toContain('higia-missing-');
  });

  it('gives up on a check that never answers', async () => {
    api = await startTestApi({ readiness: { reference: () => new Promise(() => {}) }, readinessTimeoutMs: 50 });
    const res = await api.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toMatchObject({ reference: 'no answer within 50 ms', queue: 'ok' });
  });

  const brokerDown = () => Promise.reject(new Error('connect ECONNREFUSED amqp://user:secret@host:5672/vhost (10.1.2.3:5672)'));

  it('says which dependency fails without its URL, user, password or host', async () => {
    api = await startTestApi({
      readiness: {
        reference: async () => Promise.reject(new Error('auth failed for mongodb://higia:s3cret@mongo:27017/higia')),
        broker: brokerDown,
      },
    });
    const res = await api.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toMatchObject({
      reference: 'auth failed for <mongodb URL>',
      broker: 'connect ECONNREFUSED <amqp URL> (<address>)',
      queue: 'ok',
    });
    for (const secret of ['user', 'secret', 'host', '10.1.2.3', 'higia:', 's3cret', 'mongo:']) expect(res.body).not.toContain(secret);
  });

  it.each([
    ['no API_TOKEN is set', {}, {}],
    ['the Bearer token is wrong', { apiToken: 'tok' }, { authorization: 'Bearer nope' }],
  ])('hides the URL when %s', async (_, overrides, headers) => {
    api = await startTestApi({ ...overrides, readiness: { broker: brokerDown } });
    const res = await api.app.inject({ method: 'GET', url: '/ready', headers });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.broker).toBe('connect ECONNREFUSED <amqp URL> (<address>)');
  });

  it('shows the reason with the password removed to a caller with the Bearer token', async () => {
    api = await startTestApi({ apiToken: 'tok', readiness: { broker: brokerDown } });
    const res = await api.app.inject({ method: 'GET', url: '/ready', headers: { authorization: 'Bearer tok' } });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.broker).toBe('connect ECONNREFUSED amqp://user:***@host:5672/vhost (10.1.2.3:5672)');
    expect(res.body).not.toContain('secret');
  });
});

describe('publicReason', () => {
  it.each([
    ['queue closed', 'queue closed'],
    ['no answer within 50 ms', 'no answer within 50 ms'],
    ['getaddrinfo EAI_AGAIN https://u:p@cloud.example/remote.php/dav', 'getaddrinfo EAI_AGAIN <https URL>'],
    ['connect ECONNREFUSED 127.0.0.1:6379', 'connect ECONNREFUSED <address>'],
    ['connect ECONNREFUSED [::1]:27017', 'connect ECONNREFUSED <address>'],
    ["ENOENT: no such file or directory, stat '/srv/higia/data'", "ENOENT: no such file or directory, stat '<path>'"],
  ])('publicReason(%j)', (reason, want) => expect(publicReason(reason)).toBe(want));
});

describe('GET /metrics', () => {
  it('serves the Prometheus text with every higia metric', async () => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'higia_jobs_total',
      'higia_job_duration_seconds',
      'higia_rows_total',
      'higia_enrichment_lookups_total',
      'higia_job_retries_total',
      'higia_dead_lettered_total',
      'higia_jobs_in_progress',
      'higia_jobs',
      'process_cpu_user_seconds_total',
    ]) {
      expect(res.body).toContain(`# TYPE ${name} `);
    }
  });

  it('reflects a finished job, the queue counters and the jobs per status', async () => {
    api = await startTestApi();
    api.metrics.observeFinishedJob({
      status: 'completed',
      durationMs: 4_000,
      counts: { input: 10, kept: 7, duplicates: 2, rejected: 1 },
      enrichment: { pessoas: { lookups: 5, hits: 3, filled: 2 }, ceps: { lookups: 4, hits: 4 } },
    });
    api.metrics.jobsInProgress.inc();
    api.queue.stats.retried = 3;
    api.queue.stats.deadLettered = 1;
    await api.history.update('a', { fileName: 'a.csv', status: 'completed', attempts: 1 });
    await api.history.update('b', { fileName: 'b.csv', status: 'queued', attempts: 0 });
    await api.history.update('c', { fileName: 'c.csv', status: 'queued', attempts: 0 });

    const text = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('higia_jobs_total{status="completed"} 1');
    expect(text).toContain('higia_jobs_total{status="failed"} 0');
    expect(text).toContain('higia_job_duration_seconds_bucket{le="5",status="completed"} 1');
    expect(text).toContain('higia_job_duration_seconds_bucket{le="2.5",status="completed"} 0');
    expect(text).toContain('higia_job_duration_seconds_sum{status="completed"} 4');
    expect(text).toContain('higia_rows_total{outcome="kept"} 7');
    expect(text).toContain('higia_rows_total{outcome="duplicate"} 2');
    expect(text).toContain('higia_rows_total{outcome="rejected"} 1');
    expect(text).toContain('higia_enrichment_lookups_total{source="pessoas",result="hit"} 3');
    expect(text).toContain('higia_enrichment_lookups_total{source="pessoas",result="miss"} 2');
    expect(text).toContain('higia_enrichment_lookups_total{source="ceps",result="miss"} 0');
    expect(text).not.toContain('source="empresas"');
    expect(text).toContain('higia_jobs_in_progress 1');
    expect(text).toContain('higia_job_retries_total 3');
    expect(text).toContain('higia_dead_lettered_total 1');
    expect(text).toContain('higia_jobs{status="queued"} 2');
    expect(text).toContain('higia_jobs{status="completed"} 1');
    expect(text).toContain('higia_jobs{status="running"} 0');

    // Counters mirror the queue's totals at each scrape, not add them up.
    api.queue.stats.retried = 4;
    const again = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(again).toContain('higia_job_retries_total 4');
  });

  it('still answers when the history is down, without stale job counts', async () => {
    api = await startTestApi();
    await api.history.update('a', { fileName: 'a.csv', status: 'queued', attempts: 0 });
    expect((await api.app.inject({ method: 'GET', url: '/metrics' })).body).toContain('higia_jobs{status="queued"} 1');

    api.history.list = () => Promise.reject(new Error('mongo down'));
    const res = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('higia_jobs{');
    expect(res.body).toContain('higia_jobs_total{status="completed"} 0');
  });

  it('keeps two apps in one process apart', async () => {
    api = await startTestApi();
    const other = await startTestApi();
    try {
      other.metrics.observeFinishedJob({ status: 'failed', durationMs: 10 });
      expect((await other.app.inject({ method: 'GET', url: '/metrics' })).body).toContain('higia_jobs_total{status="failed"} 1');
      expect((await api.app.inject({ method: 'GET', url: '/metrics' })).body).toContain('higia_jobs_total{status="failed"} 0');
    } finally {
      await other.close();
    }
  });
});

describe('probesOnly (a worker-only process)', () => {
  it('serves the probes and metrics, and no job routes or docs', async () => {
    api = await startTestApi({ probesOnly: true });
    for (const url of ['/health', '/ready', '/metrics']) expect((await api.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    for (const [method, url] of [['POST', '/process'], ['GET', '/jobs'], ['GET', '/jobs/a'], ['GET', '/openapi.json'], ['GET', '/docs']] as const) {
      const res = await api.app.inject({ method, url, payload: method === 'POST' ? { file_name: 'a.csv' } : undefined });
      expect(res.statusCode).toBe(404);
    }
    expect(api.queue.readyCount).toBe(0);
  });
});
