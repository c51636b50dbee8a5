import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import type { JobEvent } from '../../src/ports/job-events.js';
import { TEST_AMQP_URL, deleteQueues, openRawAmqp } from '../support/amqp-test-kit.js';
import type { PrivateRabbitMq } from '../support/private-rabbitmq.js';

const run = promisify(execFile);

export interface QueueRow {
  name: string;
  durable: boolean;
  /** Ready plus unacknowledged. */
  messages: number;
  messages_ready: number;
  messages_unacknowledged: number;
}

/** The broker a scenario runs on: the machine's shared one or a private node. */
export interface BrokerUnderTest {
  readonly url: string;
  /** What rabbitmqctl says of every queue (AMQP itself cannot count unacknowledged messages). */
  listQueues(): Promise<QueueRow[]>;
}

const LIST_ARGS = ['list_queues', 'name', 'durable', 'messages', 'messages_ready', 'messages_unacknowledged', '--formatter', 'json', '-q'];

export const sharedBroker = (): BrokerUnderTest => ({
  url: TEST_AMQP_URL,
  async listQueues() {
    const { stdout } = await run('rabbitmqctl', LIST_ARGS, { timeout: 60_000 });
    return JSON.parse(stdout) as QueueRow[];
  },
});

export const privateBroker = (node: PrivateRabbitMq): BrokerUnderTest => ({
  url: node.url,
  listQueues: async () => JSON.parse(await node.ctl(LIST_ARGS)) as QueueRow[],
});

async function openChannel(url: string): Promise<{ model: ChannelModel; channel: Channel }> {
  const model = await connect(url);
  model.on('error', () => {});
  const channel = await model.createChannel();
  channel.on('error', () => {});
  return { model, channel };
}

/**
 * Publishes like the legacy producer (pika: `queue_declare(queue=Q)` with its defaults, then
 * `basic_publish` on the default exchange with no properties), many messages on one connection;
 * with publisher confirms, so `sent` counts only what the broker took.
 */
export async function publishLegacyMessages(url: string, queue: string, bodies: readonly string[]): Promise<void> {
  const model = await connect(url);
  model.on('error', () => {});
  try {
    const channel = await model.createConfirmChannel();
    await channel.assertQueue(queue, { durable: false, exclusive: false, autoDelete: false });
    for (const body of bodies) channel.sendToQueue(queue, Buffer.from(body));
    await channel.waitForConfirms();
  } finally {
    await model.close().catch(() => {});
  }
}

/**
 * Collects the job events from a durable queue of its own bound to the events exchange,
 * acking each once recorded; reconnects when the broker goes away, so a restart loses none.
 */
export class EventCollector {
  readonly events: JobEvent[] = [];
  /** Events the broker delivered to the collector twice because the collector's ack was lost (not counted as events). */
  redeliveredToCollector = 0;
  private readonly bodies = new Set<string>();
  lastEventAt = Date.now();
  private model: ChannelModel | undefined;
  private closing = false;

  private constructor(
    private readonly url: string,
    private readonly exchange: string,
    readonly queue: string,
  ) {}

  static async start(url: string, exchange: string, queue: string): Promise<EventCollector> {
    const collector = new EventCollector(url, exchange, queue);
    await collector.attach();
    return collector;
  }

  private async attach(): Promise<void> {
    const { model, channel } = await openChannel(this.url);
    this.model = model;
    await channel.assertExchange(this.exchange, 'topic', { durable: true });
    await channel.assertQueue(this.queue, { durable: true });
    await channel.bindQueue(this.queue, this.exchange, 'job.*');
    await channel.consume(this.queue, (message) => {
      if (!message) return;
      const body = message.content.toString();
      // The collector's own ack can die with a stopping broker, which then delivers that event
      // to the collector again: the very same publish (same body, `at` included), not a second
      // one from Higia. Only such a redelivery is dropped; two publishes differ in `at`.
      if (message.fields.redelivered && this.bodies.has(body)) {
        this.redeliveredToCollector++;
      } else {
        this.bodies.add(body);
        this.events.push(JSON.parse(body) as JobEvent);
        this.lastEventAt = Date.now();
      }
      channel.ack(message);
    });
    model.once('close', () => void this.reattach());
  }

  private async reattach(): Promise<void> {
    while (!this.closing) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (this.closing) return;
      try {
        await this.attach();
        return;
      } catch {
        // the broker is still down: try again
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.model?.close().catch(() => {});
  }
}

/** A dead letter, as far as the count needs it. */
export interface DeadLetter {
  fileName: string | undefined;
  reason: string | undefined;
  errorCode: string | undefined;
}

/** Reads the dead-letter queue without taking anything from it (the channel closes unacked: all go back). */
export async function browseDeadLetters(url: string, queue: string): Promise<DeadLetter[]> {
  const { model, channel } = await openChannel(url);
  const letters: DeadLetter[] = [];
  try {
    await channel.checkQueue(queue);
    for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
      let fileName: string | undefined;
      try {
        fileName = (JSON.parse(message.content.toString()) as { file_name?: string }).file_name;
      } catch {
        fileName = undefined;
      }
      const headers = message.properties.headers ?? {};
      letters.push({ fileName, reason: headers['x-higia-reason'] as string | undefined, errorCode: headers['x-higia-error-code'] as string | undefined });
    }
  } catch {
    // no dead-letter queue: nothing was dead-lettered
  } finally {
    await model.close().catch(() => {});
  }
  return letters;
}

/** Deletes every queue whose name starts with `prefix`, and the exchange. */
export async function deleteScenarioTopology(broker: BrokerUnderTest, prefix: string, exchange: string): Promise<void> {
  const names = (await broker.listQueues().catch(() => [] as QueueRow[])).map((q) => q.name).filter((n) => n === prefix || n.startsWith(`${prefix}.`));
  await deleteQueues(names, broker.url).catch(() => {});
  const raw = await openRawAmqp(broker.url).catch(() => undefined);
  await raw?.channel.deleteExchange(exchange).catch(() => {});
  await raw?.close();
}

/** Messages (ready or being handled) in the scenario's queues, the dead-letter queue and the test's own left out. */
export async function messagesInWork(broker: BrokerUnderTest, queue: string): Promise<number> {
  const rows = await broker.listQueues();
  return rows
    .filter((q) => (q.name === queue || q.name.startsWith(`${queue}.`)) && q.name !== `${queue}.dlq` && q.name !== `${queue}.test-events`)
    .reduce((sum, q) => sum + q.messages, 0);
}
