import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/support/api-harness.js';

let api: TestApi;
afterEach(async () => api?.close());

const post = (body: unknown) => api.app.inject({ method: 'POST', url: '/process', payload: body as object });
/** Sends the text as it is: escapes such as `\ud800` and depths JSON.stringify cannot produce. */
const postRaw = (json: string) => api.app.inject({ method: 'POST', url: '/process', headers: { 'content-type': 'application/json' }, payload: json });
const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

async function expectNothingQueued(): Promise<void> {
  expect(api.queue.readyCount).toBe(0);
  expect((await api.history.list({ limit: 10, offset: 0 })).total).toBe(0);
}

describe('POST /process', () => {
  it('records the job as queued, publishes the message and answers 202 with where to follow it', async () => {
    const jobId = `job-${randomUUID()}`;
    api = await startTestApi({ newJobId: () => jobId });
    const res = await post({ file_name: '2026/clientes.csv', lang: 'en', options: { formats: ['csv'] }, extra: 'kept' });

    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ job_id: jobId, status: 'queued', file_name: '2026/clientes.csv', status_url: `/jobs/${jobId}` });
    expect(res.headers.location).toBe(`/jobs/${jobId}`);
    expect(api.queue.readyCount).toBe(1);
    expect(await api.nextPublished()).toEqual({
      file_name: '2026/clientes.csv',
      lang: 'en',
      options: { formats: ['csv'] },
      extra: 'kept',
      job_id: jobId,
    });
    expect(await api.history.get(jobId)).toMatchObject({ id: jobId, fileName: '2026/clientes.csv', status: 'queued', attempts: 0 });
  });

  it('records the job before publishing it, so a fast worker finds the record', async () => {
    api = await startTestApi();
    const seenByWorker: unknown[] = [];
    const consumer = await api.queue.consume(async (delivery) => void seenByWorker.push(await api.history.get(delivery.message.job_id!)), { prefetch: 1 });
    const res = await post({ file_name: 'a.csv' });
    await consumer.stop(1000);
    expect(seenByWorker).toEqual([expect.objectContaining({ id: res.json().job_id, status: 'queued' })]);
  });

  it("keeps the client's job_id", async () => {
    api = await startTestApi({ newJobId: () => 'generated' });
    const jobId = `client-${randomUUID()}`;
    const res = await post({ file_name: 'a.csv', job_id: jobId });
    expect(res.statusCode).toBe(202);
    expect(res.json().job_id).toBe(jobId);
    expect((await api.nextPublished()).job_id).toBe(jobId);
    expect(await api.history.get('generated')).toBeUndefined();
  });

  it('gives each job a fresh UUID by default', async () => {
    api = await startTestApi();
    const first = (await post({ file_name: 'a.csv' })).json().job_id;
    const second = (await post({ file_name: 'a.csv' })).json().job_id;
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });

  it.each([
    ['a missing file_name', { lang: 'en' }, /file_name/],
    ['a parent-folder escape', { file_name: '../etc/passwd' }, /\.\./],
    ['an absolute path', { file_name: '/abs' }, /absolute/],
    ['a backslash', { file_name: 'a\\b' }, /backslash/],
    ['a control character', { file_name: 'a\u0000b.csv' }, /control/],
    ['an unknown lang', { file_name: 'a.csv', lang: 'fr' }, /lang/],
    ['a non-string file_name', { file_name: 42 }, /file_name/],
    ['a job_id with a slash', { file_name: 'a.csv', job_id: 'a/b' }, /job_id/],
  ])('rejects %s with 400 INVALID_MESSAGE and queues nothing', async (_, body, reason) => {
    api = await startTestApi();
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'INVALID_MESSAGE', message: expect.stringMatching(reason) });
    expect(api.queue.readyCount).toBe(0);
    expect((await api.history.list({ limit: 10, offset: 0 })).total).toBe(0);
  });

  it.each([
    ['a high surrogate', '{"file_name": "a\\ud800.csv"}'],
    ['a low surrogate', '{"file_name": "pasta/\\udc00.csv"}'],
  ])('rejects a file_name with %s alone with 400 and the reason, instead of a job that dead-letters later', async (_, json) => {
    api = await startTestApi();
    const res = await postRaw(json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'INVALID_MESSAGE', message: expect.stringMatching(/^file_name: .*lone UTF-16 surrogate/) });
    await expectNothingQueued();
  });

  it('accepts a file_name with a proper surrogate pair (an emoji)', async () => {
    api = await startTestApi();
    const res = await postRaw('{"file_name": "relat\\u00f3rio \\ud83d\\udcca.csv"}');
    expect(res.statusCode).toBe(202);
    expect(res.json().file_name).toBe('relatório 📊.csv');
  });

  it.each([
    ['one level too deep', 33],
    ['100,000 levels deep', 100_000],
  ])('rejects a layout nested %s with 400, not the 503 of a publish that overflowed the stack', async (_, levels) => {
    api = await startTestApi();
    const res = await postRaw(`{"file_name": "a.csv", "layout": ${deepJson(levels)}}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'INVALID_MESSAGE', message: 'layout: nested deeper than 32 levels' });
    await expectNothingQueued();
  });

  it('rejects an unknown field nested too deep as well, since it is published with the message', async () => {
    api = await startTestApi();
    const res = await postRaw(`{"file_name": "a.csv", "extra": ${deepJson(10_000)}}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'INVALID_MESSAGE', message: 'extra: nested deeper than 32 levels' });
    await expectNothingQueued();
  });

  it('rejects a layout with too many keys with 400', async () => {
    api = await startTestApi();
    const columns = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`c${i}`, 'text']));
    const res = await post({ file_name: 'a.csv', layout: { columns } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'INVALID_MESSAGE', message: expect.stringMatching(/^layout: .*more than 10000 keys/) });
    await expectNothingQueued();
  });

  it.each([
    ['an unknown key', { colums: {} }, /layout is invalid: .*colums/],
    ['an unknown field type', { columns: { CPF: 'cpff' } }, /layout is invalid: columns\.CPF/],
    ['a wrong delimiter', { input: { delimiter: '#' } }, /layout is invalid: input\.delimiter/],
  ])('rejects a layout with %s with 400 naming the problem', async (_, layout, reason) => {
    api = await startTestApi();
    const res = await post({ file_name: 'a.csv', layout });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'INVALID_MESSAGE', message: expect.stringMatching(reason) });
    await expectNothingQueued();
  });

  it('queues a valid layout as the client sent it', async () => {
    api = await startTestApi();
    const layout = { columns: { CPF: 'cpf' }, dedupe: { enabled: false } };
    const res = await post({ file_name: 'a.csv', layout });
    expect(res.statusCode).toBe(202);
    expect((await api.nextPublished()).layout).toEqual(layout);
  });

  it('rejects a body that is not JSON with 400 INVALID_JSON', async () => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'POST', url: '/process', headers: { 'content-type': 'application/json' }, payload: '{"file_name": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'INVALID_JSON', message: expect.stringMatching(/JSON/i) });
    expect(api.queue.readyCount).toBe(0);
  });

  it('rejects an empty JSON body, a plain-text body and an array with 400', async () => {
    api = await startTestApi();
    const empty = await api.app.inject({ method: 'POST', url: '/process', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe('INVALID_JSON');
    const text = await api.app.inject({ method: 'POST', url: '/process', headers: { 'content-type': 'text/plain' }, payload: '{"file_name":"a.csv"}' });
    expect(text.statusCode).toBe(400);
    expect(text.json()).toEqual({ error: 'INVALID_MESSAGE', message: expect.stringContaining('Content-Type: application/json') });
    const array = await post([{ file_name: 'a.csv' }]);
    expect(array.statusCode).toBe(400);
    expect(array.json().error).toBe('INVALID_MESSAGE');
    expect(api.queue.readyCount).toBe(0);
  });

  it('answers 415 for a content type it cannot parse', async () => {
    api = await startTestApi();
    const form = await api.app.inject({
      method: 'POST',
      url: '/process',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'file_name=a.csv',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json()).toEqual({ error: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('Content-Type: application/json') });
    expect(api.queue.readyCount).toBe(0);
  });

  it('answers 409 for a job_id already in the history, and publishes nothing', async () => {
    api = await startTestApi();
    const jobId = `dup-${randomUUID()}`;
    expect((await post({ file_name: 'a.csv', job_id: jobId })).statusCode).toBe(202);
    await api.nextPublished();
    const again = await post({ file_name: 'b.csv', job_id: jobId });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'JOB_EXISTS', message: expect.stringContaining(jobId) });
    expect(api.queue.readyCount).toBe(0);
    expect((await api.history.get(jobId))?.fileName).toBe('a.csv');
  });

  it('answers 503 when the queue refuses the message, and marks the job failed', async () => {
    api = await startTestApi({ newJobId: () => 'unpublished' });
    await api.queue.close(); // a closed queue rejects every publish, as a broker outage does
    const res = await post({ file_name: 'a.csv' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'QUEUE_UNAVAILABLE', message: expect.stringContaining('closed') });
    expect(await api.history.get('unpublished')).toMatchObject({
      status: 'failed',
      error: { code: 'QUEUE_UNAVAILABLE', message: expect.stringContaining('closed') },
    });
  });

  it('keeps credentials of a failing broker URL out of the 503', async () => {
    api = await startTestApi({
      queue: {
        // A broker fault that quotes its URL, as drivers do; the in-process queue has none to quote.
        publish: async () => Promise.reject(new Error('connect ECONNREFUSED amqp://higia:s3cret@rabbit:5672')),
        check: async () => {},
      },
    });
    const res = await post({ file_name: 'a.csv' });
    expect(res.statusCode).toBe(503);
    expect(res.body).not.toContain('s3cret');
    expect(res.json().message).toContain('amqp://higia:***@rabbit:5672');
  });
});
