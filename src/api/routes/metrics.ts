import type { FastifyInstance } from 'fastify';
import { JOB_STATUSES, type JobHistory } from '../../ports/job-history.js';
import type { Metrics } from '../../service/metrics.js';

export interface MetricsRouteDeps {
  readonly metrics: Metrics;
  readonly history: Pick<JobHistory, 'list'>;
}

/**
 * Sets `higia_jobs{status}` from the history: one count per status (a one-item page each),
 * cheap with the status index. If the history is down the gauge is cleared rather than
 * left stale, and the rest of the scrape still succeeds.
 */
async function refreshJobCounts(deps: MetricsRouteDeps): Promise<void> {
  const totals = await Promise.all(JOB_STATUSES.map((status) => deps.history.list({ limit: 1, offset: 0, status }).then((page) => page.total)));
  JOB_STATUSES.forEach((status, i) => deps.metrics.jobsByStatus.set({ status }, totals[i]!));
}

export async function metricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps): Promise<void> {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        description: 'Text exposition format. Open, like the probes: scrapers carry no credentials and it holds no job data.',
        tags: ['probes'],
        response: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
    async (request, reply) => {
      try {
        await refreshJobCounts(deps);
      } catch (error) {
        deps.metrics.jobsByStatus.reset();
        request.log.warn({ err: error }, 'job counts unavailable for this scrape');
      }
      const registry = deps.metrics.registry;
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}
