/**
 * pt-BR title case for names and addresses: `MARIA DAS GRAÇAS` → `Maria das Graças`.
 * Expects text already cleaned to single spaces (see cleanInline). Works on char codes: split,
 * join and a Set cost more than all the rest of a name's cleaning, on millions of cells.
 */

import { isMojibakePair } from './mojibake.js';
import { ok, type FieldRule } from './rule.js';
import { inlineRule, isSpaceLike } from './text.js';

/**
 * `da de do das dos e` stay lowercase unless first (`João da Silva`, `Vinte e Cinco`). `| 0x20`
 * folds only A–Z onto a–z here, so `Das` is recognised before it is lowercased.
 */
function isParticle(s: string, start: number): boolean {
  const end = s.indexOf(' ', start);
  const length = (end < 0 ? s.length : end) - start;
  const c0 = s.charCodeAt(start) | 0x20;
  if (length === 1) return c0 === 0x65; // e
  if (c0 !== 0x64 || length > 3) return false; // d…
  const c1 = s.charCodeAt(start + 1) | 0x20;
  if (length === 2) return c1 === 0x61 || c1 === 0x65 || c1 === 0x6f; // da de do
  return (c1 === 0x61 || c1 === 0x6f) && (s.charCodeAt(start + 2) | 0x20) === 0x73; // das dos
}

/** Opening punctuation is skipped so that `"joão"` becomes `"João"`, not `"joão"`. */
const isOpening = (c: number): boolean =>
  c === 0x22 || c === 0x27 || c === 0x28 || c === 0x5b || c === 0xab || c === 0x2018 || c === 0x201c;

const isUpper = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
/** Lowercase letters that toUpperCase raises to one letter (not ß, µ, ª, º). */
const isRaisable = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0xe0 && c <= 0xff && c !== 0xf7);

/**
 * Whether `s` is already clean (isTidyInline) and its own title case, in one pass and without
 * allocating. Most cells are, and this is cheaper than cleaning and building the answer.
 */
export function isCleanTitleCase(s: string): boolean {
  const last = s.length - 1;
  if (last < 0 || s.charCodeAt(0) === 0x20 || s.charCodeAt(last) === 0x20) return false;
  let capitalize = true;
  let previous = 0;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) {
      if (capitalize) return false; // the bulk of the text: settled in one test
    } else if (c === 0x20) {
      if (previous === 0x20) return false;
      capitalize = !isParticle(s, i + 1);
    } else if (c === 0x2d) {
      capitalize = true;
    } else if (c > 0xff || (c < 0xa1 && isSpaceLike(c)) || isMojibakePair(c, s.charCodeAt(i + 1))) {
      return false; // beyond Latin-1, case and NFC need the full treatment
    } else if (capitalize) {
      if (isRaisable(c)) return false;
      capitalize = isOpening(c);
    } else if (isUpper(c)) {
      return false;
    }
    previous = c;
  }
  return true;
}

/** Lowercases, then capitalises the first letter of each word and each hyphenated part. */
export function toTitleCasePtBr(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let copied = 0;
  let capitalize = true;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c === 0x20) {
      capitalize = !isParticle(lower, i + 1);
    } else if (c === 0x2d) {
      capitalize = true;
    } else if (capitalize && !isOpening(c)) {
      capitalize = false;
      // The first character decides, as in `2081` or `ª`: no later letter of the word is raised.
      if (c >= 0x61 && c <= 0x7a) {
        out += lower.slice(copied, i) + String.fromCharCode(c - 32);
        copied = i + 1;
      } else if (c > 0xdf) {
        const upper = lower.charAt(i).toUpperCase();
        if (upper !== lower.charAt(i)) {
          out += lower.slice(copied, i) + upper;
          copied = i + 1;
        }
      }
    }
  }
  return copied === 0 ? lower : out + lower.slice(copied);
}

const cleanThenTitleCase = inlineRule(toTitleCasePtBr);

/** The rule for names and addresses: cleaned to one line, then title-cased. */
export const titleCaseRule: FieldRule = (raw, context) =>
  isCleanTitleCase(raw) ? ok(raw) : cleanThenTitleCase(raw, context);
