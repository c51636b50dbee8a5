import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamUnavailableError } from '../../src/errors.js';
import type { JobEvent, JobEvents } from '../../src/ports/job-events.js';
import { until } from '../support/async-helpers.js';

/** A fresh JobEvents and what a subscriber of it received so far. */
export interface JobEventsHarness {
  readonly events: JobEvents;
  received(): JobEvent[];
  dispose(): Promise<void>;
}

export const COMPLETED: JobEvent = {
  type: 'job.completed',
  job_id: 'job-1',
  file_name: 'clientes.csv',
  outputs: ['finalizado/clientes_higienizado.csv', 'finalizado/clientes_relatorio.xlsx'],
  counts: { input: 10, kept: 7, duplicates: 2, rejected: 1 },
  at: '2026-03-01T12:00:00.000Z',
};

export const FAILED: JobEvent = {
  type: 'job.failed',
  job_id: 'job-2',
  file_name: 'vazio.csv',
  outputs: [],
  error: { code: 'EMPTY_FILE', message: 'o arquivo está vazio' },
  at: '2026-03-01T12:00:01.000Z',
};

/** Runs the JobEvents contract against one implementation. */
export function jobEventsContract(name: string, make: () => Promise<JobEventsHarness>) {
  describe(`JobEvents: ${name}`, () => {
    const harnesses: JobEventsHarness[] = [];
    const open = async () => {
      const harness = await make();
      harnesses.push(harness);
      return harness;
    };
    afterEach(async () => {
      await Promise.all(harnesses.splice(0).map((h) => h.dispose()));
    });

    it('delivers every published event to a subscriber with the same JSON, in order', async () => {
      const h = await open();
      await h.events.publish(COMPLETED);
      await h.events.publish(FAILED);
      const received = await until(() => h.received(), (r) => r.length >= 2);
      expect(received).toEqual([COMPLETED, FAILED]);
    });

    it('rejects with UpstreamUnavailableError once closed', async () => {
      const h = await open();
      await h.events.close();
      await expect(h.events.publish(COMPLETED)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    });
  });
}
