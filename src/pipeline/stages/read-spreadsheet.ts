import { createReadStream } from 'node:fs';
import { InputFormatError } from '../../errors.js';
import type { InputReader, ReadOptions } from './read-input.js';

/** Opens one sheet of a spreadsheet as rows of text. */
export async function openXlsx(path: string, file: string, size: number, options: ReadOptions): Promise<InputReader> {
  // Loaded on demand: the XLSX reader pulls in exceljs, which CSV runs never need.
  const { readXlsxRows } = await import('./read-xlsx.js');
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const rows = readXlsxRows(source, options.sheet === undefined ? {} : { sheet: options.sheet });
  const iterator = rows[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.cells.every((c) => c.trim() === '')) first = await iterator.next();
  if (first.done) throw new InputFormatError('EMPTY_FILE', `${file} has no rows in the sheet`);
  return {
    info: { file, format: 'xlsx', encoding: 'xlsx', delimiter: null, sheet: options.sheet ?? rows.sheetName(), bytes: size, headerLine: first.value.rowNumber, linesAboveHeader: 0 },
    header: { line: first.value.rowNumber, cells: first.value.cells },
    rows: (async function* () {
      for await (const row of { [Symbol.asyncIterator]: () => iterator }) {
        if (row.cells.every((c) => c.trim() === '')) continue;
        yield { line: row.rowNumber, cells: row.cells };
      }
    })(),
    bytesRead: () => source.bytesRead,
    readStats: () => ({ windows1252Lines: 0 }),
    close: () => source.destroy(),
  };
}
