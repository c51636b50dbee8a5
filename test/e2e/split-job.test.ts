import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientes, runHigia } from '../support/run-higia.js';
import { ServiceProcess } from '../support/service-process.js';

/**
 * A large CSV split into parts (PART_BYTES), run through the embedded service's own parts
 * queue, must give the bytes a whole run gives: the same CSVs, the same summary (but for
 * its clock). The parts' folder is emptied afterwards. A job that asks for the XLSX workbook
 * (a single stream written by the coordinator) is not split.
 */
describe('a split job (embedded service)', () => {
  let dir: string;
  let service: ServiceProcess;
  const NAMES = ['higienizado', 'duplicados', 'rejeitados'];
  const FORMATS = ['csv', 'json', 'pdf', 'html'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-split-'));
    // Windows-1252 bytes inside UTF-8 lines, quoted line breaks and duplicates across parts: what the cut must not change.
    await generateClientes(join(dir, 'gen'), 24_000, 'split-1');
    await mkdir(join(dir, 'storage/work'), { recursive: true });
    await writeFile(join(dir, 'clientes.csv'), withLatin1Lines(await readFile(join(dir, 'gen/clientes.csv'))));
    await cp(join(dir, 'clientes.csv'), join(dir, 'storage/work/clientes.csv'));
    await cp(join(dir, 'gen/reference'), join(dir, 'reference'), { recursive: true });
    service = await ServiceProcess.start('serve', { THREADS: '0', PART_BYTES: String(256 * 1024) }, { cwd: dir });
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes what a whole run writes, from parts cut across the file', async () => {
    const whole = join(dir, 'whole');
    const run = await runHigia(['process', join(dir, 'clientes.csv'), '--out', whole, '--format', FORMATS.join(','), '--threads', '0', '--reference', join(dir, 'reference')]);
    expect(run.code, run.stderr).toBe(0);

    const record = await finished(await post({ file_name: 'clientes.csv', options: { formats: FORMATS } }));
    expect(record.status, JSON.stringify(record.error)).toBe('completed');
    // The same files as the whole run (with fuzzy matching's review file when it left a pair).
    expect((record.outputs as string[]).length).toBe((await readdir(whole)).length);

    const planned = service.logs.find((l) => l.msg === 'split job: parts planned');
    expect(planned?.parts).toBeGreaterThanOrEqual(8);
    expect(service.logs.filter((l) => l.msg === 'part done').length).toBe(2 * (planned!.parts as number));

    const done = join(dir, 'storage/finalizado');
    for (const name of NAMES) {
      const [a, b] = await Promise.all([readFile(join(whole, `clientes_${name}.csv`)), readFile(join(done, `clientes_${name}.csv`))]);
      expect(b.equals(a), `clientes_${name}.csv differs`).toBe(true);
    }
    const summaryOf = async (folder: string) => {
      const summary = JSON.parse(await readFile(join(folder, 'clientes_resumo.json'), 'utf8'));
      for (const clock of ['startedAt', 'finishedAt', 'durationMs']) delete summary[clock];
      return summary;
    };
    const [wholeSummary, splitSummary] = await Promise.all([summaryOf(whole), summaryOf(done)]);
    expect(splitSummary).toEqual(wholeSummary);
    expect(JSON.stringify(Object.keys(splitSummary))).toBe(JSON.stringify(Object.keys(wholeSummary)));
    expect(wholeSummary.rows.duplicates).toBeGreaterThan(500);
    expect(wholeSummary.input.windows1252Lines).toBeGreaterThan(0);
    expect(splitSummary.enrichment.ceps.hits).toBeGreaterThan(1000);
    // Nothing of the parts is left.
    // The shared parts folder stays (other split jobs may be using it), empty of this job's files.
    expect((await readdir(done)).filter((n) => n.startsWith('.'))).toEqual(['.higia-parts']);
    expect(await readdir(join(done, '.higia-parts'))).toEqual([]);
  }, 300_000);

  it('keeps a job that asks for the XLSX workbook whole', async () => {
    const planned = () => service.logs.filter((l) => l.msg === 'split job: parts planned').length;
    const before = planned();
    const record = await finished(await post({ file_name: 'clientes.csv', options: { formats: ['csv', 'xlsx'] } }));
    expect(record.status, JSON.stringify(record.error)).toBe('completed');
    expect(planned()).toBe(before);
  }, 120_000);

  async function post(body: unknown): Promise<string> {
    const response = await fetch(`${service.url}/process`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return ((await response.json()) as { job_id: string }).job_id;
  }

  async function finished(jobId: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 240_000;
    for (;;) {
      const record = (await (await fetch(`${service.url}/jobs/${jobId}`)).json()) as Record<string, unknown>;
      if (record.status === 'completed' || record.status === 'failed') return record;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(record.status)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});

/** Every 40th `ã` written as the single Windows-1252 byte: lines a legacy system appended to a UTF-8 export. */
function withLatin1Lines(bytes: Buffer): Buffer {
  const utf8 = Buffer.from('ã');
  const pieces: Buffer[] = [];
  let from = 0;
  let seen = 0;
  for (let at = bytes.indexOf(utf8); at >= 0; at = bytes.indexOf(utf8, at + utf8.length)) {
    if (++seen % 40 !== 0) continue;
    pieces.push(bytes.subarray(from, at), Buffer.from([0xe3]));
    from = at + utf8.length;
  }
  pieces.push(bytes.subarray(from));
  return Buffer.concat(pieces);
}
