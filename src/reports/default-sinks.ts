import type { Layout } from '../config/layout.js';
import type { OutputFormat, SinkFactory } from '../pipeline/run-job.js';
import type { OutputTables } from './output-table.js';
import { CsvRowSink } from './csv/csv-row-sink.js';

/** The tabular outputs by format (the JSON summary is written by the job itself). */
export const defaultSinks: Partial<Record<OutputFormat, SinkFactory>> = {
  csv: (folder: string, baseName: string, tables: OutputTables, layout: Layout) =>
    new CsvRowSink(folder, baseName, tables, layout.output),
};
