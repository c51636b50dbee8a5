import type { JobEvent, JobEvents } from '../../ports/job-events.js';
import { AmqpConnection } from './amqp-connection.js';
import { silentLogger, type QueueLogger } from './queue-logger.js';

export interface AmqpJobEventsOptions {
  readonly url: string;
  /** A durable topic exchange; routing key = event type. Default `pyservice.events`. */
  readonly exchange?: string;
  readonly connectTimeoutMs?: number;
  /** How long `publish` waits for the broker's confirm. Default 10 s. */
  readonly publishTimeoutMs?: number;
  readonly connectionName?: string;
  readonly logger?: QueueLogger;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Job events on a durable topic exchange, routing key `job.completed` / `job.failed`, so a
 * listener binds `job.*` or just the one it cares about. The exchange only routes: an event
 * published while no queue is bound is dropped by the broker (and still confirmed), which is
 * topic semantics — whoever must not miss events binds a durable queue of their own.
 */
export class AmqpJobEvents implements JobEvents {
  private constructor(
    private readonly connection: AmqpConnection,
    readonly exchange: string,
    private readonly publishTimeoutMs: number,
  ) {}

  static async connect(options: AmqpJobEventsOptions): Promise<AmqpJobEvents> {
    const exchange = options.exchange ?? 'pyservice.events';
    const connection = await AmqpConnection.open({
      url: options.url,
      connectionName: options.connectionName ?? 'higia-events',
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      logger: options.logger ?? silentLogger,
      declare: async (channel) => {
        await channel.assertExchange(exchange, 'topic', { durable: true });
      },
    });
    return new AmqpJobEvents(connection, exchange, options.publishTimeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  /** Resolves after the broker's confirm; a nack or no confirm within the timeout → UpstreamUnavailableError. */
  async publish(event: JobEvent): Promise<void> {
    await this.connection.publish(
      this.exchange,
      event.type,
      Buffer.from(JSON.stringify(event)),
      // The message id lets a listener drop the duplicate a publish retry can cause.
      { contentType: 'application/json', type: event.type, messageId: `${event.job_id}:${event.type}` },
      this.publishTimeoutMs,
    );
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
