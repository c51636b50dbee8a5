import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { JobMessage } from '../domain/job-message.js';

export interface Folders {
  readonly workDir: string;
  readonly doneDir: string;
  readonly archiveDir: string;
}

/** `work/<file_name>`: the message's name is already confined (see confineFileName). */
export const inputPathOf = (folders: Folders, fileName: string): string => posix.join(folders.workDir, fileName);

/** Outputs keep the input's sub-folder: `work/2026/a.csv` → `finalizado/2026/<output>`. */
export const outputPathOf = (folders: Folders, fileName: string, output: string): string =>
  posix.join(folders.doneDir, posix.dirname(fileName), output);

export const archivePathOf = (folders: Folders, fileName: string): string => posix.join(folders.archiveDir, fileName);

/**
 * What makes two requests the same job: the same bytes (ETag) asked for with the same
 * options. A request in English for a file already done in Portuguese is new work.
 */
export function idempotencyKey(inputPath: string, etag: string, message: JobMessage): string {
  const options = JSON.stringify([message.layout ?? null, message.lang ?? null, message.options ?? null]);
  return `done:${digest(`${inputPath}\u0000${etag}\u0000${options}`)}`;
}

/**
 * The legacy producer sends no job id. Deriving it from the idempotency key gives a
 * redelivered legacy message the same id, so a crash mid-job leaves one record, not two.
 */
export const derivedJobId = (key: string): string => `f-${key.slice('done:'.length, 'done:'.length + 24)}`;

/**
 * The id of a message's job before any remote call: the one the message names, else the
 * queue's stable id of the message. Undefined for a queue without ids: the job derives one
 * from the file, its ETag and the options (derivedJobId).
 */
export function jobIdOf(message: JobMessage, deliveryId: string | undefined): string | undefined {
  return message.job_id ?? (deliveryId === undefined ? undefined : `m-${deliveryId}`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
