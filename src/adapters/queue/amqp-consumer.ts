import { setTimeout as wait } from 'node:timers/promises';
import type { Channel, ConsumeMessage } from 'amqplib';
import { decodeJobMessage, type JobMessage } from '../../domain/job-message.js';
import { InterruptedError, UpstreamUnavailableError } from '../../errors.js';
import type { Consumer, DeliveryHandler, QueueStats } from '../../ports/job-queue.js';
import { withTimeout, type AmqpConnection } from './amqp-connection.js';
import { copyProperties, deadLetterHeaders, declareJobQueueTopology, HEADER, retryHeaders, retryQueueName, type JobQueueTopology } from './amqp-topology.js';
import { decideFailure, describeFailure, parseAttempt, type DeadLetterReason, type RetryPolicy } from './delivery-outcome.js';
import type { QueueLogger } from './queue-logger.js';

export interface AmqpConsumerDeps {
  readonly connection: AmqpConnection;
  readonly topology: JobQueueTopology;
  readonly policy: RetryPolicy;
  readonly prefetch: number;
  readonly handle: DeliveryHandler;
  readonly stats: QueueStats;
  readonly publishTimeoutMs: number;
  readonly logger: QueueLogger;
}

/** A channel and whether it is still open: a delivery tag is only valid on the channel that issued it. */
interface ChannelState {
  readonly channel: Channel;
  closed: boolean;
  consumerTag?: string;
}

/**
 * `handling`: the handler runs. `settling`: the handler returned and a retry/dead-letter copy is
 * being confirmed. `settled`: acked, nacked or handed back — nothing may be sent for it again
 * (a second ack/nack of a tag makes the broker close the channel).
 */
interface InFlight {
  readonly message: ConsumeMessage;
  readonly on: ChannelState;
  readonly abort: AbortController;
  phase: 'handling' | 'settling' | 'settled';
  done?: Promise<void>;
}

const REATTACH_FIRST_DELAY_MS = 200;
const REATTACH_MAX_DELAY_MS = 10_000;

/**
 * One consumer of the work queue. Manual acks; a delivery is acked only after its handler
 * resolved, or after the broker confirmed the retry/dead-letter copy (a crash in between
 * duplicates the message instead of losing it). When its channel dies (connection drop,
 * broker restart, channel error) it opens a new one and consumes again; the broker redelivers
 * whatever the dead channel had not acked, and nothing is ever sent for those old tags.
 */
export class AmqpConsumer implements Consumer {
  private readonly inFlight = new Set<InFlight>();
  private current: ChannelState | undefined;
  private stopping = false;
  private readonly stopRequested = new AbortController();
  private stopped: Promise<void> | undefined;

  constructor(private readonly deps: AmqpConsumerDeps) {}

  /** Resolves once the broker registered the consumer. */
  async start(): Promise<void> {
    await this.attach();
  }

  stop(deadlineMs: number): Promise<void> {
    this.stopped ??= this.shutDown(deadlineMs);
    return this.stopped;
  }

  private async attach(): Promise<void> {
    const { connection, topology, prefetch } = this.deps;
    const channel = await connection.createChannel();
    const state: ChannelState = { channel, closed: false };
    channel.on('error', (error: Error) => this.deps.logger.warn({ err: error, queue: topology.queue }, 'AMQP consumer channel error'));
    channel.once('close', () => this.onChannelClosed(state));
    try {
      // Declared again because the legacy queue is not durable: a broker restart or an operator can remove it.
      await declareJobQueueTopology(channel, topology);
      await channel.prefetch(prefetch);
      const reply = await channel.consume(topology.queue, (message) => (message ? this.receive(state, message) : this.onCancelledByBroker(state)), {
        noAck: false,
      });
      state.consumerTag = reply.consumerTag;
    } catch (error) {
      await channel.close().catch(() => {});
      throw error;
    }
    if (this.stopping) {
      await channel.close().catch(() => {});
      return;
    }
    // Closed before it became `current`, so onChannelClosed did not see it: the caller tries again.
    if (state.closed) throw new UpstreamUnavailableError('the consumer channel closed while it was being set up');
    this.current = state;
  }

  private onChannelClosed(state: ChannelState): void {
    state.closed = true;
    if (this.current !== state) return;
    this.current = undefined;
    if (!this.stopping) void this.reattach();
  }

  private onCancelledByBroker(state: ChannelState): void {
    this.deps.logger.warn({ queue: this.deps.topology.queue }, 'the broker cancelled the consumer (queue deleted?); consuming again');
    // Closing the channel hands back its unacked deliveries and makes onChannelClosed consume again.
    state.channel.close().catch(() => {});
  }

  private async reattach(): Promise<void> {
    for (let delayMs = REATTACH_FIRST_DELAY_MS; !this.stopping; delayMs = Math.min(delayMs * 2, REATTACH_MAX_DELAY_MS)) {
      try {
        await this.attach();
        if (!this.stopping) this.deps.logger.info({ queue: this.deps.topology.queue }, 'AMQP consumer resumed');
        return;
      } catch (error) {
        this.deps.logger.warn({ err: error, retryInMs: delayMs }, 'AMQP consumer could not resume yet');
      }
      await wait(delayMs, undefined, { signal: this.stopRequested.signal }).catch(() => {});
    }
  }

  private receive(state: ChannelState, message: ConsumeMessage): void {
    const flight: InFlight = { message, on: state, abort: new AbortController(), phase: 'handling' };
    if (this.stopping) {
      // Arrived between stop() and the broker's cancel-ok: hand it straight back.
      this.settle(flight, (channel) => channel.nack(message, false, true));
      return;
    }
    this.inFlight.add(flight);
    flight.done = this.process(flight)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'AMQP delivery could not be settled'))
      .finally(() => this.inFlight.delete(flight));
  }

  private async process(flight: InFlight): Promise<void> {
    const { policy, handle } = this.deps;
    const attempt = parseAttempt(flight.message.properties.headers?.[HEADER.attempt]);
    let message: JobMessage;
    try {
      message = decodeJobMessage(flight.message.content);
    } catch (error) {
      await this.deadLetter(flight, 'invalid-message', error, attempt);
      return;
    }
    try {
      await handle({ message, attempt, maxAttempts: policy.maxAttempts, signal: flight.abort.signal });
    } catch (error) {
      if (flight.phase !== 'handling') return; // handed back at the shutdown deadline
      const outcome = decideFailure(error, attempt, policy);
      if (outcome.kind === 'retry') {
        // Declared with the rest: the topology has a queue for every delay of the same policy.
        const retryQueue = retryQueueName(this.deps.topology.queue, outcome.delayMs);
        if (await this.republishThenAck(flight, retryQueue, retryHeaders(outcome.nextAttempt))) this.deps.stats.retried++;
        return;
      }
      await this.deadLetter(flight, outcome.reason, error, attempt);
      return;
    }
    this.settle(flight, (channel) => channel.ack(flight.message));
  }

  private async deadLetter(flight: InFlight, reason: DeadLetterReason, error: unknown, attempt: number): Promise<void> {
    const failure = describeFailure(error);
    const headers = deadLetterHeaders(reason, failure, attempt);
    if (await this.republishThenAck(flight, this.deps.topology.deadLetterQueue, headers)) {
      this.deps.stats.deadLettered++;
      this.deps.logger.warn({ queue: this.deps.topology.queue, reason, error: failure, attempt }, 'message dead-lettered');
    }
  }

  /** Publishes a persistent copy to `queue`, and acks the original only once the broker confirmed the copy. */
  private async republishThenAck(flight: InFlight, queue: string, headers: Record<string, unknown>): Promise<boolean> {
    if (flight.phase !== 'handling' || flight.on.closed) return false; // the broker redelivers it: a copy would be a duplicate
    flight.phase = 'settling';
    const { content, properties } = flight.message;
    try {
      await this.deps.connection.publish('', queue, content, copyProperties(properties, headers), this.deps.publishTimeoutMs);
    } catch (error) {
      this.deps.logger.error({ err: error, queue }, 'could not republish a message; handing it back to the queue');
      this.settle(flight, (channel) => channel.nack(flight.message, false, true));
      return false;
    }
    return this.settle(flight, (channel) => channel.ack(flight.message));
  }

  /** Sends the one ack/nack a delivery gets, unless it was settled already or its channel is gone. */
  private settle(flight: InFlight, send: (channel: Channel) => void): boolean {
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

  private async shutDown(deadlineMs: number): Promise<void> {
    this.stopping = true;
    this.stopRequested.abort();
    const deadline = new AbortController();
    const expired = wait(deadlineMs, false, { signal: deadline.signal }).catch(() => false);
    const state = this.current;
    try {
      if (state?.consumerTag && !state.closed) {
        // Raced with the deadline: on a connection that died silently the cancel-ok never comes.
        const cancelled = state.channel.cancel(state.consumerTag).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not cancel the consumer'));
        await Promise.race([cancelled, expired]);
      }
      const drained = Promise.all([...this.inFlight].map((f) => f.done)).then(() => true);
      if (!(await Promise.race([drained, expired]))) await this.handBackUnfinished(deadlineMs);
    } finally {
      deadline.abort();
    }
    if (state && !state.closed) {
      await withTimeout(this.deps.publishTimeoutMs, 'channel close timed out', () => state.channel.close()).catch(() => {});
    }
  }

  private async handBackUnfinished(deadlineMs: number): Promise<void> {
    const interrupted = new InterruptedError(`shutdown deadline of ${deadlineMs} ms passed; the message goes back to the queue`);
    for (const flight of this.inFlight) {
      if (flight.phase !== 'handling') continue;
      flight.abort.abort(interrupted);
      this.settle(flight, (channel) => channel.nack(flight.message, false, true));
    }
    // Copies being confirmed finish within the publish timeout; their originals are acked then.
    await Promise.all([...this.inFlight].filter((f) => f.phase === 'settling').map((f) => f.done));
  }
}
