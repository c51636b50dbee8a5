import { completeEnd, utf8SequenceLength } from './mixed-utf8-decoder.js';

/** What the first bytes of a file say about it being text. Shares are of all bytes looked at. */
export interface BinaryEvidence {
  readonly bytes: number;
  /** C0 controls other than TAB, LF, FF and CR, plus DEL (a DOS end-of-file 0x1A at the very end is fine). */
  readonly controlShare: number;
  /** Bytes that are not valid UTF-8 and not a printable Windows-1252 letter or sign between letters. */
  readonly implausibleShare: number;
}

const TAB = 9;
const LF = 10;
const FF = 12;
const CR = 13;
const SUB = 0x1a;
const DEL = 0x7f;
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export function binaryEvidence(head: Uint8Array): BinaryEvidence {
  const end = completeEnd(head);
  let controls = 0;
  let implausible = 0;
  let runOfInvalid = 0;
  for (let i = 0; i < end; ) {
    const b = head[i]!;
    if (b < 0x80) {
      if ((b < 0x20 && b !== TAB && b !== LF && b !== FF && b !== CR && !(b === SUB && i === head.length - 1)) || b === DEL) controls++;
      runOfInvalid = 0;
      i++;
      continue;
    }
    const size = utf8SequenceLength(head, i, end);
    if (size > 0) {
      runOfInvalid = 0;
      i += size;
      continue;
    }
    // 1252 text has its accented letters alone or in pairs ("ção" is E7 E3 6F); three or
    // more invalid bytes in a row, or a byte 1252 does not define, is no text. A byte that
    // repeats the one before extends no run: a title ruled with "————" or "•••" is text.
    if (b !== head[i - 1]) runOfInvalid++;
    if (UNDEFINED_1252.has(b) || runOfInvalid >= 3) implausible++;
    i++;
  }
  const bytes = Math.max(1, end);
  return { bytes: end, controlShare: controls / bytes, implausibleShare: implausible / bytes };
}

/**
 * True when the head of a file is not text in any encoding we read (UTF-16 is decided by
 * its BOM or its NUL bytes before this). Measured on the first 64 KB: random bytes, PNG,
 * JPEG, gzip, TTF and two PDFs have 10–39 % control bytes and 2.7–9.6 % implausible ones;
 * the generated UTF-8 and Latin-1 exports have 0 % of both, and one with a control
 * character in every 300th Observação field 0.003 % controls. 1 % sits far from both.
 */
export function looksBinary(head: Uint8Array): boolean {
  const { controlShare, implausibleShare } = binaryEvidence(head);
  return controlShare > 0.01 || implausibleShare > 0.01;
}
