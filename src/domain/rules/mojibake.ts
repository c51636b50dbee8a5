/**
 * Repairs text whose UTF-8 bytes were decoded as ISO-8859-1 or Windows-1252 (`JoÃ£o` → `João`).
 *
 * Hand-written on purpose: the only npm package for this (fix-latin1-to-utf8) runs ~120 blind
 * `replaceAll`s per call with no check that a pair really was a UTF-8 sequence, which is too slow
 * for millions of cells and rewrites legitimate text. Here a pair is rewritten only when it is a
 * well-formed two-byte UTF-8 sequence whose lead byte is C2/C3, i.e. one that decodes to a
 * Latin-1 character: every accented letter Portuguese uses, plus º ª ° and friends. Three-byte
 * sequences (`â€™` for ’) are left alone: their lead `â` is a common Portuguese letter, so
 * looking for them would cost the fast path on every accented cell.
 */

const LEAD_C2 = 0xc2; // 'Â'
const LEAD_C3 = 0xc3; // 'Ã'

/** Windows-1252 shows bytes 0x80–0x9F as these characters instead of C1 controls. */
const CP1252_BYTE = new Map<number, number>([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86],
  [0x2021, 0x87], [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c],
  [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95],
  [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b],
  [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

/** The UTF-8 continuation byte (0x80–0xBF) this character stands for, or -1. */
function continuationByte(code: number): number {
  if (code >= 0x80 && code <= 0xbf) return code;
  return code > 0xff ? (CP1252_BYTE.get(code) ?? -1) : -1;
}

const isUpperLetter = (code: number): boolean =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xde && code !== 0xd7);

function repairPairs(s: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const lead = s.charCodeAt(i);
    if (lead !== LEAD_C2 && lead !== LEAD_C3) continue;
    const byte = continuationByte(s.charCodeAt(i + 1));
    // C2 80–9F would decode to invisible C1 controls: not an improvement, so not mojibake.
    if (byte < 0 || (lead === LEAD_C2 && byte < 0xa0)) continue;
    // `IRMÃ` + NBSP is a real word followed by a space, not a mangled `à`/NBSP.
    if (byte === 0xa0 && i > 0 && isUpperLetter(s.charCodeAt(i - 1))) continue;
    out += s.slice(copied, i) + String.fromCharCode(((lead & 0x1f) << 6) | (byte & 0x3f));
    copied = i + 2;
    i++;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/**
 * Whether `lead`, `next` is the start of a mangled pair; a cheap test that fast paths use to rule
 * mojibake out without calling repairMojibake (NBSP and C1 controls send them to the slow path anyway).
 */
export const isMojibakePair = (lead: number, next: number): boolean =>
  (lead === LEAD_C2 || lead === LEAD_C3) && next >= 0xa1 && (next <= 0xbf || CP1252_BYTE.has(next));

const hasLead = (s: string): boolean => s.indexOf('\u00c3') >= 0 || s.indexOf('\u00c2') >= 0;

/** Returns `s` itself (same reference) when there is nothing to repair. */
export function repairMojibake(s: string): string {
  if (!hasLead(s)) return s;
  // Repeated until nothing changes, for text decoded wrongly twice (`JoÃƒÂ£o`); each pass that
  // changes something shortens the text, so this ends.
  let current = s;
  for (let next = repairPairs(s); next !== current; next = repairPairs(current)) {
    current = next;
    if (!hasLead(current)) break;
  }
  return current;
}
