import type { JobDeps, JobProgress, ReportWriter, SinkFactory } from '../pipeline/run-job.js';
import type { DashboardOf } from '../outputs/xlsx-row-sink.js';
import type { RowSink } from '../ports/row-sink.js';
import type { RunSummary } from '../pipeline/summary.js';

/**
 * Where a completed job's time went, in order. The steps inside `runJob` are timed from
 * outside it, through what the worker hands it (progress, sinks, reports):
 * - `parse_rules`: open, sniff, parse, field rules and spill (pass 1, up to its last progress);
 * - `enrich_write`: pass 2, dedupe, enrichment and the rows into the writers;
 * - `writers`: the tabular files completed (CSV, XLSX sheets), the dashboard excluded;
 * - `xlsx_dashboard`: the Resumo sheet (the report model and charts, which the PDF and HTML
 *   then reuse, and the chart PNGs);
 * - `summary_json`: what runJob does after the reports (the JSON summary, the renames).
 */
export const JOB_PHASES = [
  'lock',
  'stat',
  'idempotency',
  'start_record',
  'download',
  'parse_rules',
  'enrich_write',
  'writers',
  'xlsx_dashboard',
  'pdf',
  'html',
  'summary_json',
  'upload',
  'record',
  'event',
] as const;
export type JobPhase = (typeof JOB_PHASES)[number];
export type PhaseTimes = Partial<Record<JobPhase, number>>;

/** Milliseconds spent per phase of one job; cheap enough to run on every job. */
export class PhaseClock {
  private readonly ms = new Map<JobPhase, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  async time<T>(phase: JobPhase, work: () => Promise<T>): Promise<T> {
    const started = this.now();
    try {
      return await work();
    } finally {
      this.add(phase, this.now() - started);
    }
  }

  add(phase: JobPhase, ms: number): void {
    this.ms.set(phase, (this.ms.get(phase) ?? 0) + Math.max(0, ms));
  }

  /** In phase order, to 0.1 ms: what the log line and the metric get. */
  get totals(): PhaseTimes {
    const totals: PhaseTimes = {};
    for (const phase of JOB_PHASES) {
      const ms = this.ms.get(phase);
      if (ms !== undefined) totals[phase] = Math.round(ms * 10) / 10;
    }
    return totals;
  }

  /**
   * Runs `runJob` with its sinks, dashboard and reports timed; `run` gets the deps and the
   * progress callback to pass on. Pass 1 ends at the last `reading` progress, pass 2 at the
   * first sink's finish; what follows the last report is `summary_json`.
   */
  async timeRunJob<T>(
    parts: { readonly sinks: (dashboardOf: DashboardOf) => JobDeps['sinks']; readonly dashboardOf: DashboardOf; readonly reports: NonNullable<JobDeps['reports']> },
    onProgress: ((progress: JobProgress) => void) | undefined,
    run: (deps: Pick<JobDeps, 'sinks' | 'reports'>, onProgress: (progress: JobProgress) => void) => Promise<T>,
  ): Promise<T> {
    const started = this.now();
    let pass1End: number | undefined;
    let firstFinish: number | undefined;
    let lastReportEnd: number | undefined;
    let finishing = 0;
    let dashboard = 0;
    const dashboardOf: DashboardOf = (summary, lang) => {
      const at = this.now();
      try {
        return parts.dashboardOf(summary, lang);
      } finally {
        dashboard += this.now() - at;
      }
    };
    // A proxy, so that whatever else a sink offers (its methods, its properties) passes as it is.
    const timedSink = (sink: RowSink): RowSink => {
      const finish = async (summary: RunSummary) => {
        const at = this.now();
        firstFinish ??= at;
        try {
          return await sink.finish(summary);
        } finally {
          finishing += this.now() - at;
        }
      };
      return new Proxy(sink, {
        get(target, key) {
          if (key === 'finish') return finish;
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    };
    const sinks = Object.fromEntries(
      Object.entries(parts.sinks(dashboardOf)).map(([format, make]) => [format, (async (target) => timedSink(await make!(target))) satisfies SinkFactory]),
    );
    const reports = Object.fromEntries(
      Object.entries(parts.reports).map(([format, write]) => [
        format,
        (async (summary, target) => {
          const at = this.now();
          try {
            return await write!(summary, target);
          } finally {
            lastReportEnd = this.now();
            if (format === 'pdf' || format === 'html') this.add(format, lastReportEnd - at);
          }
        }) satisfies ReportWriter,
      ]),
    );
    const progress = (update: JobProgress) => {
      if (update.phase === 'reading') pass1End = this.now();
      onProgress?.(update);
    };
    const result = await run({ sinks, reports }, progress);
    const ended = this.now();
    const pass2Start = pass1End ?? started;
    this.add('parse_rules', pass2Start - started);
    this.add('enrich_write', (firstFinish ?? pass2Start) - pass2Start);
    if (firstFinish !== undefined) this.add('writers', finishing - dashboard);
    if (dashboard > 0) this.add('xlsx_dashboard', dashboard);
    this.add('summary_json', ended - (lastReportEnd ?? (firstFinish === undefined ? pass2Start : firstFinish + finishing)));
    return result;
  }
}
