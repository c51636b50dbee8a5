import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { InputFormatError } from '../../errors.js';
import { CsvRecordParser, type CsvRecord } from '../csv/csv-record-parser.js';
import { detectDelimiter, excelSeparatorLine } from '../csv/detect-delimiter.js';
import { detectEncoding, type TextEncoding } from '../csv/detect-encoding.js';
import { MixedUtf8Decoder } from '../csv/mixed-utf8-decoder.js';
import type { InputReader, ReadOptions, ReadStats } from './read-input.js';

/** Kept as a name of its own: the CSV reader's options are the input's. */
export type CsvReadOptions = ReadOptions;

/**
 * Opens a text file as records: encoding and delimiter detected unless the layout sets them.
 * An Excel `sep=;` first line sets the delimiter (unless the layout does) and is skipped.
 */
export async function openCsv(path: string, file: string, size: number, head: Buffer, options: CsvReadOptions): Promise<InputReader> {
  const { signal } = options;
  const encoding = options.encoding ?? (await detectEncoding(path, signal));
  const sample = stripBom(decodeHead(head, encoding));
  const separatorLine = excelSeparatorLine(sample);
  const delimiter = options.delimiter ?? separatorLine?.delimiter ?? detectDelimiter(sample.slice(separatorLine?.length ?? 0));
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const utf8 = encoding === 'utf-8' || encoding === 'utf-8-bom' ? new MixedUtf8Decoder() : undefined;
  const text = utf8 ? decodeMixed(source, utf8) : decodeWith(source, encoding);
  const parser = new CsvRecordParser(delimiter, { maxRecordChars: options.maxRecordChars });
  const records = csvRecords(text, parser, signal)[Symbol.asyncIterator]();
  let first: IteratorResult<CsvRecord>;
  try {
    first = await records.next();
    if (separatorLine && !first.done) first = await records.next();
  } catch (error) {
    source.destroy();
    throw error;
  }
  if (first.done) {
    source.destroy();
    throw new InputFormatError('EMPTY_FILE', `${file} has no records, only blank lines`);
  }
  const linesAboveHeader = separatorLine ? 1 : 0;
  return {
    info: { file, format: 'csv', encoding, delimiter, sheet: null, bytes: size, headerLine: first.value.line, linesAboveHeader },
    header: first.value,
    rows: { [Symbol.asyncIterator]: () => records },
    bytesRead: () => source.bytesRead,
    readStats: () => ({ windows1252Lines: utf8?.windows1252Lines ?? 0 }),
    close: () => source.destroy(),
  };
}

/** How to read one part of a split CSV (see findRecordStarts): the whole file's dialect, and where the part starts. */
export interface CsvRangeOptions {
  readonly encoding: TextEncoding;
  readonly delimiter: string;
  /** Physical line of the part's first byte in the whole file. */
  readonly firstLine: number;
  readonly maxRecordChars?: number;
  readonly signal?: AbortSignal;
}

/**
 * The records of a file that holds one part of a split CSV: every record is data (the header
 * was read from the whole file's head), and lines are numbered as in the whole file.
 */
export function csvRangeRows(path: string, options: CsvRangeOptions): { rows: AsyncIterable<CsvRecord>; readStats: () => ReadStats; close: () => void } {
  const { encoding, signal } = options;
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const utf8 = encoding === 'utf-8' || encoding === 'utf-8-bom' ? new MixedUtf8Decoder() : undefined;
  const text = utf8 ? decodeMixed(source, utf8) : decodeWith(source, encoding);
  const parser = new CsvRecordParser(options.delimiter, { maxRecordChars: options.maxRecordChars, firstLine: options.firstLine });
  return {
    rows: csvRecords(text, parser, signal, false),
    readStats: () => ({ windows1252Lines: utf8?.windows1252Lines ?? 0 }),
    close: () => source.destroy(),
  };
}

/**
 * Records of the decoded text; an aborted signal stops it at the next chunk with the signal's
 * reason. A byte-order mark is dropped only at the start of a file (`atFileStart`): a part of
 * a split file starts past it.
 */
async function* csvRecords(text: AsyncIterable<string>, parser: CsvRecordParser, signal: AbortSignal | undefined, atFileStart = true): AsyncGenerator<CsvRecord> {
  const batch: CsvRecord[] = [];
  const emit = (r: CsvRecord) => batch.push(r);
  let isFirst = atFileStart;
  for await (const chunk of text) {
    signal?.throwIfAborted();
    parser.push(isFirst ? stripBom(chunk) : chunk, emit);
    isFirst = isFirst && chunk === '';
    yield* batch;
    batch.length = 0;
  }
  parser.end(emit);
  yield* batch;
}

async function* decodeMixed(source: Readable, decoder: MixedUtf8Decoder): AsyncGenerator<string> {
  for await (const chunk of source as AsyncIterable<Buffer>) yield decoder.decode(chunk);
  yield decoder.end();
}

function decodeWith(source: Readable, encoding: TextEncoding): AsyncIterable<string> {
  // iconv-lite's stream typings predate async iteration; the stream itself supports it.
  return source.pipe(iconv.decodeStream(iconvName(encoding))) as unknown as AsyncIterable<string>;
}

/** The sniff sample, decoded as the file will be (a sequence cut by the sample's end is dropped). */
function decodeHead(head: Buffer, encoding: TextEncoding): string {
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') return new MixedUtf8Decoder().decode(head);
  return iconv.decode(head, iconvName(encoding));
}

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

const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);
