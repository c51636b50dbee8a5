import { closeSync, openSync, readSync } from 'node:fs';
import { SpillWriter } from '../dedupe/spill-file.js';

/** One row's record in the features file. */
export interface FeaturesRecord {
  readonly nameKey: string;
  /** encodeFeatures' text. */
  readonly features: string;
}

/**
 * The rows' features wait on disk between pass 1 and scoring, and are read back by line in
 * any order. Only where each record lies stays in memory: 12 bytes per line (an offset and a
 * length, in blocks of 64k lines so that growing never copies, dropped once scoring is done), where holding the decoded features of every row that still had a pair ahead grew
 * the heap by ~100 MB at 1M rows, and V8 then let pass 2's garbage pile up to ~4× that before
 * its next full collection (measured: main heap 541 MB before it, 54 MB after). The page cache
 * keeps the reads cheap: the file is read back soon after it is written.
 */
export class FeaturesFile {
  private readonly writer: SpillWriter;
  private offsets: (Float64Array | undefined)[] = [];
  private lengths: (Uint32Array | undefined)[] = [];
  private bytes = 0;
  /** Records not yet handed to the writer: one call per 64 KiB, not per row. */
  private pending = '';
  private closed: Promise<void> | undefined;
  private fd: number | undefined;
  private buffer = Buffer.alloc(1 << 12);

  constructor(readonly path: string) {
    this.writer = new SpillWriter(path);
  }

  /** `person` is `nameKey TAB features`. Lines must increase; a promise only when a write had to wait: await it before the next. */
  write(line: number, person: string): Promise<void> | undefined {
    const length = Buffer.byteLength(person);
    const block = line >>> BLOCK_BITS;
    const at = line & BLOCK_MASK;
    (this.offsets[block] ??= new Float64Array(BLOCK_LINES))[at] = this.bytes;
    (this.lengths[block] ??= new Uint32Array(BLOCK_LINES))[at] = length + 1; // 0 means "no record"; the +1 is the newline
    this.bytes += length + 1;
    this.pending += person + '\n';
    if (this.pending.length < 1 << 16) return undefined;
    const text = this.pending;
    this.pending = '';
    return this.writer.writeText(text);
  }

  /** Once only: a closed stream's 'finish' has gone by, and waiting for it again would never end. */
  close(): Promise<void> {
    this.closed ??= this.writer.writeText(this.pending).then(() => this.writer.close());
    this.pending = '';
    return this.closed;
  }

  /** The record written for `line`, or undefined; after close(). */
  read(line: number): FeaturesRecord | undefined {
    const block = line >>> BLOCK_BITS;
    const at = line & BLOCK_MASK;
    const length = (this.lengths[block]?.[at] ?? 0) - 1;
    if (length < 0) return undefined;
    this.fd ??= openSync(this.path, 'r');
    if (this.buffer.length < length) this.buffer = Buffer.alloc(length * 2);
    const got = readSync(this.fd, this.buffer, 0, length, this.offsets[block]![at]!);
    if (got !== length) throw new Error(`features file: ${got} of ${length} bytes read for line ${line}`);
    const text = this.buffer.toString('utf8', 0, length);
    const tab = text.indexOf('\t');
    return { nameKey: text.slice(0, tab), features: text.slice(tab + 1) };
  }

  /** Closes the reading side and drops the index: no read after this. The file itself goes with the job's work folder. */
  release(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.offsets = [];
    this.lengths = [];
  }
}

const BLOCK_BITS = 16;
const BLOCK_LINES = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_LINES - 1;
