import type { Logger } from 'pino';
import type { Consumer } from '../ports/job-queue.js';
import { retryTransient } from '../retry/retry-transient.js';

export interface PauseOnRefusalOptions {
  /** The store's own probe (FileStore.check): resolves once it accepts our credentials again. */
  readonly probe: () => Promise<void>;
  readonly logger: Logger;
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * What the worker does while the file store refuses its credentials (a rotated password, an
 * LDAP outage): the queue has paused consuming and handed the message back unused
 * (ConsumeOptions.onPaused); this probes the store with backoff until it accepts us, then
 * resumes the consumer. /ready reports the pause through `check`, without URLs or users
 * (the route blanks those), so an orchestrator sees why the worker takes no work.
 */
export class PauseOnRefusal {
  private consumer: Consumer | undefined;
  private probing: Promise<void> | undefined;
  private readonly stopped = new AbortController();
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: PauseOnRefusalOptions) {
    this.firstDelayMs = options.firstDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
  }

  /** The consumer to resume; known only once consume() returned, after which onPaused may fire. */
  attach(consumer: Consumer): void {
    this.consumer = consumer;
  }

  /** For ConsumeOptions.onPaused. */
  readonly onPaused = (error: Error): void => {
    this.options.logger.error({ err: error }, 'consuming paused: the file store refused our credentials; probing it until it accepts them');
    this.probing ??= this.probeUntilAccepted().finally(() => (this.probing = undefined));
  };

  /** A readiness check: fails while consuming is paused, saying why and since when. */
  readonly check = async (): Promise<void> => {
    const paused = this.consumer?.paused;
    if (paused) throw new Error(`consuming paused since ${paused.since.toISOString()}: ${paused.reason}`);
  };

  /** Ends the probing (shutdown); resolves once the loop has let go. */
  async stop(): Promise<void> {
    this.stopped.abort();
    await this.probing;
  }

  private async probeUntilAccepted(): Promise<void> {
    try {
      await retryTransient('probe the file store', () => this.options.probe(), {
        policy: { attempts: Number.MAX_SAFE_INTEGER, baseDelayMs: this.firstDelayMs, maxDelayMs: this.maxDelayMs, budgetMs: Number.POSITIVE_INFINITY },
        isRetryable: () => true,
        signal: this.stopped.signal, // full jitter: the workers of a fleet paused together don't probe together
        onRetry: ({ error, delayMs }) => this.options.logger.warn({ err: error, nextProbeInMs: delayMs }, 'the file store still refuses us'),
      });
    } catch {
      return; // stopped (shutdown) while refused
    }
    await this.consumer?.resume();
    this.options.logger.info('the file store accepts our credentials again; consuming resumed');
  }
}
