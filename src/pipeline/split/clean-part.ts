import { SpillWriter } from '../dedupe/spill-file.js';
import type { SanitizeSpec, SanitizedBatch } from '../parallel/sanitize-batch.js';
import { sanitizeInParallel } from '../parallel/sanitize-pool.js';
import { csvRangeRows } from '../stages/read-csv.js';
import type { ReadStats } from '../stages/read-input.js';
import { chunk } from '../stages/stage.js';
import { FramedWriter } from './framed-records.js';
import { BATCH_ROWS, type PartRange, type PartReading } from './split-plan.js';

/** A batch of a part as the coordinator replays it: its spill text stays in the part's spill file. */
export type PartBatch = Omit<SanitizedBatch, 'spill'>;

/** The last record of a part's batches file. */
export interface PartTrailer {
  readonly stats: ReadStats;
}

/**
 * Pass 1 of one part (a byte range of a split CSV, downloaded to `rangePath`): the same
 * field rules, in the same batches, as a whole run. Writes the batches (counts, rejected rows,
 * dedupe entries; a PartTrailer last) to `batchesPath` and the rows that wait for pass 2 to
 * `spillPath`.
 */
export async function cleanPart(
  rangePath: string,
  part: PartRange,
  reading: PartReading,
  spec: SanitizeSpec,
  out: { readonly batchesPath: string; readonly spillPath: string; readonly threads: number; readonly signal?: AbortSignal },
): Promise<{ rows: number }> {
  const input = csvRangeRows(rangePath, { ...reading, firstLine: part.line, signal: out.signal });
  const batches = new FramedWriter(out.batchesPath);
  const spill = new SpillWriter(out.spillPath);
  let rows = 0;
  try {
    for await (const batch of sanitizeInParallel(chunk(input.rows, BATCH_ROWS), spec, out.threads)) {
      await spill.writeText(batch.spill);
      const { counts, rejected, entries, fuzzy } = batch;
      await batches.write({ counts, rejected, entries, ...(fuzzy && { fuzzy }) } satisfies PartBatch);
      rows += counts.inputRows;
      out.signal?.throwIfAborted();
    }
    await batches.write({ stats: input.readStats() } satisfies PartTrailer);
    await Promise.all([spill.close(), batches.close()]);
    return { rows };
  } catch (error) {
    batches.destroy();
    await spill.close().catch(() => {});
    throw error;
  } finally {
    input.close();
  }
}
