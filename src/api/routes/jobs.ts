import type { FastifyInstance } from 'fastify';
import type { JobHistory, JobStatus } from '../../ports/job-history.js';
import type { JobStateStore } from '../../ports/job-state-store.js';
import { errorResponses, jobIdParamsSchema, jobListQuerySchema, jobListSchema } from '../schemas.js';

export interface JobRouteDeps {
  readonly history: JobHistory;
  readonly state: Pick<JobStateStore, 'getProgress'>;
  readonly security: Record<string, string[]>[];
}

/** Progress is kept only while a worker holds the job; other statuses have none to show. */
const HAS_PROGRESS: ReadonlySet<JobStatus> = new Set(['running', 'retrying']);

export async function jobRoutes(app: FastifyInstance, deps: JobRouteDeps): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/jobs/:id',
    {
      schema: {
        summary: 'One job, with live progress while it runs',
        tags: ['jobs'],
        security: deps.security,
        params: jobIdParamsSchema,
        response: { 200: { description: 'The job', $ref: 'Job#' }, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const record = await deps.history.get(id);
      if (!record) return reply.code(404).send({ error: 'NOT_FOUND', message: `no job ${id}` });
      if (!HAS_PROGRESS.has(record.status)) return record;
      const progress = await deps.state.getProgress(id);
      return progress ? { ...record, progress } : record;
    },
  );

  app.get<{ Querystring: { limit: number; offset: number; status?: JobStatus } }>(
    '/jobs',
    {
      schema: {
        summary: 'Jobs, newest first',
        description: 'Items leave out the summary; ask for one job to get it.',
        tags: ['jobs'],
        security: deps.security,
        querystring: jobListQuerySchema,
        response: { 200: jobListSchema, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const { limit, offset, status } = request.query;
      const { items, total } = await deps.history.list({ limit, offset, ...(status ? { status } : {}) });
      return { items, total, limit, offset };
    },
  );
}
