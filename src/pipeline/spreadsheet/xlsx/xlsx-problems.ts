/**
 * The input problems an .xlsx can have, built in one place so every part reports them alike.
 * I/O failures (a syscall error) and aborts are not input problems: they pass through as they are.
 */
import { InputFormatError } from '../../../errors.js';

export const malformedXlsx = (detail: string, cause?: unknown): InputFormatError =>
  new InputFormatError('MALFORMED_XLSX', `not a readable .xlsx: ${detail}`, cause === undefined ? undefined : { cause });

export const partTooLarge = (part: string, limitName: string, limit: number): InputFormatError =>
  new InputFormatError('TOO_LARGE', `.xlsx part ${part} inflates past ${limitName} (${limit} bytes)`);

export const tableTooLarge = (part: string, entries: number, limit: number): InputFormatError =>
  new InputFormatError(
    'TOO_LARGE',
    `.xlsx part ${part} holds more shared strings than fit in maxSharedStringMemoryBytes (${limit} bytes, passed after ${entries} entries): save the sheet as .csv`,
  );

/** True for errors that must reach the caller unchanged: ours, aborts, and the operating system's. */
export const isPassThroughError = (error: unknown): boolean =>
  error instanceof InputFormatError ||
  (error instanceof Error && (error.name === 'AbortError' || 'syscall' in error));

/** Anything else thrown while reading `part` (zlib, XML syntax, yauzl) means the file is broken. */
export function asMalformed(error: unknown, part: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (isPassThroughError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return malformedXlsx(`${part}: ${message}`, error);
}
