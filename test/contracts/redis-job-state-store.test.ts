import { randomUUID } from 'node:crypto';
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisJobStateStore } from '../../src/adapters/state/redis-job-state-store.js';
import { UpstreamUnavailableError } from '../../src/errors.js';
import { jobStateStoreContract } from './job-state-store.contract.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POLL_INTERVAL_MS = 10;
/** Slack beyond the ttl for a busy machine before a condition counts as never met. */
const POLL_GRACE_MS = 3000;

let admin: Redis;
beforeAll(() => {
  admin = new Redis(REDIS_URL);
});
afterAll(async () => {
  await admin.quit();
});

const randomPrefix = () => `higia-test:${randomUUID()}:`;

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of admin.scanStream({ match: `${prefix}*`, count: 100 }) as AsyncIterable<string[]>) {
    keys.push(...batch);
  }
  return keys.sort();
}

async function deleteKeysUnder(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length > 0) await admin.del(...keys);
}

/** Redis expires keys on its own clock: wait for the condition, bounded by ttl plus grace. */
async function pollUntil(ms: number, until: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms + POLL_GRACE_MS;
  while (!(await until())) {
    if (Date.now() > deadline) throw new Error(`condition still false ${ms + POLL_GRACE_MS} ms later`);
    await delay(POLL_INTERVAL_MS);
  }
}

jobStateStoreContract('redis', async () => {
  const keyPrefix = randomPrefix();
  const store = await RedisJobStateStore.connect(REDIS_URL, { keyPrefix });
  return {
    store,
    advance: pollUntil,
    dispose: async () => {
      await store.close();
      await deleteKeysUnder(keyPrefix);
    },
  };
});

/** A port nothing listens on: bind an ephemeral one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP hop in front of Redis that can be cut and restored, to show an outage to a live client. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connectTcp(Number(this.target.port || 6379), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const server = this.server;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('RedisJobStateStore', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function connected(keyPrefix: string, url = REDIS_URL, connectTimeoutMs?: number) {
    const store = await RedisJobStateStore.connect(url, { keyPrefix, connectTimeoutMs });
    cleanups.push(() => store.close());
    return store;
  }

  it('fails to connect to a closed port with UpstreamUnavailableError, within the timeout', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const startedAt = Date.now();
    const error = await RedisJobStateStore.connect(url, { connectTimeoutMs: 500 }).catch((e: unknown) => e);
    const elapsedMs = Date.now() - startedAt;
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).retryable).toBe(true);
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(elapsedMs).toBeLessThan(1500);
  });

  it('fails to connect, within the timeout, to a server that accepts the socket but never answers', async () => {
    const accepted: Socket[] = [];
    const silent = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const url = `redis://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const startedAt = Date.now();
    await expect(RedisJobStateStore.connect(url, { connectTimeoutMs: 500 })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(Date.now() - startedAt).toBeLessThan(1500);
  });

  it('shares locks and progress between two connections, as two worker processes would', async () => {
    const keyPrefix = randomPrefix();
    cleanups.push(() => deleteKeysUnder(keyPrefix));
    const workerA = await connected(keyPrefix);
    const workerB = await connected(keyPrefix);

    const lock = await workerA.acquireLock('file-a', 10_000);
    expect(lock).toBeDefined();
    expect(await workerB.acquireLock('file-a', 10_000)).toBeUndefined();
    await lock?.release();
    expect(await workerB.acquireLock('file-a', 10_000)).toBeDefined();

    const state = { phase: 'writing', rows: 42, percent: 30, updatedAt: new Date().toISOString() } as const;
    await workerA.setProgress('job-1', state);
    expect(await workerB.getProgress('job-1')).toEqual(state);
    await workerB.remember('file-a@etag', 'job-1', 10_000);
    expect(await workerA.recall('file-a@etag')).toBe('job-1');
  });

  it('keeps every key under its prefix, progress for about a day', async () => {
    const keyPrefix = randomPrefix();
    cleanups.push(() => deleteKeysUnder(keyPrefix));
    const store = await connected(keyPrefix);
    await store.acquireLock('file-a', 10_000);
    await store.setProgress('job-1', { phase: 'reading', rows: 0, percent: 0, updatedAt: new Date().toISOString() });
    await store.remember('file-a@etag', 'job-1', 10_000);
    await store.setPartOutcome('job-1', 'pass1', 0, { done: true }, 10_000);

    expect(await keysUnder(keyPrefix)).toEqual([
      `${keyPrefix}done:file-a@etag`,
      `${keyPrefix}lock:file-a`,
      `${keyPrefix}part-stages:job-1`,
      `${keyPrefix}parts:job-1:pass1`,
      `${keyPrefix}progress:job-1`,
    ]);
    const progressTtlMs = await admin.pttl(`${keyPrefix}progress:job-1`);
    expect(progressTtlMs).toBeGreaterThan(23 * 60 * 60 * 1000);
    expect(progressTtlMs).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
  });

  it('keeps a split job’s stage in one hash, and its list of stages as long as its longest-lived stage', async () => {
    const keyPrefix = randomPrefix();
    cleanups.push(() => deleteKeysUnder(keyPrefix));
    const store = await connected(keyPrefix);
    await store.setPartOutcome('job:1', 'pass1', 0, { done: true }, 60_000);
    await store.setPartOutcome('job:1', 'pass1', 1, { failed: { code: 'E', message: 'ação' } }, 60_000);
    await store.setPartOutcome('job:1', 'pass2', 0, { done: true }, 5_000);

    expect(await admin.hgetall(`${keyPrefix}parts:job%3A1:pass1`)).toEqual({
      '0': '{"done":true}',
      '1': '{"failed":{"code":"E","message":"ação"}}',
    });
    expect(await admin.pttl(`${keyPrefix}parts:job%3A1:pass2`)).toBeLessThanOrEqual(5_000);
    expect((await admin.smembers(`${keyPrefix}part-stages:job%3A1`)).sort()).toEqual(['pass1', 'pass2']);
    expect(await admin.pttl(`${keyPrefix}part-stages:job%3A1`)).toBeGreaterThan(50_000);

    await store.forgetParts('job:1');
    expect(await keysUnder(keyPrefix)).toEqual([]);
  });

  it('fails fast with UpstreamUnavailableError while Redis is unreachable, and recovers after', async () => {
    const proxy = new CuttableProxy(new URL(REDIS_URL));
    await proxy.start();
    cleanups.push(() => proxy.cut());
    const store = await connected(randomPrefix(), `redis://127.0.0.1:${proxy.port}`, 300);
    await store.check();

    await proxy.cut();
    const startedAt = Date.now();
    await expect(store.recall('anything')).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(store.check()).rejects.toBeInstanceOf(UpstreamUnavailableError);
    const concurrent = await Promise.allSettled(Array.from({ length: 20 }, () => store.acquireLock('file-a', 1000)));
    expect(concurrent.every((r) => r.status === 'rejected' && r.reason instanceof UpstreamUnavailableError)).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(3000);

    await proxy.start();
    await pollUntil(0, () => store.check().then(() => true, () => false));
  });
});
