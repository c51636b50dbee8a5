import type { CleanRow, DuplicateRow, EnrichedRow } from '../domain/row.js';
import type { RunSummary } from '../pipeline/summary.js';

/**
 * One output format (the CSV files, the XLSX workbook) receiving rows as the job streams.
 * A write may return a promise: the caller awaits it, which is how backpressure travels.
 */
export interface RowSink {
  /**
   * Present when the sink's rows are plain text made by a pure formatter: pass 2 can then
   * format them on worker threads and hand the sink whole chunks through writeFormatted.
   */
  readonly textFormat?: RowTextFormat;
  writeFormatted?(rows: FormattedRows): Promise<void> | undefined;
  writeKept(row: EnrichedRow): Promise<void> | undefined;
  writeDuplicate(duplicate: DuplicateRow): Promise<void> | undefined;
  writeRejected(row: CleanRow): Promise<void> | undefined;
  /** Completes the files; returns their names (relative to the output folder). */
  finish(summary: RunSummary): Promise<string[]>;
  /** Drops whatever was written; the job failed. */
  abort(): Promise<void>;
}

/** A CSV sink's dialect, as plain data a worker thread can receive. */
export interface RowTextFormat {
  readonly kind: 'csv';
  readonly delimiter: string;
  readonly bom: boolean;
  readonly lineEnding: 'crlf' | 'lf';
  readonly decimalComma: boolean;
}

/** Kept and duplicate records of one chunk of rows, already formatted for one sink. */
export interface FormattedRows {
  readonly kept: string;
  readonly keptRows: number;
  readonly duplicates: string;
  /** Rows rejected in pass 2 (a layout rejecting irregular registrations or other holders). */
  readonly rejected?: string;
  readonly rejectedRows?: number;
  readonly duplicateRows: number;
}
