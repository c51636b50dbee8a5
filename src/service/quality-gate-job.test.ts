import { copyFile, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryJobHistory } from '../adapters/history/memory-job-history.js';
import { InProcessJobEvents } from '../adapters/queue/in-process-job-events.js';
import { MemoryJobStateStore } from '../adapters/state/memory-job-state-store.js';
import { LocalFileStore } from '../adapters/storage/local-file-store.js';
import type { JobMessage } from '../domain/job-message.js';
import { everyOutputName } from '../outputs/output-names.js';
import { createMetrics } from './metrics.js';
import { fileJobHandler, type FileJobDeps, type FileJobSettings } from './process-file-job.js';

/**
 * The worker's answer to a job whose layout sets quality gates, on the embedded adapters:
 * an error gate broken still uploads every output, then records the job failed
 * (QUALITY_GATE), publishes job.failed naming the gates, and acks (resolves).
 */
describe('fileJobHandler: quality gates', () => {
  let store: LocalFileStore;
  let deps: FileJobDeps & { events: InProcessJobEvents; history: MemoryJobHistory };
  const settings = (root: string): FileJobSettings => ({
    workDir: 'work',
    doneDir: 'finalizado',
    archiveDir: 'processado',
    inputAfter: 'archive',
    lockTtlMs: 60_000,
    idempotencyTtlMs: 60_000,
    threads: 0,
    maxBytes: 10_000_000,
    defaultLang: 'pt-BR',
    tempDir: root,
    warmUp: false,
  });
  const deliver = (message: JobMessage) =>
    fileJobHandler(deps, settings(store.root))({ message, attempt: 1, maxAttempts: 3, signal: new AbortController().signal, parked: false, id: undefined });
  const done = () => readdir(join(store.root, 'finalizado')).catch(() => [] as string[]);

  beforeEach(async () => {
    store = await LocalFileStore.inTempDir();
    await store.createFolders(['work', 'finalizado']);
    await copyFile('examples/clientes.csv', join(store.root, 'work', 'clientes.csv'));
    deps = {
      storage: store,
      state: new MemoryJobStateStore(),
      history: new MemoryJobHistory(),
      events: new InProcessJobEvents(),
      referenceStore: undefined,
      metrics: createMetrics(),
      logger: pino({ level: 'silent' }),
    };
  });

  afterEach(async () => {
    await rm(store.root, { recursive: true, force: true });
  });

  const BROKEN = [
    { field: 'cpf', metric: 'invalid', maxCount: 0 },
    { metric: 'duplicates', maxCount: 0, level: 'warning' },
    { metric: 'rejected', maxShare: 1 },
  ] as const;

  it('uploads every output, records the job failed with QUALITY_GATE, publishes job.failed naming the gate, and acks', async () => {
    await expect(deliver({ file_name: 'clientes.csv', job_id: 'gated', layout: { qualityGates: BROKEN } })).resolves.toBeUndefined();

    // The review file of fuzzy matching is written only when a pair is left for review: none here.
    expect((await done()).sort()).toEqual(everyOutputName('clientes').filter((name) => !name.endsWith('_possiveis_duplicados.csv')).sort());
    const summary = JSON.parse(await readFile(join(store.root, 'finalizado', 'clientes_resumo.json'), 'utf8'));
    const invalid = summary.fields.CPF.invalid as number;
    expect(invalid).toBeGreaterThan(0);
    const message = `1 limite de qualidade violado: CPF — inválidos: ${new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 2 }).format(invalid / 300)} (${invalid} de 300 linhas), acima do limite de 0 linhas`;

    const record = await deps.history.get('gated');
    expect(record).toMatchObject({ status: 'failed', error: { code: 'QUALITY_GATE', message }, counts: { input: 300 } });
    expect([...record!.outputs!].sort()).toEqual(everyOutputName('clientes').filter((name) => !name.endsWith('_possiveis_duplicados.csv')).map((name) => `finalizado/${name}`).sort());
    expect((record!.summary as typeof summary).qualityGates).toEqual(summary.qualityGates);
    expect(summary.qualityGates.results.map((r: { status: string }) => r.status)).toEqual(['broken', 'broken', 'passed']);

    expect(deps.events.published).toHaveLength(1);
    const [event] = deps.events.published;
    expect(event).toMatchObject({ type: 'job.failed', job_id: 'gated', error: { code: 'QUALITY_GATE', message }, counts: { input: 300 }, quality_gates: { passed: false } });
    expect(event!.outputs).toEqual(record!.outputs);
    // Failed, so the input stays for another try (INPUT_AFTER=archive moves it only after success).
    expect(await readdir(join(store.root, 'work'))).toEqual(['clientes.csv']);
  });

  it('judges the same unchanged file again on a resend (no answer from the failed job)', async () => {
    await deliver({ file_name: 'clientes.csv', job_id: 'first', layout: { qualityGates: BROKEN } });
    await deliver({ file_name: 'clientes.csv', job_id: 'second', layout: { qualityGates: BROKEN } });
    const second = await deps.history.get('second');
    expect(second).toMatchObject({ status: 'failed', error: { code: 'QUALITY_GATE' } });
    expect(second).not.toHaveProperty('reusedFrom');
    expect(deps.events.published.map((e) => [e.type, e.job_id])).toEqual([
      ['job.failed', 'first'],
      ['job.failed', 'second'],
    ]);
  });

  it('completes a job whose broken gates are warnings, with them in the record and the event', async () => {
    const layout = { qualityGates: [{ field: 'CPF', metric: 'invalid', maxCount: 0, level: 'warning' }] };
    await deliver({ file_name: 'clientes.csv', job_id: 'warned', layout, options: { formats: ['csv', 'json'] } });
    const record = await deps.history.get('warned');
    expect(record).toMatchObject({ status: 'completed', summary: { qualityGates: { passed: true, results: [{ level: 'warning', status: 'broken' }] } } });
    expect(record).not.toHaveProperty('error');
    expect(deps.events.published).toEqual([
      expect.objectContaining({ type: 'job.completed', quality_gates: expect.objectContaining({ passed: true, results: [expect.objectContaining({ status: 'broken' })] }) }),
    ]);
    // Completed: archived as any successful job.
    expect(await readdir(join(store.root, 'work'))).toEqual([]);
  });

  it('acks a gate on a column the file lacks as a failed job, before any output', async () => {
    await expect(deliver({ file_name: 'clientes.csv', job_id: 'nofield', layout: { qualityGates: [{ field: 'RG', metric: 'empty', maxShare: 0.1 }] } })).resolves.toBeUndefined();
    expect(await deps.history.get('nofield')).toMatchObject({ status: 'failed', error: { code: 'LAYOUT_MISMATCH', message: expect.stringContaining('the file has no column "RG"') } });
    expect(deps.events.published).toEqual([expect.objectContaining({ type: 'job.failed', outputs: [], error: expect.objectContaining({ code: 'LAYOUT_MISMATCH' }) })]);
    expect(await done()).toEqual([]);
  });
});
