/* global Buffer, fetch, setTimeout, clearTimeout, setInterval, clearInterval */
// `npm run bench:service`: files/s of the service on small files, end to end, on real servers.
//
// Starts its own Apache WebDAV (laid out like ownCloud, as test/support/apache-webdav.ts does)
// and MongoDB stand-in (@jongodb/memory-server-bin-linux-x64-gnu, as test/support/jongodb.ts),
// uses the machine's RabbitMQ and Redis under a random queue name and key prefix, puts N copies
// of one generated file (../shared/datagen, one seed) under N names in `work/`, starts two
// `higia worker` processes, publishes N legacy messages `{"file_name": …}` to the legacy queue
// at once, waits for N `job.completed` events, checks that every file's whole output set is in
// `finalizado/` (and no temporary), prints files/s, publish → event latency and the workers'
// per-phase times, then stops and deletes everything it made. Exit 1 when a file is missing.
//
// BENCH_SERVICE_FILES (200), BENCH_SERVICE_ROWS (200), BENCH_SERVICE_WORKERS (2),
// BENCH_SERVICE_ROOT (a Higia checkout to run, e.g. a worktree of an older commit; default
// this one), BENCH_ENV_<NAME>=value (passed to the workers as NAME, e.g. BENCH_ENV_PREFETCH=2),
// BENCH_SERVICE_NODE_ARGS (node flags for the workers, e.g. `--cpu-prof --cpu-prof-dir=DIR`),
// BENCH_SERVICE_REFERENCE (`all`: the first file's whole generated registry into MongoDB; `ceps`:
// only its CEPs, the pandas peer's join; `ceps-embedded`: its CEPs as the workers' REFERENCE_DIR,
// SQLite index built before the run, and no MongoDB at all — the stand-in takes minutes to import
// a large registry; `none`: no reference and no MongoDB), BENCH_SERVICE_FORMATS (e.g. `csv,json`; default: the message names none, so all),
// BENCH_SERVICE_TIMEOUT_MS, TEST_AMQP_URL, TEST_REDIS_URL.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startApache, startJongodb } from './bench-service-servers.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = process.env.BENCH_SERVICE_ROOT ? resolve(process.env.BENCH_SERVICE_ROOT) : here;
const files = Number(process.env.BENCH_SERVICE_FILES ?? 200);
const rows = Number(process.env.BENCH_SERVICE_ROWS ?? 200);
const workerCount = Number(process.env.BENCH_SERVICE_WORKERS ?? 2);
const amqpUrl = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const datagen = join(here, '..', 'shared', 'datagen', 'gen-clientes.mjs');
const SUFFIXES_OF = {
  csv: ['_duplicados.csv', '_higienizado.csv', '_rejeitados.csv'],
  xlsx: ['_higienizado.xlsx'],
  pdf: ['_relatorio.pdf'],
  html: ['_dashboard.html'],
  json: ['_resumo.json'],
};
const formats = process.env.BENCH_SERVICE_FORMATS ? process.env.BENCH_SERVICE_FORMATS.split(',') : undefined;
const OUTPUT_SUFFIXES = (formats ?? Object.keys(SUFFIXES_OF)).flatMap((format) => SUFFIXES_OF[format]);
const reference = process.env.BENCH_SERVICE_REFERENCE ?? 'all';
// A few seconds a small file, ~50 µs a row of a large one (5M rows: 250 s), with room to spare.
const COMPLETION_TIMEOUT_MS = Number(process.env.BENCH_SERVICE_TIMEOUT_MS ?? Math.max(120_000, files * 2_000 + files * rows * 0.2));

const require = createRequire(join(here, 'package.json'));
const { connect } = require('amqplib');
const { Redis } = require('ioredis');

const id = randomBytes(4).toString('hex');
const queue = `higia_bench_${id}`;
const exchange = `higia_bench_events_${id}`;
const keyPrefix = `higia_bench_${id}:`;
const base = `bench-${id}`;
const cleanups = [];
const log = (...parts) => console.error('bench:service', ...parts);

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log('clean-up failed:', error.message));
}

async function main() {
  buildIfNeeded();
  const names = Array.from({ length: files }, (_, i) => `clientes-${String(i).padStart(4, '0')}.csv`);
  const data = await generateInputs(names);

  const withMongo = reference === 'all' || reference === 'ceps';
  const [webdav, mongoUrl] = await Promise.all([startApache(id, cleanups), withMongo ? startJongodb(cleanups) : undefined]);
  const db = `higia_bench_${id}`;
  const cepsFolder = join(data, 'reference-0000-ceps');
  if (reference !== 'none') {
    let folder = join(data, 'reference-0000');
    if (reference.startsWith('ceps')) {
      folder = cepsFolder;
      mkdirSync(folder, { recursive: true });
      if (!existsSync(join(folder, 'ceps.ndjson'))) copyFileSync(join(data, 'reference-0000', 'ceps.ndjson'), join(folder, 'ceps.ndjson'));
    }
    const into = withMongo ? ['--mongo-url', mongoUrl, '--db', db] : [];
    const imported = spawnSync(process.execPath, [join(root, 'bin', 'higia.js'), 'reference', 'import', folder, ...into], { encoding: 'utf8' });
    if (imported.status !== 0) throw new Error(`reference import failed: ${imported.stderr}`);
  }

  // The inputs go straight onto the server's disk (a PUT each would only slow the set-up).
  const workDir = join(webdav.rootDir, base, 'work');
  mkdirSync(workDir, { recursive: true });
  for (const name of names) copyFileSync(join(data, name), join(workDir, name));
  webdav.giveToServer(join(webdav.rootDir, base));
  const inputBytes = Math.round(names.reduce((sum, name) => sum + statSync(join(data, name)).size, 0) / files);

  const amqp = await connect(amqpUrl);
  const channel = await amqp.createConfirmChannel();
  cleanups.push(async () => {
    await channel.deleteExchange(exchange).catch(() => {});
    await amqp.close().catch(() => {});
  });
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue: listener } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(listener, exchange, 'job.*');
  const events = new Map();
  const failures = [];
  let allCompleted;
  const completed = new Promise((resolve) => (allCompleted = resolve));
  await channel.consume(
    listener,
    (message) => {
      if (!message) return;
      const event = JSON.parse(message.content.toString());
      if (event.type === 'job.failed') failures.push(event);
      else if (!events.has(event.file_name)) events.set(event.file_name, performance.now());
      if (events.size === files) allCompleted();
    },
    { noAck: true },
  );

  const env = {
    AMQP_URL: amqpUrl,
    QUEUE_NAME: queue,
    EVENTS_EXCHANGE: exchange,
    OWNCLOUD_URL: webdav.url,
    OWNCLOUD_USER: webdav.user,
    OWNCLOUD_PASSWORD: webdav.password,
    WORK_DIR: `${base}/work`,
    DONE_DIR: `${base}/finalizado`,
    ...(withMongo ? { MONGO_URL: mongoUrl, MONGO_DB: db } : { REFERENCE_DIR: reference === 'none' ? join(data, 'no-reference') : cepsFolder }),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    LOG_LEVEL: 'info',
    ...workerEnvFromBenchEnv(),
  };
  cleanups.push(() => deleteBenchState(env));
  const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorker(env)));
  cleanups.push(() => Promise.all(workers.map((w) => w.stop())));
  // A worker that warms its reports up at start (dist/reports/warm-up.js) is ready once it has.
  if (existsSync(join(root, 'dist', 'reports', 'warm-up.js'))) await Promise.all(workers.map((w) => w.warmedUp()));

  const cpuBefore = await Promise.all(workers.map((w) => w.cpuSeconds()));
  const loadBefore = loadavg();
  // Exactly as the legacy producer: pika's queue_declare defaults, the default exchange.
  await channel.assertQueue(queue, { durable: false, exclusive: false, autoDelete: false });
  const publishedAt = new Map();
  const started = performance.now();
  for (const name of names) {
    publishedAt.set(name, performance.now());
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(formats ? { file_name: name, options: { formats } } : { file_name: name })));
  }
  await channel.waitForConfirms();
  const timeout = setTimeout(() => allCompleted(), COMPLETION_TIMEOUT_MS);
  const progress = setInterval(() => log(`${events.size}/${files} completed`), 10_000);
  let failed;
  await Promise.race([completed, new Promise((resolve) => (failed = setInterval(() => failures.length > 0 && resolve(), 200)))]);
  clearTimeout(timeout);
  clearInterval(progress);
  clearInterval(failed);
  const finished = performance.now();
  const loadAfter = loadavg();
  if (failures.length > 0) throw new Error(`job.failed: ${JSON.stringify(failures.slice(0, 3))}`);
  if (events.size < files) throw new Error(`only ${events.size} of ${files} job.completed within ${COMPLETION_TIMEOUT_MS} ms`);

  const seconds = (finished - started) / 1000;
  const latencies = names.map((name) => events.get(name) - publishedAt.get(name)).sort((a, b) => a - b);
  const metrics = await Promise.all(workers.map((w) => fetch(`${w.url}/metrics`).then((r) => r.text())));
  const cpuAfter = await Promise.all(workers.map((w) => w.cpuSeconds()));
  const workerCpuMsPerFile = ((cpuAfter.reduce((a, b) => a + b, 0) - cpuBefore.reduce((a, b) => a + b, 0)) * 1000) / files;
  const phases = phaseMedians(workers.flatMap((w) => w.completedLines()));
  const jobMs = median(workers.flatMap((w) => w.completedLines()).map((l) => l.durationMs));
  const firstJobMs = workers.map((w) => w.completedLines()[0]?.durationMs).filter((ms) => ms !== undefined);
  const idleMs = median(workers.flatMap((w) => w.gapsBetweenJobsMs()));
  const outputs = checkOutputs(join(webdav.rootDir, base, 'finalizado'), names);

  const result = {
    files,
    rows,
    inputBytes,
    workers: workerCount,
    root: root === here ? '.' : relative(here, root),
    workerEnv: workerEnvFromBenchEnv(),
    reference,
    formats: formats ?? 'all',
    splitParts: workers.flatMap((w) => w.lines().filter((l) => l.msg === 'split job: parts planned').map((l) => l.parts)),
    partsDoneByWorker: workers.map((w) => w.lines().filter((l) => l.msg === 'part done').length),
    seconds: round(seconds, 2),
    filesPerSecond: round(files / seconds, 2),
    latencyMs: { p50: Math.round(quantile(latencies, 0.5)), p95: Math.round(quantile(latencies, 0.95)) },
    jobMs: { p50: jobMs === undefined ? null : Math.round(jobMs), firstOfEachWorker: firstJobMs.map(Math.round) },
    workerCpuMsPerFile: Math.round(workerCpuMsPerFile),
    idleBetweenJobsMs: { p50: idleMs === undefined ? null : Math.round(idleMs) },
    phaseP50Ms: phases,
    phaseMetric: metrics.every((text) => text.includes('higia_job_phase_seconds_bucket')),
    outputs,
    load: { before: loadBefore.map((l) => round(l, 2)), after: loadAfter.map((l) => round(l, 2)) },
  };
  console.log(`${files} files of ${rows} rows, ${workerCount} workers: ${result.filesPerSecond} files/s (${result.seconds} s)`);
  console.log(`latency publish → job.completed: p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms; job p50 ${result.jobMs.p50} ms (first of each worker: ${result.jobMs.firstOfEachWorker.join(', ')} ms); between jobs (ack, next delivery) p50 ${result.idleBetweenJobsMs.p50} ms; worker CPU ${result.workerCpuMsPerFile} ms a file`);
  if (phases) console.table(phases);
  console.log(`outputs: ${outputs.found} of ${outputs.expected}, ${outputs.temporaries} temporaries; load average ${result.load.before.join(' ')} → ${result.load.after.join(' ')}`);
  console.log(`BENCH_SERVICE ${JSON.stringify(result)}`);
  if (!outputs.ok) process.exitCode = 1;
}

/**
 * One generated file per message, each from its own seed: every job has its own content, so
 * nothing can be answered from a cache of an earlier file's results. Kept in bench-data/
 * (gitignored) for the next run; the first file's reference data is imported into MongoDB.
 */
async function generateInputs(names) {
  const folder = join(here, 'bench-data', `service-${rows}-rows`);
  mkdirSync(folder, { recursive: true });
  const missing = names.filter((name) => !existsSync(join(folder, name)));
  if (missing.length > 0) log(`generating ${missing.length} files of ${rows} rows…`);
  const generate = async (name) => {
    const seed = name.replace(/\.csv$/, '');
    const out = join(folder, `.${seed}`);
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [datagen, '--rows', String(rows), '--seed', `bench-service-${seed}`, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`datagen failed: ${stderr}`))));
    });
    if (name === names[0]) renameSync(join(out, 'reference'), join(folder, 'reference-0000'));
    renameSync(join(out, 'clientes.csv'), join(folder, name));
    rmSync(out, { recursive: true, force: true });
  };
  if (!existsSync(join(folder, 'reference-0000'))) missing.unshift(...(missing.includes(names[0]) ? [] : [names[0]]));
  for (let i = 0; i < missing.length; i += 2) await Promise.all(missing.slice(i, i + 2).map(generate));
  return folder;
}

/** `npm run build` when dist/ is missing or older than a source file. */
function buildIfNeeded() {
  const main = join(root, 'dist', 'main.js');
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const path = join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  if (existsSync(main) && statSync(main).mtimeMs >= newest(join(root, 'src'))) return;
  log('building…');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}

function workerEnvFromBenchEnv() {
  return Object.fromEntries(
    Object.entries(process.env)
      .filter(([name]) => name.startsWith('BENCH_ENV_'))
      .map(([name, value]) => [name.slice('BENCH_ENV_'.length), value]),
  );
}

/** Every input's seven outputs in finalizado/, and nothing else (no temporary left, no split job's part files). */
function checkOutputs(folder, names) {
  const present = new Set(existsSync(folder) ? readdirSync(folder) : []);
  if (present.has('.higia-parts') && readdirSync(join(folder, '.higia-parts')).length === 0) present.delete('.higia-parts');
  // Written only when fuzzy matching leaves a pair for review: allowed, never required.
  for (const name of [...present]) if (name.endsWith('_possiveis_duplicados.csv')) present.delete(name);
  const expected = names.flatMap((name) => OUTPUT_SUFFIXES.map((suffix) => name.replace(/\.csv$/, suffix)));
  const found = expected.filter((name) => present.has(name)).length;
  const temporaries = [...present].filter((name) => name.endsWith('.higia.tmp')).length;
  return { expected: expected.length, found, temporaries, ok: found === expected.length && temporaries === 0 && present.size === expected.length };
}

/** The median of each phase over the jobs' "job completed" lines (`phasesMs`). */
function phaseMedians(lines) {
  const withPhases = lines.filter((l) => l.phasesMs);
  if (withPhases.length === 0) return null;
  const names = [...new Set(withPhases.flatMap((l) => Object.keys(l.phasesMs)))];
  return Object.fromEntries(names.map((name) => [name, round(median(withPhases.map((l) => l.phasesMs[name]).filter((v) => v !== undefined)), 1)]));
}

function median(values) {
  if (values.length === 0) return undefined;
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

function round(value, digits) {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

async function startWorker(env) {
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin', 'higia.js'), 'worker'], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start within 60 s: ${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it started: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (text) => {
      let line;
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      lines.push(line);
      if (/^higia worker started/.test(line.msg)) {
        clearTimeout(timer);
        resolve(line.port);
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    completedLines: () => lines.filter((l) => l.msg === 'job completed'),
    lines: () => lines,
    async warmedUp() {
      const deadline = Date.now() + 60_000;
      while (!lines.some((l) => /warm the reports up|reports warmed up/.test(l.msg)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    /** The process's CPU time so far (user + system), from its /metrics. */
    async cpuSeconds() {
      const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
      return Number(/^process_cpu_seconds_total (\S+)$/m.exec(text)?.[1] ?? NaN);
    },
    /**
     * From one job's "job completed" line to the next one's "job started" on this worker: the
     * ack, the next delivery, and the next job's lock, stat, idempotency check and first record
     * (subtracted when its line has phases, leaving the ack and the delivery).
     */
    gapsBetweenJobsMs() {
      const phasesOf = new Map(lines.filter((l) => l.msg === 'job completed').map((l) => [l.jobId, l.phasesMs]));
      const gaps = [];
      let endedAt;
      for (const line of lines) {
        if (line.msg === 'job completed') endedAt = line.time;
        else if (line.msg === 'job started' && endedAt !== undefined) {
          const p = phasesOf.get(line.jobId) ?? {};
          gaps.push(line.time - endedAt - (p.lock ?? 0) - (p.stat ?? 0) - (p.idempotency ?? 0) - (p.start_record ?? 0));
          endedAt = undefined;
        }
      }
      return gaps;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

/** The queues the workers declared, and their Redis keys. */
async function deleteBenchState(env) {
  const { jobQueueTopology, topologyQueueNames } = await import(pathToFileURL(join(root, 'dist', 'adapters', 'queue', 'amqp-topology.js')).href);
  const { parseConfig } = await import(pathToFileURL(join(root, 'dist', 'config', 'schema.js')).href);
  const config = parseConfig(env);
  const names = topologyQueueNames(
    jobQueueTopology(queue, { maxAttempts: config.MAX_ATTEMPTS, retryBaseDelayMs: config.RETRY_BASE_DELAY_MS, parkCheckMs: config.AMQP_PARK_CHECK_MS }),
  );
  const amqp = await connect(amqpUrl);
  try {
    for (const name of names) {
      const channel = await amqp.createChannel();
      channel.on('error', () => {});
      await channel.deleteQueue(name).catch(() => {});
      await channel.close().catch(() => {});
    }
  } finally {
    await amqp.close().catch(() => {});
  }
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
