import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Decodes UTF-8 in which some byte sequences are Windows-1252: files that programs appended
 * to, or that someone edited in a Windows editor, carry a stray "é" as the single byte 0xE9
 * among valid UTF-8. Decoding the whole file as 1252 for that would turn every other accent
 * (and the header "Código") into mojibake, so only the bytes that are not valid UTF-8 are
 * read as 1252, each on its own, and the physical lines where that happened are counted.
 *
 * A chunk that is valid UTF-8 (nearly all of them) costs one `isUtf8` and one
 * `toString`; only a chunk that fails is walked sequence by sequence. A multi-byte sequence
 * cut by the end of a chunk waits for the next one: it is not invalid.
 */
export class MixedUtf8Decoder {
  /** Physical lines (LF or CR ends one) with at least one byte read as Windows-1252. */
  windows1252Lines = 0;
  private carry: Buffer | undefined;
  private isLineCounted = false;

  decode(chunk: Uint8Array): string {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const end = completeEnd(bytes);
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
    return this.decodeComplete(bytes.subarray(0, end));
  }

  /** The bytes of a sequence cut by the end of the input are invalid: read as 1252. */
  end(): string {
    const carry = this.carry;
    this.carry = undefined;
    return carry ? this.decodeComplete(carry) : '';
  }

  private decodeComplete(bytes: Buffer): string {
    if (isUtf8(bytes)) {
      if (this.isLineCounted && (bytes.includes(LF) || bytes.includes(CR))) this.isLineCounted = false;
      return bytes.toString('utf8');
    }
    const length = bytes.length;
    let text = '';
    let runStart = 0;
    let i = 0;
    while (i < length) {
      const b = bytes[i]!;
      if (b < 0x80) {
        if (b === LF || b === CR) this.isLineCounted = false;
        i++;
        continue;
      }
      const size = utf8SequenceLength(bytes, i, length);
      if (size > 0) {
        i += size;
        continue;
      }
      if (i > runStart) text += bytes.toString('utf8', runStart, i);
      text += WINDOWS_1252_HIGH[b - 0x80];
      if (!this.isLineCounted) {
        this.isLineCounted = true;
        this.windows1252Lines++;
      }
      i++;
      runStart = i;
    }
    return runStart < length ? text + bytes.toString('utf8', runStart, length) : text;
  }
}

const LF = 10;
const CR = 13;

/**
 * Bytes 0x80–0xFF as Windows-1252. The five bytes 1252 leaves undefined (0x81, 0x8D, 0x8F,
 * 0x90, 0x9D) become the C1 controls of the same number, as browsers do, so no byte is lost.
 */
const WINDOWS_1252_HIGH: readonly string[] = Array.from({ length: 128 }, (_, k) => {
  const char = iconv.decode(Buffer.from([0x80 + k]), 'win1252');
  return char === '\ufffd' ? String.fromCharCode(0x80 + k) : char;
});

/** Length of the valid UTF-8 sequence starting at `i` (a non-ASCII byte), or 0 if it is invalid. */
export function utf8SequenceLength(bytes: Uint8Array, i: number, length: number): number {
  const lead = bytes[i]!;
  if (lead >= 0xc2 && lead <= 0xdf) return i + 1 < length && isContinuation(bytes[i + 1]!) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80; // no overlong forms
    const high = lead === 0xed ? 0x9f : 0xbf; // no UTF-16 surrogates
    const second = bytes[i + 1]!;
    return i + 2 < length && second >= low && second <= high && isContinuation(bytes[i + 2]!) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
    const second = bytes[i + 1]!;
    return i + 3 < length && second >= low && second <= high && isContinuation(bytes[i + 2]!) && isContinuation(bytes[i + 3]!) ? 4 : 0;
  }
  return 0;
}

/**
 * Where the input stops being complete: the start of a multi-byte sequence that the end of
 * `bytes` cuts (and that could still become valid), else `bytes.length`.
 */
export function completeEnd(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const b = bytes[length - back]!;
    if (isContinuation(b)) continue;
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 1;
    return b >= 0xc2 && b <= 0xf4 && needed > back ? length - back : length;
  }
  return length;
}

const isContinuation = (b: number) => (b & 0xc0) === 0x80;
