import { setTimeout as wait } from 'node:timers/promises';
import type { Channel } from 'amqplib';
import { UpstreamUnavailableError } from '../../errors.js';
import { withTimeout, type AmqpConnection } from './amqp-connection.js';
import { declareJobQueueTopology, type JobQueueTopology } from './amqp-topology.js';
import type { QueueLogger } from './queue-logger.js';

/** A channel and whether it is still open: a delivery tag is only valid on the channel that issued it. */
export interface KeptChannel {
  readonly channel: Channel;
  closed: boolean;
}

export interface ChannelKeeperDeps {
  readonly connection: AmqpConnection;
  readonly topology: JobQueueTopology;
  readonly logger: QueueLogger;
  /** Who consumes on it, for the logs (`mover`, `consumer`). */
  readonly role: string;
  /** Sets a new channel up (prefetch, consumers); runs after the topology is declared on it. */
  readonly setup: (kept: KeptChannel) => Promise<void>;
  /** The channel died (connection drop, broker restart, channel error): its deliveries are void. */
  readonly onClosed: (kept: KeptChannel) => void;
}

const REATTACH_FIRST_DELAY_MS = 200;
const REATTACH_MAX_DELAY_MS = 10_000;

/**
 * The consuming channel of a mover or a consumer, opened again whenever it dies, with backoff,
 * until `stop`. The topology is declared again on every new channel because the legacy queue
 * is not durable: a broker restart or an operator can remove it.
 */
export class ChannelKeeper {
  private current: KeptChannel | undefined;
  private stopping = false;
  private readonly stopRequested = new AbortController();

  constructor(private readonly deps: ChannelKeeperDeps) {}

  /** The open channel, if any (none while reconnecting). */
  get channel(): KeptChannel | undefined {
    return this.current;
  }

  /** Resolves once the first channel is set up; rejects if that fails. */
  async start(): Promise<void> {
    await this.attach();
  }

  /** No new channel after this; the current one stays open for the settlements still due on it. */
  stopReattaching(): void {
    this.stopping = true;
    this.stopRequested.abort();
  }

  async close(timeoutMs: number): Promise<void> {
    this.stopReattaching();
    const kept = this.current;
    if (kept && !kept.closed) await withTimeout(timeoutMs, 'channel close timed out', () => kept.channel.close()).catch(() => {});
  }

  /** The broker cancelled a consumer (its queue was deleted): a new channel declares the queue and consumes again. */
  recycle(kept: KeptChannel): void {
    this.deps.logger.warn({ queue: this.deps.topology.queue, role: this.deps.role }, 'the broker cancelled the consumer (queue deleted?); consuming again');
    // Closing the channel hands back its unacked deliveries and makes onChannelClosed attach again.
    kept.channel.close().catch(() => {});
  }

  private async attach(): Promise<void> {
    const { connection, topology, logger, role } = this.deps;
    const channel = await connection.createChannel();
    const kept: KeptChannel = { channel, closed: false };
    channel.on('error', (error: Error) => logger.warn({ err: error, queue: topology.queue, role }, 'AMQP consumer channel error'));
    channel.once('close', () => this.onChannelClosed(kept));
    try {
      await declareJobQueueTopology(channel, topology);
      await this.deps.setup(kept);
    } catch (error) {
      await channel.close().catch(() => {});
      throw error;
    }
    if (this.stopping) {
      await channel.close().catch(() => {});
      return;
    }
    // Closed before it became `current`, so onChannelClosed did not see it: the caller tries again.
    if (kept.closed) throw new UpstreamUnavailableError('the consumer channel closed while it was being set up');
    this.current = kept;
  }

  private onChannelClosed(kept: KeptChannel): void {
    kept.closed = true;
    this.deps.onClosed(kept);
    if (this.current !== kept) return;
    this.current = undefined;
    if (!this.stopping) void this.reattach();
  }

  private async reattach(): Promise<void> {
    const { logger, topology, role } = this.deps;
    for (let delayMs = REATTACH_FIRST_DELAY_MS; !this.stopping; delayMs = Math.min(delayMs * 2, REATTACH_MAX_DELAY_MS)) {
      try {
        await this.attach();
        if (!this.stopping) logger.info({ queue: topology.queue, role }, 'AMQP consumer resumed');
        return;
      } catch (error) {
        logger.warn({ err: error, retryInMs: delayMs, role }, 'AMQP consumer could not resume yet');
      }
      await wait(delayMs, undefined, { signal: this.stopRequested.signal }).catch(() => {});
    }
  }
}
