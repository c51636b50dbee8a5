import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EnrichmentCounts } from '../pipeline/stages/enrich-rows.js';
import type { QueueStats } from '../ports/job-queue.js';
import type { PhaseTimes } from './job-phases.js';
import { REFERENCE_SOURCES, type ReferenceSource } from '../ports/reference-store.js';

/** How a job ended: `reused` answered from an earlier job's outputs (same file, same ETag). */
export type FinishedJobStatus = 'completed' | 'failed' | 'reused';

/** One finished job, as the worker knows it; everything but the status is optional detail. */
export interface FinishedJob {
  readonly status: FinishedJobStatus;
  readonly durationMs: number;
  /** The JobRecord's counts; `input` is accepted and not exported (it is the sum of the others). */
  readonly counts?: { readonly input?: number; readonly kept: number; readonly duplicates: number; readonly rejected: number };
  /** The summary's `enrichment` as is; `filled` is accepted and not exported. */
  readonly enrichment?: Partial<Record<ReferenceSource, Pick<EnrichmentCounts, 'lookups' | 'hits'> & Partial<EnrichmentCounts>>>;
  /** Milliseconds per phase (see JOB_PHASES); observed for completed jobs only. */
  readonly phasesMs?: PhaseTimes;
}

export interface MetricsOptions {
  /**
   * Read at every scrape for the retry and dead-letter counters. A closure such as
   * `() => queue.stats` is fine even if the queue is created after the metrics.
   */
  readonly queueStats?: () => QueueStats;
}

export interface Metrics {
  /** Its own registry, never prom-client's global one: two apps (or tests) in one process don't clash. */
  readonly registry: Registry;
  /** The worker increments when a job starts and decrements when it ends, whatever the outcome. */
  readonly jobsInProgress: Gauge;
  /** Jobs in the history per status; set at scrape time by the API (see `routes/metrics.ts`). */
  readonly jobsByStatus: Gauge<'status'>;
  /**
   * A call to a dependency retried inside the job (not the job itself: see
   * higia_job_retries_total). `dependency`: owncloud, redis, mongodb; `operation`: the call.
   */
  readonly dependencyRetries: Counter<'dependency' | 'operation'>;
  observeFinishedJob(job: FinishedJob): void;
}

// Jobs range from a few rows (under a second) to files of millions of rows (tens of minutes).
const DURATION_BUCKETS_S = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800];
// A phase of a small file takes a millisecond or two (a Redis call); of a big one, minutes.
const PHASE_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const jobs = new Counter({
    name: 'higia_jobs_total',
    help: 'Jobs finished, by outcome (reused: answered from an earlier identical job).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  // Labelled by status so that reused jobs (no work) and early failures don't drag the
  // quantiles of real processing times towards zero.
  const duration = new Histogram({
    name: 'higia_job_duration_seconds',
    help: 'Time from a job start to its end, by outcome.',
    labelNames: ['status'] as const,
    buckets: DURATION_BUCKETS_S,
    registers: [registry],
  });
  const phases = new Histogram({
    name: 'higia_job_phase_seconds',
    help: 'Time a completed job spent in each phase (lock, stat, download, parse_rules, writers, pdf, upload, record, event, …).',
    labelNames: ['phase'] as const,
    buckets: PHASE_BUCKETS_S,
    registers: [registry],
  });
  const rows = new Counter({
    name: 'higia_rows_total',
    help: 'Rows of finished jobs, by what became of them.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const lookups = new Counter({
    name: 'higia_enrichment_lookups_total',
    help: 'Reference lookups of rows that had a key, by source and whether the key was found.',
    labelNames: ['source', 'result'] as const,
    registers: [registry],
  });
  const jobsInProgress = new Gauge({
    name: 'higia_jobs_in_progress',
    help: 'Jobs this process is running right now.',
    registers: [registry],
  });
  const jobsByStatus = new Gauge({
    name: 'higia_jobs',
    help: 'Jobs in the history, by status (from the API process).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const dependencyRetries = new Counter({
    name: 'higia_dependency_retries_total',
    help: 'Calls to ownCloud, Redis or MongoDB retried inside a job after a transient failure.',
    labelNames: ['dependency', 'operation'] as const,
    registers: [registry],
  });
  registerQueueCounters(registry, options.queueStats);

  // Zero-valued series exist from the start, so rate() works from the first scrape.
  for (const status of ['completed', 'failed', 'reused'] satisfies FinishedJobStatus[]) jobs.inc({ status }, 0);
  for (const outcome of ['kept', 'duplicate', 'rejected']) rows.inc({ outcome }, 0);

  return {
    registry,
    jobsInProgress,
    jobsByStatus,
    dependencyRetries,
    observeFinishedJob(job) {
      jobs.inc({ status: job.status });
      duration.observe({ status: job.status }, Math.max(0, job.durationMs) / 1000);
      if (job.status === 'completed') {
        for (const [phase, ms] of Object.entries(job.phasesMs ?? {})) phases.observe({ phase }, ms / 1000);
      }
      if (job.counts) {
        rows.inc({ outcome: 'kept' }, job.counts.kept);
        rows.inc({ outcome: 'duplicate' }, job.counts.duplicates);
        rows.inc({ outcome: 'rejected' }, job.counts.rejected);
      }
      for (const source of REFERENCE_SOURCES) {
        const counts = job.enrichment?.[source];
        if (!counts) continue;
        lookups.inc({ source, result: 'hit' }, counts.hits);
        lookups.inc({ source, result: 'miss' }, Math.max(0, counts.lookups - counts.hits));
      }
    },
  };
}

/**
 * The queue keeps its own running totals; at scrape time the counters are set to them
 * (reset + inc is how prom-client lets a counter mirror an external total).
 */
function registerQueueCounters(registry: Registry, queueStats: (() => QueueStats) | undefined): void {
  const mirror = (name: string, help: string, read: (stats: QueueStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        if (!queueStats) return;
        this.reset();
        this.inc(read(queueStats()));
      },
    });
  mirror('higia_job_retries_total', 'Deliveries sent back to the queue for another attempt.', (s) => s.retried);
  mirror('higia_dead_lettered_total', 'Messages moved to the dead-letter queue.', (s) => s.deadLettered);
}
