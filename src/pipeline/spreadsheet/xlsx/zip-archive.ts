/**
 * Random access to the parts of a zip on disk: yauzl reads the central directory once, then each
 * part is inflated as a stream from its own offset, so a sheet is never held whole in memory.
 *
 * Part names are matched the way Excel does: case-insensitively, with `\` read as `/` (some
 * Windows tools write backslashes) and without a leading `/`. Inflated bytes are counted as they
 * come, since the sizes in the directory are the producer's word and a zip bomb lies about them.
 */
import { createInflateRaw } from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { asMalformed, malformedXlsx, partTooLarge } from './xlsx-problems.js';

export interface ZipPart {
  /** The name as stored in the zip. */
  readonly name: string;
  readonly compressedBytes: number;
  /** As declared by the producer: may be wrong. */
  readonly declaredBytes: number;
  readonly entry: yauzl.Entry;
}

export interface PartReadOptions {
  /** Inflated bytes allowed, and the limit's name for the message. */
  readonly maxBytes: number;
  readonly limitName: string;
  readonly signal?: AbortSignal;
  /** Called with each compressed chunk's size as it is read from disk (progress). */
  readonly onCompressedBytes?: (bytes: number) => void;
}

// Bigger than zlib's 16 KiB default: each chunk costs a parser call and a turn of the row loop.
const CHUNK_BYTES = 64 * 1024;
const STORED = 0;
const DEFLATED = 8;

/** Part names as the package refers to them: `xl/worksheets/sheet1.xml`, lower case. */
export const normalizePartName = (name: string): string => name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

export class ZipArchive {
  private isClosed = false;
  /** Streams of the parts being read: each holds a reference on the file descriptor. */
  private readonly openStreams = new Set<Readable>();

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly parts: ReadonlyMap<string, ZipPart>,
    /** Entry names in the order of the central directory. */
    readonly entryNames: readonly string[],
    readonly fileBytes: number,
  ) {}

  static async open(path: string): Promise<ZipArchive> {
    let zip: yauzl.ZipFile;
    try {
      // strictFileNames off: backslash paths are allowed; validateEntrySizes is moot, we inflate ourselves.
      zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false });
    } catch (error) {
      throw asMalformed(error, 'zip directory');
    }
    const parts = new Map<string, ZipPart>();
    const names: string[] = [];
    try {
      for await (const entry of zip.eachEntry()) {
        names.push(entry.fileName);
        if (entry.fileName.endsWith('/')) continue;
        const key = normalizePartName(entry.fileName);
        if (!parts.has(key)) {
          parts.set(key, {
            name: entry.fileName,
            compressedBytes: entry.compressedSize,
            declaredBytes: entry.uncompressedSize,
            entry,
          });
        }
      }
    } catch (error) {
      zip.close();
      throw asMalformed(error, 'zip directory');
    }
    return new ZipArchive(zip, parts, names, zip.fileSize);
  }

  find(partName: string): ZipPart | undefined {
    return this.parts.get(normalizePartName(partName));
  }

  /** The part's inflated bytes, chunk by chunk; TOO_LARGE past options.maxBytes. */
  async *readPart(part: ZipPart, options: PartReadOptions): AsyncGenerator<Buffer> {
    const { entry } = part;
    if (entry.isEncrypted()) throw malformedXlsx(`${part.name} is encrypted`);
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
      throw malformedXlsx(`${part.name} uses zip compression method ${entry.compressionMethod}, which is not supported`);
    }
    const { signal } = options;
    signal?.throwIfAborted();
    if (this.isClosed) throw new Error('the archive is closed');
    let raw: Readable;
    try {
      raw = await this.zip.openReadStreamPromise(entry, { decodeFileData: false });
    } catch (error) {
      throw asMalformed(error, part.name, signal);
    }
    const inflated = entry.compressionMethod === DEFLATED ? raw.pipe(createInflateRaw({ chunkSize: CHUNK_BYTES })) : raw;
    this.openStreams.add(raw).add(inflated);
    if (inflated !== raw) raw.on('error', (error) => inflated.destroy(error));
    const report = options.onCompressedBytes;
    // A stored part is counted as it is iterated: a 'data' listener would race the iterator for chunks.
    if (report && inflated !== raw) raw.on('data', (chunk: Buffer) => report(chunk.length));
    // Destroying the streams makes the pending read reject at once, so an abort is prompt.
    const onAbort = (): void => void inflated.destroy(signal?.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    let total = 0;
    try {
      for await (const chunk of inflated as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > options.maxBytes) throw partTooLarge(part.name, options.limitName, options.maxBytes);
        if (report && inflated === raw) report(chunk.length);
        yield chunk;
      }
    } catch (error) {
      throw asMalformed(error, part.name, signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      raw.destroy();
      inflated.destroy();
      this.openStreams.delete(raw);
      this.openStreams.delete(inflated);
    }
  }

  /**
   * Releases the file descriptor; safe more than once. yauzl closes the descriptor only once
   * every read stream has ended, and a part whose reader stopped iterating never ends on its
   * own: its streams are destroyed here.
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const stream of this.openStreams) stream.destroy();
    this.openStreams.clear();
    this.zip.close();
  }
}
