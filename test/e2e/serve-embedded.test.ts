import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';
import { ServiceProcess } from '../support/service-process.js';

/** The README's promise: `npm start` with nothing configured, a file in storage/work, one curl. */
describe('higia serve on embedded defaults', () => {
  let cwd: string;
  let service: ServiceProcess;
  let firstJob: string;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'higia-serve-'));
    await cp('examples/reference', join(cwd, 'reference'), { recursive: true });
    service = await ServiceProcess.start('serve', { THREADS: '0' }, { cwd });
    await mkdir(join(cwd, 'storage/work/2026'), { recursive: true });
    await cp('examples/clientes.csv', join(cwd, 'storage/work/2026/clientes.csv'));
  });

  afterAll(async () => {
    await service?.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  const post = (body: unknown) =>
    fetch(`${service.url}/process`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function finished(jobId: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const record = (await (await fetch(`${service.url}/jobs/${jobId}`)).json()) as Record<string, unknown>;
      if (record.status === 'completed' || record.status === 'failed') return record;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(record.status)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('processes a file dropped in storage/work into storage/finalizado, reports included', async () => {
    const response = await post({ file_name: '2026/clientes.csv' });
    expect(response.status).toBe(202);
    const { job_id: jobId } = (await response.json()) as { job_id: string };
    firstJob = jobId;
    const record = await finished(jobId);
    expect(record).toMatchObject({ status: 'completed', fileName: '2026/clientes.csv' });
    const outputs = record.outputs as string[];
    expect([...outputs].sort()).toEqual(
      [
        'clientes_dashboard.html',
        'clientes_duplicados.csv',
        'clientes_higienizado.csv',
        'clientes_higienizado.xlsx',
        'clientes_rejeitados.csv',
        'clientes_relatorio.pdf',
        'clientes_resumo.json',
      ].map(
        (name) => `finalizado/2026/${name}`,
      ),
    );
    // The summary, the last file the job writes, is also the last one uploaded.
    expect(outputs.at(-1)).toBe('finalizado/2026/clientes_resumo.json');
    expect((await readdir(join(cwd, 'storage/finalizado/2026'))).sort()).toEqual(outputs.map((p) => p.split('/').pop()).sort());
    const summary = JSON.parse(await readFile(join(cwd, 'storage/finalizado/2026/clientes_resumo.json'), 'utf8'));
    const counts = record.counts as { input: number; kept: number; duplicates: number; rejected: number };
    expect(counts.input).toBe(summary.input.rows);
    expect(counts.kept + counts.duplicates + counts.rejected).toBe(counts.input);
    // The examples' reference folder is picked up: enrichment ran.
    expect(Object.keys(summary.enrichment)).toContain('pessoas');
    // The input stays where it was (INPUT_AFTER=keep).
    expect(await readdir(join(cwd, 'storage/work/2026'))).toEqual(['clientes.csv']);
  });

  it('answers a second request for the same unchanged file with the earlier outputs', async () => {
    const output = join(cwd, 'storage/finalizado/2026/clientes_higienizado.csv');
    const before = (await stat(output)).mtimeMs;
    const again = (await (await post({ file_name: '2026/clientes.csv' })).json()) as { job_id: string };
    const record = await finished(again.job_id);
    expect(record.status).toBe('completed');
    expect(record.reusedFrom).toBe(firstJob);
    expect(record.outputs).toHaveLength(7);
    expect((await stat(output)).mtimeMs).toBe(before);
  });

  it('records a missing file as a failed job with a clear error', async () => {
    const { job_id: jobId } = (await (await post({ file_name: 'nao-existe.csv' })).json()) as { job_id: string };
    const record = await finished(jobId);
    expect(record).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
    expect((record.error as { message: string }).message).toContain('work/nao-existe.csv');
  });

  it('refuses a file name outside the work folder', async () => {
    const response = await post({ file_name: '../etc/passwd' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'INVALID_MESSAGE' });
  });

  it('logs JSON lines that carry the job id', () => {
    const jobLines = service.logs.filter((l) => l.msg === 'job completed');
    expect(jobLines.length).toBeGreaterThan(0);
    for (const line of jobLines) expect(line.jobId).toEqual(expect.any(String));
  });
});

describe('higia serve with INPUT_AFTER=archive', () => {
  it('moves the input to the archive folder once its outputs are in place', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'higia-serve-archive-'));
    const service = await ServiceProcess.start('serve', { THREADS: '0', INPUT_AFTER: 'archive', ARCHIVE_DIR: 'processado' }, { cwd });
    try {
      await cp('examples/clientes.csv', join(cwd, 'storage/work/clientes.csv'));
      const response = await fetch(`${service.url}/process`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file_name: 'clientes.csv', options: { formats: ['csv'] } }),
      });
      const { job_id: jobId } = (await response.json()) as { job_id: string };
      await service.waitForLog((l) => l.msg === 'job completed' && l.jobId === jobId, 60_000, 'the job');
      expect(await readdir(join(cwd, 'storage/work'))).toEqual([]);
      expect(await readdir(join(cwd, 'storage/processado'))).toEqual(['clientes.csv']);
      // Only the formats asked for.
      expect((await readdir(join(cwd, 'storage/finalizado'))).sort()).toEqual(['clientes_duplicados.csv', 'clientes_higienizado.csv', 'clientes_rejeitados.csv']);
    } finally {
      await service.stop();
      await rm(cwd, { recursive: true, force: true });
    }
  });
});

describe('service configuration errors', () => {
  it('lists every invalid variable and exits 2 without starting', async () => {
    const result = await runHigia(['serve'], { env: { PORT: 'abc', AMQP_URL: 'http://not-amqp', OWNCLOUD_URL: 'http://cloud' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/AMQP_URL must be a URL starting with amqp:\/\//);
    expect(result.stderr).toMatch(/OWNCLOUD_URL needs OWNCLOUD_USER and OWNCLOUD_PASSWORD/);
  });

  it('refuses to run a worker or an API alone on the in-process queue', async () => {
    for (const role of ['worker', 'api']) {
      const result = await runHigia([role], { env: {} });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('needs AMQP_URL');
    }
  });

  it('refuses an API alone without MongoDB, where the workers record jobs', async () => {
    const result = await runHigia(['api'], { env: { AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs MONGO_URL');
  });
});
