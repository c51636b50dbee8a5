import type { CrashedDelivery } from '../ports/job-queue.js';
import { derivedJobId, idempotencyKey, inputPathOf, jobIdOf, type Folders } from './job-paths.js';
import type { FileJobDeps } from './process-file-job.js';

/**
 * For ConsumeOptions.onCrashedTooOften: a message whose job killed its worker each time it ran
 * (out of memory, say) is not run again; its job is recorded `failed` (WORKER_CRASHED) and
 * announced with `job.failed`, like any job that ends without outputs.
 */
export function crashedJobRecorder(deps: Pick<FileJobDeps, 'history' | 'events' | 'metrics' | 'logger'>, settings: Folders): (crashed: CrashedDelivery) => Promise<void> {
  return async ({ message, id, attempt, crashes }) => {
    const inputPath = inputPathOf(settings, message.file_name);
    const jobId = jobIdOf(message, id) ?? derivedJobId(idempotencyKey(inputPath, '', message));
    const error = { code: 'WORKER_CRASHED', message: `the worker died ${crashes} times while processing ${inputPath} (out of memory or killed); the message is in the dead-letter queue` };
    const finishedAt = new Date().toISOString();
    await deps.history.update(jobId, { fileName: message.file_name, status: 'failed', attempts: attempt, finishedAt, error });
    deps.metrics.observeFinishedJob({ status: 'failed', durationMs: 0 });
    await deps.events.publish({ type: 'job.failed', job_id: jobId, file_name: message.file_name, at: finishedAt, outputs: [], error });
    deps.logger.error({ jobId, file: inputPath, crashes }, 'job failed: its worker died each time it ran');
  };
}
