import cliProgress from 'cli-progress';
import type { Locale } from '../i18n/messages.js';
import type { JobProgress } from '../pipeline/run-job.js';

/** A progress bar on a terminal: percent of the file read, then of the rows written. */
export class ProgressDisplay {
  private readonly bar: cliProgress.SingleBar;
  private readonly startedMs = Date.now();
  private isStarted = false;
  private isStopped = false;

  private readonly phases: Record<JobProgress['phase'], string>;

  constructor(stream: NodeJS.WriteStream, lang: Locale) {
    this.phases = lang === 'en' ? { reading: 'reading', writing: 'writing' } : { reading: 'lendo   ', writing: 'gravando' };
    const rows = lang === 'en' ? 'rows' : 'linhas';
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: `{phase} |{bar}| {percentage}% | {rows} ${rows} | {rate} ${rows}/s`,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  readonly update = (p: JobProgress): void => {
    if (this.isStopped) return;
    const seconds = Math.max((Date.now() - this.startedMs) / 1000, 0.001);
    const percent = p.phase === 'reading' ? (p.bytesRead / Math.max(p.bytesTotal, 1)) * 100 : (p.rows / Math.max(p.totalRows ?? 1, 1)) * 100;
    const payload = { phase: this.phases[p.phase], rows: p.rows, rate: Math.round(p.rows / seconds) };
    const value = Math.min(Math.round(percent), 100);
    if (!this.isStarted) {
      this.bar.start(100, value, payload);
      this.isStarted = true;
    } else {
      this.bar.update(value, payload);
    }
  };

  stop(): void {
    if (this.isStarted && !this.isStopped) this.bar.stop();
    this.isStopped = true;
  }
}
