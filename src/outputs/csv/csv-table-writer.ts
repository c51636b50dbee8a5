import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CellKind } from '../output-table.js';
import { csvLineFormatter, type CsvDialect } from './csv-line.js';

export type { CsvDialect } from './csv-line.js';

const FLUSH_CHARS = 1 << 16;

/** Writes one CSV table: records formatted here, or text formatted elsewhere by the same formatter. */
export class CsvTableWriter {
  private readonly out: WriteStream;
  private readonly line: (cells: readonly string[], isHeader?: boolean) => string;
  private buffer = '';
  rowCount = 0;

  constructor(
    readonly path: string,
    dialect: CsvDialect,
    header: readonly string[],
    kinds: readonly CellKind[],
  ) {
    this.out = createWriteStream(path);
    this.line = csvLineFormatter(dialect, kinds);
    this.buffer = (dialect.bom ? '\ufeff' : '') + this.line(header, true);
  }

  /** Resolves at once unless the file stream is full (backpressure). */
  writeRow(cells: readonly string[]): Promise<void> | undefined {
    return this.writeText(this.line(cells), 1);
  }

  /** Appends `rows` records already formatted with csvLineFormatter (on another thread, say). */
  writeText(text: string, rows: number): Promise<void> | undefined {
    this.buffer += text;
    this.rowCount += rows;
    return this.buffer.length >= FLUSH_CHARS ? this.flush() : undefined;
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }

  destroy(): void {
    this.out.destroy();
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    const canContinue = this.out.write(this.buffer);
    this.buffer = '';
    if (!canContinue) await once(this.out, 'drain');
  }
}
