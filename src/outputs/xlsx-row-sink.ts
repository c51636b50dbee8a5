import { basename, join } from 'node:path';
import type { CleanRow, DuplicateRow, EnrichedRow } from '../domain/row.js';
import type { Locale } from '../i18n/messages.js';
import type { RowSink } from '../ports/row-sink.js';
import type { RunSummary } from '../pipeline/summary.js';
import type { OutputTable, OutputTables } from './output-table.js';
import { XlsxWorkbookWriter, type CellValue, type SheetColumn, type SheetWriter, type SummarySheet } from './xlsx/xlsx-workbook-writer.js';

/** Draws the Resumo dashboard from the finished summary (the reports' business, injected). */
export type DashboardOf = (summary: RunSummary, lang: Locale) => SummarySheet;

const CLEAN_MONEY = /^-?\d+\.\d{2}$/;

/**
 * `<name>_higienizado.xlsx`: Dados, Duplicados, Rejeitados streamed as rows arrive, Resumo
 * written at the end. Every column is text (CPF, CEP and phones must never become numbers)
 * except money, stored as numbers so Excel can sum them.
 */
export class XlsxRowSink implements RowSink {
  private constructor(
    private readonly path: string,
    private readonly workbook: XlsxWorkbookWriter,
    private readonly tables: OutputTables,
    private readonly sheets: { data: SheetWriter; duplicates: SheetWriter; rejected: SheetWriter },
    private readonly lang: Locale,
    private readonly dashboardOf: DashboardOf | undefined,
  ) {}

  static async create(folder: string, baseName: string, tables: OutputTables, lang: Locale, dashboardOf?: DashboardOf): Promise<XlsxRowSink> {
    const path = join(folder, `${baseName}_higienizado.xlsx`);
    // Opens on the Resumo dashboard: what happened to the file is the first thing people want.
    const workbook = await XlsxWorkbookWriter.create(path, { tempDir: folder, openOn: 'summary' });
    const names = lang === 'en' ? ['Data', 'Duplicates', 'Rejected'] : ['Dados', 'Duplicados', 'Rejeitados'];
    const sheets = {
      data: workbook.addSheet(names[0]!, columnsOf(tables.data)),
      duplicates: workbook.addSheet(names[1]!, columnsOf(tables.duplicates)),
      rejected: workbook.addSheet(names[2]!, columnsOf(tables.rejected)),
    };
    return new XlsxRowSink(path, workbook, tables, sheets, lang, dashboardOf);
  }

  writeKept(row: EnrichedRow) {
    return settle(this.sheets.data.writeRow(typed(this.tables.data, this.tables.data.cells(row))));
  }

  writeDuplicate(duplicate: DuplicateRow) {
    return settle(this.sheets.duplicates.writeRow(typed(this.tables.duplicates, this.tables.duplicates.cells(duplicate))));
  }

  writeRejected(row: CleanRow) {
    return settle(this.sheets.rejected.writeRow(this.tables.rejected.cells(row)));
  }

  async finish(summary: RunSummary): Promise<string[]> {
    await this.workbook.finalize(this.dashboardOf?.(summary, this.lang));
    return [basename(this.path)];
  }

  abort(): Promise<void> {
    return this.workbook.abort();
  }
}

function columnsOf<R>(table: OutputTable<R>): SheetColumn[] {
  return table.header.map((header, i) =>
    table.kinds[i] === 'money' ? { header, kind: 'number', numberFormat: 'decimal' } : { header, kind: 'text' },
  );
}

/** Clean money becomes a number; anything else (an invalid "a combinar") stays text. */
function typed<R>(table: OutputTable<R>, cells: string[]): CellValue[] {
  const values: CellValue[] = cells;
  for (let i = 0; i < cells.length; i++) {
    if (table.kinds[i] === 'money' && CLEAN_MONEY.test(cells[i]!)) values[i] = Number(cells[i]);
  }
  return values;
}

const settle = (pending: void | Promise<void>): Promise<void> | undefined => pending ?? undefined;
