import { encodeJobMessage, type JobMessage } from '../../domain/job-message.js';
import { ConfigError, UpstreamUnavailableError } from '../../errors.js';
import type { ConsumeOptions, Consumer, DeliveryHandler, JobQueue, QueueStats } from '../../ports/job-queue.js';
import { AmqpConnection, withTimeout } from './amqp-connection.js';
import { AmqpConsumer } from './amqp-consumer.js';
import { AmqpMover, jobsQueueEntryHeaders } from './amqp-mover.js';
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
  /** Deliveries a message may get without being settled (its worker died each time) before the DLQ (`worker-crashed`). Default 3. */
  readonly maxDeliveries?: number;
  /** A handler still running after this long has its message parked and acked (0: never); keep it well under the broker's consumer_timeout. Default 10 min. */
  readonly handOffAfterMs?: number;
  /** How long a parked copy waits before it comes back to the jobs queue (in the park queue's name). Default 5 min. */
  readonly parkCheckMs?: number;
  /** Legacy messages each mover has in flight (each is one confirmed publish). Default 100. */
  readonly movePrefetch?: number;
  /**
   * A queue only Higia publishes to (the parts of a split job): publish() sends straight into the
   * durable jobs queue, persistent and confirmed, with the message id stamped as the mover stamps it,
   * and consume() runs no mover. Default false (the legacy queue and its mover).
   */
  readonly direct?: boolean;
  /** How long `connect` waits for the broker. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** How long a publish waits for the broker's confirm (and for a lost connection to come back). Default 10 s. */
  readonly publishTimeoutMs?: number;
  /** Shown in the broker's connection list. Default `higia`. */
  readonly connectionName?: string;
  readonly logger?: QueueLogger;
}

const DEFAULT_TIMEOUT_MS = 10_000;
export const AMQP_QUEUE_DEFAULTS = { maxDeliveries: 3, handOffAfterMs: 600_000, parkCheckMs: 300_000, movePrefetch: 100 } as const;

interface RunningConsumer {
  readonly consumer: AmqpConsumer;
  /** None on a direct queue. */
  readonly mover: AmqpMover | undefined;
}

/**
 * JobQueue on RabbitMQ, compatible with the legacy producer (see `amqp-topology.ts` for the
 * queues and why the legacy queue itself carries no argument).
 *
 * The legacy queue is not durable because the legacy producer declares it so: a broker restart
 * empties it, whatever `persistent` flag a message carries. So nobody works from it: every
 * consumer runs a mover beside it that empties it into Higia's durable quorum queue, where
 * jobs wait, retries come back and parked copies return. What a restart can still lose is what
 * the legacy queue holds at that moment: messages published while no worker runs, and those
 * being moved (milliseconds).
 *
 * A direct queue (`direct: true`, for a queue no legacy producer knows) skips that hop: publish()
 * puts the message into the jobs queue itself, so nothing of it is ever in the legacy queue, and
 * no mover runs. The rest (consumer, retries, parking, dead letters) is the same. Its legacy-named
 * queue is still declared, empty and unconsumed, so that the topology and check() stay one.
 */
export class AmqpJobQueue implements JobQueue {
  readonly stats: QueueStats = { retried: 0, deadLettered: 0 };
  readonly topology: JobQueueTopology;
  private readonly consumers = new Set<RunningConsumer>();

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
    for (const key of ['maxDeliveries', 'parkCheckMs', 'movePrefetch'] as const) {
      const value = options[key];
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw new ConfigError(`${key} must be an integer ≥ 1`);
    }
    if (options.handOffAfterMs !== undefined && !isNonNegativeInteger(options.handOffAfterMs)) throw new ConfigError('handOffAfterMs must be an integer ≥ 0');
    const topology = jobQueueTopology(options.queue, { ...options, parkCheckMs: options.parkCheckMs ?? AMQP_QUEUE_DEFAULTS.parkCheckMs });
    const connection = await AmqpConnection.open({
      url: options.url,
      connectionName: options.connectionName ?? 'higia',
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      logger: options.logger ?? silentLogger,
      declare: (channel) => declareJobQueueTopology(channel, topology),
    });
    return new AmqpJobQueue(connection, options, topology);
  }

  /** Every queue this adapter declares (legacy, jobs, one per retry delay, park, dead-letter). */
  get queueNames(): string[] {
    return topologyQueueNames(this.topology);
  }

  /**
   * The legacy wire shape: a JSON body on the default exchange, routing key = queue name.
   * Persistent like every message Higia publishes, although the work queue is not durable (a
   * broker restart empties it anyway): the broker keeps such a message in memory only, so the
   * flag costs nothing, and it stays persistent if an operator moves it to a durable queue.
   * A direct queue sends the same body to the jobs queue instead, with the headers the mover
   * would have added (attempt 1, a new message id).
   */
  async publish(message: JobMessage): Promise<void> {
    const body = encodeJobMessage(message);
    if (this.options.direct === true) {
      const options = { contentType: 'application/json', headers: jobsQueueEntryHeaders(undefined) };
      await this.connection.publish('', this.topology.jobsQueue, body, options, this.publishTimeoutMs);
      return;
    }
    await this.connection.publish('', this.topology.queue, body, { contentType: 'application/json' }, this.publishTimeoutMs);
  }

  /** Legacy messages the movers have taken and not yet seen confirmed in the jobs queue (for tests and probes). */
  get movesInFlight(): number {
    return [...this.consumers].reduce((sum, running) => sum + (running.mover?.inFlight ?? 0), 0);
  }

  /**
   * Consumes the jobs queue, and moves the legacy queue into it while the consumer lives (the
   * mover keeps moving during a pause); a direct queue runs no mover. Stopping stops both.
   */
  async consume(handle: DeliveryHandler, options: ConsumeOptions): Promise<Consumer> {
    if (!Number.isSafeInteger(options.prefetch) || options.prefetch < 1) throw new ConfigError('prefetch must be an integer ≥ 1');
    const handOffAfterMs = options.handOffAfterMs ?? this.options.handOffAfterMs ?? AMQP_QUEUE_DEFAULTS.handOffAfterMs;
    if (!isNonNegativeInteger(handOffAfterMs)) throw new ConfigError('handOffAfterMs must be an integer ≥ 0');
    const logger = this.options.logger ?? silentLogger;
    const consumer = new AmqpConsumer({
      connection: this.connection,
      topology: this.topology,
      policy: this.options,
      prefetch: options.prefetch,
      maxDeliveries: this.options.maxDeliveries ?? AMQP_QUEUE_DEFAULTS.maxDeliveries,
      handOffAfterMs,
      handle,
      onPaused: options.onPaused,
      onCrashedTooOften: options.onCrashedTooOften,
      stats: this.stats,
      publishTimeoutMs: this.publishTimeoutMs,
      logger,
    });
    const mover =
      this.options.direct === true
        ? undefined
        : new AmqpMover({
            connection: this.connection,
            topology: this.topology,
            prefetch: this.options.movePrefetch ?? AMQP_QUEUE_DEFAULTS.movePrefetch,
            publishTimeoutMs: this.publishTimeoutMs,
            logger,
          });
    await consumer.start();
    await mover?.start().catch(async (error: unknown) => {
      await consumer.stop(0);
      throw error;
    });
    const running = { consumer, mover };
    this.consumers.add(running);
    return {
      stop: async (deadlineMs) => {
        await Promise.all([mover?.stop(), consumer.stop(deadlineMs)]);
        this.consumers.delete(running);
      },
      resume: () => consumer.resume(),
      get paused() {
        return consumer.paused;
      },
    };
  }

  /** Readiness: the connection is up and both the legacy and the jobs queue exist; UpstreamUnavailableError otherwise. */
  async check(): Promise<void> {
    if (!this.connection.isConnected) throw new UpstreamUnavailableError('the AMQP connection is down (reconnecting)');
    try {
      await withTimeout(this.publishTimeoutMs, 'the AMQP broker did not answer the readiness check', async () => {
        const channel = await this.connection.createChannel();
        channel.on('error', () => {}); // a missing queue closes this throwaway channel; checkQueue rejects with the reason
        try {
          for (const queue of [this.topology.queue, this.topology.jobsQueue]) {
            await channel.checkQueue(queue).catch((error: unknown) => {
              throw new UpstreamUnavailableError(`queue ${queue} is not available: ${(error as Error).message}`, { cause: error });
            });
          }
        } finally {
          await channel.close().catch(() => {});
        }
      });
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) throw error;
      throw new UpstreamUnavailableError(`the AMQP readiness check failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Hands back whatever consumers still hold (as stop(0) would) and closes the connection. */
  async close(): Promise<void> {
    await Promise.all([...this.consumers].flatMap((c) => [c.mover?.stop(), c.consumer.stop(0)]));
    this.consumers.clear();
    await this.connection.close();
  }

  private get publishTimeoutMs(): number {
    return this.options.publishTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }
}

function isNonNegativeInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
