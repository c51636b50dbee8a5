import { setTimeout as wait } from 'node:timers/promises';
import { connect, type ConfirmChannel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpJobQueue } from '../../src/adapters/queue/amqp-job-queue.js';
import { randomQueueName, readyTotal, recordingLogger } from '../support/amqp-test-kit.js';
import { until } from '../support/async-helpers.js';
import { startPrivateRabbitMq, type PrivateRabbitMq } from '../support/private-rabbitmq.js';

/**
 * The queue alone (no worker process, no storage) across a restart of its broker, while 300
 * legacy messages are being published and worked on: the legacy producer's queue is not
 * durable (its declaration can't change), so what still waits there at the stop is lost with
 * it; whatever the mover took from it sits in the quorum jobs queue and must come out.
 *
 * A handler running at the stop may finish while its delivery is void: the broker delivers the
 * message again and the handler runs twice. That is at-least-once, counted apart; the real job
 * is idempotent by its Redis key (the file, its ETag and the options).
 */
const MESSAGES = 300;
const PUBLISH_EVERY_MS = 15;
const DOWN_MS = 3_000;
const PREFETCH = 2;

/** Publishes like the legacy producer (pika): declares the non-durable queue, plain JSON, not persistent; comes back after a drop. */
class LegacyProducer {
  private model: ChannelModel | undefined;
  private channel: ConfirmChannel | undefined;

  constructor(
    private readonly url: string,
    private readonly queue: string,
  ) {}

  /** True once the broker confirmed it; false if the broker was away (an API would answer 503 to its caller). */
  async publish(body: string): Promise<boolean> {
    try {
      const channel = await this.open();
      channel.sendToQueue(this.queue, Buffer.from(body), { contentType: 'application/json' });
      await channel.waitForConfirms();
      return true;
    } catch {
      await this.close();
      return false;
    }
  }

  /** After a refused publish: waits until the broker takes connections again (the caller retries its own requests later). */
  async waitForBroker(): Promise<void> {
    for (;;) {
      try {
        await this.open();
        return;
      } catch {
        await this.close();
        await wait(200);
      }
    }
  }

  async close(): Promise<void> {
    const model = this.model;
    this.model = undefined;
    this.channel = undefined;
    await model?.close().catch(() => {});
  }

  private async open(): Promise<ConfirmChannel> {
    if (this.channel) return this.channel;
    const model = await connect(this.url, { timeout: 2_000 });
    model.on('error', () => {});
    const channel = await model.createConfirmChannel();
    channel.on('error', () => {});
    model.once('close', () => {
      if (this.model === model) {
        this.model = undefined;
        this.channel = undefined;
      }
    });
    await channel.assertQueue(this.queue, { durable: false }); // pika's queue_declare(queue=Q)
    this.model = model;
    this.channel = channel;
    return channel;
  }
}

describe('AmqpJobQueue across a broker restart (private node)', () => {
  let node: PrivateRabbitMq;

  beforeAll(async () => {
    node = await startPrivateRabbitMq();
  });

  afterAll(async () => {
    await node?.close();
  });

  const restartCase = (how: 'stop_app' | 'node stop') => async () => {
    const name = randomQueueName();
    const logger = recordingLogger();
    const queue = await AmqpJobQueue.connect({ url: node.url, queue: name, maxAttempts: 5, retryBaseDelayMs: 500, publishTimeoutMs: 20_000, logger });
    const completions = new Map<string, number>();
    const completedAtMs: number[] = [];
    let running = 0;
    const consumer = await queue.consume(
      async (d) => {
        running++;
        try {
          await wait(50 + Math.random() * 150); // the work
          completions.set(d.message.file_name, (completions.get(d.message.file_name) ?? 0) + 1);
          completedAtMs.push(performance.now());
        } finally {
          running--;
        }
      },
      { prefetch: PREFETCH },
    );
    const producer = new LegacyProducer(node.url, name);
    const sent: string[] = [];
    const sentAtMs = new Map<string, number>();
    const unconfirmed: string[] = [];
    let stopAt: { atMs: number; sent: number; inLegacy: number; runningHandlers: number; completed: number } | undefined;

    const publishing = (async () => {
      for (let i = 0; i < MESSAGES; i++) {
        const file = `f-${String(i).padStart(3, '0')}.csv`;
        if (await producer.publish(JSON.stringify({ file_name: file }))) {
          sent.push(file);
          sentAtMs.set(file, performance.now());
        } else {
          unconfirmed.push(file);
          await producer.waitForBroker();
        }
        await wait(PUBLISH_EVERY_MS);
      }
    })();
    const restarting = (async () => {
      await until(() => sent.length, (n) => n >= MESSAGES / 2, 60_000, 'half the messages sent');
      // What may be lost: the legacy queue's ready messages and those a mover holds unconfirmed.
      const inLegacy = (await readyTotal(node.url, [name])) + queue.movesInFlight;
      const downAt = performance.now();
      stopAt = { atMs: downAt, sent: sent.length, inLegacy, runningHandlers: running, completed: completions.size };
      if (how === 'stop_app') await node.stopApp();
      else await node.stopNode();
      await wait(DOWN_MS); // the outage
      if (how === 'stop_app') await node.startApp();
      else await node.startNode();
      return { downMs: performance.now() - downAt, backAtMs: performance.now() };
    })();
    const [, { downMs, backAtMs }] = await Promise.all([publishing, restarting]);
    await producer.close();

    const startedAt = performance.now();
    const others = [...queue.queueNames];
    // Done when every sent message completed, or nothing is left anywhere to complete the rest.
    await until(
      async () => sent.every((f) => completions.has(f)) || (running === 0 && queue.movesInFlight === 0 && (await readyTotal(node.url, others)) === 0),
      Boolean,
      180_000,
      'every message completed or the queues empty',
    );
    const drainMs = performance.now() - startedAt;
    const left = await readyTotal(node.url, others);
    await consumer.stop(10_000);
    await queue.close();

    const lost = sent.filter((f) => !completions.has(f));
    const twice = [...completions.values()].filter((n) => n > 1).length;
    const completedUnconfirmed = unconfirmed.filter((f) => completions.has(f)).length;
    const at = stopAt!;
    const resumedAfterMs = (completedAtMs.find((t) => t > backAtMs) ?? NaN) - backAtMs;
    const lostSentBeforeStopMs = lost.map((f) => at.atMs - sentAtMs.get(f)!);
    console.log(
      `[faults] amqp ${how}: sent ${sent.length} (unconfirmed during the outage ${unconfirmed.length}, of which completed anyway ${completedUnconfirmed}), ` +
        `at the stop ${at.sent} sent, ${at.sent - at.inLegacy} moved before the stop, ${at.inLegacy} in the legacy queue, ${at.runningHandlers} handlers running, ${at.completed} completed; ` +
        `completed ${sent.length - lost.length}, completed twice ${twice}, lost ${lost.length}${lost.length ? ` (sent ${lostSentBeforeStopMs.map((ms) => ms.toFixed(0)).join(', ')} ms before the stop)` : ''}, left in queues ${left}; ` +
        `down ${(downMs / 1000).toFixed(1)} s, first completion ${(resumedAfterMs / 1000).toFixed(1)} s after the broker was back, drained ${(drainMs / 1000).toFixed(1)} s after the last publish`,
    );
    // Only what still waited in the non-durable legacy queue at the stop may be lost: sent just
    // before it (the mover takes a message within milliseconds; the stop takes about a second).
    expect(lostSentBeforeStopMs.filter((ms) => ms > 1_000)).toEqual([]);
    // A handler runs twice only for a delivery unacked at the stop (its ack went with the
    // channel): at most one per place.
    expect(twice).toBeLessThanOrEqual(PREFETCH);
    expect(left).toBe(0);
    expect(queue.stats).toEqual({ retried: 0, deadLettered: 0 });
  };

  it('stop_app / start_app while jobs run: every message the mover had taken is completed', restartCase('stop_app'));
  it('a whole node stop and start while jobs run: every message the mover had taken is completed', restartCase('node stop'));
});
