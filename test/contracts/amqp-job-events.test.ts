import type { ConsumeMessage } from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { AmqpJobEvents } from '../../src/adapters/queue/amqp-job-events.js';
import { UpstreamUnavailableError } from '../../src/errors.js';
import type { JobEvent } from '../../src/ports/job-events.js';
import { exchangeProperties, openRawAmqp, randomQueueName, TEST_AMQP_URL } from '../support/amqp-test-kit.js';
import { until } from '../support/async-helpers.js';
import { COMPLETED, FAILED, jobEventsContract } from './job-events.contract.js';

/** AmqpJobEvents on a fresh exchange, with an exclusive queue bound to `job.*` as the subscriber. */
async function makeAmqpEvents() {
  const exchange = `${randomQueueName()}.events`;
  const events = await AmqpJobEvents.connect({ url: TEST_AMQP_URL, exchange });
  const raw = await openRawAmqp();
  const { queue } = await raw.channel.assertQueue('', { exclusive: true });
  await raw.channel.bindQueue(queue, exchange, 'job.*');
  const messages: ConsumeMessage[] = [];
  await raw.channel.consume(queue, (m) => void (m && messages.push(m)), { noAck: true });
  return {
    events,
    exchange,
    raw,
    messages,
    received: () => messages.map((m) => JSON.parse(m.content.toString()) as JobEvent),
    dispose: async () => {
      await events.close();
      await raw.channel.deleteExchange(exchange).catch(() => {});
      await raw.close();
    },
  };
}

jobEventsContract('amqp', makeAmqpEvents);

describe('AmqpJobEvents on RabbitMQ', () => {
  const disposals: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const dispose of disposals.splice(0)) await dispose();
  });

  it('publishes to a durable topic exchange, routing key = event type, persistent JSON', async () => {
    const h = await makeAmqpEvents();
    disposals.push(h.dispose);
    await h.events.publish(COMPLETED);
    await h.events.publish(FAILED);
    await until(() => h.messages.length, (n) => n >= 2);
    expect(h.messages.map((m) => [m.fields.exchange, m.fields.routingKey])).toEqual([
      [h.exchange, 'job.completed'],
      [h.exchange, 'job.failed'],
    ]);
    expect(h.messages[0]?.properties).toMatchObject({ deliveryMode: 2, contentType: 'application/json', type: 'job.completed', messageId: 'job-1:job.completed' });
    expect(h.messages[1]?.properties).toMatchObject({ deliveryMode: 2, contentType: 'application/json', type: 'job.failed', messageId: `${FAILED.job_id}:job.failed` });
    expect(await exchangeProperties(h.exchange)).toEqual({ name: h.exchange, type: 'topic', durable: true, auto_delete: false });
    // Redeclaring as a durable topic exchange succeeds only if that is what it is (406 otherwise).
    await expect(h.raw.channel.assertExchange(h.exchange, 'topic', { durable: true })).resolves.toBeDefined();
  });

  it('rejects with UpstreamUnavailableError when the broker refuses the event (nack)', async () => {
    const h = await makeAmqpEvents();
    disposals.push(h.dispose);
    // A full queue with overflow=reject-publish makes the broker nack what is routed to it.
    const { queue } = await h.raw.channel.assertQueue('', { exclusive: true, arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' } });
    await h.raw.channel.bindQueue(queue, h.exchange, 'job.failed');
    await expect(h.events.publish(FAILED)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(h.events.publish(COMPLETED)).resolves.toBeUndefined();
  });
});
