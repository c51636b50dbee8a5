import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientes, runHigia } from '../support/run-higia.js';

/** The worker-thread pool must change nothing but the speed: same bytes, same order. */
describe('higia process --threads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-threads-'));
    // Latin-1 and commas this time, and enough rows for many batches to cross the pool.
    await generateClientes(dir, 9_000, 'threads-1', ['--encoding', 'latin1', '--delimiter', ',']);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes identical outputs and summary with 0, 1 and 3 threads', async () => {
    const outputs: string[][] = [];
    for (const threads of ['0', '1', '3']) {
      const out = join(dir, `out-${threads}`);
      const run = await runHigia(['process', join(dir, 'clientes.csv'), '--out', out, '--threads', threads, '--format', 'csv,json', '--reference', join(dir, 'reference')]);
      // The first run builds the reference index and says so; nothing else belongs on stderr.
      expect(run.stderr.replace(/^reference index: built .*\n/gm, '')).toBe('');
      expect(run.code).toBe(0);
      const csv = await Promise.all(['higienizado', 'duplicados', 'rejeitados'].map((n) => readFile(join(out, `clientes_${n}.csv`), 'utf8')));
      // Every count and its key order (pass 2 adds the threads' shares up), but for the clock.
      const summary = JSON.parse(await readFile(join(out, 'clientes_resumo.json'), 'utf8'));
      for (const clock of ['startedAt', 'finishedAt', 'durationMs']) delete summary[clock];
      outputs.push([...csv, JSON.stringify(summary)]);
    }
    expect(outputs[0]![0]!.split('\r\n').length).toBeGreaterThan(8_000);
    expect(outputs[0]![1]!.split('\r\n').length).toBeGreaterThan(100);
    expect(JSON.parse(outputs[0]![3]!).enrichment.ceps.hits).toBeGreaterThan(1000);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });
});
