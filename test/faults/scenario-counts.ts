import { join } from 'node:path';
import { browseDeadLetters, messagesInWork, type BrokerUnderTest } from './scenario-broker.js';
import type { ScenarioRun, ScenarioWorker } from './scenario-harness.js';
import { checkOutputs, suffixesOf, temporariesIn } from './scenario-outputs.js';

/** What became of a scenario's messages. */
export interface ScenarioCounts {
  sent: number;
  completed: number;
  /** `job.failed` without a completion, and not in the dead-letter queue. */
  failed: number;
  /** job.completed events beyond one per file. */
  dupEvents: number;
  /** Of those, the ones under another job id than the file's first completion (a second job, not a repeated event). */
  dupJobIds: number;
  /** Files whose full output set the server renamed into place more than once (the job ran again). */
  reprocessed: number;
  outputsComplete: number;
  partial: number;
  tmp: number;
  dlq: number;
  dlqReasons: Record<string, number>;
  left: number;
  lost: number;
  seconds: number;
  /** Mean `durationMs` of the workers' `job completed` lines (the pace of a job under this fault). */
  meanJobMs: number;
  /** Per file problems, for the failure message. */
  problems: string[];
}

/** The scenario's one result line. */
export function formatCounts(name: string, c: ScenarioCounts): string {
  return (
    `[faults] ${name}: sent=${c.sent} completed=${c.completed} failed=${c.failed} dup-events=${c.dupEvents}${c.dupEvents > 0 ? ` (${c.dupJobIds} under another job id)` : ''} reprocessed=${c.reprocessed} ` +
    `outputs-ok=${c.outputsComplete} partial=${c.partial} tmp=${c.tmp} dlq=${c.dlq}${formatReasons(c.dlqReasons)} left=${c.left} lost=${c.lost} in ${c.seconds} s (job ${c.meanJobMs} ms)`
  );
}

/** Counts every sent file once: completed, else dead-lettered, else failed, else still queued, else lost. */
export async function countOutcomes(
  run: ScenarioRun,
  broker: BrokerUnderTest,
  sentFiles: readonly string[],
  rowsOf: (i: number) => number,
  rootDir: string,
): Promise<ScenarioCounts> {
  const doneDir = join(rootDir, run.base, 'finalizado');
  const completedEvents = run.events.filter((e) => e.type === 'job.completed');
  const completed = new Set(completedEvents.map((e) => e.file_name));
  const jobIdsPerFile = new Map<string, Set<string>>();
  for (const e of completedEvents) jobIdsPerFile.set(e.file_name, (jobIdsPerFile.get(e.file_name) ?? new Set()).add(e.job_id));
  const dupJobIds = [...jobIdsPerFile.values()].reduce((n, ids) => n + ids.size - 1, 0);
  const failedEvents = new Set(run.events.filter((e) => e.type === 'job.failed').map((e) => e.file_name));
  const letters = await browseDeadLetters(broker.url, `${run.queue}.dlq`);
  const dlqReasons: Record<string, number> = {};
  for (const letter of letters) dlqReasons[letter.reason ?? 'none'] = (dlqReasons[letter.reason ?? 'none'] ?? 0) + 1;
  const inDlq = new Set(letters.map((l) => l.fileName));
  const left = await messagesInWork(broker, run.queue).catch(() => 0);
  const problems: string[] = [];
  let outputsComplete = 0;
  let partial = 0;
  let reprocessed = 0;
  const distinctSent = [...new Set(sentFiles)];
  for (const name of distinctSent) {
    const stem = name.replace(/\.csv$/, '');
    const check = await checkOutputs(doneDir, stem, rowsOf(run.fileNames.indexOf(name)), suffixesOf(run.formats));
    if (check.complete) outputsComplete++;
    else if (completed.has(name)) problems.push(...check.problems);
    if (check.partial) partial++;
    const summaryMoves = run.webdav.movesTo(`/${run.base}/finalizado/${stem}_resumo.json`);
    if (summaryMoves > 1) {
      reprocessed++;
      problems.push(`${stem}: the summary was moved into place ${summaryMoves} times`);
    }
    // The count of jobs run twice rests on the upload's final MOVE: say so if uploads stop using one.
    if (summaryMoves === 0 && check.complete) problems.push(`${stem}: complete, yet the WebDAV tap saw no MOVE of its summary (reprocessed cannot be counted)`);
  }
  const failed = distinctSent.filter((n) => failedEvents.has(n) && !completed.has(n) && !inDlq.has(n)).length;
  const dlq = letters.length;
  const sent = sentFiles.length;
  const tmp = (await temporariesIn(doneDir)).length;
  return {
    sent,
    completed: completed.size,
    failed,
    dupEvents: completedEvents.length - completed.size,
    dupJobIds,
    reprocessed,
    outputsComplete,
    partial,
    tmp,
    dlq,
    dlqReasons,
    left,
    lost: Math.max(0, sent - completed.size - failed - dlq - left),
    seconds: 0,
    meanJobMs: meanJobMs(run.workers),
    problems,
  };
}

function meanJobMs(workers: readonly ScenarioWorker[]): number {
  const durations = workers.flatMap((w) => w.process.logs.filter((l) => l.msg === 'job completed').map((l) => Number(l.durationMs)));
  return durations.length === 0 ? 0 : Math.round(durations.reduce((a, b) => a + b, 0) / durations.length);
}

function formatReasons(reasons: Record<string, number>): string {
  const entries = Object.entries(reasons);
  return entries.length === 0 ? '' : ` (${entries.map(([r, n]) => `${r}:${n}`).join(',')})`;
}
