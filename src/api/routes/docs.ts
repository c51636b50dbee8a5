import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { BEARER_SCHEME } from '../auth.js';

export interface OpenApiInfo {
  readonly version: string;
  /** Whether the job routes need a Bearer token (documents the security scheme). */
  readonly hasAuth: boolean;
}

/**
 * Must be registered before the routes: @fastify/swagger collects each route's schema as
 * it is added.
 */
export async function registerOpenApi(app: FastifyInstance, info: OpenApiInfo): Promise<void> {
  await app.register(swagger, {
    // Components keep the names of the shared schemas (`Error`, `Job`) instead of `def-0`.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Higia',
        description: 'Cleans and enriches Brazilian customer and company files (CSV/XLSX) through a job queue.',
        version: info.version,
      },
      tags: [
        { name: 'jobs', description: 'Queue files and follow their jobs' },
        { name: 'probes', description: 'Liveness, readiness and metrics (no credentials needed)' },
      ],
      components: info.hasAuth ? { securitySchemes: { [BEARER_SCHEME]: { type: 'http', scheme: 'bearer' } } } : {},
    },
  });
}

/** The OpenAPI document at /openapi.json and the Swagger UI at /docs (assets served from the npm package). */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } });
}
