import { isUtf8 } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { completeEnd, utf8SequenceLength } from './mixed-utf8-decoder.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const CHUNK_BYTES = 1 << 20;
/** Sequences (valid multi-byte plus invalid) after which the vote is clear enough to stop. */
const ENOUGH_EVIDENCE = 10_000;

/**
 * Decides how a text file is encoded. A BOM settles it. Otherwise the whole file is checked
 * at memory speed (`isUtf8` per chunk: a Latin-1 file is often plain ASCII for
 * megabytes before its first "ç"); valid throughout → UTF-8.
 *
 * If some bytes are not UTF-8, the file is read again counting valid multi-byte sequences
 * and invalid bytes: fewer valid ones than invalid ones → Windows-1252 for the whole file
 * (a file written in 1252 has almost no byte pairs that happen to be valid UTF-8, and
 * decoding it whole keeps those few right too); else UTF-8, read by MixedUtf8Decoder with
 * 1252 for the invalid bytes only (a UTF-8 export with a few lines pasted from elsewhere).
 * 1252 is the superset of ISO-8859-1 that Brazilian Excel and ERPs write (0x80–0x9F hold
 * €, “ ” …; real ISO-8859-1 files never have those bytes, so nothing is lost).
 */
export async function detectEncoding(path: string, signal?: AbortSignal): Promise<TextEncoding> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, 0);
    const bom = bomOf(buffer.subarray(0, bytesRead)) ?? utf16WithoutBom(buffer.subarray(0, Math.min(bytesRead, UTF16_SNIFF_BYTES)));
    if (bom) return bom;
    if (await isUtf8Throughout(handle, buffer, signal)) return 'utf-8';
    const { valid, invalid } = await countSequences(handle, buffer, signal);
    return valid < invalid ? 'windows-1252' : 'utf-8';
  } finally {
    await handle.close();
  }
}

async function isUtf8Throughout(handle: FileHandle, buffer: Buffer, signal: AbortSignal | undefined): Promise<boolean> {
  let position = 0;
  let carried = 0; // bytes of a sequence cut by the previous chunk, moved to the buffer's start
  for (;;) {
    signal?.throwIfAborted();
    const { bytesRead } = await handle.read(buffer, carried, CHUNK_BYTES - carried, position);
    position += bytesRead;
    const filled = carried + bytesRead;
    if (bytesRead === 0) return filled === 0;
    const end = completeEnd(buffer.subarray(0, filled));
    if (!isUtf8(buffer.subarray(0, end))) return false;
    buffer.copy(buffer, 0, end, filled);
    carried = filled - end;
  }
}

async function countSequences(handle: FileHandle, buffer: Buffer, signal: AbortSignal | undefined): Promise<{ valid: number; invalid: number }> {
  let valid = 0;
  let invalid = 0;
  let position = 0;
  let carried = 0;
  while (valid + invalid < ENOUGH_EVIDENCE) {
    signal?.throwIfAborted();
    const { bytesRead } = await handle.read(buffer, carried, CHUNK_BYTES - carried, position);
    position += bytesRead;
    const filled = carried + bytesRead;
    const end = bytesRead === 0 ? filled : completeEnd(buffer.subarray(0, filled));
    for (let i = 0; i < end; ) {
      if (buffer[i]! < 0x80) {
        i++;
        continue;
      }
      const size = utf8SequenceLength(buffer, i, end);
      if (size > 0) valid++;
      else invalid++;
      i += size || 1;
    }
    if (bytesRead === 0) break;
    buffer.copy(buffer, 0, end, filled);
    carried = filled - end;
  }
  return { valid, invalid };
}

const UTF16_SNIFF_BYTES = 64 * 1024;

/**
 * UTF-16 without a BOM, as some exporters write it: text in the Latin scripts has a zero
 * high byte in nearly every code unit, so (almost) every other byte is NUL and the others
 * are not. Text in UTF-8 or 1252 has no NUL at all; binary files have them anywhere.
 */
export function utf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const units = head.length >> 1;
  if (units < 2) return undefined;
  let zeroLow = 0; // first byte of a unit: the high byte in BE
  let zeroHigh = 0;
  // Text has no control characters but TAB, LF, FF and CR: NULs beside them are binary data.
  let controlsLe = 0;
  let controlsBe = 0;
  for (let i = 0; i < units * 2; i += 2) {
    const first = head[i]!;
    const second = head[i + 1]!;
    if (first === 0) zeroLow++;
    if (second === 0) zeroHigh++;
    if (second === 0 && isControl(first)) controlsLe++;
    if (first === 0 && isControl(second)) controlsBe++;
  }
  const fewControls = (n: number) => n <= units * 0.01;
  if (zeroHigh >= units * 0.9 && zeroLow === 0 && fewControls(controlsLe)) return 'utf-16le';
  if (zeroLow >= units * 0.9 && zeroHigh === 0 && fewControls(controlsBe)) return 'utf-16be';
  return undefined;
}

const isControl = (byte: number): boolean => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d;

export function bomOf(head: Uint8Array): TextEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}
