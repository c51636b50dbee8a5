import { setTimeout as wait } from 'node:timers/promises';
import type { ConsumeMessage } from 'amqplib';
import { decodeJobMessage, type JobMessage } from '../../domain/job-message.js';
import { InterruptedError } from '../../errors.js';
import type { Consumer, CrashedDelivery, DeliveryHandler, PausedState, QueueStats } from '../../ports/job-queue.js';
import { withTimeout, type AmqpConnection } from './amqp-connection.js';
import { ChannelKeeper, type KeptChannel } from './amqp-channel-keeper.js';
import { ConsumerPlaces, type Subscription } from './amqp-consumer-places.js';
import { attemptHeaders, copyProperties, deadLetterHeaders, DELIVERY_COUNT_HEADER, HEADER, messageIdOf, parkHeaders, retryQueueName, type JobQueueTopology } from './amqp-topology.js';
import {
  decideFailure,
  describeFailure,
  isPausing,
  isWaiting,
  parseAttempt,
  type DeadLetterReason,
  type FailureDescription,
  type RetryPolicy,
} from './delivery-outcome.js';
import type { QueueLogger } from './queue-logger.js';

export interface AmqpConsumerDeps {
  readonly connection: AmqpConnection;
  readonly topology: JobQueueTopology;
  readonly policy: RetryPolicy;
  /** Handlers running at once. */
  readonly prefetch: number;
  /** Deliveries a message may get without being settled (its worker died each time); the next one is dead-lettered. */
  readonly maxDeliveries: number;
  /** A handler still running after this long has its message parked and acked (0: never). */
  readonly handOffAfterMs: number;
  readonly handle: DeliveryHandler;
  readonly onPaused: ((error: Error) => void) | undefined;
  readonly onCrashedTooOften: ((delivery: CrashedDelivery) => Promise<void>) | undefined;
  readonly stats: QueueStats;
  readonly publishTimeoutMs: number;
  readonly logger: QueueLogger;
}

/**
 * `handling`: the handler runs, the delivery is unacked. `parking`: a parked copy is being
 * confirmed. `parked`: the original is acked (or void) while the handler runs on. `settling`: a
 * retry/dead-letter/hand-back copy is being confirmed. `settled`: acked, nacked or void — nothing
 * may be sent for it again (a second ack/nack of a tag makes the broker close the channel).
 */
interface InFlight {
  readonly message: ConsumeMessage;
  readonly on: KeptChannel;
  readonly attempt: number;
  /** Deliveries lost to dead workers so far: the quorum queue's count plus what earlier copies carried. */
  readonly crashes: number;
  readonly abort: AbortController;
  phase: 'handling' | 'parking' | 'parked' | 'settling' | 'settled';
  /** Handed back at the shutdown deadline: whatever its handler does afterwards is ignored. */
  abandoned: boolean;
  handOffTimer?: NodeJS.Timeout;
  parking?: Promise<void>;
  done?: Promise<void>;
}

// A parked copy that could not be confirmed is tried again sooner than the first hand-off.
const PARK_RETRY_MS = 30_000;
// A record and an event: a few round trips to MongoDB and the broker.
const CRASH_REPORT_TIMEOUT_MS = 30_000;

/**
 * The consumer of the jobs queue. Manual acks; a delivery is acked only after its handler
 * resolved, or after the broker confirmed a copy that stands for it (retry, dead letter, parked
 * or handed back): a crash in between duplicates the message instead of losing it. When its
 * channel dies it opens a new one and consumes again; the broker redelivers whatever the dead
 * channel had not acked, and nothing is ever sent for those old tags.
 *
 * Every graceful hand-back (the shutdown deadline, a pause, a delivery that arrives after a
 * cancel) is a confirmed copy into the jobs queue plus an ack, never a requeue: the quorum queue
 * counts requeues as failed deliveries, and that count is how a worker-killing message is told
 * from the rest. Only when the copy fails does the message go back by nack.
 */
export class AmqpConsumer implements Consumer {
  private readonly inFlight = new Set<InFlight>();
  private readonly places: ConsumerPlaces<InFlight>;
  private readonly keeper: ChannelKeeper;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private pausedState: PausedState | undefined;

  constructor(private readonly deps: AmqpConsumerDeps) {
    this.keeper = new ChannelKeeper({
      connection: deps.connection,
      topology: deps.topology,
      logger: deps.logger,
      role: 'consumer',
      setup: (kept) => this.places.setUp(kept),
      onClosed: (kept) => this.places.onChannelClosed(kept),
    });
    this.places = new ConsumerPlaces<InFlight>({
      count: deps.prefetch,
      queue: deps.topology.jobsQueue,
      logger: deps.logger,
      isTaking: () => !this.stopping && !this.pausedState,
      channel: () => this.keeper.channel,
      receive: (sub, message) => this.receive(sub, message),
      onCancelledByBroker: (kept) => this.keeper.recycle(kept),
      // Its delivery comes back from the broker; a parked handler still runs for real.
      diesWith: (flight, kept) => flight.on === kept && (flight.phase === 'handling' || flight.phase === 'settling'),
    });
  }

  get paused(): PausedState | undefined {
    return this.pausedState;
  }

  /** Resolves once the broker registered the consumers. */
  start(): Promise<void> {
    return this.keeper.start();
  }

  stop(deadlineMs: number): Promise<void> {
    this.stopped ??= this.shutDown(deadlineMs);
    return this.stopped;
  }

  async resume(): Promise<void> {
    if (!this.pausedState || this.stopping) return;
    this.pausedState = undefined;
    this.deps.logger.info({ queue: this.deps.topology.jobsQueue }, 'consuming again');
    await this.places.refresh();
  }

  private receive(sub: Subscription<InFlight>, message: ConsumeMessage): void {
    const headers = message.properties.headers ?? {};
    const flight: InFlight = {
      message,
      on: sub.kept,
      attempt: parseAttempt(headers[HEADER.attempt]),
      crashes: parseCount(headers[HEADER.crashes]) + parseCount(headers[DELIVERY_COUNT_HEADER]),
      abort: new AbortController(),
      phase: 'handling',
      abandoned: false,
    };
    const isTaken = this.places.take(sub, flight);
    this.inFlight.add(flight);
    // Not taken: it arrived after its consumer was cancelled (stop, pause, park); it goes straight back.
    const work: Promise<unknown> = isTaken ? this.process(flight) : this.handBack(flight);
    flight.done = work
      .then(() => {})
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'AMQP delivery could not be settled'))
      .finally(() => {
        this.inFlight.delete(flight);
        this.places.release(flight);
      });
  }

  private async process(flight: InFlight): Promise<void> {
    const { policy, handle, maxDeliveries } = this.deps;
    const id = messageIdOf(flight.message.properties.headers);
    if (flight.crashes >= maxDeliveries) {
      const failure = { code: 'WORKER_CRASHED', message: `delivered ${flight.crashes} times without being settled: the worker handling it died each time` };
      await this.reportCrashed(flight, id);
      await this.deadLetter(flight, 'worker-crashed', failure);
      return;
    }
    let message: JobMessage;
    try {
      message = decodeJobMessage(flight.message.content);
    } catch (error) {
      await this.deadLetter(flight, 'invalid-message', describeFailure(error));
      return;
    }
    const parked = typeof flight.message.properties.headers?.[HEADER.parkedAt] === 'string';
    this.armHandOff(flight, this.deps.handOffAfterMs);
    let failed: { error: unknown } | undefined;
    try {
      await handle({ message, attempt: flight.attempt, maxAttempts: policy.maxAttempts, signal: flight.abort.signal, parked, id });
    } catch (error) {
      failed = { error };
    } finally {
      clearTimeout(flight.handOffTimer);
    }
    await flight.parking;
    clearTimeout(flight.handOffTimer); // re-armed by a park that failed meanwhile
    if (flight.abandoned) return;
    if (!failed) {
      if (flight.phase === 'handling') this.settle(flight, (channel) => channel.ack(flight.message));
      return; // parked: the original is acked already; its parked copy comes back and finds the job done
    }
    await this.settleFailure(flight, failed.error, parked);
  }

  private async settleFailure(flight: InFlight, error: unknown, parked: boolean): Promise<void> {
    const { topology, policy } = this.deps;
    if (isPausing(error)) {
      const isFirst = this.pause(error);
      // The consumers are cancelled before the hand-back's ack frees a place the broker would fill at once.
      await this.places.refresh();
      if (flight.phase !== 'parked') await this.handBack(flight); // a parked one's copy brings it back
      if (isFirst) this.notifyPaused(error);
      return;
    }
    if (parked && isWaiting(error)) {
      // Its job still runs elsewhere (the lock is held): look again after the park time, not the first retry delay.
      await this.sendCopy(flight, topology.parkQueue, parkHeaders(flight.attempt, new Date()));
      return;
    }
    const outcome = decideFailure(error, flight.attempt, policy);
    if (outcome.kind === 'retry') {
      // Declared with the rest: the topology has a queue for every delay of the same policy.
      if (await this.sendCopy(flight, retryQueueName(topology.queue, outcome.delayMs), attemptHeaders(outcome.nextAttempt))) this.deps.stats.retried++;
      return;
    }
    await this.deadLetter(flight, outcome.reason, describeFailure(error));
  }

  /** Lets the worker record and announce a message it will not run again (best effort, bounded: the dead letter must go out). */
  private async reportCrashed(flight: InFlight, id: string | undefined): Promise<void> {
    const report = this.deps.onCrashedTooOften;
    if (!report) return;
    let message: JobMessage;
    try {
      message = decodeJobMessage(flight.message.content);
    } catch {
      return; // dead-lettered all the same; an undecodable body has no job to record
    }
    await withTimeout(CRASH_REPORT_TIMEOUT_MS, 'the crash report timed out', () => report({ message, id, attempt: flight.attempt, crashes: flight.crashes })).catch(
      (error: unknown) => this.deps.logger.warn({ err: error }, 'could not record a message that crashed its workers'),
    );
  }

  private async deadLetter(flight: InFlight, reason: DeadLetterReason, failure: FailureDescription): Promise<void> {
    if (await this.sendCopy(flight, this.deps.topology.deadLetterQueue, deadLetterHeaders(reason, failure, flight.attempt))) {
      this.deps.stats.deadLettered++;
      this.deps.logger.warn({ queue: this.deps.topology.jobsQueue, reason, error: failure, attempt: flight.attempt }, 'message dead-lettered');
    }
  }

  /** Gives a delivery back unused (same attempt) as a confirmed copy at the tail of the jobs queue. */
  private handBack(flight: InFlight): Promise<boolean> {
    return this.sendCopy(flight, this.deps.topology.jobsQueue, attemptHeaders(flight.attempt));
  }

  /**
   * Publishes a persistent copy to `queue`; the original is acked only once the broker confirmed
   * the copy. A parked flight's original is acked already: the copy alone is sent.
   */
  private async sendCopy(flight: InFlight, queue: string, headers: Record<string, unknown>): Promise<boolean> {
    const isParked = flight.phase === 'parked';
    if (!isParked && (flight.phase !== 'handling' || flight.on.closed)) return false; // the broker redelivers it: a copy would be a duplicate
    if (!isParked) flight.phase = 'settling';
    try {
      await this.publishCopy(flight, queue, headers);
    } catch (error) {
      if (isParked) {
        this.deps.logger.error({ err: error, queue }, 'could not publish the copy of a parked message; its parked copy brings it back');
        return false;
      }
      this.deps.logger.error({ err: error, queue }, 'could not republish a message; handing it back to the queue');
      this.settle(flight, (channel) => channel.nack(flight.message, false, true));
      return false;
    }
    return isParked || this.settle(flight, (channel) => channel.ack(flight.message));
  }

  private publishCopy(flight: InFlight, queue: string, headers: Record<string, unknown>): Promise<void> {
    const { content, properties } = flight.message;
    // The crash count lives on in our own header: the broker's starts again at 0 on a copy.
    const all = flight.crashes > 0 ? { ...headers, [HEADER.crashes]: flight.crashes } : headers;
    return this.deps.connection.publish('', queue, content, copyProperties(properties, all), this.deps.publishTimeoutMs);
  }

  /** Sends the one ack/nack a delivery gets, unless it was settled already or its channel is gone. */
  private settle(flight: InFlight, send: (channel: KeptChannel['channel']) => void): boolean {
    if (flight.phase === 'settled' || flight.on.closed) return false;
    flight.phase = 'settled';
    try {
      send(flight.on.channel);
      return true;
    } catch (error) {
      // The channel closed between the check and the send; the broker redelivers the message.
      this.deps.logger.warn({ err: error }, 'could not settle a delivery on a closed channel');
      return false;
    }
  }

  private armHandOff(flight: InFlight, afterMs: number): void {
    if (this.deps.handOffAfterMs <= 0) return;
    flight.handOffTimer = setTimeout(() => (flight.parking = this.park(flight)), afterMs);
  }

  /**
   * Hands a long-running delivery off before the broker's consumer_timeout closes the channel:
   * a parked copy goes to the park queue, the original is acked, the handler runs on. Its place
   * takes nothing until the handler finishes, so no more than `prefetch` handlers ever run.
   */
  private async park(flight: InFlight): Promise<void> {
    if (flight.phase !== 'handling' || flight.on.closed || flight.abandoned) return;
    flight.phase = 'parking';
    try {
      // The cancel-ok must precede the ack, or the broker fills the freed place at once.
      await Promise.all([this.places.vacate(flight), this.publishCopy(flight, this.deps.topology.parkQueue, parkHeaders(flight.attempt, new Date()))]);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not park a long-running message; trying again');
      flight.phase = 'handling';
      // Its place stays without a consumer until the handler finishes: the delivery is still unacked on it.
      if (!flight.abandoned) this.armHandOff(flight, Math.min(this.deps.handOffAfterMs, PARK_RETRY_MS));
      return;
    }
    this.settle(flight, (channel) => channel.ack(flight.message));
    flight.phase = 'parked';
    this.deps.logger.info({ queue: this.deps.topology.parkQueue, attempt: flight.attempt }, 'message parked while its handler runs on');
  }

  private pause(error: Error): boolean {
    if (this.pausedState || this.stopping) return false;
    this.pausedState = { reason: error.message, since: new Date() };
    this.deps.logger.warn({ err: error, queue: this.deps.topology.jobsQueue }, 'consuming paused until resume()');
    return true;
  }

  private notifyPaused(error: Error): void {
    try {
      this.deps.onPaused?.(error);
    } catch (callbackError) {
      this.deps.logger.error({ err: callbackError }, 'the onPaused callback threw');
    }
  }

  private async shutDown(deadlineMs: number): Promise<void> {
    this.stopping = true;
    this.keeper.stopReattaching();
    const deadline = new AbortController();
    const expired = wait(deadlineMs, false, { signal: deadline.signal }).catch(() => false);
    try {
      // Raced with the deadline: on a connection that died silently the cancel-ok never comes.
      await Promise.race([this.places.refresh(), expired]);
      const drained = this.drain().then(() => true);
      if (!(await Promise.race([drained, expired]))) await this.handBackUnfinished(deadlineMs);
    } finally {
      deadline.abort();
    }
    await this.keeper.close(this.deps.publishTimeoutMs);
  }

  /** Until nothing is in flight, those that arrived after the cancel (and go straight back) included. */
  private async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight].map((f) => f.done));
  }

  private async handBackUnfinished(deadlineMs: number): Promise<void> {
    const interrupted = new InterruptedError(`shutdown deadline of ${deadlineMs} ms passed; the message goes back to the queue`);
    // Copies being confirmed finish within the publish timeout; their originals are acked then.
    const settling = [...this.inFlight].filter((f) => f.phase === 'settling').map((f) => f.done);
    const handBacks: Promise<unknown>[] = [];
    for (const flight of this.inFlight) {
      if (flight.phase === 'settling' || flight.phase === 'settled') continue;
      flight.abandoned = true;
      clearTimeout(flight.handOffTimer);
      flight.abort.abort(interrupted);
      // A parked one needs nothing: its copy in the park queue brings it back.
      if (flight.phase === 'handling') handBacks.push(this.handBack(flight));
      if (flight.phase === 'parking') handBacks.push((flight.parking ?? Promise.resolve()).then(() => flight.phase === 'handling' && this.handBack(flight)));
    }
    await Promise.all([...handBacks, ...settling]);
  }
}

function parseCount(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}
