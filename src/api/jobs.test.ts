import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryJobHistory } from '../adapters/history/memory-job-history.js';
import { UpstreamUnavailableError } from '../errors.js';
import type { JobProgressState } from '../ports/job-state-store.js';
import { startTestApi, type TestApi } from '../../test/support/api-harness.js';

let api: TestApi;
afterEach(async () => api?.close());

const progress: JobProgressState = { phase: 'reading', rows: 1200, percent: 40, updatedAt: '2026-01-02T03:04:05.000Z' };

describe('GET /jobs/:id', () => {
  it('returns the record with its live progress while it runs', async () => {
    api = await startTestApi();
    const id = `run-${randomUUID()}`;
    await api.history.update(id, { fileName: 'a.csv', status: 'running', attempts: 1, input: { etag: '"e1"', size: 10 } });
    await api.state.setProgress(id, progress);

    const res = await api.app.inject({ method: 'GET', url: `/jobs/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, fileName: 'a.csv', status: 'running', attempts: 1, input: { etag: '"e1"', size: 10 }, progress });
  });

  it('shows no progress once the job is over, even if some is left in the store', async () => {
    api = await startTestApi();
    const id = `done-${randomUUID()}`;
    const summary = { rows: { kept: 2, duplicates: 1, rejected: 0 }, lang: 'pt-BR' };
    await api.history.update(id, {
      fileName: 'a.csv',
      status: 'completed',
      attempts: 1,
      counts: { input: 3, kept: 2, duplicates: 1, rejected: 0 },
      outputs: ['finalizado/a_higienizado.csv'],
      summary,
    });
    await api.state.setProgress(id, progress);

    const body = (await api.app.inject({ method: 'GET', url: `/jobs/${id}` })).json();
    expect(body).not.toHaveProperty('progress');
    expect(body).toMatchObject({ status: 'completed', counts: { input: 3, kept: 2 }, outputs: ['finalizado/a_higienizado.csv'], summary });
  });

  it('answers 404 NOT_FOUND for an unknown job', async () => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'GET', url: '/jobs/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'NOT_FOUND', message: 'no job nope' });
  });
});

describe('GET /jobs', () => {
  // Distinct creation times make "newest first" observable.
  async function historyOf(statuses: ('queued' | 'completed' | 'failed')[]): Promise<MemoryJobHistory> {
    let tick = Date.parse('2026-01-01T00:00:00Z');
    const history = new MemoryJobHistory({ now: () => new Date((tick += 1000)) });
    for (const [i, status] of statuses.entries()) await history.update(`job-${i}`, { fileName: `f${i}.csv`, status, attempts: 0, summary: { big: true } });
    return history;
  }

  it('pages newest first with the total and the page bounds, leaving summaries out', async () => {
    api = await startTestApi({ history: await historyOf(['queued', 'completed', 'failed', 'completed', 'queued']) });
    const res = await api.app.inject({ method: 'GET', url: '/jobs?limit=2&offset=1' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(body.items.map((j: { id: string }) => j.id)).toEqual(['job-3', 'job-2']);
    expect(body.items[0]).not.toHaveProperty('summary');
  });

  it('defaults to the first 20 jobs', async () => {
    api = await startTestApi({ history: await historyOf(Array.from({ length: 25 }, () => 'queued' as const)) });
    const body = (await api.app.inject({ method: 'GET', url: '/jobs' })).json();
    expect(body).toMatchObject({ total: 25, limit: 20, offset: 0 });
    expect(body.items).toHaveLength(20);
    expect(body.items[0].id).toBe('job-24');
  });

  it('filters by status', async () => {
    api = await startTestApi({ history: await historyOf(['queued', 'completed', 'failed', 'completed', 'queued']) });
    const body = (await api.app.inject({ method: 'GET', url: '/jobs?status=completed' })).json();
    expect(body.total).toBe(2);
    expect(body.items.map((j: { id: string }) => j.id)).toEqual(['job-3', 'job-1']);
  });

  it.each([
    ['limit=0', /limit/],
    ['limit=101', /limit/],
    ['limit=abc', /limit/],
    ['limit=-5', /limit/],
    ['limit=1e20', /limit/],
    ['offset=-1', /offset/],
    ['offset=abc', /offset/],
    ['offset=1.5', /offset/],
    // Beyond 2^53 a number is no longer exact; the history's skip would fail as a 500.
    ['offset=1e20', /offset must be <= 9007199254740991/],
    ['offset=9007199254740992', /offset must be <= 9007199254740991/],
    ['offset=9007199254740993', /offset must be <= 9007199254740991/],
    ['offset=99999999999999999999999999999', /offset must be <= 9007199254740991/],
    ['status=done', /status/],
  ])('rejects %s with 400 INVALID_REQUEST', async (query, reason) => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'GET', url: `/jobs?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'INVALID_REQUEST', message: expect.stringMatching(reason) });
  });

  it('accepts the largest safe offset', async () => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'GET', url: `/jobs?offset=${Number.MAX_SAFE_INTEGER}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], total: 0, limit: 20, offset: Number.MAX_SAFE_INTEGER });
  });

  it('accepts the largest page', async () => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'GET', url: '/jobs?limit=100' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
  });
});

describe('failures of a dependency', () => {
  it('answer 503 for a transient one, with its code', async () => {
    api = await startTestApi();
    api.history.get = () => Promise.reject(new UpstreamUnavailableError('history unreachable at mongodb://higia:s3cret@db'));
    const res = await api.app.inject({ method: 'GET', url: '/jobs/a' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'UPSTREAM_UNAVAILABLE', message: 'history unreachable at mongodb://higia:***@db' });
  });

  it('answer 500 for anything else, keeping the details in the log', async () => {
    api = await startTestApi();
    api.history.list = () => Promise.reject(new TypeError('internal detail'));
    const res = await api.app.inject({ method: 'GET', url: '/jobs' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'INTERNAL_ERROR', message: expect.any(String) });
    expect(res.body).not.toContain('internal detail');
  });
});

describe('unknown routes', () => {
  it('answer 404 in the same error shape', async () => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'GET', url: '/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'NOT_FOUND', message: 'no route GET /nothing-here' });
  });
});
