import { AmqpJobQueue, type AmqpJobQueueOptions } from '../../src/adapters/queue/amqp-job-queue.js';
import { HEADER } from '../../src/adapters/queue/amqp-topology.js';
import type { DeadLetterView, JobQueueHarness, QueuePolicy } from '../contracts/job-queue.contract.js';
import { until } from './async-helpers.js';
import { deleteQueues, openRawAmqp, randomQueueName, TEST_AMQP_URL } from './amqp-test-kit.js';

/** An AmqpJobQueue on a fresh random queue, a second connection to look inside, and the clean-up of both (every queue of its topology). */
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
  // Where a foreign producer's message goes in: the legacy queue, or the jobs queue itself for a direct queue.
  const entryQueue = extra.direct === true ? queue.topology.jobsQueue : name;
  return {
    queue,
    name,
    connectionName,
    publishRaw: async (body) => {
      confirm.sendToQueue(entryQueue, Buffer.from(body));
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
    // What waits in the legacy and the jobs queue. A message being moved is in neither, so the
    // movers go idle first, and two reads in a row must agree (one may fall between the broker's
    // delivery to a mover and the mover seeing it).
    readyCount: async () => {
      const read = async () => {
        await until(() => queue.movesInFlight, (n) => n === 0, 10_000, 'the movers to go idle');
        return (await raw.channel.checkQueue(name)).messageCount + (await raw.channel.checkQueue(queue.topology.jobsQueue)).messageCount;
      };
      for (let last = await read(); ; ) {
        const now = await read();
        if (now === last) return now;
        last = now;
      }
    },
    dispose: async () => {
      await queue.close();
      await raw.close();
      await deleteQueues(queue.queueNames);
    },
  };
}
