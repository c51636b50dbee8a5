import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AmqpJobQueue, type AmqpJobQueueOptions } from '../../src/adapters/queue/amqp-job-queue.js';
import { HEADER } from '../../src/adapters/queue/amqp-topology.js';
import { ConfigError, CredentialsRejectedError, FileBusyError, InputFormatError, UpstreamUnavailableError } from '../../src/errors.js';
import type { Delivery } from '../../src/ports/job-queue.js';
import { makeAmqpHarness } from '../support/amqp-queue-harness.js';
import {
  closeConnectionsFromBroker,
  deleteQueues,
  findPythonWithPika,
  openRawAmqp,
  jobQueueNames,
  publishLikeLegacyProducer,
  queueProperties,
  randomQueueName,
  readyCounts,
  recordingLogger,
  TEST_AMQP_URL,
  unackedHeldBy,
  type QueueProperties,
} from '../support/amqp-test-kit.js';
import { gate, until } from '../support/async-helpers.js';
import { jobQueueContract, type JobQueueHarness } from './job-queue.contract.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

jobQueueContract('amqp', (policy) => makeAmqpHarness(policy));
jobQueueContract('amqp direct', (policy) => makeAmqpHarness(policy, { direct: true }));

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
      cleanups.push(() => deleteQueues(jobQueueNames(name, POLICY)));
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

  it('declares a durable quorum jobs queue, retry and park queues that dead-letter into it after their TTL, and a durable DLQ', async () => {
    const h = await harness({ parkCheckMs: 2_000 });
    // rabbitmqctl prints [name, AMQP type, value]; the type is whatever width the client chose.
    const argsOf = (q: QueueProperties | undefined) => Object.fromEntries((q?.arguments as [string, string, unknown][]).map(([key, , value]) => [key, value]));
    const jobs = await queueProperties(`${h.name}.jobs`);
    expect(jobs).toMatchObject({ durable: true, auto_delete: false, type: 'quorum' });
    expect(argsOf(jobs)).toEqual({ 'x-queue-type': 'quorum' });
    const retry = await queueProperties(`${h.name}.jobs.retry.100`);
    expect(retry).toMatchObject({ durable: true, auto_delete: false, exclusive: false, type: 'classic' });
    expect(argsOf(retry)).toEqual({ 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': `${h.name}.jobs` });
    const park = await queueProperties(`${h.name}.jobs.parked.2000`);
    expect(park).toMatchObject({ durable: true, auto_delete: false, exclusive: false });
    expect(argsOf(park)).toEqual({ 'x-message-ttl': 2_000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': `${h.name}.jobs` });
    expect(await queueProperties(`${h.name}.dlq`)).toMatchObject({ durable: true, arguments: [] });
    expect(await queueProperties(h.name)).toEqual({ name: h.name, durable: false, auto_delete: false, exclusive: false, arguments: [], type: 'classic' });
    expect(h.queue.queueNames).toEqual([
      h.name,
      `${h.name}.jobs`,
      `${h.name}.jobs.retry.50`,
      `${h.name}.jobs.retry.100`,
      `${h.name}.jobs.parked.2000`,
      `${h.name}.dlq`,
    ]);
  });

  it('check() fails naming the jobs queue when it is gone', async () => {
    const h = await harness();
    const raw = await openRawAmqp();
    cleanups.push(() => raw.close());
    await raw.channel.deleteQueue(`${h.name}.jobs`);
    await expect(h.queue.check()).rejects.toThrow(new RegExp(`queue ${h.name}\\.jobs is not available`));
  });

  it('fails at once with a ConfigError when the work queue exists with another declaration (406)', async () => {
    const name = randomQueueName();
    const raw = await openRawAmqp();
    cleanups.push(async () => {
      await raw.close();
      await deleteQueues(jobQueueNames(name, POLICY));
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
      const retryQueue = `${h.name}.jobs.retry.600000`;
      const copy = await copyOfFailingJob(h, '{"file_name":"r.csv"}', retryQueue);
      expect(copy.content.toString()).toBe('{"file_name":"r.csv"}');
      expect(copy.properties).toMatchObject({ deliveryMode: 2, messageId: 'm-1', contentType: 'application/json' });
      expect(copy.properties.headers).toEqual({ 'x-origin': 'crm', [HEADER.attempt]: 2, [HEADER.jobId]: expect.stringMatching(UUID) });
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
      expect(Object.keys(headers).sort()).toEqual(['x-origin', HEADER.attempt, HEADER.reason, HEADER.error, HEADER.errorCode, HEADER.failedAt, HEADER.jobId].sort());
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

  /** Puts a body straight into the jobs queue and gets it back unsettled `times` times, as a worker that dies on it would. */
  async function inJobsQueueAfterCrashes(h: Awaited<ReturnType<typeof harness>>, body: string, times: number): Promise<void> {
    const raw = await openRawAmqp();
    try {
      const confirm = await raw.model.createConfirmChannel();
      confirm.sendToQueue(h.queue.topology.jobsQueue, Buffer.from(body));
      await confirm.waitForConfirms();
      for (let i = 0; i < times; i++) {
        const message = await until(() => raw.channel.get(h.queue.topology.jobsQueue), Boolean, 10_000, 'the message in the jobs queue');
        if (message) raw.channel.nack(message, false, true);
      }
    } finally {
      await raw.close();
    }
  }

  const rejectOnAbort = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

  describe('the mover', () => {
    it('moves legacy messages into the jobs queue as persistent copies with their properties and an attempt header', async () => {
      const h = await harness();
      const held = gate();
      const seen: Delivery[] = [];
      const consumer = await h.queue.consume(
        async (d) => {
          seen.push(d);
          await held.opened;
        },
        { prefetch: 1 },
      );
      cleanups.push(async () => {
        held.open();
        await consumer.stop(5_000);
      });
      const raw = await openRawAmqp();
      cleanups.push(() => raw.close());
      raw.channel.sendToQueue(h.name, Buffer.from('{"file_name":"first.csv"}'));
      await until(() => seen.length, (n) => n >= 1);
      expect(seen[0]).toMatchObject({ message: { file_name: 'first.csv' }, attempt: 1, parked: false });
      // The one place is busy: the next two wait, moved, in the jobs queue.
      raw.channel.sendToQueue(h.name, Buffer.from('{"file_name":"second.csv"}'), { headers: { 'x-origin': 'crm', [HEADER.attempt]: 3 }, messageId: 'm-2', contentType: 'application/json' });
      raw.channel.sendToQueue(h.name, Buffer.from('{"file_name":"third.csv"}'), { headers: { 'x-origin': 'crm' } });
      await until(() => h.readyCount(), (n) => n >= 2, 10_000, 'both moved');
      const jobs = h.queue.topology.jobsQueue;
      expect(await readyCounts([h.name, jobs])).toEqual({ [h.name]: 0, [jobs]: 2 });
      expect(await unackedHeldBy(h.connectionName)).toBe(1);
      const second = await raw.channel.get(jobs, { noAck: true });
      const third = await raw.channel.get(jobs, { noAck: true });
      if (!second || !third) throw new Error('the moved messages are not in the jobs queue');
      expect(second.content.toString()).toBe('{"file_name":"second.csv"}');
      expect(second.properties).toMatchObject({ deliveryMode: 2, messageId: 'm-2', contentType: 'application/json' });
      // The mover stamps the id every later delivery and copy of the message carries (Delivery.id).
      expect(second.properties.headers).toEqual({ 'x-origin': 'crm', [HEADER.attempt]: 3, [HEADER.jobId]: expect.stringMatching(UUID), 'x-delivery-count': 0 }); // the count: basic.get's
      expect(third.properties).toMatchObject({ deliveryMode: 2, headers: { 'x-origin': 'crm', [HEADER.attempt]: 1, [HEADER.jobId]: expect.stringMatching(UUID) } });
      expect(third.properties.headers?.[HEADER.jobId]).not.toBe(second.properties.headers?.[HEADER.jobId]);
    });

    it('moves what a retry queue of Higia before the jobs queue sends back to the legacy queue, attempt included', async () => {
      const h = await harness();
      const raw = await openRawAmqp();
      const oldRetryQueue = `${h.name}.retry.50`;
      cleanups.push(async () => {
        await raw.close();
        await deleteQueues([oldRetryQueue]);
      });
      await raw.channel.assertQueue(oldRetryQueue, {
        durable: true,
        arguments: { 'x-message-ttl': 50, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': h.name },
      });
      raw.channel.sendToQueue(oldRetryQueue, Buffer.from('{"file_name":"old-retry.csv"}'), { persistent: true, headers: { [HEADER.attempt]: 2 } });
      const seen: Delivery[] = [];
      const consumer = await h.queue.consume(async (d) => void seen.push(d), { prefetch: 1 });
      cleanups.push(() => consumer.stop(5_000));
      await until(() => seen.length, (n) => n >= 1, 10_000, 'the old retry');
      expect(seen[0]).toMatchObject({ message: { file_name: 'old-retry.csv' }, attempt: 2 });
    });

    it('keeps moving legacy messages into the durable queue while the consumer is paused', async () => {
      const h = await harness();
      const consumer = await h.queue.consume(
        async () => {
          throw new CredentialsRejectedError('refused');
        },
        { prefetch: 1 },
      );
      cleanups.push(() => consumer.stop(5_000));
      await h.queue.publish({ file_name: 'a.csv' });
      await until(() => consumer.paused, Boolean, 10_000, 'the pause');
      await h.publishRaw(Buffer.from('{"file_name":"b.csv"}'));
      const jobs = h.queue.topology.jobsQueue;
      await until(() => readyCounts([h.name, jobs]), (c) => c[jobs] === 2, 10_000, 'b.csv moved');
      expect(await readyCounts([h.name])).toEqual({ [h.name]: 0 });
    });
  });

  describe('a direct queue (only Higia publishes to it: no legacy hop)', () => {
    const direct = () => harness({ direct: true });
    /** Messages waiting in the legacy-named queue, and consumers on it. */
    const legacyQueue = async (name: string) => {
      const raw = await openRawAmqp();
      try {
        const { messageCount, consumerCount } = await raw.channel.checkQueue(name);
        return { messageCount, consumerCount };
      } finally {
        await raw.close();
      }
    };

    it('publishes straight into the jobs queue, persistent, with the attempt and a message id stamped as the mover stamps them', async () => {
      const h = await direct();
      await h.queue.publish({ file_name: 'part-0001.csv', job_id: 'job-1' });
      expect(await legacyQueue(h.name)).toEqual({ messageCount: 0, consumerCount: 0 });
      const raw = await openRawAmqp();
      cleanups.push(() => raw.close());
      const message = await raw.channel.get(h.queue.topology.jobsQueue, { noAck: true });
      if (!message) throw new Error('the published job is not in the jobs queue');
      expect(JSON.parse(message.content.toString())).toEqual({ file_name: 'part-0001.csv', job_id: 'job-1' });
      expect(message.properties).toMatchObject({ deliveryMode: 2, contentType: 'application/json' });
      expect(message.properties.headers).toEqual({ [HEADER.attempt]: 1, [HEADER.jobId]: expect.stringMatching(UUID), 'x-delivery-count': 0 }); // the count: basic.get's
    });

    it('hands the handler a stable id, the same on the retry after a retryable error, and never puts anything in the legacy queue', async () => {
      const h = await direct();
      const seen: Delivery[] = [];
      const legacyCounts: number[] = [];
      await h.queue.publish({ file_name: 'part-0002.csv' });
      legacyCounts.push((await legacyQueue(h.name)).messageCount);
      const consumer = await h.queue.consume(
        async (d) => {
          seen.push(d);
          legacyCounts.push((await legacyQueue(h.name)).messageCount);
          if (d.attempt === 1) throw new UpstreamUnavailableError('ownCloud answered 503');
        },
        { prefetch: 1 },
      );
      cleanups.push(() => consumer.stop(5_000));
      await until(() => seen.length, (n) => n >= 2, 10_000, 'the retry');
      expect(seen.map((d) => [d.message.file_name, d.attempt])).toEqual([
        ['part-0002.csv', 1],
        ['part-0002.csv', 2],
      ]);
      expect(seen[0]?.id).toMatch(UUID);
      expect(seen[1]?.id).toBe(seen[0]?.id);
      await consumer.stop(5_000);
      legacyCounts.push((await legacyQueue(h.name)).messageCount);
      expect(legacyCounts).toEqual([0, 0, 0, 0]);
      expect(await h.readyCount()).toBe(0);
      expect(h.queue.stats).toEqual({ retried: 1, deadLettered: 0 });
      expect(h.queue.movesInFlight).toBe(0);
    });

    it('runs no mover: a message put into the legacy-named queue by hand stays there, unconsumed', async () => {
      const h = await direct();
      const seen: string[] = [];
      const consumer = await h.queue.consume(async (d) => void seen.push(d.message.file_name), { prefetch: 1 });
      cleanups.push(() => consumer.stop(5_000));
      const raw = await openRawAmqp();
      cleanups.push(() => raw.close());
      const confirm = await raw.model.createConfirmChannel();
      confirm.sendToQueue(h.name, Buffer.from('{"file_name":"by-hand.csv"}'));
      await confirm.waitForConfirms();
      await h.queue.publish({ file_name: 'marker.csv' });
      await until(() => seen.length, (n) => n >= 1, 10_000, 'the marker');
      await new Promise((resolve) => setTimeout(resolve, 300)); // what a mover would have needed to take it, many times over
      expect(seen).toEqual(['marker.csv']);
      expect(await legacyQueue(h.name)).toEqual({ messageCount: 1, consumerCount: 0 });
      await expect(h.queue.check()).resolves.toBeUndefined();
    });

    it('keeps a message whose handler was still running when its consumer stopped: the next worker gets it, same id, attempt unused', async () => {
      const h = await direct();
      const first: Delivery[] = [];
      const consumer = await h.queue.consume(
        async (d) => {
          first.push(d);
          await rejectOnAbort(d.signal);
        },
        { prefetch: 1 },
      );
      await h.queue.publish({ file_name: 'part-0003.csv' });
      await until(() => first.length, (n) => n >= 1);
      await consumer.stop(100);
      expect(first[0]?.signal.aborted).toBe(true);
      expect(await h.readyCount()).toBe(1);

      const nextWorker = await AmqpJobQueue.connect({ url: TEST_AMQP_URL, queue: h.name, ...POLICY, direct: true });
      cleanups.push(() => nextWorker.close());
      const next: Delivery[] = [];
      const nextConsumer = await nextWorker.consume(async (d) => void next.push(d), { prefetch: 1 });
      cleanups.push(() => nextConsumer.stop(5_000));
      await until(() => next.length, (n) => n >= 1, 10_000, 'the message at the next worker');
      expect(next[0]).toMatchObject({ message: { file_name: 'part-0003.csv' }, attempt: 1, parked: false, id: first[0]?.id });
      expect(next[0]?.id).toMatch(UUID);
      await nextConsumer.stop(5_000);
      expect(await h.readyCount()).toBe(0);
      expect(await legacyQueue(h.name)).toEqual({ messageCount: 0, consumerCount: 0 });
      expect(await h.deadLetters()).toEqual([]);
    });

    it('gets back a delivery left unacked by a worker whose connection died, with its id', async () => {
      const logger = recordingLogger();
      const h = await harness({ direct: true, logger });
      const held = gate();
      const deliveries: Delivery[] = [];
      const consumer = await h.queue.consume(
        (d) => {
          deliveries.push(d);
          return deliveries.length > 1 ? Promise.resolve() : held.opened;
        },
        { prefetch: 1 },
      );
      cleanups.push(async () => {
        held.open();
        await consumer.stop(5_000);
      });
      await h.queue.publish({ file_name: 'part-0004.csv' });
      await until(() => deliveries.length, (n) => n >= 1);
      expect(await closeConnectionsFromBroker(h.connectionName)).toBe(1);
      await until(() => deliveries.length, (n) => n >= 2, 15_000, 'the redelivery');
      expect(deliveries[1]).toMatchObject({ message: { file_name: 'part-0004.csv' }, attempt: 1, id: deliveries[0]?.id });
      held.open();
      await consumer.stop(5_000);
      expect(await h.readyCount()).toBe(0);
      expect(await legacyQueue(h.name)).toEqual({ messageCount: 0, consumerCount: 0 });
    });
  });

  describe('workers that die on a message (the quorum queue counts its unsettled deliveries)', () => {
    it('dead-letters a message that came back unsettled maxDeliveries times as worker-crashed, without calling the handler', async () => {
      const h = await harness({ maxDeliveries: 3 });
      await inJobsQueueAfterCrashes(h, '{"file_name":"poison.csv"}', 3);
      const seen: string[] = [];
      const consumer = await h.queue.consume(async (d) => void seen.push(d.message.file_name), { prefetch: 1 });
      cleanups.push(() => consumer.stop(5_000));
      const dead = await until(() => h.deadLetters(), (l) => l.length >= 1, 10_000, 'the dead letter');
      expect(dead[0]).toMatchObject({ reason: 'worker-crashed', errorCode: 'WORKER_CRASHED', attempt: 1 });
      expect(dead[0]?.error).toMatch(/3 times without being settled/);
      expect(JSON.parse(dead[0]!.body.toString())).toEqual({ file_name: 'poison.csv' });
      await h.queue.publish({ file_name: 'marker.csv' });
      await until(() => seen.length, (n) => n >= 1);
      expect(seen).toEqual(['marker.csv']);
      expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 1 });
    });

    it('lets the worker record a message it gives up on for crashing, with its id, before the dead letter', async () => {
      const h = await harness({ maxDeliveries: 2 });
      const raw = await openRawAmqp();
      try {
        const confirm = await raw.model.createConfirmChannel();
        confirm.sendToQueue(h.queue.topology.jobsQueue, Buffer.from('{"file_name":"oom.xlsx"}'), { headers: { 'x-higia-job-id': 'abc123-def', 'x-higia-attempt': 2 } });
        await confirm.waitForConfirms();
        for (let i = 0; i < 2; i++) {
          const message = await until(() => raw.channel.get(h.queue.topology.jobsQueue), Boolean, 10_000, 'the message in the jobs queue');
          if (message) raw.channel.nack(message, false, true);
        }
      } finally {
        await raw.close();
      }
      const reported: unknown[] = [];
      let deadWhenReported: unknown[] | undefined;
      const consumer = await h.queue.consume(async () => {}, {
        prefetch: 1,
        onCrashedTooOften: async (crashed) => {
          deadWhenReported = await h.deadLetters();
          reported.push(crashed);
        },
      });
      cleanups.push(() => consumer.stop(5_000));
      const dead = await until(() => h.deadLetters(), (l) => l.length >= 1, 10_000, 'the dead letter');
      expect(reported).toEqual([{ message: { file_name: 'oom.xlsx' }, id: 'abc123-def', attempt: 2, crashes: 2 }]);
      expect(deadWhenReported).toEqual([]);
      expect(dead[0]).toMatchObject({ reason: 'worker-crashed', attempt: 2 });
    });

    it('still hands a message that came back fewer times to the handler', async () => {
      const h = await harness({ maxDeliveries: 3 });
      await inJobsQueueAfterCrashes(h, '{"file_name":"unlucky.csv"}', 2);
      const seen: Delivery[] = [];
      const consumer = await h.queue.consume(async (d) => void seen.push(d), { prefetch: 1 });
      cleanups.push(() => consumer.stop(5_000));
      await until(() => seen.length, (n) => n >= 1);
      expect(seen[0]).toMatchObject({ message: { file_name: 'unlucky.csv' }, attempt: 1 });
      expect(await h.deadLetters()).toEqual([]);
    });

    it('hands a message back at the shutdown deadline as a confirmed copy: no new broker count, the earlier crashes kept', async () => {
      const h = await harness();
      await inJobsQueueAfterCrashes(h, '{"file_name":"slow.csv"}', 1);
      let signal: AbortSignal | undefined;
      const consumer = await h.queue.consume(
        async (d) => {
          signal = d.signal;
          await rejectOnAbort(d.signal);
        },
        { prefetch: 1 },
      );
      await until(() => signal, Boolean);
      await consumer.stop(100);
      const raw = await openRawAmqp();
      cleanups.push(() => raw.close());
      const copy = await raw.channel.get(h.queue.topology.jobsQueue, { noAck: true });
      if (!copy) throw new Error('the handed-back message is not in the jobs queue');
      expect(copy.content.toString()).toBe('{"file_name":"slow.csv"}');
      // basic.get shows a quorum queue's count even on a first delivery: 0, so the hand-back was not counted.
      expect(copy.properties.headers).toEqual({ [HEADER.attempt]: 1, [HEADER.crashes]: 1, 'x-delivery-count': 0 });
    });
  });

  describe('long jobs: handed off before the broker consumer timeout', () => {
    const TINY = { handOffAfterMs: 1_000, parkCheckMs: 2_000 };

    it('parks a copy and acks the original while the handler runs on; the copy comes back parked, parks again while the job runs, and is acked once it is done', async () => {
      const h = await harness(TINY);
      const { jobsQueue: jobs, parkQueue: park, deadLetterQueue: dlq } = h.queue.topology;
      const longJob = gate();
      let isOriginalDone = false;
      const deliveries: { parked: boolean; attempt: number; atMs: number }[] = [];
      const parkedOutcomes: string[] = [];
      const startedAt = performance.now();
      const consumer = await h.queue.consume(
        async (d) => {
          deliveries.push({ parked: d.parked, attempt: d.attempt, atMs: performance.now() - startedAt });
          if (!d.parked) {
            await longJob.opened;
            isOriginalDone = true;
            return;
          }
          parkedOutcomes.push(isOriginalDone ? 'done' : 'busy');
          if (!isOriginalDone) throw new FileBusyError('the first handler still holds the lock');
        },
        { prefetch: 2 },
      );
      cleanups.push(async () => {
        longJob.open();
        await consumer.stop(5_000);
      });
      await h.queue.publish({ file_name: 'long.csv' });

      await until(() => readyCounts([park]), (c) => c[park] === 1, 10_000, 'the parked copy');
      const parkedAtMs = performance.now() - startedAt;
      await until(() => unackedHeldBy(h.connectionName), (n) => n === 0, 5_000, 'the original acked');
      expect(parkedAtMs).toBeGreaterThanOrEqual(TINY.handOffAfterMs * 0.9);
      expect(isOriginalDone).toBe(false);

      await until(() => parkedOutcomes.length, (n) => n >= 1, 10_000, 'the parked copy back');
      expect(deliveries[1]).toMatchObject({ parked: true, attempt: 1 });
      expect(deliveries[1]!.atMs).toBeGreaterThanOrEqual((TINY.handOffAfterMs + TINY.parkCheckMs) * 0.9);
      await until(() => readyCounts([park]), (c) => c[park] === 1, 10_000, 'the copy parked again');
      expect(h.queue.stats.retried).toBe(0); // parked again, not sent to the retry queue

      longJob.open();
      await until(() => parkedOutcomes.length, (n) => n >= 2, 10_000, 'the copy after the job finished');
      expect(parkedOutcomes).toEqual(['busy', 'done']);
      await until(() => unackedHeldBy(h.connectionName), (n) => n === 0, 10_000, 'the last copy acked');
      const names = [h.name, jobs, park, dlq, ...h.queue.topology.retryQueues.values()];
      expect(await readyCounts(names)).toEqual(Object.fromEntries(names.map((n) => [n, 0])));
      expect(deliveries.map((d) => d.parked)).toEqual([false, true, true]);
      expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 0 });
      console.info(`hand-off: parked after ${parkedAtMs.toFixed(0)} ms; parked copy back after ${deliveries[1]!.atMs.toFixed(0)} ms and ${deliveries[2]!.atMs.toFixed(0)} ms`);
    });

    it('keeps a parked handler in its place: with prefetch 1 nothing else is delivered until it finishes', async () => {
      const h = await harness(TINY);
      const jobs = h.queue.topology.jobsQueue;
      const longJob = gate();
      const seen: string[] = [];
      const consumer = await h.queue.consume(
        async (d) => {
          seen.push(`${d.message.file_name}${d.parked ? ' (parked)' : ''}`);
          if (!d.parked && d.message.file_name === 'long.csv') await longJob.opened;
        },
        { prefetch: 1 },
      );
      cleanups.push(async () => {
        longJob.open();
        await consumer.stop(5_000);
      });
      await h.queue.publish({ file_name: 'long.csv' });
      await until(() => seen.length, (n) => n >= 1);
      await h.queue.publish({ file_name: 'next.csv' });
      // The parked copy comes back beside next.csv; both wait for the one place.
      await until(() => readyCounts([jobs]), (c) => c[jobs] === 2, 15_000, 'next.csv and the parked copy waiting');
      expect(await unackedHeldBy(h.connectionName)).toBe(0);
      expect(seen).toEqual(['long.csv']);
      longJob.open();
      await until(() => seen.length, (n) => n >= 3, 10_000, 'the rest');
      expect(seen).toEqual(['long.csv', 'next.csv', 'long.csv (parked)']);
    });

    it('still sends the retry copy of a handler that fails after its message was parked', async () => {
      const h = await harness({ handOffAfterMs: 1_000, parkCheckMs: 600_000 });
      const park = h.queue.topology.parkQueue;
      const failNow = gate();
      const seen: Delivery[] = [];
      const consumer = await h.queue.consume(
        async (d) => {
          seen.push(d);
          if (d.attempt > 1) return;
          await failNow.opened;
          throw new UpstreamUnavailableError('ownCloud answered 503 after 1 s');
        },
        { prefetch: 1 },
      );
      cleanups.push(() => consumer.stop(5_000));
      await h.queue.publish({ file_name: 'fails-late.csv' });
      await until(() => readyCounts([park]), (c) => c[park] === 1, 10_000, 'the parked copy');
      failNow.open();
      await until(() => seen.length, (n) => n >= 2, 10_000, 'the retry');
      expect(seen.map((d) => [d.attempt, d.parked])).toEqual([
        [1, false],
        [2, false],
      ]);
      expect(h.queue.stats).toEqual({ retried: 1, deadLettered: 0 });
      expect(await readyCounts([park])).toEqual({ [park]: 1 }); // the parked copy is still due back
    });

    it('stop() leaves a parked handler to its parked copy: aborted, nothing handed back', async () => {
      const h = await harness({ handOffAfterMs: 1_000, parkCheckMs: 600_000 });
      const { jobsQueue: jobs, parkQueue: park } = h.queue.topology;
      let signal: AbortSignal | undefined;
      const consumer = await h.queue.consume(
        async (d) => {
          signal = d.signal;
          await rejectOnAbort(d.signal);
        },
        { prefetch: 1 },
      );
      await h.queue.publish({ file_name: 'parked-at-stop.csv' });
      await until(() => readyCounts([park]), (c) => c[park] === 1, 10_000, 'the parked copy');
      await until(() => unackedHeldBy(h.connectionName), (n) => n === 0, 5_000, 'the original acked');
      await consumer.stop(200);
      expect(signal?.aborted).toBe(true);
      expect(await readyCounts([jobs, park])).toEqual({ [jobs]: 0, [park]: 1 });
      expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 0 });
    });
  });
});
