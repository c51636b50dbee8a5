import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { MemoryJobHistory } from '../adapters/history/memory-job-history.js';
import { MongoJobHistory } from '../adapters/history/mongo-job-history.js';
import { connectMongo } from '../adapters/mongo/mongo-connection.js';
import { AmqpJobEvents } from '../adapters/queue/amqp-job-events.js';
import { AmqpJobQueue } from '../adapters/queue/amqp-job-queue.js';
import type { RetryEvent } from '../retry/retry-transient.js';
import { InProcessJobEvents } from '../adapters/queue/in-process-job-events.js';
import { InProcessJobQueue } from '../adapters/queue/in-process-job-queue.js';
import { SqliteReferenceStore } from '../adapters/reference/sqlite-reference-store.js';
import { MongoReferenceStore } from '../adapters/reference/mongo-reference-store.js';
import { MemoryJobStateStore } from '../adapters/state/memory-job-state-store.js';
import { RedisJobStateStore } from '../adapters/state/redis-job-state-store.js';
import { LocalFileStore } from '../adapters/storage/local-file-store.js';
import { WebDavFileStore } from '../adapters/storage/webdav-file-store.js';
import type { Config } from '../config/schema.js';
import { referenceFieldsBySource } from '../pipeline/stages/enrichment-plan.js';
import type { FileStore } from '../ports/file-store.js';
import type { JobEvents } from '../ports/job-events.js';
import type { JobHistory } from '../ports/job-history.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { JobStateStore } from '../ports/job-state-store.js';
import type { ReferenceStore } from '../ports/reference-store.js';

/** Every adapter the service runs on, chosen by the configuration. */
export interface Services {
  readonly queue: JobQueue;
  /** The parts of split jobs (`<QUEUE_NAME>.parts`), published and consumed by the workers alone. */
  readonly parts: JobQueue;
  readonly events: JobEvents;
  readonly storage: FileStore;
  readonly state: JobStateStore;
  readonly history: JobHistory;
  /** Undefined when no reference data is configured (no enrichment). */
  readonly referenceStore: ReferenceStore | undefined;
  /** Readiness checks beyond the ports' own (the MongoDB reference store). */
  readonly readiness: Record<string, () => Promise<void>>;
  readonly embeddedQueue: boolean;
  close(): Promise<void>;
}

type Factory<T> = (config: Config, logger: Logger) => Promise<T>;

const queues = {
  rabbitmq: async (c, logger) => {
    const options = { url: c.AMQP_URL!, logger: logger.child({ component: 'amqp' }) };
    const queue = await AmqpJobQueue.connect({
      ...options,
      queue: c.QUEUE_NAME,
      maxAttempts: c.MAX_ATTEMPTS,
      retryBaseDelayMs: c.RETRY_BASE_DELAY_MS,
      maxDeliveries: c.AMQP_MAX_DELIVERIES,
      handOffAfterMs: c.AMQP_HANDOFF_AFTER_MS,
      parkCheckMs: c.AMQP_PARK_CHECK_MS,
      movePrefetch: c.AMQP_MOVE_PREFETCH,
    });
    const closing = (opened: { close(): Promise<void> }[]) => async (error: unknown) => {
      for (const one of opened) await one.close().catch(() => {});
      throw error;
    };
    // Parts are short and published by workers only: straight into their durable queue, no legacy hop.
    const parts = await AmqpJobQueue.connect({
      ...options,
      queue: `${c.QUEUE_NAME}.parts`,
      direct: true,
      connectionName: 'higia-parts',
      maxAttempts: c.MAX_ATTEMPTS,
      retryBaseDelayMs: c.RETRY_BASE_DELAY_MS,
      maxDeliveries: c.AMQP_MAX_DELIVERIES,
      handOffAfterMs: c.AMQP_HANDOFF_AFTER_MS,
      parkCheckMs: c.AMQP_PARK_CHECK_MS,
    }).catch(closing([queue]));
    const events = await AmqpJobEvents.connect({ ...options, exchange: c.EVENTS_EXCHANGE }).catch(closing([parts, queue]));
    return { queue, parts, events };
  },
  embedded: async (c) => ({
    queue: new InProcessJobQueue({ maxAttempts: c.MAX_ATTEMPTS, retryBaseDelayMs: c.RETRY_BASE_DELAY_MS }),
    parts: new InProcessJobQueue({ maxAttempts: c.MAX_ATTEMPTS, retryBaseDelayMs: c.RETRY_BASE_DELAY_MS }),
    events: new InProcessJobEvents(),
  }),
} satisfies Record<string, Factory<{ queue: JobQueue; parts: JobQueue; events: JobEvents }>>;

export interface ServiceHooks {
  /** A file store request retried inside a job (for /metrics). */
  readonly onStorageRetry?: (event: RetryEvent) => void;
}

const storages = {
  owncloud: async (c, hooks) =>
    new WebDavFileStore({
      url: c.OWNCLOUD_URL!,
      user: c.OWNCLOUD_USER!,
      password: c.OWNCLOUD_PASSWORD!,
      timeoutMs: c.OWNCLOUD_TIMEOUT_MS,
      onRetry: hooks.onStorageRetry,
    }),
  local: async (c) => {
    const store = new LocalFileStore(resolve(c.STORAGE_DIR));
    // A newcomer's first `npm start` finds the folders to drop files into.
    await store.createFolders([c.WORK_DIR, c.DONE_DIR]);
    return store;
  },
} satisfies Record<string, (config: Config, hooks: ServiceHooks) => Promise<FileStore>>;

const states = {
  redis: async (c) => RedisJobStateStore.connect(c.REDIS_URL!, { keyPrefix: c.REDIS_KEY_PREFIX }),
  memory: async () => new MemoryJobStateStore(),
} satisfies Record<string, Factory<JobStateStore>>;

interface Records {
  history: JobHistory;
  referenceStore: ReferenceStore | undefined;
  readiness: Record<string, () => Promise<void>>;
  close(): Promise<void>;
}

const records = {
  mongodb: async (c, logger) => {
    const client = await connectMongo(c.MONGO_URL!);
    const db = client.db(c.MONGO_DB);
    const collections = { pessoas: c.MONGO_PESSOAS, empresas: c.MONGO_EMPRESAS, ceps: c.MONGO_CEPS };
    const referenceStore = new MongoReferenceStore({ db, collections, fields: referenceFieldsBySource() });
    const history = new MongoJobHistory({ db });
    if (c.MONGO_ENSURE_INDEXES) {
      // Several replicas may start at once: createIndex is idempotent, and a failure only costs speed.
      await Promise.all([referenceStore.ensureIndexes(), history.ensureIndexes()]).catch((error: unknown) =>
        logger.warn({ err: error }, 'could not create the MongoDB indexes'),
      );
    }
    return { history, referenceStore, readiness: { mongodb: () => referenceStore.check() }, close: () => client.close() };
  },
  embedded: async (c, logger) => {
    const folder = resolve(c.REFERENCE_DIR);
    const hasReference = existsSync(folder);
    if (!hasReference) logger.info({ folder: c.REFERENCE_DIR }, 'no reference folder: enrichment is off');
    const referenceStore = hasReference
      ? new SqliteReferenceStore({
          folder,
          onIndexBuilt: ({ source, records, keys, elapsedMs, indexFile }) =>
            logger.info({ source, records, keys, seconds: Math.round(elapsedMs / 100) / 10, indexFile }, 'reference index built'),
        })
      : undefined;
    return { history: new MemoryJobHistory(), referenceStore, readiness: {}, close: async () => referenceStore?.close() };
  },
} satisfies Record<string, Factory<Records>>;

/**
 * Opens the adapters the configuration asks for: a URL selects the real service, its
 * absence the embedded one. If one fails to open, those already open are closed.
 */
export async function openServices(config: Config, logger: Logger, hooks: ServiceHooks = {}): Promise<Services> {
  const opened: { close(): Promise<void> }[] = [];
  const open = async <T extends { close(): Promise<void> }>(make: () => Promise<T>): Promise<T> => {
    const service = await make();
    opened.push(service);
    return service;
  };
  const closeAll = async () => {
    for (const service of opened.reverse()) await service.close().catch((error: unknown) => logger.warn({ err: error }, 'close failed'));
  };
  try {
    const { queue, parts, events } = await queues[config.AMQP_URL ? 'rabbitmq' : 'embedded'](config, logger);
    opened.push(queue, parts, events);
    const storage = await storages[config.OWNCLOUD_URL ? 'owncloud' : 'local'](config, hooks);
    const state = await open<JobStateStore>(() => states[config.REDIS_URL ? 'redis' : 'memory'](config));
    const { history, referenceStore, readiness, close } = await records[config.MONGO_URL ? 'mongodb' : 'embedded'](config, logger);
    opened.push({ close });
    return { queue, parts, events, storage, state, history, referenceStore, readiness, embeddedQueue: !config.AMQP_URL, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
