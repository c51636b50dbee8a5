import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/support/api-harness.js';
import { UpstreamUnavailableError } from '../errors.js';
import type { ApiDeps } from './app.js';
import { errorSchema } from './schemas.js';

let api: TestApi;
afterEach(async () => api?.close());

const json = { 'content-type': 'application/json' };
const TOKEN = 'tok-error-shape';

/** Each case: how to provoke the status, and the stable code the body must carry. */
type Arrange = (api: TestApi) => Promise<unknown>;
const cases: Array<[string, number, string, InjectOptions, Partial<ApiDeps>?, Arrange?]> = [
  ['an unknown route', 404, 'NOT_FOUND', { method: 'GET', url: '/nothing-here' }],
  ['an unknown method on a known path', 404, 'NOT_FOUND', { method: 'DELETE', url: '/jobs' }],
  ['an unknown job', 404, 'NOT_FOUND', { method: 'GET', url: '/jobs/nope' }],
  ['a form body', 415, 'UNSUPPORTED_MEDIA_TYPE', { method: 'POST', url: '/process', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'file_name=a.csv' }],
  ['a body over the limit', 413, 'PAYLOAD_TOO_LARGE', { method: 'POST', url: '/process', headers: json, payload: `{"file_name":"${'a'.repeat(2 * 1024 * 1024)}"}` }],
  ['malformed JSON', 400, 'INVALID_JSON', { method: 'POST', url: '/process', headers: json, payload: '{"file_name": ' }],
  ['an empty JSON body', 400, 'INVALID_JSON', { method: 'POST', url: '/process', headers: json, payload: '' }],
  ['a Content-Length that does not match', 400, 'INVALID_CONTENT_LENGTH', { method: 'POST', url: '/process', headers: { ...json, 'content-length': '5' }, payload: '{"file_name":"a.csv"}' }],
  ['a bad message', 400, 'INVALID_MESSAGE', { method: 'POST', url: '/process', payload: { file_name: '../x' } }],
  ['a bad query', 400, 'INVALID_REQUEST', { method: 'GET', url: '/jobs?offset=1e20' }],
  ['a malformed %-escape in the path', 400, 'INVALID_REQUEST', { method: 'GET', url: '/jobs/%E0%A4%A' }],
  ['a missing token', 401, 'UNAUTHORIZED', { method: 'GET', url: '/jobs' }, { apiToken: TOKEN }],
  ['a wrong token', 401, 'UNAUTHORIZED', { method: 'POST', url: '/process', headers: { authorization: 'Bearer nope' }, payload: { file_name: 'a.csv' } }, { apiToken: TOKEN }],
  [
    'a job_id in use',
    409,
    'JOB_EXISTS',
    { method: 'POST', url: '/process', payload: { file_name: 'a.csv', job_id: 'taken' } },
    {},
    async (api) => api.history.update('taken', { fileName: 'a.csv', status: 'completed', attempts: 1 }),
  ],
  ['a queue that is down', 503, 'QUEUE_UNAVAILABLE', { method: 'POST', url: '/process', payload: { file_name: 'a.csv' } }, {}, async (api) => api.queue.close()],
  [
    'a history that is down',
    503,
    'UPSTREAM_UNAVAILABLE',
    { method: 'GET', url: '/jobs' },
    {},
    async (api) => {
      api.history.list = () => Promise.reject(new UpstreamUnavailableError('history down'));
    },
  ],
  [
    'a bug',
    500,
    'INTERNAL_ERROR',
    { method: 'GET', url: '/jobs' },
    {},
    async (api) => {
      api.history.list = () => Promise.reject(new TypeError('boom'));
    },
  ],
];

describe('every error body has the documented Error shape', () => {
  it('is the Error schema: a stable code and a message, nothing else', () => {
    expect(errorSchema.required).toEqual(['error', 'message']);
    expect(Object.keys(errorSchema.properties)).toEqual(['error', 'message']);
  });

  it.each(cases)('%s → %i %s', async (_, status, code, request, overrides = {}, arrange) => {
    api = await startTestApi(overrides);
    await arrange?.(api);
    const res = await api.app.inject(request);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ error: code, message: expect.stringMatching(/\S/) });
  });
});
