import { setTimeout as wait } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpJobQueue } from '../../src/adapters/queue/amqp-job-queue.js';
import { FileBusyError } from '../../src/errors.js';
import type { DeliveryHandler } from '../../src/ports/job-queue.js';
import { randomQueueName, readyTotal } from '../support/amqp-test-kit.js';
import { until } from '../support/async-helpers.js';
import { startPrivateRabbitMq, type PrivateRabbitMq } from '../support/private-rabbitmq.js';

/**
 * RabbitMQ 3.10 closes the channel of a delivery left unacked past `consumer_timeout` (30 min by
 * default, no per-queue setting), and the broker delivers the message again: a job longer than
 * that would run again and again, and count as a crash each time. A private node with a 60 s
 * timeout and a 3-minute job show it, and show that the hand-off (a parked copy, then the ack)
 * lets the job run to its end on its one delivery.
 */
const CONSUMER_TIMEOUT_MS = 60_000;
const JOB_MS = 180_000;

function capturingLogger(): { lines: string[]; info(f: object, m?: string): void; warn(f: object, m?: string): void; error(f: object, m?: string): void } {
  const lines: string[] = [];
  const record = (fields: object, message?: string) => {
    const err = (fields as { err?: { message?: string } }).err;
    lines.push(`${message ?? ''}${err?.message ? `: ${err.message}` : ''}`);
  };
  return { lines, info: record, warn: record, error: record };
}

describe(`a job longer than the broker's consumer_timeout (private node, ${CONSUMER_TIMEOUT_MS / 1000} s)`, () => {
  let node: PrivateRabbitMq;

  beforeAll(async () => {
    node = await startPrivateRabbitMq({ consumerTimeoutMs: CONSUMER_TIMEOUT_MS });
  });

  afterAll(async () => {
    await node?.close();
  });

  it('without a hand-off, the broker closes the channel under the running job and delivers it again', async () => {
    const logger = capturingLogger();
    const queue = await AmqpJobQueue.connect({ url: node.url, queue: randomQueueName(), maxAttempts: 3, retryBaseDelayMs: 1_000, handOffAfterMs: 0, logger });
    const startedAt = performance.now();
    const deliveriesAtMs: number[] = [];
    const consumer = await queue.consume(
      async (d) => {
        deliveriesAtMs.push(performance.now() - startedAt);
        await wait(JOB_MS, undefined, { signal: d.signal });
      },
      { prefetch: 1 },
    );
    try {
      await queue.publish({ file_name: 'long.csv' });
      await until(() => deliveriesAtMs.length, (n) => n >= 2, JOB_MS, 'the second delivery');
      const timedOut = logger.lines.find((l) => l.startsWith('AMQP consumer channel error'));
      console.log(`[faults] consumer_timeout without hand-off: delivered again after ${(deliveriesAtMs[1]! / 1000).toFixed(1)} s; ${timedOut}`);
      expect(timedOut).toMatch(/PRECONDITION_FAILED.*timed out/);
      expect(deliveriesAtMs[1]).toBeGreaterThanOrEqual(CONSUMER_TIMEOUT_MS);
    } finally {
      await consumer.stop(0);
      await queue.close();
    }
  });

  it('with a hand-off, a 3-minute job runs to its end on its one delivery; its parked copies wait for it and are acked once it finished', async () => {
    const name = randomQueueName();
    const logger = capturingLogger();
    const options = { url: node.url, queue: name, maxAttempts: 3, retryBaseDelayMs: 1_000, handOffAfterMs: 20_000, parkCheckMs: 30_000, logger };
    // Two workers, so that a parked copy finds a free place while the job runs (with one, it waits for the job).
    const workers = [await AmqpJobQueue.connect({ ...options, connectionName: 'worker-a' }), await AmqpJobQueue.connect({ ...options, connectionName: 'worker-b' })];
    const startedAt = performance.now();
    const events: { worker: number; parked: boolean; outcome: string; atMs: number }[] = [];
    const locked = new Set<string>();
    const done = new Set<string>();
    let aborted = false;
    const handlerOf =
      (worker: number): DeliveryHandler =>
      async (d) => {
        const file = d.message.file_name;
        const event = { worker, parked: d.parked, outcome: 'running', atMs: performance.now() - startedAt };
        events.push(event);
        // What the real job does with its Redis lock and idempotency key.
        if (locked.has(file)) {
          event.outcome = 'busy';
          throw new FileBusyError(`${file} is locked by a running job`);
        }
        if (d.parked && done.has(file)) {
          event.outcome = 'already done';
          return;
        }
        locked.add(file);
        try {
          await wait(JOB_MS, undefined, { signal: d.signal });
          done.add(file);
          event.outcome = 'completed';
        } catch (error) {
          aborted = true;
          throw error;
        } finally {
          locked.delete(file);
        }
      };
    const consumers = await Promise.all(workers.map((q, i) => q.consume(handlerOf(i), { prefetch: 1 })));
    try {
      await workers[0]!.publish({ file_name: 'long.csv' });
      await until(() => events.some((e) => e.outcome === 'already done'), Boolean, JOB_MS + 120_000, 'the last parked copy acked');
      const finishedAtMs = performance.now() - startedAt;
      const queues = workers[0]!.queueNames;
      await until(() => readyTotal(node.url, queues), (n) => n === 0, 10_000, 'every queue empty');
      const originals = events.filter((e) => !e.parked);
      const parked = events.filter((e) => e.parked);
      console.log(
        `[faults] consumer_timeout with hand-off (20 s, park 30 s): the ${JOB_MS / 60_000}-minute job completed on its one delivery; ` +
          `parked copies at ${parked.map((e) => `${(e.atMs / 1000).toFixed(0)} s ${e.outcome}`).join(', ')}; done after ${(finishedAtMs / 1000).toFixed(0)} s`,
      );
      expect(originals.map((e) => e.outcome)).toEqual(['completed']);
      expect(aborted).toBe(false);
      expect(parked.length).toBeGreaterThanOrEqual(2);
      expect(parked.slice(0, -1).every((e) => e.outcome === 'busy')).toBe(true);
      expect(parked.at(-1)?.outcome).toBe('already done');
      expect(logger.lines.filter((l) => l.startsWith('AMQP consumer channel error'))).toEqual([]);
      expect(workers.map((q) => q.stats)).toEqual([
        { retried: 0, deadLettered: 0 },
        { retried: 0, deadLettered: 0 },
      ]);
    } finally {
      await Promise.all(consumers.map((c) => c.stop(0)));
      await Promise.all(workers.map((q) => q.close()));
    }
  });
});
