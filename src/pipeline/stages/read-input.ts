import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import iconv from 'iconv-lite';
import { InputFormatError, NotFoundError } from '../../errors.js';
import { CsvRecordParser, type CsvRecord } from '../csv/csv-record-parser.js';
import { detectDelimiter } from '../csv/detect-delimiter.js';
import { bomOf, detectEncoding, type TextEncoding } from '../csv/detect-encoding.js';

export interface InputRow {
  /** Physical line (CSV) or sheet row number (XLSX) where the record starts. */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface InputInfo {
  readonly file: string;
  readonly format: 'csv' | 'xlsx';
  readonly encoding: TextEncoding | 'xlsx';
  readonly delimiter: string | null;
  readonly sheet: string | null;
  readonly bytes: number;
}

export interface InputReader {
  readonly info: InputInfo;
  readonly header: InputRow;
  /** The data records after the header, one pass only. */
  readonly rows: AsyncIterable<InputRow>;
  /** Bytes of the file consumed so far (progress). */
  bytesRead(): number;
  /** Releases the file; safe to call at any time, and more than once. */
  close(): void;
}

export interface ReadOptions {
  readonly delimiter?: string;
  readonly encoding?: TextEncoding;
  readonly sheet?: string;
  readonly maxBytes: number;
}

const SNIFF_BYTES = 64 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls, .doc
const TEXT_EXTENSIONS = new Set(['', '.csv', '.txt', '.tsv']);

export async function openInput(path: string, options: ReadOptions): Promise<InputReader> {
  const size = await sizeOf(path);
  const file = basename(path);
  if (size === 0) throw new InputFormatError('EMPTY_FILE', `${file} is empty`);
  if (size > options.maxBytes) {
    throw new InputFormatError('TOO_LARGE', `${file} has ${size} bytes, above the limit of ${options.maxBytes}`);
  }
  const head = await readHead(path);
  const extension = extname(file).toLowerCase();
  if (startsWith(head, ZIP_MAGIC)) return openXlsx(path, file, size, options);
  if (extension === '.xlsx') throw new InputFormatError('MALFORMED_XLSX', `${file} is not a valid .xlsx (not a zip archive)`);
  if (startsWith(head, OLE_MAGIC) || extension === '.xls') {
    throw new InputFormatError('UNSUPPORTED_FORMAT', `${file} is a legacy Excel .xls file: save it as .xlsx or .csv`);
  }
  if (!TEXT_EXTENSIONS.has(extension)) {
    throw new InputFormatError('UNSUPPORTED_FORMAT', `${file}: unsupported format ${extension} (use .csv, .txt, .tsv or .xlsx)`);
  }
  const bom = bomOf(head);
  if (!bom?.startsWith('utf-16') && head.includes(0)) {
    throw new InputFormatError('BINARY_FILE', `${file} is a binary file, not CSV text`);
  }
  return openCsv(path, file, size, head, options);
}

async function openCsv(path: string, file: string, size: number, head: Buffer, options: ReadOptions): Promise<InputReader> {
  const encoding = options.encoding ?? (await detectEncoding(path));
  const sample = stripBom(iconv.decode(head, iconvName(encoding)));
  const delimiter = options.delimiter ?? detectDelimiter(sample);
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  // iconv-lite's stream typings predate async iteration; the stream itself supports it.
  const text = source.pipe(iconv.decodeStream(iconvName(encoding))) as unknown as AsyncIterable<string>;
  const records = csvRecords(text, delimiter)[Symbol.asyncIterator]();
  const first = await records.next();
  if (first.done) {
    source.destroy();
    throw new InputFormatError('EMPTY_FILE', `${file} has no records, only blank lines`);
  }
  return {
    info: { file, format: 'csv', encoding, delimiter, sheet: null, bytes: size },
    header: first.value,
    rows: { [Symbol.asyncIterator]: () => records },
    bytesRead: () => source.bytesRead,
    close: () => source.destroy(),
  };
}

async function* csvRecords(text: AsyncIterable<string | Buffer>, delimiter: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvRecordParser(delimiter);
  const batch: CsvRecord[] = [];
  const emit = (r: CsvRecord) => batch.push(r);
  let isFirst = true;
  for await (const chunk of text) {
    let s = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (isFirst) s = stripBom(s);
    isFirst = false;
    parser.push(s, emit);
    yield* batch;
    batch.length = 0;
  }
  parser.end(emit);
  yield* batch;
}

async function openXlsx(path: string, file: string, size: number, options: ReadOptions): Promise<InputReader> {
  // Loaded on demand: the XLSX reader pulls in exceljs, which CSV runs never need.
  const { readXlsxRows } = await import('./read-xlsx.js');
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const rows = readXlsxRows(source, options.sheet === undefined ? {} : { sheet: options.sheet });
  const iterator = rows[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.cells.every((c) => c.trim() === '')) first = await iterator.next();
  if (first.done) throw new InputFormatError('EMPTY_FILE', `${file} has no rows in the sheet`);
  return {
    info: { file, format: 'xlsx', encoding: 'xlsx', delimiter: null, sheet: options.sheet ?? rows.sheetName(), bytes: size },
    header: { line: first.value.rowNumber, cells: first.value.cells },
    rows: (async function* () {
      for await (const row of { [Symbol.asyncIterator]: () => iterator }) {
        if (row.cells.every((c) => c.trim() === '')) continue;
        yield { line: row.rowNumber, cells: row.cells };
      }
    })(),
    bytesRead: () => source.bytesRead,
    close: () => source.destroy(),
  };
}

async function sizeOf(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputFormatError('UNSUPPORTED_FORMAT', `${path} is not a regular file`);
    return info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`input file not found: ${path}`, { cause: error });
    throw error;
  }
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const startsWith = (head: Buffer, magic: number[]) => magic.every((byte, i) => head[i] === byte);
const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

function iconvName(encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return 'utf8';
    case 'utf-16le':
      return 'utf16le';
    case 'utf-16be':
      return 'utf16be';
    case 'windows-1252':
      return 'win1252';
  }
}
