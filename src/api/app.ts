import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { FileStore } from '../ports/file-store.js';
import type { JobHistory } from '../ports/job-history.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { JobStateStore } from '../ports/job-state-store.js';
import type { Metrics } from '../service/metrics.js';
import { BEARER_SCHEME, hasBearerToken, requireBearerToken } from './auth.js';
import { handleError, handleFrameworkError, handleNotFound } from './error-handler.js';
import { docsRoutes, registerOpenApi } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { metricsRoutes } from './routes/metrics.js';
import { processRoutes } from './routes/process.js';
import { sharedSchemas } from './schemas.js';

export interface ApiDeps {
  queue: Pick<JobQueue, 'publish' | 'check'>;
  history: JobHistory;
  state: Pick<JobStateStore, 'getProgress' | 'check'>;
  storage: Pick<FileStore, 'check'>;
  /** Extra readiness checks by name (e.g. the MongoDB reference store). */
  readiness?: Record<string, () => Promise<void>>;
  /** From createMetrics(); served at /metrics. */
  metrics: Metrics;
  /** When set, /process and /jobs* need `Authorization: Bearer <token>`. */
  apiToken?: string;
  /** Fastify's loggerInstance; false or absent: no request log. */
  logger?: Logger | false;
  /** Default crypto.randomUUID(). */
  newJobId?: () => string;
  /** Limit of each /ready check; default 2000 ms. */
  readinessTimeoutMs?: number;
  /** The version shown in the OpenAPI document; default: package.json's. */
  version?: string;
  /** Only /health, /ready and /metrics: a worker-only process has no jobs to take or show. */
  probesOnly?: boolean;
}

const DEFAULT_READINESS_TIMEOUT_MS = 2000;

/** The HTTP API, ready for `listen()` or `inject()`. Opens no port and owns none of its deps. */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = deps.logger
    ? (Fastify({ loggerInstance: deps.logger, frameworkErrors: handleFrameworkError }) as unknown as FastifyInstance)
    : Fastify({ logger: false, frameworkErrors: handleFrameworkError });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  for (const schema of sharedSchemas) app.addSchema(schema);

  const hasAuth = deps.apiToken !== undefined && deps.apiToken !== '';
  if (!deps.probesOnly) await registerOpenApi(app, { version: deps.version ?? packageVersion(), hasAuth });

  // Probes, metrics and docs are open on purpose: orchestrators and scrapers call them
  // without credentials, and they reveal no job data.
  await app.register(healthRoutes, {
    checks: {
      queue: () => deps.queue.check(),
      storage: () => deps.storage.check(),
      state: () => deps.state.check(),
      history: () => deps.history.check(),
      ...deps.readiness,
    },
    timeoutMs: deps.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS,
    // Only a caller with the token sees the raw reasons; without API_TOKEN nobody does.
    showsDetails: hasAuth ? (request) => hasBearerToken(request, deps.apiToken!) : () => false,
  });
  await app.register(metricsRoutes, { metrics: deps.metrics, history: deps.history });
  if (deps.probesOnly) return ready(app);
  await app.register(docsRoutes);

  const security = hasAuth ? [{ [BEARER_SCHEME]: [] }] : [];
  await app.register(async (jobsScope) => {
    if (hasAuth) jobsScope.addHook('onRequest', requireBearerToken(deps.apiToken!));
    await jobsScope.register(processRoutes, { queue: deps.queue, history: deps.history, newJobId: deps.newJobId ?? randomUUID, security });
    await jobsScope.register(jobRoutes, { history: deps.history, state: deps.state, security });
  });

  return ready(app);
}

async function ready(app: FastifyInstance): Promise<FastifyInstance> {
  await app.ready();
  return app;
}

/** src/api and dist/api both sit two levels below the package root. */
function packageVersion(): string {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0-dev';
  }
}
