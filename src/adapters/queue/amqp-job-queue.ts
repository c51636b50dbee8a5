import { encodeJobMessage, type JobMessage } from '../../domain/job-message.js';
import { ConfigError, UpstreamUnavailableError } from '../../errors.js';
import type { Consumer, DeliveryHandler, JobQueue, QueueStats } from '../../ports/job-queue.js';
import { AmqpConnection, withTimeout } from './amqp-connection.js';
import { AmqpConsumer } from './amqp-consumer.js';
import { declareJobQueueTopology, jobQueueTopology, topologyQueueNames, type JobQueueTopology } from './amqp-topology.js';
import { validateRetryPolicy } from './delivery-outcome.js';
import { silentLogger, type QueueLogger } from './queue-logger.js';

export interface AmqpJobQueueOptions {
  /** `amqp://user:pass@host:5672/vhost`; `?heartbeat=30` and the like pass through to amqplib. */
  readonly url: string;
  /** The legacy work queue, `pyservice_queue` in production. */
  readonly queue: string;
  /** Tries per message, the first included; then the dead-letter queue. */
  readonly maxAttempts: number;
  /** Wait before the 2nd attempt; it doubles for each further one. */
  readonly retryBaseDelayMs: number;
  /** How long `connect` waits for the broker. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** How long a publish waits for the broker's confirm (and for a lost connection to come back). Default 10 s. */
  readonly publishTimeoutMs?: number;
  /** Shown in the broker's connection list. Default `higia`. */
  readonly connectionName?: string;
  readonly logger?: QueueLogger;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * JobQueue on RabbitMQ, compatible with the legacy producer (see `amqp-topology.ts` for the
 * queues and why the work queue itself carries no retry or dead-letter arguments).
 *
 * The work queue is not durable because the legacy producer declares it so: a broker restart
 * empties it, whatever `persistent` flag a message carries. Retry and dead-letter queues are
 * durable and their messages persistent, but a retried message is back in the transient queue
 * once its delay has passed.
 */
export class AmqpJobQueue implements JobQueue {
  readonly stats: QueueStats = { retried: 0, deadLettered: 0 };
  readonly topology: JobQueueTopology;
  private readonly consumers = new Set<AmqpConsumer>();

  private constructor(
    private readonly connection: AmqpConnection,
    private readonly options: AmqpJobQueueOptions,
    topology: JobQueueTopology,
  ) {
    this.topology = topology;
  }

  /** Connects and declares the topology; see AmqpConnection.open for the errors. */
  static async connect(options: AmqpJobQueueOptions): Promise<AmqpJobQueue> {
    validateRetryPolicy(options);
    if (options.queue.trim() === '') throw new ConfigError('the queue name is empty');
    const topology = jobQueueTopology(options.queue, options);
    const connection = await AmqpConnection.open({
      url: options.url,
      connectionName: options.connectionName ?? 'higia',
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      logger: options.logger ?? silentLogger,
      declare: (channel) => declareJobQueueTopology(channel, topology),
    });
    return new AmqpJobQueue(connection, options, topology);
  }

  /** Every queue this adapter declares (the work queue, one per retry delay, the dead-letter queue). */
  get queueNames(): string[] {
    return topologyQueueNames(this.topology);
  }

  /**
   * The legacy wire shape: a JSON body on the default exchange, routing key = queue name.
   * Persistent like every message Higia publishes, although the work queue is not durable (a
   * broker restart empties it anyway): the broker keeps such a message in memory only, so the
   * flag costs nothing, and it stays persistent if an operator moves it to a durable queue.
   */
  async publish(message: JobMessage): Promise<void> {
    await this.connection.publish('', this.topology.queue, encodeJobMessage(message), { contentType: 'application/json' }, this.publishTimeoutMs);
  }

  async consume(handle: DeliveryHandler, options: { prefetch: number }): Promise<Consumer> {
    if (!Number.isSafeInteger(options.prefetch) || options.prefetch < 1) throw new ConfigError('prefetch must be an integer ≥ 1');
    const consumer = new AmqpConsumer({
      connection: this.connection,
      topology: this.topology,
      policy: this.options,
      prefetch: options.prefetch,
      handle,
      stats: this.stats,
      publishTimeoutMs: this.publishTimeoutMs,
      logger: this.options.logger ?? silentLogger,
    });
    await consumer.start();
    this.consumers.add(consumer);
    return {
      stop: async (deadlineMs) => {
        await consumer.stop(deadlineMs);
        this.consumers.delete(consumer);
      },
    };
  }

  /** Readiness: the connection is up and the work queue exists; UpstreamUnavailableError otherwise. */
  async check(): Promise<void> {
    if (!this.connection.isConnected) throw new UpstreamUnavailableError('the AMQP connection is down (reconnecting)');
    try {
      await withTimeout(this.publishTimeoutMs, 'the AMQP broker did not answer the readiness check', async () => {
        const channel = await this.connection.createChannel();
        channel.on('error', () => {}); // a missing queue closes this throwaway channel; checkQueue rejects with the reason
        try {
          await channel.checkQueue(this.topology.queue);
        } finally {
          await channel.close().catch(() => {});
        }
      });
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) throw error;
      throw new UpstreamUnavailableError(`queue ${this.topology.queue} is not available: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Hands back whatever consumers still hold (as stop(0) would) and closes the connection. */
  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop(0)));
    this.consumers.clear();
    await this.connection.close();
  }

  private get publishTimeoutMs(): number {
    return this.options.publishTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }
}
