import { tmpdir } from 'node:os';
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { Consumer, DeliveryHandler, QueueStats } from '../ports/job-queue.js';
import { PauseOnRefusal } from '../service/pause-on-refusal.js';
import type { RetryEvent } from '../retry/retry-transient.js';
import type { Metrics } from '../service/metrics.js';
import type { Services } from '../service/open-services.js';

type Role = 'serve' | 'api' | 'worker';

/** `higia serve` (API + worker), `higia api`, `higia worker`. */
export function serviceCommands(loadConfig: () => Promise<Config>): Command[] {
  const describe: Record<Role, string> = {
    serve: 'run the API and the worker in one process (embedded defaults without configuration)',
    api: 'run the HTTP API only (POST /process publishes to the queue)',
    worker: 'run the queue worker only (probes and /metrics on PORT)',
  };
  return (Object.keys(describe) as Role[]).map((role) =>
    new Command(role).description(describe[role]).action(async () => {
      await runService(role, await loadConfig());
    }),
  );
}

async function runService(role: Role, config: Config): Promise<void> {
  checkRole(role, config);
  // Loaded when a service starts, not at the top: fastify, the drivers and the pipeline
  // would slow every `higia --help`.
  const [{ buildApi }, { describeConfig }, { createMetrics }, { createLogger }, { openServices }] = await Promise.all([
    import('../api/app.js'),
    import('../config/schema.js'),
    import('../service/metrics.js'),
    import('../service/logger.js'),
    import('../service/open-services.js'),
  ]);
  const logger = createLogger(config.LOG_LEVEL);
  if (role !== 'serve') {
    if (!config.REDIS_URL) logger.warn('no REDIS_URL: locks and progress stay in this process; run a single worker');
    if (!config.MONGO_URL) logger.warn('no MONGO_URL: the job history stays in this process; the API of another process cannot see it');
  }
  let queueStats = (): QueueStats => ({ retried: 0, deadLettered: 0 });
  const metrics = createMetrics({ queueStats: () => queueStats() });
  const services = await openServices(config, logger, {
    onStorageRetry: ({ operation }) => metrics.dependencyRetries.inc({ dependency: config.OWNCLOUD_URL ? 'owncloud' : 'local', operation }),
  });
  queueStats = () => services.queue.stats;
  const pause = role === 'api' ? undefined : new PauseOnRefusal({ probe: () => services.storage.check(), logger: logger.child({ component: 'worker' }) });
  let consumer: Consumer | undefined;
  let app: FastifyInstance | undefined;
  try {
    app = await buildApi({
      queue: services.queue,
      history: services.history,
      state: services.state,
      storage: services.storage,
      // The worker's own state: paused while the file store refuses its credentials.
      readiness: pause ? { ...services.readiness, worker: pause.check } : services.readiness,
      metrics,
      apiToken: config.API_TOKEN,
      logger: logger.child({ component: 'api' }),
      probesOnly: role === 'worker',
    });
    if (pause) consumer = await startWorker(services, config, metrics, logger, pause);
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await pause?.stop();
    await consumer?.stop(0);
    await app?.close();
    await services.close();
    throw error;
  }
  const server = app;
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ role, ...describeConfig(config), port }, `higia ${role} started on port ${port}`);
  await untilSignal(logger);
  // Stop taking messages, let the in-flight job finish (or hand it back), then close.
  const hardExit = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS + 10_000);
  hardExit.unref();
  await consumer?.stop(config.SHUTDOWN_TIMEOUT_MS);
  await server.close();
  await services.close();
  logger.info('stopped');
}

/** Split roles only work on shared services: the in-process queue and memory history reach no other process. */
function checkRole(role: Role, config: Config): void {
  if (role === 'serve') return;
  if (!config.AMQP_URL) {
    throw new ConfigError(`\`higia ${role}\` alone needs AMQP_URL: the in-process queue only reaches a worker in the same process (use \`higia serve\`)`);
  }
  if (role === 'api' && !config.MONGO_URL) {
    throw new ConfigError('`higia api` alone needs MONGO_URL: the workers record jobs there, and the API reads them (or use `higia serve`)');
  }
}

async function startWorker(services: Services, config: Config, metrics: Metrics, logger: Logger, pause: PauseOnRefusal): Promise<Consumer> {
  const [{ fileJobHandler }, { partJobHandler, partCrashRecorder }, { crashedJobRecorder }, { sweepDeadScratch }, { retryingHistory, retryingStateStore }] = await Promise.all([
    import('../service/process-file-job.js'),
    import('../service/part-job.js'),
    import('../service/crashed-job.js'),
    import('../service/scratch-space.js'),
    import('../service/retrying-stores.js'),
  ]);
  const swept = await sweepDeadScratch(tmpdir());
  if (swept.length > 0) logger.info({ folders: swept }, 'removed the scratch folders of workers that died');
  const workerLogger = logger.child({ component: 'worker' });
  const retries = {
    policy: STORE_RETRY_POLICY,
    onRetry: (store: 'state' | 'history', event: RetryEvent) => {
      const dependency = store === 'state' ? (config.REDIS_URL ? 'redis' : 'memory') : config.MONGO_URL ? 'mongodb' : 'memory';
      metrics.dependencyRetries.inc({ dependency, operation: event.operation });
      workerLogger.warn({ err: event.error, operation: event.operation, attempt: event.attempt, retryInMs: event.delayMs }, `${dependency} call failed; retrying`);
    },
  };
  const deps = {
    ...services,
    state: retryingStateStore(services.state, retries),
    history: retryingHistory(services.history, retries),
    metrics,
    logger: workerLogger,
  };
  const folders = { workDir: config.WORK_DIR, doneDir: config.DONE_DIR, archiveDir: config.ARCHIVE_DIR };
  const handler = fileJobHandler(
    deps,
    {
      ...folders,
      inputAfter: config.INPUT_AFTER,
      lockTtlMs: config.LOCK_TTL_MS,
      idempotencyTtlMs: config.IDEMPOTENCY_TTL_MS,
      threads: config.THREADS,
      maxBytes: config.MAX_BYTES,
      defaultLang: config.DEFAULT_LANG,
      tempDir: tmpdir(),
      partBytes: config.PART_BYTES,
    },
  );
  const partSettings = { doneDir: config.DONE_DIR, threads: config.THREADS, tempDir: tmpdir(), outcomeTtlMs: config.IDEMPOTENCY_TTL_MS };
  const partHandler = partJobHandler(deps, partSettings);
  // Shutdown hands messages back at the deadline, but a handler may still be releasing its
  // lock or finishing an upload: it gets a moment before the services close under it.
  const inFlight = new Set<Promise<void>>();
  const tracked: DeliveryHandler = (delivery) => {
    const running = handler(delivery);
    inFlight.add(running);
    void running.catch(() => {}).finally(() => inFlight.delete(running));
    return running;
  };
  const consumer = await services.queue.consume(tracked, {
    prefetch: config.PREFETCH,
    onPaused: pause.onPaused,
    onCrashedTooOften: crashedJobRecorder(deps, folders),
  });
  pause.attach(consumer);
  // One part at a time beside the jobs: a job that waits for its parts leaves this worker's
  // part consumer free, so every worker, that one included, works on them.
  const parts = await services.parts.consume((delivery) => {
    const running = partHandler(delivery);
    inFlight.add(running);
    void running.catch(() => {}).finally(() => inFlight.delete(running));
    return running;
  }, { prefetch: 1, onCrashedTooOften: partCrashRecorder(deps, partSettings) });
  return {
    resume: () => consumer.resume(),
    get paused() {
      return consumer.paused;
    },
    async stop(deadlineMs: number) {
      await pause.stop();
      await Promise.all([consumer.stop(deadlineMs), parts.stop(deadlineMs)]);
      let timer: NodeJS.Timeout | undefined;
      const settled = Promise.allSettled([...inFlight]);
      await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, HANDLER_GRACE_MS)))]);
      clearTimeout(timer);
    },
  };
}

const HANDLER_GRACE_MS = 5_000;

// Both stores fail a call within ~5 s when their server is gone: ~45 s covers a restart or a failover.
const STORE_RETRY_POLICY = { attempts: 20, baseDelayMs: 200, maxDelayMs: 5_000, budgetMs: 45_000 };

function untilSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
