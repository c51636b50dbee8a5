import { Transform } from 'node:stream';

/**
 * Aborts when nothing happened for `ms`; every chunk moved pushes it back, so big files may
 * take longer. One per request: a retried request starts with a fresh one.
 */
export class IdleDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  constructor(readonly ms: number) {
    this.timer = setTimeout(() => this.controller.abort(), ms);
  }
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  get hasExpired(): boolean {
    return this.controller.signal.aborted;
  }
  touch(): void {
    this.timer.refresh();
  }
  clear(): void {
    clearTimeout(this.timer);
  }
}

/** A pass-through that reports each chunk (to push the deadline back, count bytes). */
export const onEachChunk = (seen: (bytes: number) => void) =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen(chunk.length);
      done(null, chunk);
    },
  });
