import { InProcessJobQueue } from '../../src/adapters/queue/in-process-job-queue.js';
import { jobQueueContract } from './job-queue.contract.js';

jobQueueContract('in-process', async (policy) => {
  const queue = new InProcessJobQueue(policy);
  return {
    queue,
    publishRaw: (body) => queue.publishRaw(body),
    deadLetters: async () =>
      queue.deadLetters.map((d) => ({ body: d.body, reason: d.reason, errorCode: d.error.code, error: d.error.message, attempt: d.attempt })),
    readyCount: async () => queue.readyCount,
    dispose: () => queue.close(),
  };
});
