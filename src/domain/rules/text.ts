import { isMojibakePair, repairMojibake } from './mojibake.js';
import { fail, ok, type FieldRule } from './rule.js';

// Compiled once: these run on every text cell of every row.
/** C0/C1 controls (tab and line feed excepted), DEL, zero-width space and stray BOMs. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS_KEEPING_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\ufeff]/g;
// eslint-disable-next-line no-control-regex -- as above; whitespace controls are collapsed instead
const CONTROLS_INLINE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200b]/g;
const LINE_BREAK = /\r\n?/g;
/** A run of two or more whitespace characters, or a lone one that isn't a plain space. */
const UNTIDY_SPACE = /\s{2,}|[^\S ]/g;
/** Text made only of code points below U+0300 is already NFC: no combining marks can occur. */
const MAY_NEED_NFC = /[\u0300-\uffff]/;

/** Unicode NFC, skipping the ICU call for the (overwhelmingly common) Latin-only text. */
export const toNfc = (s: string): string => (MAY_NEED_NFC.test(s) ? s.normalize('NFC') : s);

export const isSpaceLike = (c: number): boolean =>
  c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * True when the one-line text is already clean: no mojibake, no control characters, no
 * whitespace but single plain spaces between words, nothing NFC could change (anything from
 * U+0300 on, the rarer Unicode spaces among them, takes the slow path). One pass, no
 * allocation: most cells are clean, and the repairs cost several times more.
 */
export function isTidyInline(s: string): boolean {
  const last = s.length - 1;
  if (last < 0 || s.charCodeAt(0) === 0x20 || s.charCodeAt(last) === 0x20) return false;
  let previous = 0;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) {
      previous = c; // printable ASCII, the bulk of the text: settled in one test
      continue;
    }
    if (c === 0x20 ? previous === 0x20 : c >= 0x300 || (c < 0xa1 && isSpaceLike(c))) return false;
    if (isMojibakePair(c, s.charCodeAt(i + 1))) return false;
    previous = c;
  }
  return true;
}

/**
 * Removes control characters from text whose mojibake is already repaired (repair comes first:
 * C1 controls and NBSP may be halves of a mangled letter, `Ã\u008d` is `Í`). Dropping a control
 * can join the halves of another pair (`Â\u0083§`), hence the second repair.
 */
function stripControls(repaired: string, controls: RegExp): string {
  const stripped = repaired.replace(controls, '');
  return stripped === repaired ? stripped : repairMojibake(stripped);
}

/** Whitespace runs → one space, ends trimmed, by slicing: several times cheaper than regex replaces. */
function collapseSpaces(s: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < s.length) {
    if (!isSpaceLike(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < s.length && isSpaceLike(s.charCodeAt(end))) end++;
    const isInside = i > 0 && end < s.length;
    if (!(isInside && end === i + 1 && s.charCodeAt(i) === 0x20)) {
      out += s.slice(copied, i) + (isInside ? ' ' : '');
      copied = end;
    }
    i = end;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** Anything sanitizeText does beyond trimming: controls and CR, mojibake leads, NFC candidates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TEXT_NEEDS_REPAIR = /[\u0300-\uffff\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00c2\u00c3]/;

/** Control characters that aren't whitespace, and whitespace beyond Latin-1: left to the regexes. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HAS_RARE_CHARACTERS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u0100-\uffff]/;

/**
 * One-line text as names, addresses and cities need it: mojibake repaired, control characters
 * dropped, every run of whitespace (NBSP and other Unicode spaces, tabs, line breaks) made one
 * space, trimmed, NFC.
 */
export function cleanInline(raw: string): string {
  if (isTidyInline(raw)) return raw;
  const repaired = repairMojibake(raw);
  if (!HAS_RARE_CHARACTERS.test(repaired)) return collapseSpaces(repaired);
  return toNfc(stripControls(repaired, CONTROLS_INLINE).replace(UNTIDY_SPACE, ' ').trim());
}

/**
 * Free text (Observação): mojibake repaired, control characters dropped, CR/CRLF made LF,
 * trimmed, NFC. Internal spacing, tabs and line breaks are the author's and stay.
 */
export const sanitizeText: FieldRule = (raw) => {
  if (!TEXT_NEEDS_REPAIR.test(raw)) return ok(raw.trim());
  const repaired = repairMojibake(raw).replace(LINE_BREAK, '\n');
  const clean = toNfc(stripControls(repaired, CONTROLS_KEEPING_LINES).trim());
  return clean === '' ? fail('BAD_CHARACTERS', 'The text has only control characters.') : ok(clean);
};

/** Shared by the one-line text rules: cleaned text shaped by `shape`, or a failure if nothing is left. */
export const inlineRule =
  (shape: (clean: string) => string): FieldRule =>
  (raw) => {
    const clean = cleanInline(raw);
    return clean === '' ? fail('BAD_CHARACTERS', 'The text has only control characters.') : ok(shape(clean));
  };
