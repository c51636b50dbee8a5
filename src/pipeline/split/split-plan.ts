import { createReadStream } from 'node:fs';
import { MixedUtf8Decoder } from '../csv/mixed-utf8-decoder.js';
import type { TextEncoding } from '../csv/detect-encoding.js';
import { findRecordStarts, type AsciiCompatibleEncoding } from '../csv/record-starts.js';
import type { InputInfo } from '../stages/read-input.js';

/** Rows per pass-1 batch. The cuts of a split file fall on these boundaries, so its parts make the very batches a whole run makes. */
export const BATCH_ROWS = 2000;

/** One byte range of a split CSV: whole records, numbered as in the whole file. */
export interface PartRange {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** Physical line of the part's first record. */
  readonly line: number;
}

/** How the parts read their bytes: the whole file's dialect, found from its head. */
export interface PartReading {
  readonly encoding: TextEncoding;
  readonly delimiter: string;
  readonly maxRecordChars?: number;
}

/** Encodings whose structural bytes (delimiter, quote, CR, LF) are single ASCII bytes: a cut by bytes is a cut by characters. */
const SPLITTABLE = new Set<TextEncoding>(['utf-8', 'utf-8-bom', 'windows-1252']);

/**
 * The parts a CSV is cut into, about `partBytes` each; undefined when the input stays whole:
 * a spreadsheet, UTF-16, fewer than two parts' worth, or a scan whose first data record is
 * not the reader's (then splitting could change the result, which it must never do).
 */
export async function planParts(
  path: string,
  info: InputInfo,
  firstDataLine: number | undefined,
  options: { readonly partBytes: number; readonly signal?: AbortSignal },
): Promise<PartRange[] | undefined> {
  if (info.format !== 'csv' || info.encoding === null || !SPLITTABLE.has(info.encoding) || info.delimiter === null) return undefined;
  if (firstDataLine === undefined || !(options.partBytes > 0) || info.bytes < 2 * options.partBytes) return undefined;
  const cuts = await findRecordStarts(path, {
    delimiter: info.delimiter,
    encoding: info.encoding as AsciiCompatibleEncoding,
    fromRecord: info.linesAboveHeader + 1,
    everyRecords: BATCH_ROWS,
    minBytes: options.partBytes,
    signal: options.signal,
  });
  if (cuts.length < 2 || cuts[0]!.line !== firstDataLine) return undefined;
  return cuts.map((cut, index) => ({ index, start: cut.byte, end: cuts[index + 1]?.byte ?? info.bytes, line: cut.line }));
}

/** The last line a part can hold (its pairs of duplicates are those up to it). */
export const lastLineOf = (parts: readonly PartRange[], index: number): number => (index + 1 < parts.length ? parts[index + 1]!.line - 1 : Number.MAX_SAFE_INTEGER);

/**
 * Lines with bytes read as Windows-1252 above the first part (the header and what is over
 * it): a whole run counts them too, and no part reads them.
 */
export async function headWindows1252Lines(path: string, end: number): Promise<number> {
  if (end === 0) return 0;
  const decoder = new MixedUtf8Decoder();
  for await (const piece of createReadStream(path, { start: 0, end: end - 1 }) as AsyncIterable<Buffer>) decoder.decode(piece);
  decoder.end();
  return decoder.windows1252Lines;
}
