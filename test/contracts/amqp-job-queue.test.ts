import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AmqpJobQueue, type AmqpJobQueueOptions } from '../../src/adapters/queue/amqp-job-queue.js';
import { HEADER } from '../../src/adapters/queue/amqp-topology.js';
import { ConfigError, InputFormatError, UpstreamUnavailableError } from '../../src/errors.js';
import type { Delivery } from '../../src/ports/job-queue.js';
import { makeAmqpHarness } from '../support/amqp-queue-harness.js';
import {
  closeConnectionsFromBroker,
  deleteQueues,
  findPythonWithPika,
  openRawAmqp,
  publishLikeLegacyProducer,
  queueProperties,
  randomQueueName,
  recordingLogger,
  TEST_AMQP_URL,
} from '../support/amqp-test-kit.js';
import { gate, until } from '../support/async-helpers.js';
import { jobQueueContract, type JobQueueHarness } from './job-queue.contract.js';

jobQueueContract('amqp', (policy) => makeAmqpHarness(policy));

const POLICY = { maxAttempts: 3, retryBaseDelayMs: 50 };

describe('AmqpJobQueue on RabbitMQ', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const harness = async (extra: Partial<AmqpJobQueueOptions> = {}) => {
    const h = await makeAmqpHarness(POLICY, extra);
    cleanups.push(() => h.dispose());
    return h;
  };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  describe('with the legacy producer (Python pika)', () => {
    let python: string;
    beforeAll(async () => {
      python = await findPythonWithPika();
    });

    const consumeInto = async (queue: AmqpJobQueue, seen: Delivery[]) => {
      const consumer = await queue.consume(async (d) => void seen.push(d), { prefetch: 1 });
      cleanups.push(() => consumer.stop(5_000));
    };

    it('consumes what pika published before the worker started (pika declared the queue first)', async () => {
      const name = randomQueueName();
      cleanups.push(() => deleteQueues([name, `${name}.dlq`, `${name}.retry.50`, `${name}.retry.100`]));
      await publishLikeLegacyProducer(python, name, '{"file_name": "clientes.csv"}');
      const queue = await AmqpJobQueue.connect({ url: TEST_AMQP_URL, queue: name, ...POLICY });
      cleanups.push(() => queue.close());
      const seen: Delivery[] = [];
      await consumeInto(queue, seen);
      await until(() => seen.length, (n) => n >= 1);
      expect(seen[0]).toMatchObject({ message: { file_name: 'clientes.csv' }, attempt: 1 });
      expect(await queueProperties(name)).toEqual({ name, durable: false, auto_delete: false, exclusive: false, arguments: [], type: 'classic' });
    });

    it('lets pika declare and publish to the queue the worker declared first, and consumes it', async () => {
      const h = await harness();
      const seen: Delivery[] = [];
      await consumeInto(h.queue, seen);
      await publishLikeLegacyProducer(python, h.name, '{"file_name": "clientes.csv"}'); // exits non-zero on a 406
      await until(() => seen.length, (n) => n >= 1);
      expect(seen[0]).toMatchObject({ message: { file_name: 'clientes.csv' }, attempt: 1 });
      expect(await queueProperties(h.name)).toEqual({ name: h.name, durable: false, auto_delete: false, exclusive: false, arguments: [], type: 'classic' });
    });
  });

  it('declares durable retry queues that dead-letter back after their delay, and a durable DLQ', async () => {
    const h = await harness();
    const retry = await queueProperties(`${h.name}.retry.100`);
    expect(retry).toMatchObject({ durable: true, auto_delete: false, exclusive: false });
    // rabbitmqctl prints [name, AMQP type, value]; the type is whatever width the client chose.
    const args = Object.fromEntries((retry?.arguments as [string, string, unknown][]).map(([key, , value]) => [key, value]));
    expect(args).toEqual({ 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': h.name });
    expect(await queueProperties(`${h.name}.dlq`)).toMatchObject({ durable: true, arguments: [] });
    expect(h.queue.queueNames).toEqual([h.name, `${h.name}.retry.50`, `${h.name}.retry.100`, `${h.name}.dlq`]);
  });

  it('fails at once with a ConfigError when the work queue exists with another declaration (406)', async () => {
    const name = randomQueueName();
    const raw = await openRawAmqp();
    cleanups.push(async () => {
      await raw.close();
      await deleteQueues([name, `${name}.dlq`, `${name}.retry.50`, `${name}.retry.100`]);
    });
    await raw.channel.assertQueue(name, { durable: true });
    const startedAt = performance.now();
    const connecting = AmqpJobQueue.connect({ url: TEST_AMQP_URL, queue: name, ...POLICY, connectTimeoutMs: 20_000 });
    await expect(connecting).rejects.toBeInstanceOf(ConfigError);
    await expect(connecting).rejects.toThrow(/PRECONDITION/);
    expect(performance.now() - startedAt).toBeLessThan(5_000);
  });

  it('fails with UpstreamUnavailableError when no broker answers within connectTimeoutMs', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve)); // now nothing listens on that port
    const connecting = AmqpJobQueue.connect({ url: `amqp://guest:guest@127.0.0.1:${port}`, queue: randomQueueName(), ...POLICY, connectTimeoutMs: 800 });
    await expect(connecting).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(connecting).rejects.toThrow(/ECONNREFUSED/);
  });

  it('puts the reason, the error and the attempt on a persistent dead-letter copy that keeps the producer headers', async () => {
    const h = await harness();
    const consumer = await h.queue.consume(
      async () => {
        throw new InputFormatError('BINARY_FILE', 'x'.repeat(5_000));
      },
      { prefetch: 1 },
    );
    cleanups.push(() => consumer.stop(5_000));
    const raw = await openRawAmqp();
    cleanups.push(() => raw.close());
    raw.channel.sendToQueue(h.name, Buffer.from('{"file_name":"b.bin"}'), { headers: { 'x-origin': 'crm' }, messageId: 'm-1', contentType: 'application/json' });
    const copy = await until(() => raw.channel.get(`${h.name}.dlq`, { noAck: true }), Boolean, 10_000, 'the dead letter');
    if (!copy) throw new Error('unreachable');
    const headers = copy.properties.headers ?? {};
    expect(copy.content.toString()).toBe('{"file_name":"b.bin"}');
    expect(copy.properties).toMatchObject({ deliveryMode: 2, messageId: 'm-1', contentType: 'application/json' });
    expect(headers).toMatchObject({ 'x-origin': 'crm', [HEADER.reason]: 'permanent-error', [HEADER.errorCode]: 'BINARY_FILE', [HEADER.attempt]: 1 });
    expect(String(headers[HEADER.error]).length).toBeLessThanOrEqual(1_001);
    expect(Date.now() - Date.parse(String(headers[HEADER.failedAt]))).toBeLessThan(60_000);
  });

  // A durable queue keeps only persistent messages (delivery mode 2) over a broker restart. The
  // originals below are published transient, as pika does by default, so the copy must upgrade them.
  describe('persistence of what Higia publishes', () => {
    const PRODUCER = { headers: { 'x-origin': 'crm' }, messageId: 'm-1', contentType: 'application/json' };

    it('publishes a job persistent, as JSON, to the non-durable work queue', async () => {
      const h = await harness();
      const raw = await openRawAmqp();
      cleanups.push(() => raw.close());
      await h.queue.publish({ file_name: 'api.csv', job_id: 'job-1' });
      const message = await raw.channel.get(h.name, { noAck: true });
      if (!message) throw new Error('the published job is not in the work queue');
      expect(JSON.parse(message.content.toString())).toMatchObject({ file_name: 'api.csv', job_id: 'job-1' });
      expect(message.properties).toMatchObject({ deliveryMode: 2, contentType: 'application/json' });
      expect(await queueProperties(h.name)).toMatchObject({ durable: false, arguments: [] });
    });

    /** Sends `body` as the legacy producer would to a consumer that always fails transiently; returns the copy that lands in `queue`. */
    async function copyOfFailingJob(h: Awaited<ReturnType<typeof harness>>, body: string, queue: string) {
      const consumer = await h.queue.consume(
        async () => {
          throw new UpstreamUnavailableError('ownCloud answered 503');
        },
        { prefetch: 1 },
      );
      cleanups.push(() => consumer.stop(5_000));
      const raw = await openRawAmqp();
      cleanups.push(() => raw.close());
      raw.channel.sendToQueue(h.name, Buffer.from(body), PRODUCER);
      const copy = await until(() => raw.channel.get(queue, { noAck: true }), Boolean, 10_000, `the copy in ${queue}`);
      if (!copy) throw new Error('unreachable');
      return copy;
    }

    it('puts a persistent retry copy with the producer headers and the next attempt in its durable retry queue', async () => {
      // A delay long enough that the copy is still waiting in the retry queue when the test reads it.
      const h = await harness({ maxAttempts: 2, retryBaseDelayMs: 600_000 });
      const retryQueue = `${h.name}.retry.600000`;
      const copy = await copyOfFailingJob(h, '{"file_name":"r.csv"}', retryQueue);
      expect(copy.content.toString()).toBe('{"file_name":"r.csv"}');
      expect(copy.properties).toMatchObject({ deliveryMode: 2, messageId: 'm-1', contentType: 'application/json' });
      expect(copy.properties.headers).toEqual({ 'x-origin': 'crm', [HEADER.attempt]: 2 });
      expect(await queueProperties(retryQueue)).toMatchObject({ durable: true, auto_delete: false, exclusive: false });
      expect(h.queue.stats.retried).toBe(1);
    });

    it('dead-letters a persistent copy after the last attempt, with the producer headers, its own and no x-death', async () => {
      const h = await harness({ maxAttempts: 2, retryBaseDelayMs: 50 });
      const copy = await copyOfFailingJob(h, '{"file_name":"d.csv"}', `${h.name}.dlq`);
      const headers = copy.properties.headers ?? {};
      expect(copy.content.toString()).toBe('{"file_name":"d.csv"}');
      expect(copy.properties).toMatchObject({ deliveryMode: 2, messageId: 'm-1', contentType: 'application/json' });
      expect(headers).toMatchObject({
        'x-origin': 'crm',
        [HEADER.attempt]: 2,
        [HEADER.reason]: 'attempts-exhausted',
        [HEADER.errorCode]: 'UPSTREAM_UNAVAILABLE',
        [HEADER.error]: 'ownCloud answered 503',
      });
      // The broker added x-death when the retry queue's TTL sent the message back; it says nothing true of this copy.
      expect(Object.keys(headers).sort()).toEqual(['x-origin', ...Object.values(HEADER)].sort());
      expect(await queueProperties(`${h.name}.dlq`)).toMatchObject({ durable: true, auto_delete: false, exclusive: false });
      expect(h.queue.stats).toEqual({ retried: 1, deadLettered: 1 });
    });
  });

  it('resumes consuming by itself after the broker closes its connection, and publishes again', async () => {
    const logger = recordingLogger();
    const h = await harness({ logger, publishTimeoutMs: 15_000 });
    const seen: string[] = [];
    const consumer = await h.queue.consume(async (d) => void seen.push(d.message.file_name), { prefetch: 1 });
    cleanups.push(() => consumer.stop(5_000));
    await h.queue.publish({ file_name: 'before.csv' });
    await until(() => seen.length, (n) => n >= 1);

    expect(await closeConnectionsFromBroker(h.connectionName)).toBe(1);
    await until(() => logger.messages.includes('AMQP connection restored'), Boolean, 15_000, 'the reconnect');
    await expect(h.queue.check()).resolves.toBeUndefined();

    await h.publishRaw(Buffer.from('{"file_name":"from-another-producer.csv"}'));
    await h.queue.publish({ file_name: 'after.csv' });
    await until(() => seen.length, (n) => n >= 3, 15_000, 'the messages published after the drop');
    expect(seen).toEqual(['before.csv', 'from-another-producer.csv', 'after.csv']);
    expect(logger.messages).toContain('AMQP consumer resumed');
  });

  it('declares the work queue again and keeps consuming when the queue disappears (as a broker restart does to it)', async () => {
    const logger = recordingLogger();
    const h = await harness({ logger });
    const seen: string[] = [];
    const consumer = await h.queue.consume(async (d) => void seen.push(d.message.file_name), { prefetch: 1 });
    cleanups.push(() => consumer.stop(5_000));
    const raw = await openRawAmqp();
    cleanups.push(() => raw.close());
    await raw.channel.deleteQueue(h.name);
    await until(() => logger.messages.includes('AMQP consumer resumed'), Boolean, 10_000, 'the consumer to come back');
    await h.publishRaw(Buffer.from('{"file_name":"after-restart.csv"}'));
    await until(() => seen.length, (n) => n >= 1);
    expect(seen).toEqual(['after-restart.csv']);
    expect(await queueProperties(h.name)).toMatchObject({ durable: false, arguments: [] });
  });

  it('gets back a delivery whose connection died before its ack, and never acks the dead one', async () => {
    const logger = recordingLogger();
    const h = await harness({ logger });
    const held = gate();
    const deliveries: Delivery[] = [];
    let firstDone: Promise<void> | undefined;
    const consumer = await h.queue.consume(
      (d) => {
        deliveries.push(d);
        if (deliveries.length > 1) return Promise.resolve();
        firstDone = held.opened;
        return firstDone;
      },
      { prefetch: 1 },
    );
    cleanups.push(() => consumer.stop(5_000));
    await h.queue.publish({ file_name: 'pending.csv' });
    await until(() => deliveries.length, (n) => n >= 1);

    expect(await closeConnectionsFromBroker(h.connectionName)).toBe(1);
    await until(() => deliveries.length, (n) => n >= 2, 15_000, 'the redelivery');
    expect(deliveries[1]).toMatchObject({ message: { file_name: 'pending.csv' }, attempt: 1 });

    held.open(); // the first handler resolves now; its ack must not go anywhere
    await firstDone;
    await h.queue.publish({ file_name: 'marker.csv' });
    await until(() => deliveries.length, (n) => n >= 3, 10_000, 'the marker');
    expect(deliveries.map((d) => d.message.file_name)).toEqual(['pending.csv', 'pending.csv', 'marker.csv']);
    await consumer.stop(5_000);
    expect(await h.readyCount()).toBe(0);
    expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 0 });
    expect(logger.messages).not.toContain('AMQP consumer channel error');
  });

  it('moves 1000 small messages through, each exactly once (throughput and round-trip latency)', async () => {
    const h: JobQueueHarness = await harness();
    const roundTrips: number[] = [];
    let arrived: (() => void) | undefined;
    const probe = await h.queue.consume(async () => arrived?.(), { prefetch: 1 });
    for (let i = 0; i < 20; i++) {
      const startedAt = performance.now();
      const got = new Promise<void>((resolve) => (arrived = resolve));
      await h.queue.publish({ file_name: `probe-${i}.csv` });
      await got;
      roundTrips.push(performance.now() - startedAt);
    }
    await probe.stop(5_000);

    const count = 1_000;
    const seen = new Map<string, number>();
    const consumer = await h.queue.consume(async (d) => void seen.set(d.message.file_name, (seen.get(d.message.file_name) ?? 0) + 1), { prefetch: 50 });
    const startedAt = performance.now();
    await Promise.all(Array.from({ length: count }, (_, i) => h.queue.publish({ file_name: `m-${i}.csv` })));
    const publishedAt = performance.now();
    await until(() => seen.size, (n) => n >= count, 30_000, 'all messages');
    const consumedAt = performance.now();
    await consumer.stop(5_000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(await h.readyCount()).toBe(0);

    roundTrips.sort((a, b) => a - b);
    console.info(
      `AMQP publish→handler round trip: median ${roundTrips[10]?.toFixed(1)} ms, max ${roundTrips[19]?.toFixed(1)} ms; ` +
        `${count} messages: confirmed publish ${Math.round(count / ((publishedAt - startedAt) / 1000))}/s, ` +
        `publish+consume ${Math.round(count / ((consumedAt - startedAt) / 1000))}/s`,
    );
  });
});
