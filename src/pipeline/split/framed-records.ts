import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { deserialize, serialize } from 'node:v8';

/**
 * A file of values one after another, each as a 4-byte length and V8's structured-clone
 * bytes: what the worker threads already hand each other (Maps, typed arrays, undefined),
 * now across processes. Only Higia writes and reads these files, always with the same Node
 * (the parts of one job run the same image), so V8's format is safe to rely on; JSON would
 * lose the Maps and typed arrays and cost more to parse.
 */
export class FramedWriter {
  private readonly out: WriteStream;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  async write(value: unknown): Promise<void> {
    const body = serialize(value);
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32LE(body.length, 0);
    this.out.write(head);
    if (!this.out.write(body)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }

  destroy(): void {
    this.out.destroy();
  }
}

/** The values of a FramedWriter's file, in order, a read at a time (never the whole file in memory). */
export async function* readFramed<T>(path: string): AsyncGenerator<T> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (n: number): Buffer => {
    const whole = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = whole.length > n ? [whole.subarray(n)] : [];
    pendingBytes = whole.length - n;
    return whole.subarray(0, n);
  };
  let need = 4;
  let isHead = true;
  for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    pending.push(piece);
    pendingBytes += piece.length;
    while (pendingBytes >= need) {
      const bytes = take(need);
      if (isHead) {
        need = bytes.readUInt32LE(0);
        isHead = false;
      } else {
        yield deserialize(bytes) as T;
        need = 4;
        isHead = true;
      }
    }
  }
  if (pendingBytes > 0 || !isHead) throw new Error(`${path} ends inside a record: the file is cut short`);
}
