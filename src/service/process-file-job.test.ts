import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryJobHistory } from '../adapters/history/memory-job-history.js';
import { InProcessJobEvents } from '../adapters/queue/in-process-job-events.js';
import { MemoryJobStateStore } from '../adapters/state/memory-job-state-store.js';
import { LocalFileStore } from '../adapters/storage/local-file-store.js';
import type { JobMessage } from '../domain/job-message.js';
import { CredentialsRejectedError, FileBusyError, UpstreamUnavailableError } from '../errors.js';
import type { FileStore } from '../ports/file-store.js';
import { everyOutputName } from '../outputs/output-names.js';
import type { Delivery } from '../ports/job-queue.js';
import { createMetrics } from './metrics.js';
import { crashedJobRecorder } from './crashed-job.js';
import { fileJobHandler, type FileJobDeps, type FileJobSettings } from './process-file-job.js';
import { JOB_PHASES } from './job-phases.js';
import { startTestApi } from '../../test/support/api-harness.js';

/**
 * The worker's handler on the embedded adapters (the same contracts as the real ones): what
 * it records, publishes and leaves in the store, and whether the message would be acked
 * (resolves) or go back to the queue (throws).
 */
describe('fileJobHandler', () => {
  let store: LocalFileStore;
  let deps: FileJobDeps & { events: InProcessJobEvents; history: MemoryJobHistory };
  const settings = (root: string): FileJobSettings => ({
    workDir: 'work',
    doneDir: 'finalizado',
    archiveDir: 'processado',
    inputAfter: 'keep',
    lockTtlMs: 60_000,
    idempotencyTtlMs: 60_000,
    threads: 0,
    maxBytes: 10_000_000,
    defaultLang: 'pt-BR',
    tempDir: root,
    warmUp: false,
  });
  const deliver = (message: JobMessage, attempt = 1, over: Partial<FileJobDeps> = {}, delivery: Partial<Delivery> = {}) =>
    fileJobHandler({ ...deps, ...over }, settings(store.root))({ message, attempt, maxAttempts: 3, signal: new AbortController().signal, parked: false, id: undefined, ...delivery });
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

  it('uploads the outputs, records the job and publishes the event before resolving (ack)', async () => {
    await deliver({ file_name: 'clientes.csv', job_id: 'j1', options: { formats: ['csv', 'json'] } });
    const outputs = ['clientes_duplicados.csv', 'clientes_higienizado.csv', 'clientes_rejeitados.csv', 'clientes_resumo.json'];
    expect((await done()).sort()).toEqual(outputs);
    const record = await deps.history.get('j1');
    expect(record).toMatchObject({ status: 'completed', counts: { input: 300 } });
    expect(record).not.toHaveProperty('error');
    expect(deps.events.published).toHaveLength(1);
    const [event] = deps.events.published;
    expect(event).toMatchObject({ type: 'job.completed', job_id: 'j1', file_name: 'clientes.csv', counts: { input: 300 } });
    expect([...event!.outputs].sort()).toEqual(outputs.map((o) => `finalizado/${o}`));
    // The summary, the job's "done" marker, is the last file uploaded.
    expect(event!.outputs.at(-1)).toBe('finalizado/clientes_resumo.json');
  });

  it('times every phase of a completed job, in its log line and in /metrics (higia_job_phase_seconds)', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    await deliver({ file_name: 'clientes.csv', job_id: 'timed' }, 1, { logger });
    const completed = lines.find((l) => l.msg === 'job completed')!;
    const phasesMs = completed.phasesMs as Record<string, number>;
    expect(Object.keys(phasesMs)).toEqual([...JOB_PHASES]); // every default output: every phase
    for (const ms of Object.values(phasesMs)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(phasesMs.pdf).toBeGreaterThan(0);
    const api = await startTestApi({ metrics: deps.metrics });
    try {
      const text = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
      for (const phase of JOB_PHASES) expect(text).toContain(`higia_job_phase_seconds_count{phase="${phase}"} 1`);
    } finally {
      await api.close();
    }
    // A job answered from an earlier one did none of that work: nothing more is observed.
    await deliver({ file_name: 'clientes.csv', job_id: 'reused' });
    expect(await deps.metrics.registry.getSingleMetricAsString('higia_job_phase_seconds')).toContain('higia_job_phase_seconds_count{phase="pdf"} 1');
  });

  it('writes every output name there is with every format, and a later run with fewer formats removes the rest', async () => {
    await deliver({ file_name: 'clientes.csv', job_id: 'all' });
    // The review file of fuzzy matching is written only when a pair is left for review: none here.
    expect((await done()).sort()).toEqual(everyOutputName('clientes').filter((name) => !name.endsWith('_possiveis_duplicados.csv')).sort());
    await writeFile(join(store.root, 'work', 'clientes.csv'), 'nome;cpf\nAna;52998224725\n'); // new content: new work
    await deliver({ file_name: 'clientes.csv', job_id: 'fewer', options: { formats: ['csv', 'json'] } });
    expect((await done()).sort()).toEqual(['clientes_duplicados.csv', 'clientes_higienizado.csv', 'clientes_rejeitados.csv', 'clientes_resumo.json']);
  });

  it('answers the same file and options from the earlier job, without new files', async () => {
    await deliver({ file_name: 'clientes.csv', job_id: 'first', options: { formats: ['csv', 'json'] } });
    const output = join(store.root, 'finalizado', 'clientes_higienizado.csv');
    const before = (await stat(output)).mtimeMs;
    await deliver({ file_name: 'clientes.csv', job_id: 'second', options: { formats: ['csv', 'json'] } });
    expect((await stat(output)).mtimeMs).toBe(before);
    expect(await deps.history.get('second')).toMatchObject({ status: 'completed', reusedFrom: 'first' });
    // Other options are other work.
    await deliver({ file_name: 'clientes.csv', job_id: 'third', options: { formats: ['json'] } });
    expect(await deps.history.get('third')).not.toHaveProperty('reusedFrom');
  });

  it.each([
    ['a missing file', { file_name: 'sumiu.csv', job_id: 'm' }, 'NOT_FOUND'],
    ['an invalid layout in the message', { file_name: 'clientes.csv', job_id: 'm', layout: { dedupe: { keys: ['shoe_size'] } } }, 'INVALID_MESSAGE'],
  ])('acks %s as a failed job with job.failed', async (_what, message, code) => {
    await expect(deliver(message)).resolves.toBeUndefined();
    expect(await deps.history.get('m')).toMatchObject({ status: 'failed', error: { code } });
    expect(deps.events.published).toEqual([expect.objectContaining({ type: 'job.failed', error: expect.objectContaining({ code }) })]);
    expect(await done()).toEqual([]);
  });

  it('acks an unusable file as a failed job', async () => {
    await writeFile(join(store.root, 'work', 'vazio.csv'), '');
    await expect(deliver({ file_name: 'vazio.csv', job_id: 'e' })).resolves.toBeUndefined();
    expect(await deps.history.get('e')).toMatchObject({ status: 'failed', error: { code: 'EMPTY_FILE' } });
  });

  it('hands a transient failure back to the queue, and records the failure only on the last attempt', async () => {
    const failing: FileStore = {
      ...store,
      stat: (path) => store.stat(path),
      download: async () => {
        throw new UpstreamUnavailableError('ownCloud answered HTTP 503');
      },
      publish: (from, to) => store.publish(from, to),
      publishSet: (files, options) => store.publishSet(files, options),
      move: (from, to) => store.move(from, to),
      downloadRange: (path, to, range) => store.downloadRange(path, to, range),
      remove: (path) => store.remove(path),
      check: () => store.check(),
    };
    await expect(deliver({ file_name: 'clientes.csv', job_id: 't' }, 1, { storage: failing })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(await deps.history.get('t')).toMatchObject({ status: 'retrying', error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(deps.events.published).toEqual([]);
    await expect(deliver({ file_name: 'clientes.csv', job_id: 't' }, 3, { storage: failing })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(await deps.history.get('t')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(deps.events.published).toEqual([expect.objectContaining({ type: 'job.failed', job_id: 't' })]);
  });

  it('announces a failure at stat under the id every delivery of the message computes, not a random one', async () => {
    const unreachable: FileStore = {
      ...store,
      stat: async () => {
        throw new UpstreamUnavailableError('ownCloud answered HTTP 503');
      },
      download: (path, to) => store.download(path, to),
      publish: (from, to) => store.publish(from, to),
      publishSet: (files, options) => store.publishSet(files, options),
      move: (from, to) => store.move(from, to),
      downloadRange: (path, to, range) => store.downloadRange(path, to, range),
      remove: (path) => store.remove(path),
      check: () => store.check(),
    };
    const legacy = { file_name: 'clientes.csv' }; // what the legacy producer sends: no job_id
    await expect(deliver(legacy, 3, { storage: unreachable })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(deliver(legacy, 3, { storage: unreachable })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    const [first, second] = deps.events.published;
    expect(first).toMatchObject({ type: 'job.failed', file_name: 'clientes.csv', error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(second?.job_id).toBe(first?.job_id);
    expect(await deps.history.get(first!.job_id)).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect((await deps.history.list({ limit: 10, offset: 0 })).total).toBe(1);
    // A message that names its job keeps that id when the stat fails.
    await expect(deliver({ ...legacy, job_id: 'named' }, 3, { storage: unreachable })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(deps.events.published[2]).toMatchObject({ type: 'job.failed', job_id: 'named' });
  });

  it('takes the queue\'s id of a legacy message as its job id, before any remote call: a failure at stat and the later success share it', async () => {
    const unreachable: FileStore = Object.assign(Object.create(store) as LocalFileStore, {
      stat: async () => {
        throw new UpstreamUnavailableError('ownCloud answered HTTP 503');
      },
    });
    await expect(deliver({ file_name: 'clientes.csv' }, 1, { storage: unreachable }, { id: 'abc-1' })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(await deps.history.get('m-abc-1')).toMatchObject({ status: 'retrying', error: { code: 'UPSTREAM_UNAVAILABLE' } });
    await deliver({ file_name: 'clientes.csv', options: { formats: ['json'] } }, 2, {}, { id: 'abc-1' });
    expect(await deps.history.get('m-abc-1')).toMatchObject({ status: 'completed', attempts: 2 });
    expect(deps.events.published).toEqual([expect.objectContaining({ type: 'job.completed', job_id: 'm-abc-1' })]);
    // Another message for the same file and options: its own job, answered from the first one.
    await deliver({ file_name: 'clientes.csv', options: { formats: ['json'] } }, 1, {}, { id: 'xyz-2' });
    expect(await deps.history.get('m-xyz-2')).toMatchObject({ status: 'completed', reusedFrom: 'm-abc-1' });
  });

  it('records and announces a message its workers died on as failed (WORKER_CRASHED), under the same id', async () => {
    const record = crashedJobRecorder(deps, settings(store.root));
    await record({ message: { file_name: 'enorme.xlsx' }, id: 'abc-1', attempt: 1, crashes: 3 });
    expect(await deps.history.get('m-abc-1')).toMatchObject({ status: 'failed', fileName: 'enorme.xlsx', error: { code: 'WORKER_CRASHED', message: expect.stringMatching(/died 3 times while processing work\/enorme.xlsx/) } });
    expect(deps.events.published).toEqual([expect.objectContaining({ type: 'job.failed', job_id: 'm-abc-1', error: expect.objectContaining({ code: 'WORKER_CRASHED' }) })]);
    await record({ message: { file_name: 'b.xlsx', job_id: 'named' }, id: 'abc-2', attempt: 2, crashes: 3 });
    expect(await deps.history.get('named')).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('records a missing file sent twice by the legacy producer as one failed job', async () => {
    await deliver({ file_name: 'sumiu.csv' });
    await deliver({ file_name: 'sumiu.csv' });
    const ids = deps.events.published.map((event) => event.job_id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(await deps.history.get(ids[0]!)).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
  });

  it('hands the message back on a credential refusal, without failing the job or announcing it', async () => {
    const refusing = Object.assign(Object.create(store) as LocalFileStore, {
      stat: async () => {
        throw new CredentialsRejectedError('ownCloud rejected the credentials of user "higia" (HTTP 401)');
      },
    });
    await expect(deliver({ file_name: 'clientes.csv', job_id: 'cred' }, 1, { storage: refusing })).rejects.toBeInstanceOf(CredentialsRejectedError);
    expect(await deps.history.get('cred')).toMatchObject({ status: 'queued', error: { code: 'CREDENTIALS_REJECTED' } });
    expect(deps.events.published).toEqual([]);
    // Even on what would be the last attempt: the refusal is not the message's to pay for.
    await expect(deliver({ file_name: 'clientes.csv', job_id: 'cred' }, 3, { storage: refusing })).rejects.toBeInstanceOf(CredentialsRejectedError);
    expect(await deps.history.get('cred')).toMatchObject({ status: 'queued' });
    expect(deps.events.published).toEqual([]);
  });

  it('leaves a file another worker holds alone: busy, not failed', async () => {
    const held = await deps.state.acquireLock('lock:work/clientes.csv', 60_000);
    expect(held).toBeDefined();
    await expect(deliver({ file_name: 'clientes.csv', job_id: 'b' })).rejects.toBeInstanceOf(FileBusyError);
    expect(await deps.history.get('b')).toBeUndefined();
    expect(await done()).toEqual([]);
  });

  it('never downgrades a job whose outputs are in place; the redelivery sends the missing event', async () => {
    const closed = new InProcessJobEvents();
    await closed.close(); // the broker refuses the event after the upload
    const message = { file_name: 'clientes.csv', job_id: 'ev', options: { formats: ['json' as const] } };
    await expect(deliver(message, 3, { events: closed })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(await deps.history.get('ev')).toMatchObject({ status: 'completed' });
    expect(await done()).toEqual(['clientes_resumo.json']);
    await deliver(message, 1);
    expect(await deps.history.get('ev')).toMatchObject({ status: 'completed' });
    expect(deps.events.published).toEqual([expect.objectContaining({ type: 'job.completed', job_id: 'ev', outputs: ['finalizado/clientes_resumo.json'] })]);
  });

  it('answers from its own completed record when the idempotency key was lost (Redis emptied), without uploading again', async () => {
    const message = { file_name: 'clientes.csv', job_id: 'lost-key', options: { formats: ['csv' as const, 'json' as const] } };
    await deliver(message);
    const output = join(store.root, 'finalizado', 'clientes_higienizado.csv');
    const before = (await stat(output)).mtimeMs;
    await deliver(message, 2, { state: new MemoryJobStateStore() });
    expect((await stat(output)).mtimeMs).toBe(before);
    expect(await deps.history.get('lost-key')).toMatchObject({ status: 'completed' });
    // Its event was confirmed the first time (announcedAt): the redelivery does not repeat it.
    expect(deps.events.published.map((e) => e.type)).toEqual(['job.completed']);
  });

  it('answers a redelivery of a job whose ack was lost with nothing new, and one whose event may not have gone out with the event', async () => {
    const message = { file_name: 'clientes.csv', options: { formats: ['json' as const] } };
    await deliver(message, 1, {}, { id: 'lost-ack' });
    expect(await deps.history.get('m-lost-ack')).toMatchObject({ status: 'completed', announcedAt: expect.any(String) });
    await deliver(message, 1, {}, { id: 'lost-ack' }); // the broker redelivers it: its ack died with the connection
    expect(deps.events.published.map((e) => e.job_id)).toEqual(['m-lost-ack']);
    await deps.history.update('m-lost-ack', { announcedAt: null }); // as if the worker died between the event and its note
    await deliver(message, 1, {}, { id: 'lost-ack' });
    expect(deps.events.published.map((e) => e.job_id)).toEqual(['m-lost-ack', 'm-lost-ack']);
  });

  it('retries the record and the idempotency key after the upload in place, and never uploads twice', async () => {
    const state = new MemoryJobStateStore();
    const history = new MemoryJobHistory();
    let rememberFailures = 2;
    let completedFailures = 2;
    const flakyState = Object.assign(Object.create(state) as MemoryJobStateStore, {
      remember: async (key: string, jobId: string, ttlMs: number) => {
        if (rememberFailures-- > 0) throw new Error('Connection is closed.');
        return state.remember(key, jobId, ttlMs);
      },
    });
    const flakyHistory = Object.assign(Object.create(history) as MemoryJobHistory, {
      update: async (...args: Parameters<MemoryJobHistory['update']>) => {
        if (args[1].status === 'completed' && completedFailures-- > 0) throw new Error('connection <monitor> to 127.0.0.1:27017 closed');
        return history.update(...args);
      },
    });
    const uploads: string[] = [];
    const counting = Object.assign(Object.create(store) as LocalFileStore, {
      publishSet: async (files: Parameters<LocalFileStore['publishSet']>[0], options: Parameters<LocalFileStore['publishSet']>[1]) => {
        uploads.push(...files.map((f) => f.path));
        return store.publishSet(files, options);
      },
    });
    await deliver({ file_name: 'clientes.csv', job_id: 'flaky', options: { formats: ['json'] } }, 1, { state: flakyState, history: flakyHistory, storage: counting });
    expect(uploads).toEqual(['finalizado/clientes_resumo.json']);
    expect(rememberFailures).toBeLessThan(0);
    expect(completedFailures).toBeLessThan(0);
    expect(await history.get('flaky')).toMatchObject({ status: 'completed' });
    expect(deps.events.published).toEqual([expect.objectContaining({ type: 'job.completed', job_id: 'flaky' })]);
  });

  it('keeps sub-folders: work/2026/a.csv → finalizado/2026/', async () => {
    await mkdir(join(store.root, 'work', '2026'));
    await copyFile('examples/clientes.csv', join(store.root, 'work', '2026', 'a.csv'));
    await deliver({ file_name: '2026/a.csv', job_id: 's', options: { formats: ['json'] } });
    expect(await readdir(join(store.root, 'finalizado', '2026'))).toEqual(['a_resumo.json']);
  });
});
