import { connect, type Channel, type ChannelModel, type ConfirmChannel, type Options, type RecoveringChannelModel } from 'amqplib';
import { ConfigError, UpstreamUnavailableError } from '../../errors.js';
import type { QueueLogger } from './queue-logger.js';

export interface AmqpConnectionOptions {
  readonly url: string;
  /** Shown by the broker (`rabbitmqctl list_connections client_properties`, management UI). */
  readonly connectionName: string;
  /** How long `open` waits for the first connection before giving up. */
  readonly connectTimeoutMs: number;
  readonly logger: QueueLogger;
  /** Declares the queues/exchanges this connection needs; runs again after every reconnect. */
  readonly declare: (channel: Channel) => Promise<void>;
}

/** What a caller may set on a message; persistence is not among them (see `publish`). */
export type PublishOptions = Omit<Options.Publish, 'persistent' | 'deliveryMode'>;

const PRECONDITION_FAILED = 406;

/**
 * One AMQP connection that comes back by itself, plus a shared confirm channel for publishing.
 *
 * Recovery is amqplib's own (`connect(url, { recovery })`, amqplib ≥ 2.x) rather than
 * amqp-connection-manager: it reconnects with backoff and re-runs `declare` on every new
 * connection, which is all we need, while channels and consumers stay ours to recreate. That
 * matters for the consumer, which must know exactly which channel a delivery came from:
 * amqp-connection-manager's channel wrapper sends `ack(message)` to whatever channel is current,
 * so a handler that finishes after a reconnect would ack an old delivery tag on the new channel,
 * which the broker answers by closing it (406 unknown delivery tag) or, worse, by acking the
 * new delivery that happens to have that tag.
 */
export class AmqpConnection {
  private publishChannel: Promise<ConfirmChannel> | undefined;
  private connected = true;

  private constructor(
    private readonly model: RecoveringChannelModel,
    private readonly logger: QueueLogger,
  ) {
    model.on('disconnect', (error: Error) => {
      this.connected = false;
      this.publishChannel = undefined;
      logger.warn({ err: error }, 'AMQP connection lost; reconnecting');
    });
    model.on('connect', () => {
      if (!this.connected) logger.info({}, 'AMQP connection restored');
      this.connected = true;
    });
    model.on('connect-failed', (error: Error) => logger.warn({ err: error }, 'AMQP reconnect attempt failed'));
    model.on('reconnect-failed', (error: Error) => logger.error({ err: error }, 'AMQP recovery gave up'));
  }

  /**
   * Connects and declares the topology. A broker that stays unreachable past
   * `connectTimeoutMs` is an UpstreamUnavailableError; a declaration the broker refuses
   * (406, the queue exists with other arguments) is a ConfigError at once, as retrying
   * would never help.
   */
  static async open(options: AmqpConnectionOptions): Promise<AmqpConnection> {
    let lastFailure: Error | undefined;
    let refuseDeclaration: (error: Error) => void = () => {};
    const refused = new Promise<never>((_, reject) => (refuseDeclaration = reject));
    const model = await connect(options.url, {
      clientProperties: { connection_name: options.connectionName },
      timeout: options.connectTimeoutMs,
      // Small frames (a publish, an ack) must not wait for Nagle + delayed ACK: ~40 ms per round trip otherwise.
      noDelay: true,
      recovery: {
        waitForConnect: false,
        initialDelay: 200,
        maxDelay: 10_000,
        setup: (model: ChannelModel) => runDeclare(model, options.declare),
      },
    });
    // Without listeners these would be thrown from amqplib's socket handlers.
    model.on('error', (error: Error) => options.logger.warn({ err: error }, 'AMQP connection error'));
    model.on('handler-error', (error: Error, event: string) => options.logger.error({ err: error, event }, 'AMQP event handler threw'));
    const onFailure = (error: Error) => {
      lastFailure = error;
      if (isPreconditionFailed(error)) {
        refuseDeclaration(new ConfigError(`the broker refused the queue declaration: ${error.message}`, { cause: error }));
      }
    };
    model.on('connect-failed', onFailure);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const why = lastFailure ? `: ${lastFailure.message}` : '';
        reject(new UpstreamUnavailableError(`AMQP broker not reachable within ${options.connectTimeoutMs} ms${why}`, { cause: lastFailure }));
      }, options.connectTimeoutMs);
    });
    try {
      await Promise.race([model.waitForConnect(), refused, timedOut]);
    } catch (error) {
      await model.close().catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
      model.off('connect-failed', onFailure);
    }
    return new AmqpConnection(model, options.logger);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** A new channel on the current connection; waits while the connection is being restored. */
  async createChannel(): Promise<Channel> {
    const channel = await this.model.createChannel();
    channel.on('handler-error', (error: Error, event: string) => this.logger.error({ err: error, event }, 'AMQP channel event handler threw'));
    return channel;
  }

  /**
   * Publishes a persistent message (delivery mode 2) on the confirm channel and resolves once the
   * broker confirmed it; nack, a lost channel or `timeoutMs` → UpstreamUnavailableError.
   * Persistence is set here, for every caller: a durable queue keeps only persistent messages
   * over a broker restart, so a copy published without it would vanish from a retry queue or the DLQ.
   */
  async publish(exchange: string, routingKey: string, body: Buffer, options: PublishOptions, timeoutMs: number): Promise<void> {
    const persistent: Options.Publish = { ...options, persistent: true };
    // Set once the caller has been told the publish failed: a channel that only opens after
    // that (the connection came back late) must not send the message anyway. A late send was a
    // duplicate: the caller had already gone on (a retried job announcing its event again, a
    // handed-back message copied twice). Seen as repeated job.completed after broker restarts.
    let givenUp = false;
    const attempt = withTimeout(timeoutMs, `the broker did not confirm the message within ${timeoutMs} ms`, async () => {
      const channel = await this.confirmChannel().catch((cause: unknown) => {
        throw new UpstreamUnavailableError(`no AMQP channel to publish on: ${(cause as Error).message}`, { cause });
      });
      if (givenUp) throw new UpstreamUnavailableError('the publish was given up before a channel opened');
      await new Promise<void>((resolve, reject) => {
        const fail = (cause: unknown) => reject(new UpstreamUnavailableError(`the broker did not take the message: ${(cause as Error).message}`, { cause }));
        try {
          channel.publish(exchange, routingKey, body, persistent, (error: unknown) => (error ? fail(error) : resolve()));
        } catch (error) {
          fail(error); // the channel closed under us: amqplib throws instead of calling back
        }
      });
    });
    await attempt.catch((error: unknown) => {
      givenUp = true;
      throw error;
    });
  }

  async close(): Promise<void> {
    this.connected = false;
    await this.model.close();
  }

  private confirmChannel(): Promise<ConfirmChannel> {
    if (this.publishChannel) return this.publishChannel;
    const created = this.model.createConfirmChannel().then((channel) => {
      channel.on('error', (error: Error) => this.logger.warn({ err: error }, 'AMQP publish channel error'));
      channel.on('close', () => {
        if (this.publishChannel === created) this.publishChannel = undefined;
      });
      return channel;
    });
    created.catch(() => {
      if (this.publishChannel === created) this.publishChannel = undefined;
    });
    this.publishChannel = created;
    return created;
  }
}

async function runDeclare(model: ChannelModel, declare: (channel: Channel) => Promise<void>): Promise<void> {
  const channel = await model.createChannel();
  // A refused declaration closes the channel with an 'error' event; the rejected call carries it.
  channel.on('error', () => {});
  try {
    await declare(channel);
  } finally {
    await channel.close().catch(() => {});
  }
}

function isPreconditionFailed(error: unknown): boolean {
  return (error as { code?: unknown }).code === PRECONDITION_FAILED;
}

/** Runs `work` with a deadline; the deadline rejects with UpstreamUnavailableError. */
export async function withTimeout<T>(timeoutMs: number, message: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UpstreamUnavailableError(message)), timeoutMs);
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
