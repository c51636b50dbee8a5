import type { JobProgress } from '../pipeline/run-job.js';
import type { JobProgressState, JobStateStore } from '../ports/job-state-store.js';

const INTERVAL_MS = 500;
const FLUSH_TIMEOUT_MS = 2_000;

/**
 * Turns the pipeline's progress into the shared progress record, at most twice a second:
 * the job must not wait on Redis for every batch. Reading is the first half of the bar,
 * writing the second. One write is in flight at a time and only the newest value waits
 * behind it, so a slow or absent Redis never builds a backlog. A failed write only loses
 * one update; it never fails the job.
 */
export class ProgressReporter {
  private lastAt = 0;
  private inFlight: Promise<void> | undefined;
  private next: JobProgressState | undefined;

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

  /** Waits (a bounded time) for the last value to be written, so it is not overwritten late. */
  async flush(): Promise<void> {
    const deadline = Date.now() + FLUSH_TIMEOUT_MS;
    while (this.inFlight && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.inFlight, new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
      clearTimeout(timer);
    }
  }

  private write(progress: JobProgressState, force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastAt < INTERVAL_MS) return;
    this.lastAt = now;
    this.next = progress;
    if (!this.inFlight) this.inFlight = this.drain();
  }

  private async drain(): Promise<void> {
    while (this.next) {
      const progress = this.next;
      this.next = undefined;
      await this.state.setProgress(this.jobId, progress).catch(this.onError);
    }
    this.inFlight = undefined;
  }
}
