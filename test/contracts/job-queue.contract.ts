import { afterEach, describe, expect, it } from 'vitest';
import type { JobMessage } from '../../src/domain/job-message.js';
import { CredentialsRejectedError, InputFormatError, UpstreamUnavailableError } from '../../src/errors.js';
import type { Delivery, JobQueue } from '../../src/ports/job-queue.js';
import { gate, until } from '../support/async-helpers.js';

export interface QueuePolicy {
  maxAttempts: number;
  retryBaseDelayMs: number;
}

/** A dead letter as the suite compares it, whatever the implementation stores. */
export interface DeadLetterView {
  body: Buffer;
  reason: string;
  errorCode: string;
  error: string;
  attempt: number;
}

/** One fresh, empty queue and the means to look inside it. */
export interface JobQueueHarness {
  readonly queue: JobQueue;
  /** Enqueues a body byte for byte, as a foreign producer could. */
  publishRaw(body: Uint8Array): Promise<void>;
  /** Every dead letter so far, oldest first. */
  deadLetters(): Promise<DeadLetterView[]>;
  /** Messages waiting in the work queue that no consumer holds. */
  readyCount(): Promise<number>;
  dispose(): Promise<void>;
}

const POLICY: QueuePolicy = { maxAttempts: 3, retryBaseDelayMs: 50 };

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

/** Runs the JobQueue contract against one implementation. */
export function jobQueueContract(name: string, make: (policy: QueuePolicy) => Promise<JobQueueHarness>) {
  describe(`JobQueue: ${name}`, () => {
    const harnesses: JobQueueHarness[] = [];
    const open = async (policy = POLICY) => {
      const harness = await make(policy);
      harnesses.push(harness);
      return harness;
    };
    afterEach(async () => {
      await Promise.all(harnesses.splice(0).map((h) => h.dispose()));
    });

    /** Consumes with a fresh consumer until `fileName` arrives: proves nothing else was left in the queue ahead of it. */
    async function drainUpTo(h: JobQueueHarness, fileName: string): Promise<string[]> {
      const seen: string[] = [];
      const consumer = await h.queue.consume(async (d) => void seen.push(d.message.file_name), { prefetch: 1 });
      await h.queue.publish({ file_name: fileName });
      await until(() => seen.includes(fileName), Boolean, 10_000, `${fileName} to arrive`);
      await consumer.stop(5_000);
      return seen;
    }

    it('delivers a published message once, as attempt 1, and acks it', async () => {
      const h = await open();
      const seen: Delivery[] = [];
      await h.queue.publish({ file_name: 'clientes.csv' });
      const consumer = await h.queue.consume(async (d) => void seen.push(d), { prefetch: 1 });
      await until(() => seen.length, (n) => n >= 1);
      await consumer.stop(5_000);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ message: { file_name: 'clientes.csv' }, attempt: 1, maxAttempts: 3, parked: false });
      expect(seen[0]?.signal.aborted).toBe(false);
      expect(await h.readyCount()).toBe(0);
      expect(await drainUpTo(h, 'marker.csv')).toEqual(['marker.csv']);
      expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 0 });
      expect(await h.deadLetters()).toEqual([]);
    });

    it('retries a retryable failure as attempts 2 and 3 after doubling delays, then dead-letters it with the error', async () => {
      const h = await open();
      const tries: { attempt: number; at: number }[] = [];
      const consumer = await h.queue.consume(
        async (d) => {
          tries.push({ attempt: d.attempt, at: performance.now() });
          throw new UpstreamUnavailableError(`storage down (try ${d.attempt})`);
        },
        { prefetch: 1 },
      );
      await h.queue.publish({ file_name: 'a.csv' });
      const dead = await until(() => h.deadLetters(), (l) => l.length >= 1, 10_000, 'a dead letter');
      await consumer.stop(5_000);
      expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3]);
      const [first, second, third] = tries.map((t) => t.at) as [number, number, number];
      expect(second - first).toBeGreaterThanOrEqual(POLICY.retryBaseDelayMs * 0.9);
      expect(third - second).toBeGreaterThanOrEqual(POLICY.retryBaseDelayMs * 2 * 0.9);
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ reason: 'attempts-exhausted', errorCode: 'UPSTREAM_UNAVAILABLE', error: 'storage down (try 3)', attempt: 3 });
      expect(JSON.parse(dead[0]!.body.toString())).toEqual({ file_name: 'a.csv' });
      expect(h.queue.stats).toEqual({ retried: 2, deadLettered: 1 });
      expect(await h.readyCount()).toBe(0);
    });

    it('gives each message an id of its own that every retry of it keeps (the job id of a legacy message)', async () => {
      const h = await open();
      const seen: Delivery[] = [];
      const consumer = await h.queue.consume(
        async (d) => {
          seen.push(d);
          if (d.message.file_name === 'a.csv' && d.attempt < 3) throw new UpstreamUnavailableError('storage down');
        },
        { prefetch: 1 },
      );
      await h.queue.publish({ file_name: 'a.csv' });
      await h.queue.publish({ file_name: 'b.csv' });
      await until(() => seen.filter((d) => d.message.file_name === 'a.csv').length + seen.filter((d) => d.message.file_name === 'b.csv').length, (n) => n >= 4, 10_000, 'three tries of a.csv and b.csv');
      await consumer.stop(5_000);
      const ids = (name: string) => seen.filter((d) => d.message.file_name === name).map((d) => d.id);
      expect(ids('a.csv')).toHaveLength(3);
      expect(ids('a.csv')[0]).toMatch(/^[\w-]{8,}$/);
      expect(new Set(ids('a.csv')).size).toBe(1);
      expect(ids('b.csv')).toHaveLength(1);
      expect(ids('b.csv')[0]).not.toBe(ids('a.csv')[0]);
    });

    it('dead-letters a non-retryable failure at once', async () => {
      const h = await open();
      const calls: string[] = [];
      const consumer = await h.queue.consume(
        async (d) => {
          calls.push(d.message.file_name);
          if (d.message.file_name === 'empty.csv') throw new InputFormatError('EMPTY_FILE', 'the file is empty');
          throw new TypeError('bug in the handler');
        },
        { prefetch: 1 },
      );
      await h.queue.publish({ file_name: 'empty.csv' });
      await h.queue.publish({ file_name: 'bug.csv' });
      const dead = await until(() => h.deadLetters(), (l) => l.length >= 2, 10_000, 'two dead letters');
      await consumer.stop(5_000);
      expect(calls).toEqual(['empty.csv', 'bug.csv']);
      expect(dead.map(({ reason, errorCode, error, attempt }) => ({ reason, errorCode, error, attempt }))).toEqual([
        { reason: 'permanent-error', errorCode: 'EMPTY_FILE', error: 'the file is empty', attempt: 1 },
        { reason: 'permanent-error', errorCode: 'TypeError', error: 'bug in the handler', attempt: 1 },
      ]);
      expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 2 });
    });

    it('dead-letters bodies that are not a valid job message, byte for byte, without calling the handler', async () => {
      const h = await open();
      const bodies = [
        Buffer.from('not json'),
        Buffer.from('{}'),
        Buffer.from('{"file_name":"../x"}'),
        Buffer.from('{"file_name":42}'),
        Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), // not UTF-8
      ];
      for (const body of bodies) await h.publishRaw(body);
      const calls: string[] = [];
      const consumer = await h.queue.consume(async (d) => void calls.push(d.message.file_name), { prefetch: 1 });
      await h.queue.publish({ file_name: 'ok.csv' });
      await until(() => calls.length, (n) => n >= 1);
      const dead = await until(() => h.deadLetters(), (l) => l.length >= bodies.length, 10_000, 'five dead letters');
      await consumer.stop(5_000);
      expect(calls).toEqual(['ok.csv']);
      expect(dead.map((d) => d.body)).toEqual(bodies);
      for (const d of dead) expect(d).toMatchObject({ reason: 'invalid-message', errorCode: 'INVALID_MESSAGE', attempt: 1 });
      expect(dead[2]?.error).toMatch(/\.\./);
      expect(h.queue.stats).toEqual({ retried: 0, deadLettered: bodies.length });
    });

    it.each([1, 2])('runs at most prefetch=%i handlers at once', async (prefetch) => {
      const h = await open();
      const total = prefetch + 1;
      for (let i = 0; i < total; i++) await h.queue.publish({ file_name: `f${i}.csv` });
      const release = gate();
      let active = 0;
      let maxActive = 0;
      let finished = 0;
      const consumer = await h.queue.consume(
        async () => {
          maxActive = Math.max(maxActive, ++active);
          await release.opened;
          active--;
          finished++;
        },
        { prefetch },
      );
      await until(() => active, (n) => n >= prefetch);
      // The rest stays in the queue, not in this process, until a handler finishes.
      expect(await h.readyCount()).toBe(total - prefetch);
      release.open();
      await until(() => finished, (n) => n >= total);
      await consumer.stop(5_000);
      expect(maxActive).toBe(prefetch);
    });

    it('stop() waits for the handler in flight, whose message is then acked', async () => {
      const h = await open();
      let started = false;
      let finished = false;
      let signal: AbortSignal | undefined;
      const consumer = await h.queue.consume(
        async (d) => {
          started = true;
          signal = d.signal;
          await new Promise((resolve) => setTimeout(resolve, 300)); // the work a real job does
          finished = true;
        },
        { prefetch: 1 },
      );
      await h.queue.publish({ file_name: 'slow.csv' });
      await until(() => started, Boolean);
      await consumer.stop(10_000);
      expect(finished).toBe(true);
      expect(signal?.aborted).toBe(false);
      expect(await h.readyCount()).toBe(0);
      expect(await drainUpTo(h, 'marker.csv')).toEqual(['marker.csv']);
    });

    it('stop(deadline) aborts a handler that runs past it and hands the message to the next consumer', async () => {
      const h = await open();
      let signal: AbortSignal | undefined;
      const first = await h.queue.consume(
        async (d) => {
          signal = d.signal;
          await rejectOnAbort(d.signal);
        },
        { prefetch: 1 },
      );
      await h.queue.publish({ file_name: 'long.csv', job_id: 'j-1' });
      await until(() => signal, Boolean);
      const startedAt = performance.now();
      await first.stop(200);
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(180);
      expect(signal?.aborted).toBe(true);
      const again: Delivery[] = [];
      const second = await h.queue.consume(async (d) => void again.push(d), { prefetch: 1 });
      await until(() => again.length, (n) => n >= 1);
      await second.stop(5_000);
      expect(again).toHaveLength(1);
      expect(again[0]).toMatchObject({ message: { file_name: 'long.csv', job_id: 'j-1' }, attempt: 1 });
      expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 0 });
      expect(await h.deadLetters()).toEqual([]);
    });

    it('ignores what a handed-back handler does when it finishes late', async () => {
      const h = await open();
      const late = gate();
      let started = false;
      let lateDone: Promise<void> | undefined;
      const first = await h.queue.consume(
        (d) => {
          started = true;
          // Ignores its signal, then fails in a way that would normally schedule a retry.
          lateDone = late.opened.then(() => {
            throw new UpstreamUnavailableError(`too late for ${d.message.file_name}`);
          });
          return lateDone;
        },
        { prefetch: 1 },
      );
      await h.queue.publish({ file_name: 'stubborn.csv' });
      await until(() => started, Boolean);
      await first.stop(100);
      late.open();
      await lateDone?.catch(() => {});
      const seen = await drainUpTo(h, 'marker.csv');
      expect(seen).toEqual(['stubborn.csv', 'marker.csv']);
      expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 0 });
      expect(await h.readyCount()).toBe(0);
    });

    it('passes the optional message fields through to the handler', async () => {
      const h = await open();
      const message: JobMessage = {
        file_name: '2026/clientes.csv',
        job_id: 'job-42',
        lang: 'en',
        options: { formats: ['csv', 'xlsx'], sheet: 'Plan1' },
        layout: { columns: { cpf: 'documento' } },
      };
      const seen: JobMessage[] = [];
      const consumer = await h.queue.consume(async (d) => void seen.push(d.message), { prefetch: 1 });
      await h.queue.publish(message);
      await until(() => seen.length, (n) => n >= 1);
      await consumer.stop(5_000);
      expect(seen).toEqual([message]);
    });

    describe('pausing on an error with pausesConsuming (credentials refused)', () => {
      it('hands the message back with its attempt unused, takes no more messages, and calls onPaused once', async () => {
        const h = await open();
        const calls: Delivery[] = [];
        const pausedBy: Error[] = [];
        const consumer = await h.queue.consume(
          async (d) => {
            calls.push(d);
            if (calls.length === 1) throw new CredentialsRejectedError('ownCloud answered 401 on the account root');
          },
          { prefetch: 1, onPaused: (error) => void pausedBy.push(error) },
        );
        expect(consumer.paused).toBeUndefined();
        await h.queue.publish({ file_name: 'a.csv' });
        await until(() => pausedBy.length, (n) => n >= 1, 10_000, 'onPaused');
        expect(pausedBy[0]).toBeInstanceOf(CredentialsRejectedError);
        expect(consumer.paused).toMatchObject({ reason: 'ownCloud answered 401 on the account root' });
        expect(Date.now() - consumer.paused!.since.getTime()).toBeLessThan(10_000);
        await h.queue.publish({ file_name: 'b.csv' });
        expect(await h.readyCount()).toBe(2); // a.csv handed back, b.csv not taken
        expect(calls).toHaveLength(1);

        await consumer.resume();
        expect(consumer.paused).toBeUndefined();
        await until(() => calls.length, (n) => n >= 3, 10_000, 'both messages after resume()');
        await consumer.stop(5_000);
        expect(calls.map((d) => [d.message.file_name, d.attempt])).toEqual([
          ['a.csv', 1],
          ['a.csv', 1],
          ['b.csv', 1],
        ]);
        expect(pausedBy).toHaveLength(1);
        expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 0 });
        expect(await h.deadLetters()).toEqual([]);
        expect(await h.readyCount()).toBe(0);
      });

      it('lets the deliveries in flight finish during the pause, and calls onPaused once for several refusals', async () => {
        const h = await open();
        const slow = gate();
        const bothRefusalsIn = gate();
        const started: string[] = [];
        const finished: string[] = [];
        let signal: AbortSignal | undefined;
        const pausedBy: Error[] = [];
        const consumer = await h.queue.consume(
          async (d) => {
            started.push(d.message.file_name);
            if (d.message.file_name === 'slow.csv') {
              signal = d.signal;
              await slow.opened;
            } else if (started.length <= 3) {
              // Both are in flight before either fails, whatever the order the queue hands them out.
              if (started.length === 3) bothRefusalsIn.open();
              await bothRefusalsIn.opened;
              throw new CredentialsRejectedError(`refused ${d.message.file_name}`);
            }
            finished.push(d.message.file_name);
          },
          { prefetch: 3, onPaused: (error) => void pausedBy.push(error) },
        );
        await h.queue.publish({ file_name: 'slow.csv' });
        await until(() => started.length, (n) => n >= 1);
        await h.queue.publish({ file_name: 'x.csv' });
        await h.queue.publish({ file_name: 'y.csv' });
        await until(() => pausedBy.length, (n) => n >= 1, 10_000, 'the pause');
        await until(() => h.readyCount(), (n) => n >= 2, 10_000, 'both refused messages back in the queue');
        expect(await h.readyCount()).toBe(2);
        expect(signal?.aborted).toBe(false);
        slow.open();
        await until(() => finished, (f) => f.includes('slow.csv'));
        expect(await h.readyCount()).toBe(2); // the finished one is acked; nothing new was taken
        expect(pausedBy).toHaveLength(1);
        expect(consumer.paused?.reason).toMatch(/^refused [xy]\.csv$/);

        await consumer.resume();
        await until(() => finished.length, (n) => n >= 3, 10_000, 'the handed-back messages');
        await consumer.stop(5_000);
        expect(finished.slice(1).sort()).toEqual(['x.csv', 'y.csv']);
        expect(h.queue.stats).toEqual({ retried: 0, deadLettered: 0 });
        expect(await h.readyCount()).toBe(0);
      });

      it('resume() without a pause does nothing, and a paused consumer stops at once', async () => {
        const h = await open();
        const pausedBy: Error[] = [];
        const consumer = await h.queue.consume(
          async () => {
            throw new CredentialsRejectedError('refused');
          },
          { prefetch: 1, onPaused: (error) => void pausedBy.push(error) },
        );
        await consumer.resume();
        expect(consumer.paused).toBeUndefined();
        await h.queue.publish({ file_name: 'a.csv' });
        await until(() => pausedBy.length, (n) => n >= 1, 10_000, 'the pause');
        const startedAt = performance.now();
        await consumer.stop(5_000);
        expect(performance.now() - startedAt).toBeLessThan(2_000);
        expect(await drainUpTo(h, 'marker.csv')).toEqual(['a.csv', 'marker.csv']);
      });
    });

    it('check() resolves while the queue is usable and rejects with UpstreamUnavailableError once it is closed', async () => {
      const h = await open();
      await expect(h.queue.check()).resolves.toBeUndefined();
      await h.queue.close();
      await expect(h.queue.check()).rejects.toBeInstanceOf(UpstreamUnavailableError);
      await expect(h.queue.publish({ file_name: 'late.csv' })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    });
  });
}
