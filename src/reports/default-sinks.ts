import type { OutputFormat, SinkFactory } from '../pipeline/run-job.js';
import { CsvRowSink } from './csv/csv-row-sink.js';
import { XlsxRowSink } from './xlsx-row-sink.js';

/** The tabular outputs by format (the JSON summary is written by the job itself). */
export const defaultSinks: Partial<Record<OutputFormat, SinkFactory>> = {
  csv: ({ folder, baseName, tables, layout }) => new CsvRowSink(folder, baseName, tables, layout.output),
  xlsx: ({ folder, baseName, tables, lang }) => XlsxRowSink.create(folder, baseName, tables, lang),
};
