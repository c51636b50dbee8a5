import { cp, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceProcess } from '../support/service-process.js';

/** `POST /process` with a layout whose error gate breaks, through `higia serve` on embedded defaults. */
describe('quality gates in the embedded service', () => {
  let cwd: string;
  let service: ServiceProcess;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'higia-gates-serve-'));
    service = await ServiceProcess.start('serve', { THREADS: '0' }, { cwd });
    await mkdir(join(cwd, 'storage/work'), { recursive: true });
    await cp('examples/clientes.csv', join(cwd, 'storage/work/clientes.csv'));
  });

  afterAll(async () => {
    await service?.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('uploads every output to finalizado/, then records the job failed with QUALITY_GATE and the broken gate', async () => {
    const layout = { qualityGates: [{ field: 'E-mail', metric: 'invalid', maxShare: 0 }, { metric: 'rejected', maxShare: 1, level: 'warning' }] };
    const response = await fetch(`${service.url}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file_name: 'clientes.csv', job_id: 'gates-1', lang: 'en', layout }),
    });
    expect(response.status).toBe(202);
    const record = await finished('gates-1');

    const error = record.error as { code: string; message: string };
    expect(record.status).toBe('failed');
    expect(error.code).toBe('QUALITY_GATE');
    expect(error.message).toMatch(/^1 quality gate broken: E-mail — invalid: [\d.]+% \(\d+ of 300 rows\), above the limit of 0%$/);
    const outputs = record.outputs as string[];
    expect(outputs).toContain('finalizado/clientes_relatorio.pdf');
    expect((await readdir(join(cwd, 'storage/finalizado'))).sort()).toEqual(outputs.map((p) => p.split('/').pop()).sort());
    const summary = JSON.parse(await readFile(join(cwd, 'storage/finalizado/clientes_resumo.json'), 'utf8'));
    expect(summary.qualityGates).toMatchObject({ passed: false, results: [{ metric: 'invalid', status: 'broken' }, { metric: 'rejected', status: 'passed' }] });
    expect((record.summary as typeof summary).qualityGates).toEqual(summary.qualityGates);
    const html = await readFile(join(cwd, 'storage/finalizado/clientes_dashboard.html'), 'utf8');
    expect(html).toContain('<section id="quality-gates" class="failed">');
    expect(html).toContain('E-mail — invalid');
    // The worker said why, and did not retry or dead-letter it.
    expect(service.logs.find((l) => l.msg === 'job failed its quality gates; outputs uploaded')).toMatchObject({ error: { code: 'QUALITY_GATE', message: error.message } });
    expect(service.logs.some((l) => /retry|dead-letter/i.test(String(l.msg)) && l.jobId === 'gates-1')).toBe(false);
  });

  async function finished(jobId: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const record = (await (await fetch(`${service.url}/jobs/${jobId}`)).json()) as Record<string, unknown>;
      if (record.status === 'completed' || record.status === 'failed') return record;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(record.status)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});
