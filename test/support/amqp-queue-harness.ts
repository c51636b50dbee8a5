import { AmqpJobQueue, type AmqpJobQueueOptions } from '../../src/adapters/queue/amqp-job-queue.js';
import { HEADER } from '../../src/adapters/queue/amqp-topology.js';
import type { DeadLetterView, JobQueueHarness, QueuePolicy } from '../contracts/job-queue.contract.js';
import { deleteQueues, openRawAmqp, randomQueueName, TEST_AMQP_URL } from './amqp-test-kit.js';

/** An AmqpJobQueue on a fresh random queue, a second connection to look inside, and the clean-up of both. */
export async function makeAmqpHarness(
  policy: QueuePolicy,
  extra: Partial<AmqpJobQueueOptions> = {},
): Promise<JobQueueHarness & { queue: AmqpJobQueue; name: string; connectionName: string }> {
  const name = randomQueueName();
  const connectionName = `higia-test-${name}`;
  const queue = await AmqpJobQueue.connect({ url: TEST_AMQP_URL, queue: name, ...policy, connectionName, ...extra });
  const raw = await openRawAmqp();
  const confirm = await raw.model.createConfirmChannel();
  const dead: DeadLetterView[] = [];
  return {
    queue,
    name,
    connectionName,
    publishRaw: async (body) => {
      confirm.sendToQueue(name, Buffer.from(body));
      await confirm.waitForConfirms();
    },
    // channel.get drains the DLQ, so what was read is kept for the next call.
    deadLetters: async () => {
      for (;;) {
        const message = await raw.channel.get(queue.topology.deadLetterQueue, { noAck: true });
        if (!message) return [...dead];
        const headers = message.properties.headers ?? {};
        dead.push({
          body: message.content,
          reason: String(headers[HEADER.reason]),
          errorCode: String(headers[HEADER.errorCode]),
          error: String(headers[HEADER.error]),
          attempt: Number(headers[HEADER.attempt]),
        });
      }
    },
    readyCount: async () => (await raw.channel.checkQueue(name)).messageCount,
    dispose: async () => {
      await queue.close();
      await raw.close();
      await deleteQueues(queue.queueNames);
    },
  };
}
