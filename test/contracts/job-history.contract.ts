import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobHistory } from '../../src/ports/job-history.js';

/** A clock the suite moves by hand, so "newest first" and "updatedAt moves" are exact. */
export class ManualClock {
  private ms = Date.parse('2026-03-01T12:00:00.000Z');
  readonly now = (): Date => new Date(this.ms);
  tick(ms = 1_000): void {
    this.ms += ms;
  }
}

/**
 * Runs the JobHistory contract against one implementation. `make` gets the clock to inject and
 * must return an empty history (a fresh database or instance).
 */
export function jobHistoryContract(name: string, make: (clock: ManualClock) => Promise<JobHistory>) {
  describe(`JobHistory: ${name}`, () => {
    const clock = new ManualClock();
    let history: JobHistory;
    beforeAll(async () => {
      history = await make(clock);
    });
    afterAll(async () => {
      await history.close();
    });

    it('creates a record on the first update and merges later patches into it', async () => {
      clock.tick();
      const created = await history.update('merge-1', { fileName: 'clientes.csv', status: 'queued', attempts: 0 });
      expect(created).toMatchObject({ id: 'merge-1', fileName: 'clientes.csv', status: 'queued', attempts: 0 });
      clock.tick();
      const merged = await history.update('merge-1', { status: 'running', attempts: 1, startedAt: '2026-03-01T12:00:02.000Z' });
      expect(merged).toMatchObject({ id: 'merge-1', fileName: 'clientes.csv', status: 'running', attempts: 1, startedAt: '2026-03-01T12:00:02.000Z' });
      expect(await history.get('merge-1')).toEqual(merged);
    });

    it('gives a new record defaults for what the first patch leaves out', async () => {
      const created = await history.update('defaults-1', { fileName: 'x.csv' });
      expect(created).toMatchObject({ id: 'defaults-1', fileName: 'x.csv', status: 'queued', attempts: 0 });
    });

    it('keeps createdAt across updates while updatedAt moves', async () => {
      clock.tick();
      const created = await history.update('times-1', { fileName: 'a.csv', status: 'queued', attempts: 0 });
      expect(created.createdAt).toBe(clock.now().toISOString());
      expect(created.updatedAt).toBe(created.createdAt);
      clock.tick(5_000);
      const updated = await history.update('times-1', { status: 'completed' });
      expect(updated.createdAt).toBe(created.createdAt);
      expect(updated.updatedAt).toBe(clock.now().toISOString());
      expect(Date.parse(updated.updatedAt) - Date.parse(created.updatedAt)).toBe(5_000);
    });

    it('leaves a field alone when the patch gives it as undefined', async () => {
      await history.update('undef-1', { fileName: 'b.csv', status: 'failed', attempts: 3, error: { code: 'X', message: 'boom' } });
      const after = await history.update('undef-1', { error: undefined, attempts: 4 });
      expect(after).toMatchObject({ attempts: 4, error: { code: 'X', message: 'boom' } });
    });

    it('removes a field when the patch gives it as null', async () => {
      await history.update('null-1', { fileName: 'c.csv', status: 'retrying', attempts: 1, error: { code: 'UPSTREAM_UNAVAILABLE', message: '503' } });
      const after = await history.update('null-1', { status: 'completed', error: null });
      expect(after.status).toBe('completed');
      expect(after).not.toHaveProperty('error');
      expect(await history.get('null-1')).not.toHaveProperty('error');
    });

    it('returns undefined for an unknown id', async () => {
      expect(await history.get('never-seen')).toBeUndefined();
    });

    it('round-trips nested values: counts, outputs, error, summary', async () => {
      const patch = {
        fileName: 'clientes 2026.xlsx',
        status: 'failed' as const,
        attempts: 2,
        durationMs: 1234,
        input: { etag: '"abc-123"', size: 987_654 },
        counts: { input: 10, kept: 7, duplicates: 2, rejected: 1 },
        outputs: ['finalizado/clientes_limpo.csv', 'finalizado/clientes_resumo.json'],
        error: { code: 'UPSTREAM_UNAVAILABLE', message: 'MongoDB unavailable (find ceps)' },
        reusedFrom: 'earlier-job',
        summary: { columns: [{ header: 'CPF', valid: 9, issues: { INVALID: 1 } }], ratio: 0.5, notes: null, ok: false },
      };
      await history.update('nested-1', patch);
      expect(await history.get('nested-1')).toMatchObject({ id: 'nested-1', ...patch });
    });

    it('does not let a caller change a stored record through a returned one', async () => {
      const record = await history.update('copy-1', { fileName: 'c.csv', outputs: ['a'] });
      (record.outputs as string[]).push('b');
      expect((await history.get('copy-1'))?.outputs).toEqual(['a']);
    });

    describe('list', () => {
      // Created after everything above, on a clock that only moves forward: these are the newest.
      const ids = ['list-a', 'list-b', 'list-c', 'list-d', 'list-e'];
      let totalBefore = 0;
      beforeAll(async () => {
        totalBefore = (await history.list({ limit: 1, offset: 0 })).total;
        for (const [i, id] of ids.entries()) {
          clock.tick(60_000);
          await history.update(id, { fileName: `${id}.csv`, status: i % 2 === 0 ? 'completed' : 'failed', attempts: 1 });
        }
        clock.tick(60_000);
        // Updating an old job must not move it up: the order is by creation.
        await history.update('list-a', { attempts: 2 });
      });

      it('lists newest first with the total', async () => {
        const page = await history.list({ limit: 3, offset: 0 });
        expect(page.items.map((r) => r.id)).toEqual(['list-e', 'list-d', 'list-c']);
        expect(page.total).toBe(totalBefore + ids.length);
      });

      it('pages with offset and limit without overlap', async () => {
        const first = await history.list({ limit: 2, offset: 0 });
        const second = await history.list({ limit: 2, offset: 2 });
        expect([...first.items, ...second.items].map((r) => r.id)).toEqual(['list-e', 'list-d', 'list-c', 'list-b']);
        const beyond = await history.list({ limit: 10, offset: first.total });
        expect(beyond).toEqual({ items: [], total: first.total });
      });

      it('filters by status, the total counting only matches', async () => {
        const failed = await history.list({ limit: 10, offset: 0, status: 'failed' });
        expect(failed.items.slice(0, 2).map((r) => r.id)).toEqual(['list-d', 'list-b']);
        expect(failed.items.every((r) => r.status === 'failed')).toBe(true);
        const completed = await history.list({ limit: 1, offset: 0, status: 'completed' });
        expect(completed.items.map((r) => r.id)).toEqual(['list-e']);
        expect(completed.total).toBeGreaterThanOrEqual(3);
        expect((await history.list({ limit: 10, offset: 0, status: 'retrying' })).total).toBe(0);
      });

      it('lists full records', async () => {
        const [newest] = (await history.list({ limit: 1, offset: 0 })).items;
        expect(newest).toEqual(await history.get('list-e'));
      });
    });

    it('answers a readiness check', async () => {
      await expect(history.check()).resolves.toBeUndefined();
    });
  });
}
