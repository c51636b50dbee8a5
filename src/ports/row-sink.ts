import type { CleanRow, EnrichedRow } from '../domain/row.js';
import type { RunSummary } from '../pipeline/summary.js';

/**
 * One output format (the CSV files, the XLSX workbook) receiving rows as the job streams.
 * A write may return a promise: the caller awaits it, which is how backpressure travels.
 */
export interface RowSink {
  writeKept(row: EnrichedRow): Promise<void> | undefined;
  writeDuplicate(row: CleanRow, keptLine: number): Promise<void> | undefined;
  writeRejected(row: CleanRow): Promise<void> | undefined;
  /** Completes the files; returns their names (relative to the output folder). */
  finish(summary: RunSummary): Promise<string[]>;
  /** Drops whatever was written; the job failed. */
  abort(): Promise<void>;
}
