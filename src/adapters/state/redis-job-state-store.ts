import { randomUUID } from 'node:crypto';
import { Redis, ReplyError } from 'ioredis';
import { UpstreamUnavailableError } from '../../errors.js';
import type { JobProgressState, JobStateStore, Lock } from '../../ports/job-state-store.js';

/** Progress is only interesting while a job runs; after a day it is noise. */
const PROGRESS_TTL_MS = 24 * 60 * 60 * 1000;

/** Replies that mean "Redis is there but busy or switching roles": worth retrying the job. */
const TRANSIENT_REPLY_PREFIXES = ['LOADING', 'BUSY', 'READONLY', 'MASTERDOWN', 'TRYAGAIN', 'OOM'];

// The classic single-instance lock (SET NX PX + compare-token scripts). Redlock would only
// add safety across several independent Redis masters; we run one Redis, so it buys nothing.
const RENEW_IF_OWNED = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;
const RELEASE_IF_OWNED = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

interface LockScripts {
  renewLockIfOwned(key: string, token: string, ttlMs: number): Promise<number>;
  releaseLockIfOwned(key: string, token: string): Promise<number>;
}

export interface RedisJobStateStoreOptions {
  url: string;
  /** Prepended to every key so several deployments (or tests) can share one Redis. */
  keyPrefix?: string;
  /** How long `connect()`, and any command issued while reconnecting, waits for Redis. */
  connectTimeoutMs?: number;
  /** Backstop for a Redis that accepts the socket but never answers. */
  commandTimeoutMs?: number;
}

/** JobStateStore shared by every worker and API replica through one Redis. */
export class RedisJobStateStore implements JobStateStore {
  private readonly redis: Redis & LockScripts;
  private readonly keyPrefix: string;
  private readonly connectTimeoutMs: number;
  private lastConnectionError: Error | undefined;
  private pendingReady: Promise<void> | undefined;

  constructor(options: RedisJobStateStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? 'higia:';
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.redis = new Redis(options.url, {
      connectTimeout: this.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs ?? 5000,
      // Fail fast instead of queueing: ioredis never holds commands for later (offline queue
      // off); a call made while Redis is unreachable waits at most connectTimeoutMs in
      // `whenReady` and then fails, and with 0 retries a command in flight when the socket
      // drops is rejected rather than replayed after reconnecting. Either way the job fails with a retryable error and the
      // broker redelivers it, instead of a worker hanging on a queue that grows while Redis is
      // down. Replaying SET NX after a lost reply would also misreport a lock we already hold.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    }) as Redis & LockScripts;
    this.redis.defineCommand('renewLockIfOwned', { numberOfKeys: 1, lua: RENEW_IF_OWNED });
    this.redis.defineCommand('releaseLockIfOwned', { numberOfKeys: 1, lua: RELEASE_IF_OWNED });
    // The client keeps reconnecting by itself; failures reach callers through rejected
    // commands, so the event only keeps the cause for the error we throw.
    this.redis.on('error', (error: Error) => {
      this.lastConnectionError = error;
    });
  }

  /** A store whose connection is ready; UpstreamUnavailableError if Redis can't be reached in time. */
  static async connect(url: string, options: Omit<RedisJobStateStoreOptions, 'url'> = {}): Promise<RedisJobStateStore> {
    const store = new RedisJobStateStore({ ...options, url });
    try {
      await store.whenReady();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async acquireLock(name: string, ttlMs: number): Promise<Lock | undefined> {
    const key = this.key('lock', name);
    const token = randomUUID();
    const px = toWholeMs(ttlMs);
    const reply = await this.run(() => this.redis.set(key, token, 'PX', px, 'NX'));
    if (reply !== 'OK') return undefined;
    return {
      renew: async () => (await this.run(() => this.redis.renewLockIfOwned(key, token, px))) === 1,
      release: async () => {
        await this.run(() => this.redis.releaseLockIfOwned(key, token));
      },
    };
  }

  async setProgress(jobId: string, progress: JobProgressState): Promise<void> {
    await this.run(() => this.redis.set(this.key('progress', jobId), JSON.stringify(progress), 'PX', PROGRESS_TTL_MS));
  }

  async getProgress(jobId: string): Promise<JobProgressState | undefined> {
    const json = await this.run(() => this.redis.get(this.key('progress', jobId)));
    // Only setProgress writes under our prefix, so the shape is ours.
    return json === null ? undefined : (JSON.parse(json) as JobProgressState);
  }

  async remember(key: string, jobId: string, ttlMs: number): Promise<void> {
    await this.run(() => this.redis.set(this.key('done', key), jobId, 'PX', toWholeMs(ttlMs)));
  }

  async recall(key: string): Promise<string | undefined> {
    return (await this.run(() => this.redis.get(this.key('done', key)))) ?? undefined;
  }

  async check(): Promise<void> {
    await this.run(() => this.redis.ping());
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      // QUIT can't be sent while disconnected; dropping the socket is all that is left to do.
      this.redis.disconnect();
    }
  }

  private key(kind: 'lock' | 'progress' | 'done', id: string): string {
    return `${this.keyPrefix}${kind}:${id}`;
  }

  /** Waits (bounded) for a connection, then runs the command, mapping faults to retryable errors. */
  private async run<T>(command: () => Promise<T>): Promise<T> {
    await this.whenReady();
    try {
      return await command();
    } catch (error) {
      throw toAppError(error);
    }
  }

  /** Concurrent callers share one wait, so an outage doesn't pile up `ready` listeners. */
  private whenReady(): Promise<void> {
    const { redis } = this;
    if (redis.status === 'ready') return Promise.resolve();
    if (redis.status === 'end') return Promise.reject(new UpstreamUnavailableError('Redis connection is closed'));
    this.pendingReady ??= new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        reject(
          new UpstreamUnavailableError(`Redis not reachable within ${this.connectTimeoutMs} ms`, {
            cause: this.lastConnectionError,
          }),
        );
      }, this.connectTimeoutMs);
      redis.once('ready', onReady);
    }).finally(() => {
      this.pendingReady = undefined;
    });
    return this.pendingReady;
  }
}

function toAppError(error: unknown): unknown {
  if (isReplyError(error) && !TRANSIENT_REPLY_PREFIXES.some((p) => error.message.startsWith(p))) {
    // WRONGTYPE, NOPERM, a script bug…: running the job again won't help.
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamUnavailableError(`Redis: ${message}`, { cause: error });
}

/** ioredis types ReplyError as `any`; this restores the narrowing. */
function isReplyError(error: unknown): error is Error {
  return error instanceof (ReplyError as typeof Error);
}

/** PX takes a positive integer. */
function toWholeMs(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
