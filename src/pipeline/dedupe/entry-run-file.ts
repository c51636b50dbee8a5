import { open, type FileHandle } from 'node:fs/promises';
import type { EntrySource } from './entry-source.js';

/**
 * A sorted run on disk: records of hash (u32 LE), line (u32 LE), completeness (u8), key
 * length (u32 LE) and the key's bytes, in merge order. Fixed binary fields rather than text
 * lines: nothing to escape or parse, and a record is read back without allocating.
 */
const HEADER_BYTES = 13;

export class EntryRunWriter {
  private readonly buffer: Buffer;
  private used = 0;
  private isClosed = false;

  private constructor(
    private readonly handle: FileHandle,
    bufferBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(Math.max(bufferBytes, HEADER_BYTES));
  }

  static async create(path: string, bufferBytes: number): Promise<EntryRunWriter> {
    return new EntryRunWriter(await open(path, 'w'), bufferBytes);
  }

  /** Appends the source's current entry; a promise only when the buffer had to be written out first. */
  write(entry: EntrySource): Promise<void> | undefined {
    if (this.used + HEADER_BYTES + entry.keyEnd - entry.keyStart > this.buffer.length) return this.flushThenWrite(entry);
    this.put(entry);
    return undefined;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.discard();
  }

  /** Closes without writing what is buffered (the file is about to be removed). */
  async discard(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.handle.close();
  }

  /** By hand: Buffer#copy and writeUInt32LE cost more in checks and views than a key's few bytes. */
  private put(entry: EntrySource): void {
    const b = this.buffer;
    const at = this.used;
    const length = entry.keyEnd - entry.keyStart;
    putUint32(b, at, entry.hash);
    putUint32(b, at + 4, entry.line);
    b[at + 8] = entry.completeness;
    putUint32(b, at + 9, length);
    const keys = entry.keys;
    const to = at + HEADER_BYTES - entry.keyStart;
    if (length > 64) keys.copy(b, at + HEADER_BYTES, entry.keyStart, entry.keyEnd);
    else for (let i = entry.keyStart; i < entry.keyEnd; i++) b[to + i] = keys[i]!;
    this.used = at + HEADER_BYTES + length;
  }

  private async flushThenWrite(entry: EntrySource): Promise<void> {
    await this.flush();
    const length = entry.keyEnd - entry.keyStart;
    if (HEADER_BYTES + length <= this.buffer.length) {
      this.put(entry);
      return;
    }
    // A key longer than the buffer: its header from the buffer, its bytes straight from the source.
    this.buffer.writeUInt32LE(entry.hash, 0);
    this.buffer.writeUInt32LE(entry.line, 4);
    this.buffer[8] = entry.completeness;
    this.buffer.writeUInt32LE(length, 9);
    await writeFully(this.handle, this.buffer.subarray(0, HEADER_BYTES));
    await writeFully(this.handle, entry.keys.subarray(entry.keyStart, entry.keyEnd));
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    await writeFully(this.handle, this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

export class EntryRunReader implements EntrySource {
  hash = 0;
  line = 0;
  completeness = 0;
  keys = Buffer.alloc(0);
  keyStart = 0;
  keyEnd = 0;
  private position = 0;
  private filled = 0;
  private filePosition = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly chunkBytes: number,
  ) {}

  static async open(path: string, chunkBytes: number): Promise<EntryRunReader> {
    return new EntryRunReader(await open(path, 'r'), Math.max(chunkBytes, HEADER_BYTES));
  }

  next(): boolean {
    const b = this.keys;
    const at = this.position;
    if (this.filled - at < HEADER_BYTES) return false;
    const end = at + HEADER_BYTES + getUint32(b, at + 9);
    if (end > this.filled) return false;
    this.hash = getUint32(b, at);
    this.line = getUint32(b, at + 4);
    this.completeness = b[at + 8]!;
    this.keyStart = at + HEADER_BYTES;
    this.keyEnd = end;
    this.position = end;
    return true;
  }

  async load(): Promise<boolean> {
    const rest = this.filled - this.position;
    const recordBytes = rest >= HEADER_BYTES ? HEADER_BYTES + getUint32(this.keys, this.position + 9) : 0;
    const size = Math.max(this.chunkBytes, recordBytes);
    if (this.keys.length < size) {
      const bigger = Buffer.allocUnsafeSlow(size);
      this.keys.copy(bigger, 0, this.position, this.filled);
      this.keys = bigger;
    } else {
      this.keys.copyWithin(0, this.position, this.filled);
    }
    const { bytesRead } = await this.handle.read(this.keys, rest, this.keys.length - rest, this.filePosition);
    this.filePosition += bytesRead;
    this.position = 0;
    this.filled = rest + bytesRead;
    if (bytesRead > 0) return true;
    if (rest > 0) throw new Error(`dedupe run file ends inside a record (${rest} bytes left)`);
    return false;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

function putUint32(b: Buffer, at: number, value: number): void {
  b[at] = value;
  b[at + 1] = value >>> 8;
  b[at + 2] = value >>> 16;
  b[at + 3] = value >>> 24;
}

function getUint32(b: Buffer, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}

async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}
