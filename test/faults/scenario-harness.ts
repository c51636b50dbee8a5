import { randomBytes } from 'node:crypto';
import { chown, copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { JobEvent } from '../../src/ports/job-events.js';
import { generateClientes, runHigia } from '../support/run-higia.js';
import { ServiceProcess } from '../support/service-process.js';
import { startAmqpTap, type AmqpTap } from './scenario-amqp-tap.js';
import { deleteScenarioTopology, EventCollector, messagesInWork, publishLegacyMessages, sharedBroker, type BrokerUnderTest } from './scenario-broker.js';
import { countOutcomes, formatCounts, type ScenarioCounts } from './scenario-counts.js';
import { startWebDavTap, type WebDavTap } from './scenario-webdav-tap.js';

export type { ScenarioCounts } from './scenario-counts.js';

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ScenarioOptions {
  /** Printed in the result line. */
  name: string;
  files: number;
  /** Rows of each generated file (default 40); `rowsOf` overrides it per file index. */
  rows?: number;
  rowsOf?: (index: number) => number;
  workers: number;
  broker?: BrokerUnderTest;
  redisUrl?: string;
  mongoUrl?: string;
  /** Puts something (a fault proxy) between the workers and the WebDAV tap: gets the tap's URL, gives the workers'. */
  storageUrl?: (tapUrl: string) => Promise<string>;
  /** Each worker talks to the broker through an AmqpTap of its own. */
  amqpTaps?: boolean;
  /** Extra worker environment (MAX_ATTEMPTS, LOCK_TTL_MS, …). */
  env?: Record<string, string>;
  /** Whether to publish every message at once before `during` (default), or leave it to `during`. */
  publish?: 'all-first' | 'by-during';
  /** Output formats every message asks for (`options.formats`); all when absent. */
  formats?: readonly string[];
  /** The fault: runs once the messages are published, alongside the workers. */
  during?: (run: ScenarioRun) => Promise<void>;
  /** How long to wait for every message to settle after `during` returned. */
  settleTimeoutMs?: number;
}

export interface ScenarioWorker {
  readonly process: ServiceProcess;
  readonly tap?: AmqpTap;
}

export interface ScenarioRun {
  readonly id: string;
  readonly queue: string;
  readonly exchange: string;
  /** `<base>/work/<file>` and `<base>/finalizado/` inside the store. */
  readonly base: string;
  readonly fileNames: readonly string[];
  readonly formats?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly webdav: WebDavTap;
  readonly events: readonly JobEvent[];
  /** Every worker started so far, killed ones included (their logs stay readable). */
  readonly workers: ScenarioWorker[];
  startWorker(): Promise<ScenarioWorker>;
  /** Publishes `{"file_name": …}` for these files like the legacy producer (counted as sent). */
  publish(fileNames: readonly string[]): Promise<void>;
  completedFiles(): Set<string>;
  waitForCompleted(count: number, timeoutMs?: number): Promise<void>;
  /** The `job started` log line of a file (from whichever worker), once one logged it. */
  waitForJobStart(fileName: string, timeoutMs?: number): Promise<{ worker: ScenarioWorker; jobId: string }>;
  /** The job's live progress in Redis (phase and when it was written), for a kill at a known point. */
  progress(jobId: string): Promise<{ phase?: string; updatedAt?: string } | undefined>;
  readonly redisKeyPrefix: string;
}

const DEFAULT_ROWS = 40;
const SETTLE_TIMEOUT_MS = 300_000;
// A quiet broker check costs rabbitmqctl (~1 s of CPU): only while no event arrives.
const QUIET_CHECK_MS = 5_000;

/**
 * Runs one fault scenario end to end on real servers — the test Apache (through a counting
 * tap, and optionally a fault proxy), RabbitMQ (shared or private), Redis, the MongoDB
 * stand-in, K `higia worker` processes — and counts what became of every message.
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioCounts> {
  const began = performance.now();
  const id = randomBytes(4).toString('hex');
  const queue = `higia_faults_${id}`;
  const exchange = `higia_faults_events_${id}`;
  const base = `faults-${id}`;
  const webdav = inject('webdav');
  const broker = options.broker ?? sharedBroker();
  const redisUrl = options.redisUrl ?? SHARED_REDIS_URL;
  const mongoUrl = options.mongoUrl ?? inject('mongoUrl');
  const redisKeyPrefix = `higia_faults_${id}:`;
  const scratch = await mkdtemp(join(tmpdir(), 'higia-faults-'));
  const tap = await startWebDavTap(webdav.url);
  const workers: ScenarioWorker[] = [];
  const sentFiles: string[] = [];
  let collector: EventCollector | undefined;
  try {
    const fileNames = Array.from({ length: options.files }, (_, i) => `f${String(i + 1).padStart(3, '0')}.csv`);
    const rowsOf = (i: number) => options.rowsOf?.(i) ?? options.rows ?? DEFAULT_ROWS;
    await writeInputs(webdav.rootDir, base, scratch, fileNames, rowsOf);
    const storageUrl = options.storageUrl ? await options.storageUrl(tap.url) : tap.url;
    const env: Record<string, string> = {
      QUEUE_NAME: queue,
      EVENTS_EXCHANGE: exchange,
      OWNCLOUD_URL: storageUrl,
      OWNCLOUD_USER: webdav.user,
      OWNCLOUD_PASSWORD: webdav.password,
      WORK_DIR: `${base}/work`,
      DONE_DIR: `${base}/finalizado`,
      MONGO_URL: mongoUrl,
      MONGO_DB: `higia_faults_${id}`,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      MAX_ATTEMPTS: '5',
      RETRY_BASE_DELAY_MS: '2000',
      LOCK_TTL_MS: '5000',
      THREADS: '0',
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...options.env,
    };
    await importReference(env.MONGO_URL!, env.MONGO_DB!);
    collector = await EventCollector.start(broker.url, exchange, `${queue}.test-events`);
    const events = collector.events;

    const startWorker = async (): Promise<ScenarioWorker> => {
      const workerTap = options.amqpTaps ? await startAmqpTap(broker.url) : undefined;
      const process = await ServiceProcess.start('worker', { ...env, AMQP_URL: workerTap?.url ?? broker.url }, { timeoutMs: 60_000 });
      const worker = workerTap ? { process, tap: workerTap } : { process };
      workers.push(worker);
      return worker;
    };
    const completedFiles = () => new Set(events.filter((e) => e.type === 'job.completed').map((e) => e.file_name));
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    redis.on('error', () => {});
    const scenarioRun: ScenarioRun = {
      id,
      queue,
      exchange,
      base,
      fileNames,
      formats: options.formats,
      env,
      webdav: tap,
      events,
      workers,
      startWorker,
      redisKeyPrefix,
      async publish(names) {
        const asked = options.formats ? { options: { formats: options.formats } } : {};
        await publishLegacyMessages(broker.url, queue, names.map((n) => JSON.stringify({ file_name: n, ...asked })));
        sentFiles.push(...names);
      },
      completedFiles,
      async waitForCompleted(count, timeoutMs = 300_000) {
        const deadline = Date.now() + timeoutMs;
        while (completedFiles().size < count) {
          if (Date.now() > deadline) throw new Error(`${options.name}: ${completedFiles().size} of ${count} files completed within ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      async waitForJobStart(fileName, timeoutMs = 120_000) {
        const file = `${base}/work/${fileName}`;
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          for (const worker of workers) {
            const line = worker.process.logs.find((l) => l.msg === 'job started' && l.file === file);
            if (line) return { worker, jobId: String(line.jobId) };
          }
          if (Date.now() > deadline) throw new Error(`${options.name}: no worker started ${fileName} within ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
      async progress(jobId) {
        if (redis.status === 'wait') await redis.connect().catch(() => {});
        const json = await redis.get(`${redisKeyPrefix}progress:${jobId}`).catch(() => null);
        return json ? (JSON.parse(json) as { phase?: string; updatedAt?: string }) : undefined;
      },
    };

    // The legacy producer declares the queue before any worker runs; the workers start next.
    for (let i = 0; i < options.workers; i++) await startWorker();
    if ((options.publish ?? 'all-first') === 'all-first') await scenarioRun.publish(fileNames);
    try {
      await options.during?.(scenarioRun);
      await settle(options, scenarioRun, collector, broker, () => sentFiles.length);
    } finally {
      redis.disconnect();
    }
    const counts = await countOutcomes(scenarioRun, broker, sentFiles, rowsOf, webdav.rootDir);
    counts.seconds = Math.round((performance.now() - began) / 1000);
    console.log(formatCounts(options.name, counts));
    if (collector.redeliveredToCollector > 0) console.log(`[faults] ${options.name}: ${collector.redeliveredToCollector} event(s) delivered twice to the test's own collector (its ack lost at a stop), counted once`);
    return counts;
  } finally {
    await Promise.all(workers.map(async (w) => {
      await w.process.stop(5_000);
      await w.tap?.close();
    }));
    await collector?.close();
    await deleteScenarioTopology(broker, queue, exchange).catch(() => {});
    await tap.close();
    await deleteRedisKeys(redisUrl, redisKeyPrefix);
    await rm(join(webdav.rootDir, base), { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Generated clientes files (one datagen seed each) written into `<base>/work/`, owned like the WebDAV root. */
async function writeInputs(rootDir: string, base: string, scratch: string, fileNames: readonly string[], rowsOf: (i: number) => number): Promise<void> {
  const owner = await stat(rootDir);
  const work = join(rootDir, base, 'work');
  await mkdir(work, { recursive: true });
  for (const dir of [join(rootDir, base), work]) await chown(dir, owner.uid, owner.gid);
  const parallel = 4;
  for (let start = 0; start < fileNames.length; start += parallel) {
    await Promise.all(
      fileNames.slice(start, start + parallel).map(async (name, offset) => {
        const i = start + offset;
        const out = join(scratch, `gen-${i}`);
        await generateClientes(out, rowsOf(i), `faults-${i}`);
        await copyFile(join(out, 'clientes.csv'), join(work, name));
        await chown(join(work, name), owner.uid, owner.gid);
      }),
    );
  }
}

async function importReference(mongoUrl: string, db: string): Promise<void> {
  const imported = await runHigia(['reference', 'import', 'examples/reference', '--mongo-url', mongoUrl, '--db', db]);
  if (imported.code !== 0) throw new Error(`reference import failed: ${imported.stderr}`);
}

/** Importing the reference data again, e.g. after the MongoDB stand-in restarted empty. */
export const reloadReference = importReference;

/**
 * Done when every sent file has a final event and the queues are empty, or when no event came
 * for a while and nothing is left in the queues (ready or unacknowledged): what has no event
 * then is in the dead-letter queue or lost.
 */
async function settle(options: ScenarioOptions, run: ScenarioRun, collector: EventCollector, broker: BrokerUnderTest, sent: () => number): Promise<void> {
  const deadline = Date.now() + (options.settleTimeoutMs ?? SETTLE_TIMEOUT_MS);
  let quietChecks = 0;
  let lastCheck = 0;
  while (Date.now() < deadline) {
    const finals = new Set(run.events.map((e) => e.file_name));
    const quietFor = Date.now() - Math.max(collector.lastEventAt, lastCheck);
    if (finals.size >= sent() || quietFor >= QUIET_CHECK_MS) {
      lastCheck = Date.now();
      const busy = await messagesInWork(broker, run.queue).catch(() => Number.POSITIVE_INFINITY);
      if (busy === 0) {
        if (finals.size >= sent() || ++quietChecks >= 2) return;
      } else {
        quietChecks = 0;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } catch {
    // a private Redis already gone takes its keys with it
  } finally {
    redis.disconnect();
  }
}
