import type { FinishSpec, FinishedChunk } from '../pipeline/parallel/finish-batch.js';
import type { ChunkDecisions } from '../pipeline/fuzzy/duplicate-decisions.js';
import type { SanitizeSpec } from '../pipeline/parallel/sanitize-batch.js';
import type { PartBatch } from '../pipeline/split/clean-part.js';
import type { PartRange, PartReading } from '../pipeline/split/split-plan.js';
import type { ReadStats } from '../pipeline/stages/read-input.js';

/** What every part of a split job needs to know, decided once by the job that split it. */
export interface SplitPlan {
  readonly parts: readonly PartRange[];
  readonly reading: PartReading;
  readonly clean: SanitizeSpec;
  readonly finish: FinishSpec;
  /** Keys per reference lookup (the layout's enrichment.batchSize). */
  readonly lookupBatchSize: number;
}

/**
 * Runs the two passes of a split job's parts wherever they run (other workers, through the
 * queue), and gives their results back to the job in file order, so that the job goes on
 * exactly as if it had made them itself: same batches, same chunks, same bytes out.
 */
export interface SplitRunner {
  /** CSV inputs of at least twice this size are split into parts of about this size; 0: never. */
  readonly partBytes: number;
  /** Starts pass 1 of every part; yields their batches in file order, then their read stats. */
  clean(plan: SplitPlan, signal?: AbortSignal): { readonly batches: AsyncIterable<PartBatch>; readStats(): ReadStats };
  /**
   * Starts pass 2 of every part, once `pairsOf(i)` (called for i = 0, 1, … in order) gave the
   * part's pairs of duplicates; yields every part's finished chunks in file order.
   */
  finish(plan: SplitPlan, pairsOf: (part: number) => ChunkDecisions, signal?: AbortSignal): AsyncIterable<FinishedChunk>;
}
