import type { OutputFormat, SinkFactory } from '../pipeline/run-job.js';
import { CsvRowSink } from './csv/csv-row-sink.js';
import { XlsxRowSink, type DashboardOf } from './xlsx-row-sink.js';

/**
 * The tabular outputs by format (the JSON summary is written by the job itself). The XLSX
 * workbook opens on a dashboard drawn from the summary: the composition root passes the
 * reports' drawing in, so the outputs never import the reports.
 */
export const tabularSinks = (dashboardOf?: DashboardOf): Partial<Record<OutputFormat, SinkFactory>> => ({
  csv: ({ folder, baseName, tables, layout }) => new CsvRowSink(folder, baseName, tables, layout.output),
  xlsx: ({ folder, baseName, tables, lang }) => XlsxRowSink.create(folder, baseName, tables, lang, dashboardOf),
});
