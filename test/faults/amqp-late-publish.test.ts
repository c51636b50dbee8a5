import { setTimeout as wait } from 'node:timers/promises';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpConnection } from '../../src/adapters/queue/amqp-connection.js';
import { UpstreamUnavailableError } from '../../src/errors.js';
import { randomQueueName, recordingLogger } from '../support/amqp-test-kit.js';
import { until } from '../support/async-helpers.js';
import { startPrivateRabbitMq, type PrivateRabbitMq } from '../support/private-rabbitmq.js';

/**
 * A publish the caller was told failed (no confirm within its timeout, the broker away) must
 * never reach the broker later, when the connection comes back: the caller has moved on (it
 * retries the job, hands the message back), so a late send is a duplicate. Seen before the
 * fix as repeated job.completed events after every broker restart.
 */
describe('AmqpConnection.publish across a broker outage', () => {
  let node: PrivateRabbitMq;
  beforeAll(async () => {
    node = await startPrivateRabbitMq();
  });
  afterAll(async () => {
    await node?.close();
  });

  it('sends nothing after its timeout, even once the broker is back; a publish made after that goes through', async () => {
    const queue = randomQueueName();
    const connection = await AmqpConnection.open({
      url: node.url,
      connectionName: 'higia-late-publish-test',
      connectTimeoutMs: 10_000,
      logger: recordingLogger(),
      declare: async (channel) => void (await channel.assertQueue(queue, { durable: true })),
    });
    try {
      await node.stopApp();
      const given = await connection.publish('', queue, Buffer.from('{"file_name":"late.csv"}'), {}, 1_000).catch((error: unknown) => error);
      expect(given).toBeInstanceOf(UpstreamUnavailableError);
      await node.startApp();
      await until(async () => connection.isConnected, Boolean, 30_000, 'the connection to come back');
      await wait(2_000); // time for a late send to land, were there one
      await connection.publish('', queue, Buffer.from('{"file_name":"after.csv"}'), {}, 10_000);
      const model = await connect(node.url);
      try {
        const channel = await model.createChannel();
        const bodies: string[] = [];
        for (let message = await channel.get(queue, { noAck: true }); message !== false; message = await channel.get(queue, { noAck: true })) bodies.push(message.content.toString());
        expect(bodies).toEqual(['{"file_name":"after.csv"}']);
      } finally {
        await model.close();
      }
    } finally {
      await connection.close().catch(() => {});
    }
  });
});
