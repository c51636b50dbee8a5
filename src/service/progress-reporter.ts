import type { JobProgress } from '../pipeline/run-job.js';
import type { JobProgressState, JobStateStore } from '../ports/job-state-store.js';

const INTERVAL_MS = 500;

/**
 * Turns the pipeline's progress into the shared progress record, at most twice a second:
 * the job must not wait on Redis for every batch. Reading is the first half of the bar,
 * writing the second. A failed write only loses one update; it never fails the job.
 */
export class ProgressReporter {
  private lastAt = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: JobStateStore,
    private readonly jobId: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  phase(phase: JobProgressState['phase'], percent: number, rows = 0): void {
    this.write({ phase, rows, percent, updatedAt: new Date().toISOString() }, true);
  }

  readonly update = (progress: JobProgress): void => {
    const percent =
      progress.phase === 'reading'
        ? (progress.bytesTotal > 0 ? progress.bytesRead / progress.bytesTotal : 0) * 50
        : 50 + (progress.totalRows ? progress.rows / progress.totalRows : 0) * 50;
    this.write({ phase: progress.phase, rows: progress.rows, percent: Math.min(100, Math.round(percent * 10) / 10), updatedAt: new Date().toISOString() }, false);
  };

  /** Waits for the last write, so a finished job's progress is not overwritten late. */
  flush(): Promise<void> {
    return this.pending;
  }

  private write(progress: JobProgressState, force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastAt < INTERVAL_MS) return;
    this.lastAt = now;
    this.pending = this.pending.then(() => this.state.setProgress(this.jobId, progress)).catch(this.onError);
  }
}
