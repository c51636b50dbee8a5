import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgressState, JobStateStore, Lock, PartOutcome } from '../../src/ports/job-state-store.js';

/** One store plus the means to let its time pass. */
export interface JobStateStoreHarness {
  readonly store: JobStateStore;
  /**
   * Lets `ms` of store time pass, then requires `until` to hold. A fake clock moves by `ms` and
   * checks once; a real server's clock can't be moved, so it polls `until` with a deadline.
   * Conditions are observable facts ("the probe lock is free again"), never elapsed guesses.
   */
  advance(ms: number, until: () => Promise<boolean>): Promise<void>;
  /** Closes the store and removes whatever it left behind. */
  dispose(): Promise<void>;
}

/** Long enough that a loaded machine's scheduling jitter stays well inside it on real Redis. */
const TTL_MS = 400;

const progress = (phase: JobProgressState['phase'], rows: number, percent: number): JobProgressState => ({
  phase,
  rows,
  percent,
  updatedAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)).toISOString(),
});

const done: PartOutcome = { done: true };
const failed = (code: string, message: string): PartOutcome => ({ failed: { code, message } });

/** Runs the JobStateStore contract against one implementation; `make` gives a fresh, empty store. */
export function jobStateStoreContract(name: string, make: () => Promise<JobStateStoreHarness>) {
  describe(`JobStateStore: ${name}`, () => {
    let harness: JobStateStoreHarness;
    let store: JobStateStore;
    beforeEach(async () => {
      harness = await make();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.dispose();
    });

    /** A condition that is true once `name` can be taken again (and takes it). */
    const isFree = (lockName: string, onTaken?: (lock: Lock) => void) => async () => {
      const lock = await store.acquireLock(lockName, TTL_MS);
      if (lock) onTaken?.(lock);
      return lock !== undefined;
    };

    it('refuses a held lock, and hands it out again after release', async () => {
      const first = await store.acquireLock('file-a', TTL_MS);
      expect(first).toBeDefined();
      expect(await store.acquireLock('file-a', TTL_MS)).toBeUndefined();
      expect(await store.acquireLock('file-b', TTL_MS)).toBeDefined();

      await first?.release();
      expect(await store.acquireLock('file-a', TTL_MS)).toBeDefined();
    });

    it('lets a lock expire by itself after its ttl', async () => {
      expect(await store.acquireLock('file-a', TTL_MS)).toBeDefined();
      expect(await store.acquireLock('file-a', TTL_MS)).toBeUndefined();
      await harness.advance(TTL_MS + 1, isFree('file-a'));
    });

    it('keeps a stale holder from renewing or releasing the new holder’s lock', async () => {
      const stale = await store.acquireLock('file-a', TTL_MS);
      let fresh: Lock | undefined;
      await harness.advance(TTL_MS + 1, isFree('file-a', (lock) => (fresh = lock)));

      expect(await stale?.renew()).toBe(false);
      await stale?.release();
      expect(await store.acquireLock('file-a', TTL_MS)).toBeUndefined();
      expect(await fresh?.renew()).toBe(true);
    });

    it('keeps a renewed lock beyond its original ttl', async () => {
      const lock = await store.acquireLock('file-a', TTL_MS);
      // Probes taken at the same moment and never renewed tell when half and all of the
      // original ttl have passed, on a fake clock and on a server's clock alike.
      expect(await store.acquireLock('probe-half', TTL_MS / 2)).toBeDefined();

      await harness.advance(TTL_MS / 2 + 1, isFree('probe-half'));
      expect(await lock?.renew()).toBe(true);
      await harness.advance(TTL_MS / 2 + 1, isFree('probe-full'));

      expect(await store.acquireLock('file-a', TTL_MS)).toBeUndefined();
      expect(await lock?.renew()).toBe(true);
    });

    it('gives a contended lock to exactly one of 20 simultaneous callers', async () => {
      const attempts = await Promise.all(Array.from({ length: 20 }, () => store.acquireLock('file-a', TTL_MS)));
      expect(attempts.filter((lock) => lock !== undefined)).toHaveLength(1);
    });

    it('round-trips progress per job id, the latest write winning', async () => {
      await store.setProgress('job-1', progress('reading', 10, 5));
      await store.setProgress('job-2', progress('uploading', 900, 99));
      await store.setProgress('job-1', progress('writing', 500, 50));

      expect(await store.getProgress('job-1')).toEqual(progress('writing', 500, 50));
      expect(await store.getProgress('job-2')).toEqual(progress('uploading', 900, 99));
      expect(await store.getProgress('job-3')).toBeUndefined();
    });

    it('remembers which job did a key, until the ttl runs out', async () => {
      expect(await store.recall('report.csv@"etag-1"')).toBeUndefined();
      await store.remember('report.csv@"etag-1"', 'job-1', TTL_MS);
      await store.remember('report.csv@"etag-2"', 'job-2', TTL_MS * 100);

      expect(await store.recall('report.csv@"etag-1"')).toBe('job-1');
      expect(await store.recall('report.csv@"etag-2"')).toBe('job-2');
      await harness.advance(TTL_MS + 1, async () => (await store.recall('report.csv@"etag-1"')) === undefined);
      expect(await store.recall('report.csv@"etag-2"')).toBe('job-2');
    });

    it('keeps lock names, job ids, idempotency keys and split jobs in separate spaces', async () => {
      await store.remember('same', 'job-1', TTL_MS * 100);
      await store.setProgress('same', progress('reading', 1, 1));
      await store.setPartOutcome('same', 'same', 0, done, TTL_MS * 100);
      expect(await store.acquireLock('same', TTL_MS)).toBeDefined();
      expect(await store.recall('same')).toBe('job-1');
      expect(await store.getProgress('same')).toEqual(progress('reading', 1, 1));
      expect(await store.partOutcomes('same', 'same')).toEqual(new Map([[0, done]]));

      await store.forgetParts('same');
      expect(await store.recall('same')).toBe('job-1');
      expect(await store.getProgress('same')).toEqual(progress('reading', 1, 1));
    });

    it('round-trips done and failed outcomes of a split job’s parts, by index', async () => {
      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map());
      await store.setPartOutcome('job-1', 'pass1', 2, failed('MALFORMED_CSV', 'unclosed quote at line 7'), TTL_MS * 100);
      await store.setPartOutcome('job-1', 'pass1', 0, done, TTL_MS * 100);
      await store.setPartOutcome('job-1', 'pass1', 11, done, TTL_MS * 100);

      const outcomes = await store.partOutcomes('job-1', 'pass1');
      expect(outcomes).toEqual(
        new Map([
          [0, done],
          [2, failed('MALFORMED_CSV', 'unclosed quote at line 7')],
          [11, done],
        ]),
      );
      expect([...outcomes.keys()]).toEqual([0, 2, 11]);
    });

    it('replaces the outcome of a part written again', async () => {
      await store.setPartOutcome('job-1', 'pass1', 3, failed('UPSTREAM_UNAVAILABLE', 'Redis down'), TTL_MS * 100);
      await store.setPartOutcome('job-1', 'pass1', 3, done, TTL_MS * 100);
      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map([[3, done]]));
      await store.setPartOutcome('job-1', 'pass1', 3, failed('TOO_LARGE', 'part over the limit'), TTL_MS * 100);
      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map([[3, failed('TOO_LARGE', 'part over the limit')]]));
    });

    it('keeps the stages and jobs of split jobs apart, even when names hold separators', async () => {
      await store.setPartOutcome('job-1', 'pass1', 0, done, TTL_MS * 100);
      await store.setPartOutcome('job-1', 'pass2', 0, failed('X', 'pass 2'), TTL_MS * 100);
      await store.setPartOutcome('job-2', 'pass1', 1, failed('Y', 'job 2'), TTL_MS * 100);
      await store.setPartOutcome('a:b', 'c', 0, failed('Z', 'a:b + c'), TTL_MS * 100);
      await store.setPartOutcome('a', 'b:c', 0, done, TTL_MS * 100);

      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map([[0, done]]));
      expect(await store.partOutcomes('job-1', 'pass2')).toEqual(new Map([[0, failed('X', 'pass 2')]]));
      expect(await store.partOutcomes('job-2', 'pass1')).toEqual(new Map([[1, failed('Y', 'job 2')]]));
      expect(await store.partOutcomes('job-2', 'pass2')).toEqual(new Map());
      expect(await store.partOutcomes('a:b', 'c')).toEqual(new Map([[0, failed('Z', 'a:b + c')]]));
      expect(await store.partOutcomes('a', 'b:c')).toEqual(new Map([[0, done]]));
    });

    it('sees all of 20 simultaneous outcomes written for different parts', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          store.setPartOutcome('job-1', 'pass1', index, index % 5 === 0 ? failed('E', `part ${index}`) : done, TTL_MS * 100),
        ),
      );
      const outcomes = await store.partOutcomes('job-1', 'pass1');
      expect([...outcomes.keys()]).toEqual(Array.from({ length: 20 }, (_, index) => index));
      expect(outcomes.get(15)).toEqual(failed('E', 'part 15'));
      expect(outcomes.get(19)).toEqual(done);
    });

    it('forgets a split job’s stage a ttl after its last write, and no other stage', async () => {
      // Both stages written at the same moment; pass1 then written again half a ttl later.
      await store.setPartOutcome('job-1', 'pass1', 0, done, TTL_MS);
      await store.setPartOutcome('job-1', 'pass2', 0, done, TTL_MS);
      expect(await store.acquireLock('probe-half', TTL_MS / 2)).toBeDefined();
      await harness.advance(TTL_MS / 2 + 1, isFree('probe-half'));
      await store.setPartOutcome('job-1', 'pass1', 1, done, TTL_MS);

      await harness.advance(TTL_MS / 2 + 1, async () => (await store.partOutcomes('job-1', 'pass2')).size === 0);
      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(
        new Map([
          [0, done],
          [1, done],
        ]),
      );
      await harness.advance(TTL_MS + 1, async () => (await store.partOutcomes('job-1', 'pass1')).size === 0);
    });

    it('forgets every stage of a split job at once, and only that job', async () => {
      await store.setPartOutcome('job-1', 'pass1', 0, done, TTL_MS * 100);
      await store.setPartOutcome('job-1', 'pass2', 4, failed('E', 'x'), TTL_MS * 100);
      await store.setPartOutcome('job-2', 'pass1', 0, done, TTL_MS * 100);

      await store.forgetParts('job-1');
      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map());
      expect(await store.partOutcomes('job-1', 'pass2')).toEqual(new Map());
      expect(await store.partOutcomes('job-2', 'pass1')).toEqual(new Map([[0, done]]));
      await expect(store.forgetParts('job-1')).resolves.toBeUndefined();
      await expect(store.forgetParts('never-split')).resolves.toBeUndefined();

      await store.setPartOutcome('job-1', 'pass1', 1, done, TTL_MS * 100);
      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map([[1, done]]));
    });

    it('keeps non-ASCII messages and codes intact', async () => {
      const message = 'Campo "endereço" inválido na linha 12: São Paulo — ação não concluída ✓ 🇧🇷';
      await store.setPartOutcome('job-ç', 'passo-1', 0, failed('CÓDIGO_Ç', message), TTL_MS * 100);
      expect(await store.partOutcomes('job-ç', 'passo-1')).toEqual(new Map([[0, failed('CÓDIGO_Ç', message)]]));
    });

    it('returns what was written, not the caller’s object', async () => {
      const outcome = { failed: { code: 'E', message: 'before' } };
      await store.setPartOutcome('job-1', 'pass1', 0, outcome, TTL_MS * 100);
      outcome.failed.message = 'after';
      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map([[0, failed('E', 'before')]]));
    });

    it('rejects a part index that is not a whole number from 0', async () => {
      for (const index of [-1, 1.5, Number.NaN]) {
        await expect(store.setPartOutcome('job-1', 'pass1', index, done, TTL_MS)).rejects.toBeInstanceOf(RangeError);
      }
      expect(await store.partOutcomes('job-1', 'pass1')).toEqual(new Map());
    });

    it('answers the readiness check', async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });
  });
}
