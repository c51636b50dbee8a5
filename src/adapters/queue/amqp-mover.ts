import { randomUUID } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import type { ConsumeMessage } from 'amqplib';
import { withTimeout, type AmqpConnection } from './amqp-connection.js';
import { ChannelKeeper, type KeptChannel } from './amqp-channel-keeper.js';
import { attemptHeaders, copyProperties, HEADER, messageIdOf, type JobQueueTopology } from './amqp-topology.js';
import { parseAttempt } from './delivery-outcome.js';
import type { QueueLogger } from './queue-logger.js';

export interface AmqpMoverDeps {
  readonly connection: AmqpConnection;
  readonly topology: JobQueueTopology;
  /** Legacy messages being moved at once: each is a confirmed publish, so a wide window is what makes a backlog move fast. */
  readonly prefetch: number;
  readonly publishTimeoutMs: number;
  readonly logger: QueueLogger;
}

// After a refused or unconfirmed copy, the original goes back only after this: a broker that
// refuses every publish must not be hammered by the same messages in a tight loop.
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * Empties the legacy queue into the durable jobs queue: each message is republished (persistent,
 * publisher-confirmed, with its properties and headers and an attempt header — the one it
 * carried, or 1) and the original acked only once the broker confirmed the copy. A crash in
 * between duplicates the message, never loses it. What the legacy queue still holds when the
 * broker stops is lost with it (it is not durable by contract); the mover keeps that window to
 * the milliseconds of a move. It keeps moving while the job consumer is paused: a paused worker
 * still protects the backlog from a restart.
 */
export class AmqpMover {
  private readonly moves = new Set<Promise<void>>();
  private readonly keeper: ChannelKeeper;
  private consumerTag: { kept: KeptChannel; tag: string } | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;

  constructor(private readonly deps: AmqpMoverDeps) {
    this.keeper = new ChannelKeeper({
      connection: deps.connection,
      topology: deps.topology,
      logger: deps.logger,
      role: 'mover',
      setup: (kept) => this.setup(kept),
      onClosed: () => {},
    });
  }

  /** Legacy messages taken but not yet confirmed in the jobs queue. */
  get inFlight(): number {
    return this.moves.size;
  }

  /** Resolves once the broker registered the consumer of the legacy queue. */
  start(): Promise<void> {
    return this.keeper.start();
  }

  /** Stops taking legacy messages, lets the moves in flight finish, then closes the channel (what it still held goes back). */
  stop(): Promise<void> {
    this.stopped ??= this.shutDown();
    return this.stopped;
  }

  private async setup(kept: KeptChannel): Promise<void> {
    await kept.channel.prefetch(this.deps.prefetch);
    const reply = await kept.channel.consume(this.deps.topology.queue, (message) => (message ? this.receive(kept, message) : this.keeper.recycle(kept)), {
      noAck: false,
    });
    this.consumerTag = { kept, tag: reply.consumerTag };
  }

  private receive(kept: KeptChannel, message: ConsumeMessage): void {
    const move = this.move(kept, message)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'a legacy message could not be moved'))
      .finally(() => this.moves.delete(move));
    this.moves.add(move);
  }

  private async move(kept: KeptChannel, message: ConsumeMessage): Promise<void> {
    const { connection, topology, publishTimeoutMs, logger } = this.deps;
    try {
      const properties = copyProperties(message.properties, jobsQueueEntryHeaders(message.properties.headers));
      await connection.publish('', topology.jobsQueue, message.content, properties, publishTimeoutMs);
    } catch (error) {
      logger.error({ err: error, queue: topology.jobsQueue }, 'could not move a legacy message into the jobs queue; it goes back to the legacy queue');
      if (!this.stopping) await wait(RETRY_AFTER_FAILURE_MS);
      settle(kept, () => kept.channel.nack(message, false, true));
      return;
    }
    settle(kept, () => kept.channel.ack(message));
  }

  private async shutDown(): Promise<void> {
    this.stopping = true;
    this.keeper.stopReattaching();
    const current = this.consumerTag;
    const { publishTimeoutMs, logger } = this.deps;
    if (current && !current.kept.closed) {
      // Bounded: on a connection that died silently the cancel-ok never comes.
      await withTimeout(publishTimeoutMs, 'the mover cancel timed out', () => current.kept.channel.cancel(current.tag)).catch((error: unknown) =>
        logger.warn({ err: error }, 'could not cancel the mover'),
      );
    }
    await withTimeout(publishTimeoutMs + RETRY_AFTER_FAILURE_MS, 'moves in flight timed out', () => Promise.all([...this.moves])).catch(() => {});
    await this.keeper.close(publishTimeoutMs);
  }
}

/**
 * The headers a message gets as it enters the jobs queue, whether the mover copies it there or a
 * direct queue publishes it there: the attempt it carries (or 1), and the id it keeps from here
 * on (Delivery.id) — a new one, unless it has one already (drained from an old retry queue).
 */
export function jobsQueueEntryHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  return { ...attemptHeaders(parseAttempt(headers?.[HEADER.attempt])), [HEADER.jobId]: messageIdOf(headers) ?? randomUUID() };
}

/** A closed channel gives its unacked originals back to the legacy queue: they are moved again (a duplicate, never a loss). */
function settle(kept: KeptChannel, send: () => void): void {
  if (kept.closed) return;
  try {
    send();
  } catch {
    // closed between the check and the send: same as above
  }
}
