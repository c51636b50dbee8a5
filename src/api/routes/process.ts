import type { FastifyInstance, FastifySchema } from 'fastify';
import { parseLayout } from '../../config/layout.js';
import { parseJobMessage } from '../../domain/job-message.js';
import { ConfigError, InvalidMessageError } from '../../errors.js';
import type { JobHistory } from '../../ports/job-history.js';
import type { JobQueue } from '../../ports/job-queue.js';
import { redactCredentials } from '../../redact-credentials.js';
import { errorResponses, jobAcceptedSchema, processBodySchema } from '../schemas.js';

export interface ProcessRouteDeps {
  readonly queue: Pick<JobQueue, 'publish'>;
  readonly history: JobHistory;
  readonly newJobId: () => string;
  /** OpenAPI security requirement of this route (empty when no token is configured). */
  readonly security: Record<string, string[]>[];
}

/** POST /process: the HTTP twin of the legacy producer's `{"file_name": …}` message. */
export async function processRoutes(app: FastifyInstance, deps: ProcessRouteDeps): Promise<void> {
  app.post(
    '/process',
    {
      schema: {
        summary: 'Queue a file for cleaning',
        description: 'Records the job as queued and publishes it to the work queue; follow it at `status_url`.',
        tags: ['jobs'],
        security: deps.security,
        body: processBodySchema,
        response: { 202: jobAcceptedSchema, ...errorResponses(400, 401, 409, 413, 415, 503) },
      } satisfies FastifySchema as FastifySchema,
      // The body schema only documents: parseJobMessage (zod) validates, exactly as the queue does.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      // Fastify also parses text/plain; a string body is a client that forgot the content type.
      if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
        throw new InvalidMessageError('the body must be a JSON object sent with Content-Type: application/json');
      }
      const message = parseJobMessage(request.body);
      checkLayout(message.layout);
      const jobId = message.job_id ?? deps.newJobId();
      // Not atomic with the update below: two simultaneous requests with the same new
      // job_id can both pass. A client reusing its own id is the case this guards.
      if (await deps.history.get(jobId)) {
        return reply.code(409).send({ error: 'JOB_EXISTS', message: `job ${jobId} already exists` });
      }
      await deps.history.update(jobId, { fileName: message.file_name, status: 'queued', attempts: 0 });
      try {
        await deps.queue.publish({ ...message, job_id: jobId });
      } catch (error) {
        const reason = `could not publish the job: ${redactCredentials((error as Error).message)}`;
        request.log.error({ jobId, reason }, 'publish failed');
        // The record must not stay "queued" for a job no worker will ever see.
        await deps.history
          .update(jobId, { status: 'failed', finishedAt: new Date().toISOString(), error: { code: 'QUEUE_UNAVAILABLE', message: reason } })
          .catch((historyError: unknown) => request.log.error({ err: historyError, jobId }, 'could not mark the unpublished job failed'));
        return reply.code(503).send({ error: 'QUEUE_UNAVAILABLE', message: reason });
      }
      const statusUrl = `/jobs/${encodeURIComponent(jobId)}`;
      request.log.info({ jobId, fileName: message.file_name }, 'job queued');
      return reply.code(202).header('location', statusUrl).send({ job_id: jobId, status: 'queued', file_name: message.file_name, status_url: statusUrl });
    },
  );
}

/**
 * The worker would fail the job on the same layout (see `messageLayout` in the job): the
 * client is told now, with the reason, instead of finding a failed job later.
 */
function checkLayout(layout: unknown): void {
  if (layout === undefined) return;
  try {
    parseLayout(layout, 'layout');
  } catch (error) {
    if (error instanceof ConfigError) throw new InvalidMessageError(error.message, { cause: error });
    throw error;
  }
}
