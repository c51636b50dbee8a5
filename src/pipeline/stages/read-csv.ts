import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { InputFormatError } from '../../errors.js';
import { CsvRecordParser, type CsvRecord } from '../csv/csv-record-parser.js';
import { detectDelimiter } from '../csv/detect-delimiter.js';
import { detectEncoding, type TextEncoding } from '../csv/detect-encoding.js';
import type { InputReader, ReadOptions } from './read-input.js';

/** Opens a text file as records: encoding and delimiter detected unless the layout sets them. */
export async function openCsv(path: string, file: string, size: number, head: Buffer, options: ReadOptions): Promise<InputReader> {
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
    readStats: () => ({ windows1252Lines: 0 }),
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
