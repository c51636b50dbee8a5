import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';
import { runScenario, type ScenarioRun, type ScenarioWorker } from './scenario-harness.js';

/**
 * One file split into parts (PART_BYTES) for two workers on the real servers (Apache WebDAV,
 * RabbitMQ, Redis, the MongoDB stand-in), one of them SIGKILLed mid-job: the outputs must be
 * the bytes a whole run of the same file writes, once, with no part file left in the store.
 * - a worker killed while it works on a part (not the one coordinating): the broker
 *   redelivers the part, another worker redoes it, the coordinator only waits longer;
 * - the coordinator killed while the parts run: its job message comes back once its lock
 *   expires, the next coordinator plans the same parts (same job id, same plan digest) and
 *   reuses every part already done.
 */
const FILE = 'f001.csv';
const ROWS = 60_000;
const ENV = { PART_BYTES: String(512 * 1024), THREADS: '1' };
// Split jobs are for text outputs (an XLSX workbook keeps a job whole): the formats of a large export.
const FORMATS = ['csv', 'json', 'pdf', 'html'];

describe('a split job on two workers', () => {
  const webdav = inject('webdav');

  it('a worker killed mid-part: the part is redone elsewhere; outputs identical to a whole run', async () => {
    let note = '';
    const counts = await runScenario({
      name: 'split-job-kill-part',
      files: 1,
      rows: ROWS,
      workers: 2,
      env: ENV,
      formats: FORMATS,
      async during(run) {
        const coordinator = await waitForLog(run, 'split job: parts sent');
        const victim = run.workers.find((w) => w !== coordinator)!;
        const started = await victim.process.waitForLog((l) => l.msg === 'part started', 120_000, 'a part on the other worker');
        expect(await victim.process.kill('SIGKILL')).toBeNull();
        note = `killed during part ${String(started.part)} (${String(started.stage)})`;
        await run.startWorker();
        await run.waitForCompleted(1, 300_000);
        const survivors = run.workers.filter((w) => w !== victim).flatMap((w) => w.process.logs);
        expect(survivors.some((l) => l.msg === 'part done' && l.part === started.part && l.stage === started.stage)).toBe(true);
        await expectWholeRunOutputs(run, webdav.rootDir);
      },
      settleTimeoutMs: 120_000,
    });
    console.log(`[faults] split-job-kill-part: ${note}; outputs byte-identical to the whole run`);
    expectOnce(counts);
  });

  it('the coordinator killed while its parts run: the next one reuses the parts done; outputs identical to a whole run', async () => {
    let note = '';
    const counts = await runScenario({
      name: 'split-job-kill-coordinator',
      files: 1,
      rows: ROWS,
      workers: 2,
      env: ENV,
      formats: FORMATS,
      async during(run) {
        const coordinator = await waitForLog(run, 'split job: parts sent');
        // Some parts done (by either worker), not all: the kill lands mid-job.
        await coordinator.process.waitForLog((l) => l.msg === 'part done', 120_000, 'a part done on the coordinator');
        expect(await coordinator.process.kill('SIGKILL')).toBeNull();
        await run.startWorker();
        await run.waitForCompleted(1, 300_000);
        const sent = run.workers.filter((w) => w !== coordinator).flatMap((w) => w.process.logs).filter((l) => l.msg === 'split job: parts sent' && l.stage === 'clean');
        expect(sent.length).toBe(1);
        expect(sent[0]!.reused).toBeGreaterThan(0);
        note = `the next coordinator reused ${String(sent[0]!.reused)} parts and sent ${String(sent[0]!.published)}`;
        await expectWholeRunOutputs(run, webdav.rootDir);
      },
      settleTimeoutMs: 120_000,
    });
    console.log(`[faults] split-job-kill-coordinator: ${note}; outputs byte-identical to the whole run`);
    expectOnce(counts);
  });
});

function expectOnce(counts: Awaited<ReturnType<typeof runScenario>>): void {
  expect(counts.problems).toEqual([]);
  expect(counts).toMatchObject({ sent: 1, completed: 1, outputsComplete: 1, reprocessed: 0, partial: 0, tmp: 0, dlq: 0, left: 0, lost: 0 });
}

/** The worker that logs `msg` first (polling every worker, replacements included). */
async function waitForLog(run: ScenarioRun, msg: string): Promise<ScenarioWorker> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const found = run.workers.find((w) => w.process.logs.some((l) => l.msg === msg));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no worker logged "${msg}" within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The split job's outputs are the bytes `higia process` writes for the same file and reference data, run whole. */
async function expectWholeRunOutputs(run: ScenarioRun, rootDir: string): Promise<void> {
  const all = run.workers.flatMap((w) => w.process.logs);
  expect(all.find((l) => l.msg === 'split job: parts planned')?.parts).toBeGreaterThanOrEqual(8);
  const local = await mkdtemp(join(tmpdir(), 'higia-split-whole-'));
  try {
    await cp('examples/reference', join(local, 'reference'), { recursive: true });
    const input = join(rootDir, run.base, 'work', FILE);
    const whole = await runHigia(['process', input, '--out', join(local, 'out'), '--format', FORMATS.join(','), '--threads', '0', '--reference', join(local, 'reference')]);
    expect(whole.code, whole.stderr).toBe(0);
    const done = join(rootDir, run.base, 'finalizado');
    for (const name of ['higienizado', 'duplicados', 'rejeitados']) {
      const [a, b] = await Promise.all([readFile(join(local, 'out', `f001_${name}.csv`)), readFile(join(done, `f001_${name}.csv`))]);
      expect(b.equals(a), `f001_${name}.csv differs from the whole run`).toBe(true);
    }
    const summaryOf = async (folder: string) => {
      const summary = JSON.parse(await readFile(join(folder, 'f001_resumo.json'), 'utf8'));
      for (const clock of ['startedAt', 'finishedAt', 'durationMs']) delete summary[clock];
      return summary;
    };
    const summary = await summaryOf(done);
    expect(summary).toEqual(await summaryOf(join(local, 'out')));
    expect(summary.rows.duplicates).toBeGreaterThan(100);
    // The shared parts folder stays (other split jobs may be using it), empty of this job's files.
    expect(await readdir(join(done, '.higia-parts'))).toEqual([]);
  } finally {
    await rm(local, { recursive: true, force: true });
  }
}
