import { FileChangedError } from '../../errors.js';
import type { FileInfo, FileStore } from '../../ports/file-store.js';

export type ByteRange = Parameters<FileStore['downloadRange']>[2];

/** Refuses, before any I/O, a range that no file can satisfy. */
export function checkRangeShape({ start, end }: ByteRange): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end) {
    throw new RangeError(`invalid byte range [${start}, ${end}): want integers with 0 <= start <= end`);
  }
}

/**
 * Checks a range against the file as it is now: a changed file first (its size says
 * nothing about the plan the range came from), then a range past its end.
 */
export function checkRangeAgainst(info: FileInfo, range: ByteRange): void {
  if (info.etag !== range.etag) {
    throw new FileChangedError(`${info.path} changed since the job planned its work: its ETag is ${info.etag}, not ${range.etag}`);
  }
  if (range.end > info.size) throw new RangeError(`byte range [${range.start}, ${range.end}) ends past ${info.path}, which has ${info.size} bytes`);
}
