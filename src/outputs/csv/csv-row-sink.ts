import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CleanRow, DuplicateRow, EnrichedRow } from '../../domain/row.js';
import type { FormattedRows, RowSink, RowTextFormat } from '../../ports/row-sink.js';
import type { OutputTables } from '../output-table.js';
import { CsvTableWriter, type CsvDialect } from './csv-table-writer.js';

/** `<name>_higienizado.csv`, `<name>_duplicados.csv`, `<name>_rejeitados.csv` (fuzzy matching's review file is review-file.ts). */
export class CsvRowSink implements RowSink {
  private readonly data: CsvTableWriter;
  private readonly duplicates: CsvTableWriter;
  private readonly rejected: CsvTableWriter;
  readonly textFormat: RowTextFormat;

  constructor(
    folder: string,
    baseName: string,
    private readonly tables: OutputTables,
    dialect: CsvDialect,
  ) {
    const open = (suffix: string, table: { header: readonly string[]; kinds: readonly ('text' | 'money')[] }) =>
      new CsvTableWriter(join(folder, `${baseName}_${suffix}.csv`), dialect, table.header, table.kinds);
    this.data = open('higienizado', tables.data);
    this.duplicates = open('duplicados', tables.duplicates);
    this.rejected = open('rejeitados', tables.rejected);
    this.textFormat = { kind: 'csv', ...dialect };
  }

  writeFormatted(rows: FormattedRows) {
    const kept = this.data.writeText(rows.kept, rows.keptRows);
    const duplicates = this.duplicates.writeText(rows.duplicates, rows.duplicateRows);
    const rejected = rows.rejectedRows ? this.rejected.writeText(rows.rejected!, rows.rejectedRows) : undefined;
    const pending = [kept, duplicates, rejected].filter((p) => p !== undefined);
    return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
  }

  writeKept(row: EnrichedRow) {
    return this.data.writeRow(this.tables.data.cells(row));
  }

  writeDuplicate(duplicate: DuplicateRow) {
    return this.duplicates.writeRow(this.tables.duplicates.cells(duplicate));
  }

  writeRejected(row: CleanRow) {
    return this.rejected.writeRow(this.tables.rejected.cells(row));
  }

  async finish(): Promise<string[]> {
    const writers = this.writers();
    await Promise.all(writers.map((w) => w.close()));
    return writers.map((w) => basename(w.path));
  }

  async abort(): Promise<void> {
    const writers = this.writers();
    for (const w of writers) w.destroy();
    await Promise.all(writers.map((w) => rm(w.path, { force: true })));
  }

  private writers(): CsvTableWriter[] {
    return [this.data, this.duplicates, this.rejected];
  }
}
