import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/support/api-harness.js';
import { bearerTokenOf, isSameToken } from './auth.js';

let api: TestApi;
afterEach(async () => api?.close());

const token = `tok-${randomUUID()}`;
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describe('Bearer auth (API_TOKEN set)', () => {
  it.each([
    ['POST', '/process'],
    ['GET', '/jobs'],
    ['GET', '/jobs/some-id'],
  ] as const)('refuses %s %s without a token, before reading the body', async (method, url) => {
    api = await startTestApi({ apiToken: token });
    const res = await api.app.inject({ method, url, payload: method === 'POST' ? '{not json' : undefined, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="higia"');
    expect(res.json()).toMatchObject({ error: 'UNAUTHORIZED' });
  });

  it.each([
    ['a wrong token', bearer(`${token}x`)],
    ['a prefix of the token', bearer(token.slice(0, -1))],
    ['another scheme', { authorization: `Basic ${token}` }],
  ])('refuses %s', async (_, headers) => {
    api = await startTestApi({ apiToken: token });
    const res = await api.app.inject({ method: 'POST', url: '/process', payload: { file_name: 'a.csv' }, headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('UNAUTHORIZED');
    expect(api.queue.readyCount).toBe(0);
    expect((await api.history.list({ limit: 1, offset: 0 })).total).toBe(0);
  });

  it('says the token was invalid when one was offered', async () => {
    api = await startTestApi({ apiToken: token });
    const res = await api.app.inject({ method: 'GET', url: '/jobs', headers: bearer('wrong') });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="higia", error="invalid_token"');
  });

  it('accepts the right token', async () => {
    api = await startTestApi({ apiToken: token });
    const res = await api.app.inject({ method: 'POST', url: '/process', payload: { file_name: 'a.csv' }, headers: bearer(token) });
    expect(res.statusCode).toBe(202);
    const jobs = await api.app.inject({ method: 'GET', url: '/jobs', headers: { authorization: `bearer  ${token}` } });
    expect(jobs.statusCode).toBe(200);
    expect(jobs.json().total).toBe(1);
  });

  it.each(['/health', '/ready', '/metrics', '/openapi.json', '/docs'])('leaves %s open for probes, scrapers and readers', async (url) => {
    api = await startTestApi({ apiToken: token });
    const res = await api.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBeLessThan(400);
  });

  it('documents the Bearer scheme on the job routes only', async () => {
    api = await startTestApi({ apiToken: token });
    const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/process'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/health'].get.security).toBeUndefined();
  });

  it('never writes the token to the log, even at trace level without redaction', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    api = await startTestApi({ apiToken: token, logger: pino({ level: 'trace' }, sink) });
    await api.app.inject({ method: 'POST', url: '/process', payload: { file_name: 'a.csv' }, headers: bearer(token) });
    await api.app.inject({ method: 'GET', url: '/jobs', headers: bearer(`${token}-wrong`) });
    expect(lines.join('')).toContain('request completed');
    expect(lines.join('')).not.toContain(token);
  });
});

describe('without API_TOKEN', () => {
  it('lets anyone queue a job', async () => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'POST', url: '/process', payload: { file_name: 'a.csv' } });
    expect(res.statusCode).toBe(202);
  });
});

describe('token helpers', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc ', 'abc'],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['Basic abc', undefined],
    [undefined, undefined],
  ])('bearerTokenOf(%j)', (header, want) => expect(bearerTokenOf(header)).toBe(want));

  it('compares tokens of any length', () => {
    expect(isSameToken('abc', 'abc')).toBe(true);
    expect(isSameToken('abc', 'abcd')).toBe(false);
    expect(isSameToken('', 'abc')).toBe(false);
  });
});
