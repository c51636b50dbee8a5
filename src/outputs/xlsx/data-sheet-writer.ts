/**
 * A data sheet streamed row by row into deflated temp files. Past Excel's row limit (or 4 GB of
 * XML, the limit of a zip without ZIP64) it continues in "Dados (2)", "Dados (3)"… with the same
 * header. The first rows are held back to size the columns, because `<cols>` precedes the rows.
 */
import { DeflatedPartWriter, type DeflatedFile } from './deflated-part.js';
import {
  STYLE,
  RowEncoder,
  columnWidths,
  rangeRef,
  textRow,
  worksheetEnd,
  worksheetStart,
  type CellValue,
  type SheetColumn,
} from './sheet-xml.js';

export interface SheetWriter {
  /**
   * Appends a row (values in column order; null, undefined and '' are empty cells). Returns a
   * Promise when the sheet has too much data waiting for compression or the disk: await it before
   * writing more. Throws once writing the sheet's temp file has failed (finalize rejects too).
   */
  writeRow(values: readonly CellValue[]): void | Promise<void>;
  /** Data rows written so far, header excluded, across "Dados (2)"… continuations. */
  readonly rowCount: number;
}

export interface DataSheetSettings {
  /** Rows per sheet, header included (Excel: 1,048,576). */
  readonly maxRowsPerSheet: number;
  /** Uncompressed XML bytes after which a new sheet starts. */
  readonly maxSheetBytes: number;
  readonly deflateLevel: number;
  /** Rows looked at to compute column widths. */
  readonly sampleRows: number;
  /** Whether this is the workbook's first sheet (the tab selected on opening). */
  readonly isFirst: boolean;
  readonly tempFile: () => string;
}

export interface ClosedSheet {
  readonly name: string;
  readonly file: DeflatedFile;
  /** Absolute autofilter range for workbook.xml (`$A$1:$T$100`). */
  readonly filterRange: string;
}

interface OpenPart {
  readonly name: string;
  readonly writer: DeflatedPartWriter;
  lastRow: number;
}

const MAX_SHEET_NAME = 31;

/** "Dados" → "Dados (2)", cutting the base so the result fits Excel's 31 characters. */
export function continuationName(base: string, index: number): string {
  const suffix = ` (${index})`;
  return base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
}

export class DataSheetWriter implements SheetWriter {
  private sample: CellValue[][] | undefined = [];
  private widths: number[] = [];
  private current: OpenPart | undefined;
  private partCount = 0;
  private rows = 0;
  private readonly closing: Promise<ClosedSheet>[] = [];
  private readonly encoder: RowEncoder;

  constructor(
    readonly name: string,
    private readonly columns: readonly SheetColumn[],
    private readonly settings: DataSheetSettings,
  ) {
    this.encoder = new RowEncoder(columns);
  }

  get rowCount(): number {
    return this.rows;
  }

  writeRow(values: readonly CellValue[]): void | Promise<void> {
    this.rows++;
    if (this.sample === undefined) return this.append(values);
    this.sample.push(values.slice());
    if (this.sample.length >= this.settings.sampleRows) return this.flushSample();
  }

  /** Ends the last sheet and waits for every temp file to be complete. */
  async close(): Promise<ClosedSheet[]> {
    await this.flushSample();
    const part = this.current ?? this.startPart();
    this.current = undefined;
    this.closing.push(this.endPart(part));
    return Promise.all(this.closing);
  }

  destroy(): void {
    this.current?.writer.destroy();
  }

  private flushSample(): void | Promise<void> {
    if (this.sample === undefined) return;
    const sample = this.sample;
    this.sample = undefined;
    this.widths = columnWidths(this.columns, sample);
    let wait: void | Promise<void> = undefined;
    for (const row of sample) wait = this.append(row) ?? wait;
    return wait;
  }

  private append(values: readonly CellValue[]): void | Promise<void> {
    let part = this.current;
    if (part === undefined || part.lastRow >= this.settings.maxRowsPerSheet || part.writer.size >= this.settings.maxSheetBytes) {
      part = this.startPart();
    }
    part.lastRow++;
    return part.writer.write(this.encoder.encode(part.lastRow, values)) ? undefined : part.writer.drained();
  }

  private startPart(): OpenPart {
    if (this.current !== undefined) {
      const ended = this.endPart(this.current);
      ended.catch(() => undefined); // awaited in close(); this only keeps Node from calling it unhandled
      this.closing.push(ended);
    }
    this.partCount++;
    const name = this.partCount === 1 ? this.name : continuationName(this.name, this.partCount);
    const writer = new DeflatedPartWriter(this.settings.tempFile(), this.settings.deflateLevel);
    const isSelected = this.settings.isFirst && this.partCount === 1;
    writer.write(
      worksheetStart({ widths: this.widths, freezeHeader: true, isSelected }) +
        textRow(1, this.columns.map((c) => c.header), STYLE.header),
    );
    this.current = { name, writer, lastRow: 1 };
    return this.current;
  }

  private async endPart(part: OpenPart): Promise<ClosedSheet> {
    const range = rangeRef(this.columns.length, 1, part.lastRow);
    part.writer.write(worksheetEnd({ autoFilter: range, textRange: range }));
    const file = await part.writer.close();
    return { name: part.name, file, filterRange: range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2') };
  }
}
