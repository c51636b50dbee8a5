import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { until } from '../support/async-helpers.js';
import { runScenario, type ScenarioCounts, type ScenarioRun, type ScenarioWorker } from './scenario-harness.js';

/**
 * A worker SIGKILLed at a chosen point of a job, then a new worker started: the file must
 * complete exactly once (one full output set moved into place, one job id) with no temporary
 * left. How each point is hit:
 * - download: the WebDAV tap passes half of the input's GET body, then holds the rest;
 * - processing: the download has finished and the job's Redis progress says `reading` or
 *   `writing` (written after this attempt started), and no output has been PUT yet;
 * - upload: the tap holds the third MOVE into the done folder (the MOVEs of a set go in
 *   parallel: some outputs in place, the held one and others still temporaries), so the kill
 *   leaves a partial set and a `.tmp`;
 * - before ack: the worker's own AMQP tap passes its `job.completed` publish, then holds
 *   everything it sends after (its ack first of all).
 */
const FILE = 'f001.csv';
const BIG_ROWS = 20_000;

function fileOf(run: ScenarioRun): string {
  return `${run.base}/work/${FILE}`;
}

async function killAndReplace(run: ScenarioRun, victim: ScenarioWorker): Promise<void> {
  expect(await victim.process.kill('SIGKILL')).toBeNull();
  await run.startWorker();
}

function expectOnce(counts: ScenarioCounts, run: { jobIds: Set<string> }): void {
  expect(counts.problems).toEqual([]);
  expect(counts).toMatchObject({ sent: 1, completed: 1, outputsComplete: 1, reprocessed: 0, partial: 0, tmp: 0, dlq: 0, left: 0, lost: 0 });
  expect([...run.jobIds]).toHaveLength(1);
}

function completionIds(run: ScenarioRun): Set<string> {
  return new Set(run.events.filter((e) => e.type === 'job.completed' && e.file_name === FILE).map((e) => e.job_id));
}

describe('a worker killed mid-job', () => {
  const webdav = inject('webdav');

  it('in the download: the next worker completes the file once', async () => {
    const seen = { jobIds: new Set<string>() };
    const counts = await runScenario({
      name: 'worker-kill-download',
      files: 1,
      rows: 5_000,
      workers: 1,
      publish: 'by-during',
      async during(run) {
        const held = run.webdav.hold((r) => r.method === 'GET' && r.path.endsWith(`/${fileOf(run)}`), 'half-response');
        await run.publish(run.fileNames);
        const download = await held;
        await killAndReplace(run, run.workers[0]!);
        download.drop();
        await run.waitForCompleted(1);
        seen.jobIds = completionIds(run);
      },
    });
    expectOnce(counts, seen);
  });

  it('in the processing: the next worker completes the file once', async () => {
    const seen = { jobIds: new Set<string>() };
    let note = '';
    const counts = await runScenario({
      name: 'worker-kill-processing',
      files: 1,
      rows: BIG_ROWS,
      workers: 1,
      async during(run) {
        const victim = run.workers[0]!;
        const phase = await waitForProcessing(run, victim);
        const puts = run.webdav.requests.filter((r) => r.method === 'PUT' && r.path.includes(`/${run.base}/`)).length;
        await killAndReplace(run, victim);
        note = `killed at progress phase ${phase}, after ${puts} output PUTs`;
        expect(puts).toBe(0);
        await run.waitForCompleted(1);
        seen.jobIds = completionIds(run);
      },
    });
    console.log(`[faults] worker-kill-processing: ${note}`);
    expectOnce(counts, seen);
  });

  it('in the upload (some outputs in place, the others as temporaries): the next worker completes the set once and no temporary is left', async () => {
    const seen = { jobIds: new Set<string>() };
    let atKill = '';
    const counts = await runScenario({
      name: 'worker-kill-upload',
      files: 1,
      rows: 2_000,
      workers: 1,
      publish: 'by-during',
      async during(run) {
        let moves = 0;
        const held = run.webdav.hold((r) => r.method === 'MOVE' && (r.destination ?? '').includes(`/${run.base}/`) && ++moves === 3, 'request');
        await run.publish(run.fileNames);
        const move = await held;
        await run.workers[0]!.process.kill('SIGKILL');
        move.drop();
        const doneDir = join(webdav.rootDir, run.base, 'finalizado');
        atKill = (await readdir(doneDir).catch(() => [] as string[])).sort().join(' ');
        await run.startWorker();
        await run.waitForCompleted(1);
        seen.jobIds = completionIds(run);
      },
    });
    console.log(`[faults] worker-kill-upload: in the done folder at the kill: ${atKill}`);
    expect(atKill).toMatch(/\.tmp/);
    expectOnce(counts, seen);
  });

  it('after the completion event, before the ack: the redelivery produces no new outputs', async () => {
    const seen = { jobIds: new Set<string>() };
    let loggedCompletion = false;
    const counts = await runScenario({
      name: 'worker-kill-before-ack',
      files: 1,
      rows: 2_000,
      workers: 1,
      amqpTaps: true,
      publish: 'by-during',
      async during(run) {
        const victim = run.workers[0]!;
        const frozen = victim.tap!.freezeAfterPublish(run.exchange, 'job.completed');
        await run.publish(run.fileNames);
        await frozen;
        await killAndReplace(run, victim);
        // Whether it got as far as its log line is a race with the kill; its ack is held back either way.
        loggedCompletion = victim.process.logs.some((l) => l.msg === 'job completed');
        // The redelivered message reaches the new worker, which answers it from the finished job.
        await run.workers[1]!.process.waitForLog((l) => l.file === fileOf(run) && /already processed|job completed/.test(l.msg), 120_000, 'the redelivery');
        seen.jobIds = completionIds(run);
      },
    });
    console.log(`[faults] worker-kill-before-ack: the killed worker ${loggedCompletion ? 'had' : 'had not'} logged the completion; ${counts.dupEvents} repeated job.completed for the redelivery`);
    expectOnce(counts, seen);
  });

  it('killed 3 times on the same message: the message ends in the dead-letter queue as worker-crashed', async () => {
    let scenario: ScenarioRun | undefined;
    const counts = await runScenario({
      name: 'worker-kill-3-times',
      files: 1,
      rows: BIG_ROWS,
      workers: 1,
      env: { MAX_ATTEMPTS: '3', AMQP_MAX_DELIVERIES: '3' },
      async during(run) {
        scenario = run;
        for (let kill = 1; kill <= 3; kill++) {
          const victim = run.workers.at(-1)!;
          await waitForProcessing(run, victim);
          await killAndReplace(run, victim);
        }
      },
      settleTimeoutMs: 120_000,
    });
    expect(counts).toMatchObject({ sent: 1, completed: 0, dlq: 1, dlqReasons: { 'worker-crashed': 1 }, tmp: 0, left: 0, lost: 0 });
    // The job is not left `running` forever: recorded failed and announced, under the id its crashed attempts had.
    const failures = scenario!.events.filter((e) => e.type === 'job.failed');
    expect(failures).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'WORKER_CRASHED' }) })]);
  });
});

/** Waits until `worker` runs the job past its download: its progress, written after this attempt started, says reading or writing. */
async function waitForProcessing(run: ScenarioRun, worker: ScenarioWorker): Promise<string> {
  const started = await worker.process.waitForLog((l) => l.msg === 'job started' && l.file === fileOf(run), 120_000, 'the job to start');
  const since = typeof started.time === 'number' ? started.time : Date.now();
  const progress = await until(
    () => run.progress(String(started.jobId)),
    (p) => (p?.phase === 'reading' || p?.phase === 'writing') && Date.parse(p.updatedAt ?? '') >= since,
    120_000,
    'the job to be processing rows',
  );
  return progress!.phase!;
}
