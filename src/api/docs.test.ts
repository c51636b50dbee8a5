import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/support/api-harness.js';

let api: TestApi;
afterEach(async () => api?.close());

describe('OpenAPI', () => {
  it('describes every route in an OpenAPI 3 document', async () => {
    api = await startTestApi({ version: '1.2.3' });
    const res = await api.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Higia', version: '1.2.3' });
    expect(Object.keys(doc.paths).sort()).toEqual(['/health', '/jobs', '/jobs/{id}', '/metrics', '/process', '/ready']);

    const process = doc.paths['/process'].post;
    expect(process.requestBody.content['application/json'].schema).toMatchObject({
      required: ['file_name'],
      properties: { file_name: { type: 'string' }, lang: { enum: ['pt-BR', 'en'] } },
    });
    expect(Object.keys(process.responses).sort()).toEqual(['202', '400', '401', '409', '413', '415', '503']);

    const list = doc.paths['/jobs'].get;
    expect(list.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort()).toEqual([
      'query:limit',
      'query:offset',
      'query:status',
    ]);
    expect(list.parameters.find((p: { name: string }) => p.name === 'offset').schema).toMatchObject({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
    expect(doc.paths['/jobs/{id}'].get.parameters[0]).toMatchObject({ in: 'path', name: 'id', required: true });
    expect(doc.paths['/ready'].get.responses).toHaveProperty('503');
    expect(doc.paths['/metrics'].get.responses['200'].content).toHaveProperty(['text/plain']);
  });

  it('shows the package version unless told otherwise', async () => {
    api = await startTestApi();
    const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('resolves every schema reference it uses', async () => {
    api = await startTestApi();
    const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of new Set(refs)) expect(doc.components.schemas).toHaveProperty([name]);
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Error', 'Job', 'JobListItem']);
  });
});

describe('GET /docs', () => {
  it('serves the Swagger UI page and its assets locally', async () => {
    api = await startTestApi();
    const page = await api.app.inject({ method: 'GET', url: '/docs' });
    const html = page.statusCode === 302 ? await api.app.inject({ method: 'GET', url: page.headers.location as string }) : page;
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('swagger-ui');
    const script = /src="([^"]*swagger-ui-bundle\.js)"/.exec(html.body)?.[1];
    expect(script).toMatch(/^\/docs\//);
    const asset = await api.app.inject({ method: 'GET', url: script! });
    expect(asset.statusCode).toBe(200);
    expect(asset.body.length).toBeGreaterThan(100_000);
  });
});
