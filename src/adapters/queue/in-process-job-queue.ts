import { randomUUID } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import { decodeJobMessage, encodeJobMessage, type JobMessage } from '../../domain/job-message.js';
import { ConfigError, InterruptedError, UpstreamUnavailableError } from '../../errors.js';
import type { ConsumeOptions, Consumer, DeliveryHandler, JobQueue, PausedState, QueueStats } from '../../ports/job-queue.js';
import {
  decideFailure,
  describeFailure,
  isPausing,
  validateRetryPolicy,
  type DeadLetterReason,
  type FailureDescription,
  type RetryPolicy,
} from './delivery-outcome.js';

export interface InProcessDeadLetter {
  /** The body exactly as published. */
  readonly body: Buffer;
  readonly reason: DeadLetterReason;
  readonly error: FailureDescription;
  readonly attempt: number;
  readonly failedAt: string;
}

interface Queued {
  readonly body: Buffer;
  readonly attempt: number;
  /** Delivery.id: given at publish, kept by retries and hand-backs. */
  readonly id: string;
}

interface InFlight {
  readonly item: Queued;
  readonly abort: AbortController;
  settled: boolean;
  done?: Promise<void>;
}

/**
 * JobQueue in memory, for embedded runs (no broker configured) and tests. Same delivery
 * semantics as the RabbitMQ adapter: retry after `retryBaseDelayMs * 2^(attempt-1)` (timers),
 * dead letters kept in `deadLetters`, at most `prefetch` handlers per consumer, stop() hands
 * unfinished messages back to the front of the queue, and a handler error with
 * `pausesConsuming` hands its message back and pauses that consumer until resume(). Nothing
 * survives the process, so there is no crash count, and no consumer timeout to hand long
 * jobs off from (`handOffAfterMs` is ignored, `Delivery.parked` is always false).
 */
export class InProcessJobQueue implements JobQueue {
  readonly stats: QueueStats = { retried: 0, deadLettered: 0 };
  readonly deadLetters: InProcessDeadLetter[] = [];
  private readonly ready: Queued[] = [];
  private readonly consumers: InProcessConsumer[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private nextConsumer = 0;
  private closed = false;

  constructor(readonly policy: RetryPolicy) {
    validateRetryPolicy(policy);
  }

  async publish(message: JobMessage): Promise<void> {
    await this.publishRaw(encodeJobMessage(message));
  }

  /** Enqueues a body as is, valid or not, as a foreign producer could. */
  async publishRaw(body: Uint8Array): Promise<void> {
    this.assertOpen();
    this.enqueue({ body: Buffer.from(body), attempt: 1, id: randomUUID() });
  }

  /** Messages waiting for a consumer (not in flight, not waiting for a retry). */
  get readyCount(): number {
    return this.ready.length;
  }

  async consume(handle: DeliveryHandler, options: ConsumeOptions): Promise<Consumer> {
    this.assertOpen();
    if (!Number.isSafeInteger(options.prefetch) || options.prefetch < 1) throw new ConfigError('prefetch must be an integer ≥ 1');
    const consumer = new InProcessConsumer(this, handle, options.prefetch, options.onPaused);
    this.consumers.push(consumer);
    this.dispatch();
    return consumer;
  }

  async check(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop(0)));
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  /** @internal the consumer's way back into the queue. */
  settleFailure(item: Queued, error: unknown): void {
    const outcome = decideFailure(error, item.attempt, this.policy);
    if (outcome.kind === 'dead-letter') {
      this.deadLetter(item, outcome.reason, error);
      return;
    }
    this.stats.retried++;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.enqueue({ ...item, attempt: outcome.nextAttempt });
    }, outcome.delayMs);
    this.retryTimers.add(timer);
  }

  /** @internal */
  deadLetter(item: Queued, reason: DeadLetterReason, error: unknown): void {
    this.stats.deadLettered++;
    this.deadLetters.push({ body: item.body, reason, error: describeFailure(error), attempt: item.attempt, failedAt: new Date().toISOString() });
  }

  /** @internal unfinished messages go back to the front, in their order. */
  handBack(items: Queued[]): void {
    this.ready.unshift(...items);
    this.dispatch();
  }

  /** @internal */
  removeConsumer(consumer: InProcessConsumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
  }

  /** @internal hands ready messages to consumers with room, round-robin. */
  dispatch(): void {
    while (this.ready.length > 0) {
      const consumer = this.pickConsumer();
      if (!consumer) return;
      consumer.deliver(this.ready.shift() as Queued);
    }
  }

  private pickConsumer(): InProcessConsumer | undefined {
    for (let i = 0; i < this.consumers.length; i++) {
      const consumer = this.consumers[(this.nextConsumer + i) % this.consumers.length];
      if (consumer?.hasRoom) {
        this.nextConsumer = (this.nextConsumer + i + 1) % this.consumers.length;
        return consumer;
      }
    }
    return undefined;
  }

  private enqueue(item: Queued): void {
    this.ready.push(item);
    this.dispatch();
  }

  private assertOpen(): void {
    if (this.closed) throw new UpstreamUnavailableError('the in-process queue is closed');
  }
}

class InProcessConsumer implements Consumer {
  private readonly inFlight = new Set<InFlight>();
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private pausedState: PausedState | undefined;

  constructor(
    private readonly queue: InProcessJobQueue,
    private readonly handle: DeliveryHandler,
    private readonly prefetch: number,
    private readonly onPaused: ((error: Error) => void) | undefined,
  ) {}

  get hasRoom(): boolean {
    return !this.stopping && !this.pausedState && this.inFlight.size < this.prefetch;
  }

  get paused(): PausedState | undefined {
    return this.pausedState;
  }

  async resume(): Promise<void> {
    if (!this.pausedState || this.stopping) return;
    this.pausedState = undefined;
    this.queue.dispatch();
  }

  deliver(item: Queued): void {
    const flight: InFlight = { item, abort: new AbortController(), settled: false };
    this.inFlight.add(flight);
    flight.done = this.process(flight).finally(() => {
      this.inFlight.delete(flight);
      this.queue.dispatch();
    });
  }

  stop(deadlineMs: number): Promise<void> {
    this.stopped ??= this.shutDown(deadlineMs);
    return this.stopped;
  }

  private async process(flight: InFlight): Promise<void> {
    const { item } = flight;
    let message: JobMessage;
    try {
      message = decodeJobMessage(item.body);
    } catch (error) {
      flight.settled = true;
      this.queue.deadLetter(item, 'invalid-message', error);
      return;
    }
    try {
      await this.handle({ message, attempt: item.attempt, maxAttempts: this.queue.policy.maxAttempts, signal: flight.abort.signal, parked: false, id: item.id });
    } catch (error) {
      if (flight.settled) return; // handed back at the shutdown deadline
      flight.settled = true;
      if (isPausing(error)) {
        // Paused first, so that the message handed back goes to another consumer, not this one.
        const isFirst = !this.pausedState && !this.stopping;
        if (isFirst) this.pausedState = { reason: error.message, since: new Date() };
        this.queue.handBack([item]);
        if (isFirst) this.onPaused?.(error);
        return;
      }
      this.queue.settleFailure(item, error);
      return;
    }
    flight.settled = true;
  }

  private async shutDown(deadlineMs: number): Promise<void> {
    this.stopping = true;
    const deadline = new AbortController();
    const expired = wait(deadlineMs, false, { signal: deadline.signal }).catch(() => false);
    const drained = Promise.all([...this.inFlight].map((f) => f.done)).then(() => true);
    const settledInTime = await Promise.race([drained, expired]);
    deadline.abort();
    if (!settledInTime) {
      const interrupted = new InterruptedError(`shutdown deadline of ${deadlineMs} ms passed; the message goes back to the queue`);
      const unfinished = [...this.inFlight].filter((f) => !f.settled);
      for (const flight of unfinished) {
        flight.settled = true;
        flight.abort.abort(interrupted);
      }
      this.queue.removeConsumer(this);
      this.queue.handBack(unfinished.map((f) => f.item));
      return;
    }
    this.queue.removeConsumer(this);
  }
}
