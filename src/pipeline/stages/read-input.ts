import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { InputFormatError, NotFoundError } from '../../errors.js';
import { looksBinary } from '../csv/detect-binary.js';
import { bomOf, utf16WithoutBom, type TextEncoding } from '../csv/detect-encoding.js';
import { findHeader, headerAtLine, HEADER_SEARCH_RECORDS } from './find-header.js';
import { openCsv } from './read-csv.js';
import { openSpreadsheet } from './read-spreadsheet.js';
import type { SpreadsheetFormat, SpreadsheetLimits } from '../spreadsheet/opened-sheet.js';

export interface InputRow {
  /** Physical line (CSV) or sheet row number (XLSX) where the record starts. */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface InputInfo {
  readonly file: string;
  readonly format: 'csv' | SpreadsheetFormat;
  /** Text encoding of a CSV; null for spreadsheets. */
  readonly encoding: TextEncoding | null;
  readonly delimiter: string | null;
  /** The sheet read, and every sheet of the workbook in tab order (spreadsheets only). */
  readonly sheet: string | null;
  readonly sheets?: readonly string[];
  readonly bytes: number;
  /** Line (CSV) or row (sheet) of the header. */
  readonly headerLine: number;
  /** Non-blank records above the header that were skipped (titles, dates, `sep=`). */
  readonly linesAboveHeader: number;
}

export interface InputReader {
  readonly info: InputInfo;
  readonly header: InputRow;
  /** The data records after the header, one pass only. */
  readonly rows: AsyncIterable<InputRow>;
  /** Bytes of the file consumed so far (progress). */
  bytesRead(): number;
  readStats(): ReadStats;
  /** Releases the file; safe to call at any time, and more than once. */
  close(): void;
}

export interface ReadOptions {
  readonly delimiter?: string;
  readonly encoding?: TextEncoding;
  readonly sheet?: string;
  readonly headerRow?: number;
  readonly maxBytes: number;
  readonly spreadsheetLimits?: Partial<SpreadsheetLimits>;
  /** Characters one CSV record may have (default DEFAULT_MAX_RECORD_CHARS, 16 MiB): past it, the quoting or the delimiter is wrong. */
  readonly maxRecordChars?: number;
  /** Aborting stops the reading at the next chunk (a long record is no reason to ignore SIGTERM). */
  readonly signal?: AbortSignal;
}

/** What the reader learned while reading, complete once the rows are exhausted. */
export interface ReadStats {
  /** Physical lines in which some bytes were not UTF-8 and were read as Windows-1252. */
  windows1252Lines: number;
}

const SNIFF_BYTES = 64 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls, .doc
const TEXT_EXTENSIONS = new Set(['', '.csv', '.txt', '.tsv']);
const ZIP_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xlsb', '.ods']);

/** Opens a CSV or spreadsheet, finds its header (past any title lines) and streams the records under it. */
export async function openInput(path: string, options: ReadOptions): Promise<InputReader> {
  const reader = await openRecords(path, options);
  try {
    return await startAtHeader(reader, options.headerRow);
  } catch (error) {
    reader.close();
    throw error;
  }
}

async function openRecords(path: string, options: ReadOptions): Promise<InputReader> {
  const size = await sizeOf(path);
  const file = basename(path);
  if (size === 0) throw new InputFormatError('EMPTY_FILE', `${file} is empty`);
  if (size > options.maxBytes) {
    throw new InputFormatError('TOO_LARGE', `${file} has ${size} bytes, above the limit of ${options.maxBytes}`);
  }
  const head = await readHead(path);
  const extension = extname(file).toLowerCase();
  if (startsWith(head, ZIP_MAGIC)) return openSpreadsheet(path, file, size, 'zip', options);
  if (startsWith(head, OLE_MAGIC)) return openSpreadsheet(path, file, size, 'ole', options);
  if (ZIP_EXTENSIONS.has(extension)) {
    throw new InputFormatError('MALFORMED_XLSX', `${file} is not a valid ${extension} (not a zip archive)`);
  }
  const markup = extension === '.xls' ? markupKindOf(head) : undefined;
  if (markup) {
    throw new InputFormatError('UNSUPPORTED_FORMAT', `${file} is ${markup} named .xls: open it in Excel or LibreOffice and save it as .xlsx or .csv`);
  }
  // Many ERPs write tab-separated text and name it .xls: read as what it is.
  if (!TEXT_EXTENSIONS.has(extension) && extension !== '.xls') {
    throw new InputFormatError('UNSUPPORTED_FORMAT', `${file}: unsupported format ${extension} (use .csv, .txt, .tsv, .xlsx, .xlsm, .xls, .ods or .xlsb)`);
  }
  const bom = bomOf(head) ?? utf16WithoutBom(head);
  if (!bom?.startsWith('utf-16') && (head.includes(0) || looksBinary(head))) {
    throw new InputFormatError('BINARY_FILE', `${file} is a binary file, not CSV text`);
  }
  return openCsv(path, file, size, head, options);
}

/**
 * Re-reads the first records to decide where the header is (see findHeader), and, for
 * spreadsheets, pads rows to the header's width: a row whose last cells are empty has no
 * cells there, which is never a ragged row.
 */
async function startAtHeader(reader: InputReader, headerRow: number | undefined): Promise<InputReader> {
  const iterator = reader.rows[Symbol.asyncIterator]();
  const sample: InputRow[] = [reader.header];
  while (sample.length < HEADER_SEARCH_RECORDS + 10) {
    const next = await iterator.next();
    if (next.done) break;
    sample.push(next.value);
  }
  const choice = headerRow === undefined ? findHeader(sample) : headerAtLine(sample, headerRow);
  if (choice === undefined) {
    throw new InputFormatError('NO_HEADER', `input.headerRow is ${headerRow}, but the file has no record on that line or in the ${sample.length} records after it`);
  }
  const header = sample[choice.index]!;
  const width = header.cells.length;
  const pad = reader.info.format === 'csv' ? (row: InputRow) => row : (row: InputRow) => padTo(row, width);
  const rest = sample.slice(choice.index + 1);
  return {
    ...reader,
    info: { ...reader.info, headerLine: header.line, linesAboveHeader: reader.info.linesAboveHeader + choice.index },
    header,
    rows: (async function* () {
      for (const row of rest) yield pad(row);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield pad(next.value);
    })(),
  };
}

function padTo(row: InputRow, width: number): InputRow {
  if (row.cells.length >= width) return row;
  const cells = row.cells.slice();
  while (cells.length < width) cells.push('');
  return { line: row.line, cells };
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

/** Web systems often save an HTML table, or Excel 2003's XML, with the .xls extension. */
function markupKindOf(head: Buffer): string | undefined {
  const start = head.subarray(0, 1024).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (start.startsWith('<?xml') && start.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'an Excel 2003 XML spreadsheet';
  if (/^(<\?xml[^>]*>\s*)?(<!doctype html|<html|<table|<meta)/.test(start)) return 'a web page (HTML)';
  return undefined;
}
const startsWith = (head: Buffer, magic: number[]) => magic.every((byte, i) => head[i] === byte);
