import { posix } from 'node:path';
import { z } from 'zod';
import type { JobMessage } from '../domain/job-message.js';
import { InvalidMessageError } from '../errors.js';
import type { SplitPlan } from '../ports/split-runner.js';

/** Where the parts of split jobs keep their files, under the outputs folder: hidden, and removed when the job ends. */
export const PARTS_FOLDER = '.higia-parts';

/** The files of a split job's folder. */
export const PART_FILES = {
  plan: 'plan.v8',
  /** Pass 1 of part i: its batches (counts, rejected rows, dedupe entries) and its rows for pass 2. */
  batches: (i: number) => `c${i}.batches`,
  spill: (i: number) => `c${i}.spill`,
  /** The coordinator's pairs of duplicates for part i's lines. */
  pairs: (i: number) => `p${i}.pairs`,
  /** Pass 2 of part i: its finished chunks. */
  chunks: (i: number) => `f${i}.chunks`,
} as const;

export type PartStage = 'clean' | 'finish';

/** What a part message asks, besides the input's `file_name`. */
export interface PartTask {
  readonly folder: string;
  /** The split job's key in the shared state (the folder's name). */
  readonly job: string;
  readonly stage: PartStage;
  readonly index: number;
}

/** The plan as stored beside the parts. */
export interface StoredPlan {
  readonly plan: SplitPlan;
  readonly input: { readonly path: string; readonly etag: string };
}

const partTaskSchema = z.object({
  folder: z.string().min(1),
  job: z.string().regex(/^[\w.:-]{1,200}$/),
  stage: z.enum(['clean', 'finish']),
  index: z.number().int().min(0),
});

/** The part a message of the parts queue asks for; InvalidMessageError unless its folder lies where split jobs keep theirs. */
export function partTaskOf(message: JobMessage, doneDir: string): PartTask {
  const parsed = partTaskSchema.safeParse((message as { part?: unknown }).part);
  if (!parsed.success) throw new InvalidMessageError(`not a part message: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const task = parsed.data;
  const expected = posix.join(doneDir, PARTS_FOLDER, task.job);
  if (task.folder !== expected) throw new InvalidMessageError(`a part's folder must be ${expected}, not ${task.folder}`);
  return task;
}
