import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { TextEncoding } from './detect-encoding.js';
import { completeEnd, utf8SequenceLength } from './mixed-utf8-decoder.js';

export interface RecordStart {
  /** Byte offset in the file where the record begins. */
  readonly byte: number;
  /** 1-based physical line of that byte, as CsvRecordParser counts lines. */
  readonly line: number;
  /** 0-based index of the record among the file's records (skipped blank lines are not records). */
  readonly record: number;
}

/** The encodings in which the delimiter, quote, CR and LF are single bytes below 0x80. */
export type AsciiCompatibleEncoding = Extract<TextEncoding, 'utf-8' | 'utf-8-bom' | 'windows-1252'>;

export interface RecordStartsOptions {
  /** One ASCII character other than `"`, CR and LF. */
  readonly delimiter: string;
  readonly fromRecord: number;
  readonly everyRecords: number;
  readonly minBytes: number;
  /**
   * How the reader decodes the file (default `utf-8`: UTF-8 with stray 1252 bytes, as
   * MixedUtf8Decoder reads it). It matters only for lines made of whitespace: the parser skips
   * a line whose text trims to nothing, and `C2 A0` is a no-break space in UTF-8 but `Â` and a
   * no-break space in 1252. A UTF-8 BOM is skipped only when the file is read as UTF-8.
   */
  readonly encoding?: AsciiCompatibleEncoding;
  readonly signal?: AbortSignal;
}

const READ_BYTES = 1 << 20;

/**
 * Cut points of a CSV file in an ASCII-compatible encoding (utf-8 with or without BOM,
 * windows-1252, or a mix: the delimiter, quote, CR and LF are single bytes below 0x80 in all of them).
 * The first is the start of record `fromRecord` (the first data record after the header); each next one is the
 * first record whose index is fromRecord + k·everyRecords (k ≥ 1) and whose byte offset is at least `minBytes`
 * past the previous cut. Parsing [cut_i, cut_{i+1}) (and the last cut to EOF) with a fresh parser whose firstLine
 * is cut_i.line gives exactly the records the whole file gives from record cut_i.record on.
 * A file with fewer records than fromRecord+1 gives [].
 *
 * A part is decoded with the whole file's encoding and without dropping a BOM: the file's own
 * BOM lies before the first cut, and a U+FEFF at the start of a later part is text. An unclosed
 * quote runs to the end of the file, so no cut follows it.
 */
export async function findRecordStarts(path: string, options: RecordStartsOptions): Promise<RecordStart[]> {
  const scanner = new RecordStartScanner(options);
  const { signal } = options;
  signal?.throwIfAborted();
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (let position = 0; ; ) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      scanner.push(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return scanner.end();
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const NONE = -1;

/** What the first byte of a line says about it being a record. */
const RECORD = 0; // it has text, a delimiter or an opening quote: a record
const LINE_END = 1; // an empty line: skipped
const MAYBE_BLANK = 2; // whitespace, or a non-ASCII byte that may decode to whitespace
type StartKind = typeof RECORD | typeof LINE_END | typeof MAYBE_BLANK;

/** Bytes that a 1252 reading (the whole file's, or MixedUtf8Decoder's for invalid bytes) turns into whitespace. */
const IS_1252_SPACE: readonly boolean[] = Array.from({ length: 256 }, (_, b) => b >= 0x80 && iconv.decode(Buffer.from([b]), 'win1252').trim() === '');

/**
 * The scan behind findRecordStarts, fed the file's bytes in chunks of any size. It follows
 * CsvRecordParser's rules: a quote opens a quoted cell only at a record's start or right after
 * a delimiter; inside quotes `""` is a quote and any other quote closes; CRLF, LF and CR each
 * end a record and a line, and a LF inside quotes is one more line; a line with one unquoted
 * cell that trims to nothing is no record. Bytes are jumped over with `indexOf` and looked at
 * one by one only at the start of a line that begins with whitespace.
 */
export class RecordStartScanner {
  private readonly delimiter: number;
  private readonly isUtf8: boolean;
  private readonly fromRecord: number;
  private readonly everyRecords: number;
  private readonly minBytes: number;
  private readonly kinds: StartKind[];
  private readonly starts: RecordStart[] = [];
  /** File offset of the first byte not yet scanned. */
  private offset = 0;
  /** Bytes a chunk ended with that only the next one can settle (a CR, a quote inside quotes, part of a UTF-8 sequence). */
  private carry: Buffer | undefined;
  private isAtFileStart = true;
  private isInQuotes = false;
  /** Line of the first byte not yet scanned, outside quotes: the line of the next record start. */
  private line = 1;
  private records = 0;
  /** File offset where the current record (or blank line) begins. */
  private recordStart = 0;
  /** Set while the line begun at recordStart has shown only whitespace: it may still be blank. */
  private undecidedStart = NONE;
  /** The byte before the first one not yet scanned (for a quote right after a delimiter). */
  private previous = LF;

  constructor(options: RecordStartsOptions) {
    const { delimiter, fromRecord, everyRecords, minBytes, encoding = 'utf-8' } = options;
    const d = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || d >= 0x80 || d === QUOTE || d === CR || d === LF) {
      throw new RangeError('delimiter must be one ASCII character other than a quote or a line break');
    }
    if (!Number.isSafeInteger(fromRecord) || fromRecord < 0) throw new RangeError('fromRecord must be an integer of at least 0');
    if (!Number.isSafeInteger(everyRecords) || everyRecords < 1) throw new RangeError('everyRecords must be an integer of at least 1');
    if (!(minBytes >= 0)) throw new RangeError('minBytes must be at least 0');
    if (encoding !== 'utf-8' && encoding !== 'utf-8-bom' && encoding !== 'windows-1252') throw new RangeError(`${String(encoding)} is not ASCII-compatible`);
    this.delimiter = d;
    this.isUtf8 = encoding !== 'windows-1252';
    this.fromRecord = fromRecord;
    this.everyRecords = everyRecords;
    this.minBytes = minBytes;
    this.kinds = Array.from({ length: 256 }, (_, b): StartKind => {
      if (b === d) return RECORD;
      if (b === CR || b === LF) return LINE_END;
      return b === 0x09 || b === 0x0b || b === 0x0c || b === 0x20 || b >= 0x80 ? MAYBE_BLANK : RECORD;
    });
  }

  /** Scans `chunk`; the caller may reuse its memory afterwards. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) bytes = Buffer.concat([this.carry, bytes]);
    const consumed = this.scan(bytes, false);
    this.carry = consumed < bytes.length ? Buffer.from(bytes.subarray(consumed)) : undefined;
  }

  /** The cut points, once the whole file has been pushed. */
  end(): RecordStart[] {
    const carry = this.carry;
    this.carry = undefined;
    if (carry) this.scan(carry, true);
    return this.starts;
  }

  /** Scans `buf` (the file from `offset` on) and returns how many bytes it used; the rest must come again. */
  private scan(buf: Buffer, isEof: boolean): number {
    const n = buf.length;
    const base = this.offset;
    const d = this.delimiter;
    let i = 0;
    if (this.isAtFileStart) {
      if (this.isUtf8 && n < 3 && !isEof && isBomPrefix(buf)) return 0;
      this.isAtFileStart = false;
      if (this.isUtf8 && n >= 3 && isBomPrefix(buf)) i = 3; // the reader drops it: it belongs to no record
      this.recordStart = base + i;
      this.undecidedStart = base + i;
    }
    let consumed = n;
    let line = this.line;
    let isInQuotes = this.isInQuotes;
    let recordStart = this.recordStart;
    // Next quote, LF and CR at or after some point ≤ i (n: none); searched again once i passes them.
    let nextQuote = NONE;
    let nextLf = NONE;
    let nextCr = NONE;
    if (this.undecidedStart !== NONE) {
      i = this.settle(buf, i, isEof, line);
      if (this.undecidedStart !== NONE) return this.save(buf, i, line, isInQuotes, recordStart);
    }
    scan: for (;;) {
      if (isInQuotes) {
        if (nextLf < i) nextLf = indexOr(buf, LF, i, n);
        for (;;) {
          const q = indexOr(buf, QUOTE, i, n);
          while (nextLf < q) {
            line++; // a line break inside quotes
            nextLf = indexOr(buf, LF, nextLf + 1, n);
          }
          if (q >= n) break scan;
          if (q + 1 >= n) {
            if (isEof) {
              isInQuotes = false;
              break scan;
            }
            consumed = q; // `""` or the closing quote: the next byte tells
            break scan;
          }
          if (buf[q + 1] === QUOTE) {
            i = q + 2;
            continue;
          }
          i = q + 1;
          isInQuotes = false;
          break;
        }
      }
      if (nextQuote < i) nextQuote = indexOr(buf, QUOTE, i, n);
      if (nextLf < i) nextLf = indexOr(buf, LF, i, n);
      if (nextCr < i) nextCr = indexOr(buf, CR, i, n);
      const t = nextLf < nextCr ? nextLf : nextCr;
      if (nextQuote < t) {
        const q = nextQuote;
        i = q + 1;
        // Elsewhere (`ab"c`, `"ab"c"d`) a quote is text.
        if ((q > 0 ? buf[q - 1] : this.previous) === d || base + q === recordStart) isInQuotes = true;
        continue;
      }
      if (t >= n) break;
      let next = t + 1;
      if (t === nextCr) {
        if (next < n) {
          if (buf[next] === LF) next++;
        } else if (!isEof) {
          consumed = t; // a LF may open the next chunk
          break;
        }
      }
      line++;
      i = next;
      recordStart = base + next;
      if (next >= n) {
        if (!isEof) this.undecidedStart = recordStart;
        break;
      }
      const kind = this.kinds[buf[next]!]!;
      if (kind === RECORD) {
        this.countRecord(recordStart, line);
      } else if (kind === MAYBE_BLANK) {
        this.undecidedStart = recordStart;
        i = this.settle(buf, next, isEof, line);
        if (this.undecidedStart !== NONE) {
          consumed = i;
          break;
        }
      }
    }
    return this.save(buf, consumed, line, isInQuotes, recordStart);
  }

  private save(buf: Buffer, consumed: number, line: number, isInQuotes: boolean, recordStart: number): number {
    this.line = line;
    this.isInQuotes = isInQuotes;
    this.recordStart = recordStart;
    if (consumed > 0) this.previous = buf[consumed - 1]!;
    this.offset += consumed;
    return consumed;
  }

  /**
   * Reads on through the whitespace of the line begun at undecidedStart until it turns out a
   * record (some other character: counted) or blank (its line ending). Returns where the scan
   * goes on; undecidedStart stays set if the chunk ended first, and the bytes from the returned
   * index on must come again when they are part of a UTF-8 sequence the chunk cut.
   */
  private settle(buf: Buffer, from: number, isEof: boolean, line: number): number {
    const n = buf.length;
    let j = from;
    while (j < n) {
      const b = buf[j]!;
      const kind = this.kinds[b]!;
      if (kind === LINE_END) {
        this.undecidedStart = NONE;
        return j;
      }
      if (kind === MAYBE_BLANK) {
        if (b < 0x80) {
          j++;
          continue;
        }
        const size = this.isUtf8 ? utf8SequenceLength(buf, j, n) : 0;
        if (size === 0 && this.isUtf8 && !isEof && completeEnd(buf) <= j) return j; // a sequence cut by the chunk
        const isSpace = size > 0 ? buf.toString('utf8', j, j + size).trim() === '' : IS_1252_SPACE[b]!;
        if (isSpace) {
          j += size || 1;
          continue;
        }
      }
      this.countRecord(this.undecidedStart, line);
      this.undecidedStart = NONE;
      return j;
    }
    if (isEof) this.undecidedStart = NONE; // whitespace up to the end: a blank last line
    return n;
  }

  private countRecord(byte: number, line: number): void {
    const record = this.records++;
    if (record < this.fromRecord) return;
    const last = this.starts.at(-1);
    const isDue = last === undefined || ((record - this.fromRecord) % this.everyRecords === 0 && byte - last.byte >= this.minBytes);
    if (isDue) this.starts.push({ byte, line, record });
  }
}

function indexOr(buf: Buffer, byte: number, from: number, none: number): number {
  const k = buf.indexOf(byte, from);
  return k < 0 ? none : k;
}

const isBomPrefix = (buf: Buffer) => buf[0] === 0xef && (buf.length < 2 || buf[1] === 0xbb) && (buf.length < 3 || buf[2] === 0xbf);
