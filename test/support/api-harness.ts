import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { InProcessJobQueue } from '../../src/adapters/queue/in-process-job-queue.js';
import { MemoryJobHistory } from '../../src/adapters/history/memory-job-history.js';
import { MemoryJobStateStore } from '../../src/adapters/state/memory-job-state-store.js';
import { LocalFileStore } from '../../src/adapters/storage/local-file-store.js';
import { buildApi, type ApiDeps } from '../../src/api/app.js';
import type { JobMessage } from '../../src/domain/job-message.js';
import { createMetrics, type Metrics } from '../../src/service/metrics.js';

export interface TestApi {
  readonly app: FastifyInstance;
  readonly queue: InProcessJobQueue;
  readonly history: MemoryJobHistory;
  readonly state: MemoryJobStateStore;
  readonly storage: LocalFileStore;
  readonly metrics: Metrics;
  /** Resolves with the next message a consumer receives from the queue. */
  nextPublished(): Promise<JobMessage>;
  close(): Promise<void>;
}

/** buildApi over the in-memory adapters and a local store in a fresh temp folder; `overrides` replace any dep. */
export async function startTestApi(overrides: Partial<ApiDeps> = {}): Promise<TestApi> {
  const queue = new InProcessJobQueue({ maxAttempts: 3, retryBaseDelayMs: 10 });
  const history = new MemoryJobHistory();
  const state = new MemoryJobStateStore();
  const storage = await LocalFileStore.inTempDir('higia-api-');
  const metrics = createMetrics({ queueStats: () => queue.stats });
  const app = await buildApi({ queue, history, state, storage, metrics, logger: false, ...overrides });
  const nextPublished = async (): Promise<JobMessage> => {
    let received!: (message: JobMessage) => void;
    const message = new Promise<JobMessage>((resolve) => (received = resolve));
    const consumer = await queue.consume(async (delivery) => received(delivery.message), { prefetch: 1 });
    const result = await message;
    // The handler has returned by now; the deadline only bounds a wait that should not happen.
    await consumer.stop(1000);
    return result;
  };
  return {
    app,
    queue,
    history,
    state,
    storage,
    metrics,
    nextPublished,
    async close() {
      await app.close();
      await queue.close();
      await rm(storage.root, { recursive: true, force: true });
    },
  };
}
