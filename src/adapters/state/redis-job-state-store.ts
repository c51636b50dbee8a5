import { randomUUID } from 'node:crypto';
import { Redis, ReplyError, type ChainableCommander } from 'ioredis';
import { UpstreamUnavailableError } from '../../errors.js';
import type { JobProgressState, JobStateStore, Lock, PartOutcome } from '../../ports/job-state-store.js';

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
// PEXPIRE ... GT would do, but only from Redis 7, and it leaves a key without expiry alone.
const EXPIRE_NOT_SOONER = `
local left = redis.call('PTTL', KEYS[1])
if left >= 0 and left >= tonumber(ARGV[1]) then
  return 0
end
return redis.call('PEXPIRE', KEYS[1], ARGV[1])`;

interface LockScripts {
  renewLockIfOwned(key: string, token: string, ttlMs: number): Promise<number>;
  releaseLockIfOwned(key: string, token: string): Promise<number>;
}

/** The same script queued in a MULTI. */
interface ExpiryScriptsInTransaction {
  expireNotSooner(key: string, ttlMs: number): ChainableCommander;
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
    this.redis.defineCommand('expireNotSooner', { numberOfKeys: 1, lua: EXPIRE_NOT_SOONER });
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

  async setPartOutcome(job: string, stage: string, index: number, outcome: PartOutcome, ttlMs: number): Promise<void> {
    if (!isPartIndex(index)) throw badPartIndex(index);
    const px = toWholeMs(ttlMs);
    const stagesKey = this.partStagesKey(job);
    // One transaction: a part is never recorded without its expiry, nor without the entry
    // in the job's list of stages that lets forgetParts find it. That list lives at least as
    // long as the longest-lived of its stages.
    const replies = await this.run(() => {
      const transaction = this.redis
        .multi()
        .hset(this.partsKey(job, stage), String(index), JSON.stringify(copyOutcome(outcome)))
        .pexpire(this.partsKey(job, stage), px)
        .sadd(stagesKey, stage) as ChainableCommander & ExpiryScriptsInTransaction;
      return transaction.expireNotSooner(stagesKey, px).exec();
    });
    // EXEC resolves even when a command inside failed; null means the transaction was discarded.
    const failure = replies === null ? new Error('MULTI discarded') : replies.find(([error]) => error !== null)?.[0];
    if (failure) throw toAppError(failure);
  }

  async partOutcomes(job: string, stage: string): Promise<ReadonlyMap<number, PartOutcome>> {
    const fields = await this.run(() => this.redis.hgetall(this.partsKey(job, stage)));
    // Only setPartOutcome writes these hashes, so fields are indexes and values our JSON.
    const entries = Object.entries(fields).map(([index, json]): [number, PartOutcome] => [Number(index), JSON.parse(json) as PartOutcome]);
    return new Map(entries.sort(([a], [b]) => a - b));
  }

  async forgetParts(job: string): Promise<void> {
    const stagesKey = this.partStagesKey(job);
    const stages = await this.run(() => this.redis.smembers(stagesKey));
    // The list goes last, in the same DEL: a retry after a lost reply still finds what is left.
    await this.run(() => this.redis.del(...stages.map((stage) => this.partsKey(job, stage)), stagesKey));
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

  private key(kind: 'lock' | 'progress' | 'done' | 'parts' | 'part-stages', id: string): string {
    return `${this.keyPrefix}${kind}:${id}`;
  }

  /** One hash per (job, stage): field = part index, value = the outcome's JSON. */
  private partsKey(job: string, stage: string): string {
    return this.key('parts', `${escapeColons(job)}:${escapeColons(stage)}`);
  }

  /** The set of the job's stages that have outcomes, for forgetParts (no SCAN over the database). */
  private partStagesKey(job: string): string {
    return this.key('part-stages', escapeColons(job));
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

/** Job and stage share one key, so ':' (and '%', the escape) are escaped: "a:b" + "c" ≠ "a" + "b:c". */
function escapeColons(id: string): string {
  return id.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/** Part indexes are positions in the split: a whole number from 0. */
function isPartIndex(index: number): boolean {
  return Number.isSafeInteger(index) && index >= 0;
}

function badPartIndex(index: number): RangeError {
  return new RangeError(`part index must be a whole number >= 0, got ${index}`);
}

/** Only the fields of the port's type go into Redis. */
function copyOutcome(outcome: PartOutcome): PartOutcome {
  return 'done' in outcome ? { done: true } : { failed: { code: outcome.failed.code, message: outcome.failed.message } };
}
