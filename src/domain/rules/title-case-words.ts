/**
 * Word tests for pt-BR title case, on char codes of lowercased text (see title-case.ts): the
 * words that re-casing must not flatten (`II`, `JK`, `BR-116`) and the letters it must raise
 * (`d'Oeste`, `McDonald`). Each test reads a word as `s` from `start` to `end` (exclusive).
 */

/** Lowercase letters that toUpperCase raises to one letter (not ß, µ, ª, º). */
export const isRaisable = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0xe0 && c <= 0xff && c !== 0xf7);

export const isUpper = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);

/** Letters that have a case, beyond Latin-1 too (`ł`, `ő`): asked of the string, rarely. */
export function isCasedLetter(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c <= 0xff) return isRaisable(c) || isUpper(c) || c === 0xdf;
  const ch = s.charAt(i);
  return ch.toUpperCase() !== ch.toLowerCase();
}

export const LETTER_CASE = { none: 0, upper: 1, lower: 2, mixed: 3 } as const;

/** Which cases the letters of `s` are in, as LETTER_CASE: bits 1 (capitals) and 2 (lowercase). */
export function letterCaseOf(s: string): number {
  let seen = 0;
  for (let i = 0; i < s.length && seen !== 3; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) seen |= 2;
    else if (c >= 0x41 && c <= 0x5a) seen |= 1;
    else if (c >= 0xc0 && isCasedLetter(s, i)) seen |= s.charAt(i).toLowerCase() === s.charAt(i) ? 2 : 1;
  }
  return seen;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** `'` and `’`, as in `d'Oeste` and `Sant’Ana`. */
export const isApostrophe = (c: number): boolean => c === 0x27 || c === 0x2019;

/**
 * `da de do das dos e` stay lowercase unless first (`João da Silva`, `Vinte e Cinco`): the list
 * the generator's truth uses. `| 0x20` folds only A–Z onto a–z here, so `Das` is recognised
 * before it is lowercased. Without `end`, the word ends at the next space.
 */
export function isParticle(s: string, start: number, end?: number): boolean {
  let length: number;
  if (end === undefined) {
    const space = s.indexOf(' ', start);
    length = (space < 0 ? s.length : space) - start;
  } else {
    length = end - start;
  }
  const c0 = s.charCodeAt(start) | 0x20;
  if (length === 1) return c0 === 0x65; // e
  if (c0 !== 0x64 || length > 3 || length < 1) return false; // d…
  const c1 = s.charCodeAt(start + 1) | 0x20;
  if (length === 2) return c1 === 0x61 || c1 === 0x65 || c1 === 0x6f; // da de do
  return (c1 === 0x61 || c1 === 0x6f) && (s.charCodeAt(start + 2) | 0x20) === 0x73; // das dos
}

/** The word without the punctuation around it: `(JK)` → `JK`, `II,` → `II`. */
export function coreOf(s: string, start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  while (a < b && !isDigit(s.charCodeAt(a)) && !isCasedLetter(s, a)) a++;
  while (b > a && !isDigit(s.charCodeAt(b - 1)) && !isCasedLetter(s, b - 1)) b--;
  return [a, b];
}

/** 2 … 39 in canonical form, the range of popes, kings and dates in street names (`XXIII`, `XV`). */
const ROMAN = /^x{0,3}(ix|iv|v?i{0,3})$/;

/**
 * A Roman numeral of two or more letters. Only I, V and X: with L, C, D and M real words and
 * names qualify (`di`, `li`, `mix`, `cid`). A single `i`/`v`/`x` is capitalised anyway.
 */
export function isRomanNumeral(s: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x69 && c !== 0x76 && c !== 0x78) return false;
  }
  return ROMAN.test(s.slice(start, end));
}

/** Abbreviations without vowels that are words, not acronyms: `R. DR. ARNALDO` → `R. Dr. Arnaldo`. */
const ABBREVIATIONS = new Set([
  'dr', 'drs', 'sr', 'srs', 'jr', 'fr', 'sgt', 'cmdt', 'tv', 'pc', 'pç', 'jd', 'jdm', 'vl', 'pq', 'cj', 'qd', 'qdr',
  'lt', 'bl', 'ch', 'st', 'km', 'nr',
]);

const isVowel = (c: number): boolean =>
  c === 0x61 || c === 0x65 || c === 0x69 || c === 0x6f || c === 0x75 || c === 0x79 || (c >= 0xe0 && c <= 0xe6) ||
  (c >= 0xe8 && c <= 0xef) || (c >= 0xf2 && c <= 0xf6) || (c >= 0xf8 && c <= 0xfd) || c === 0xff;

/**
 * In an address written in capitals, a code the writer meant in capitals: letters with digits
 * (`BR-116`, `SP-280`, `12B`) or two or more letters without a vowel (`JK`, `BR`, `S/N`) that
 * are not a known abbreviation nor followed by a period (`DR.`, `PÇ.`, `TV.`).
 */
export function isAddressCode(s: string, start: number, end: number): boolean {
  let letters = 0;
  let digits = 0;
  let vowels = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if ((c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && isCasedLetter(s, i))) {
      letters++;
      if (isVowel(c)) vowels++;
    }
  }
  if (letters === 0) return false;
  if (digits > 0) return true;
  if (letters < 2 || vowels > 0) return false;
  const [a, b] = coreOf(s, start, end);
  return s.charCodeAt(b) !== 0x2e && !ABBREVIATIONS.has(s.slice(a, b));
}

/** `br`, `sp`, `mg` …: the prefixes of federal and state highways. */
const HIGHWAY_PREFIXES = new Set([
  'br', 'ac', 'al', 'am', 'ap', 'ba', 'ce', 'df', 'es', 'go', 'ma', 'mg', 'ms', 'mt', 'pa', 'pb', 'pe', 'pi', 'pr',
  'rj', 'rn', 'ro', 'rr', 'rs', 'sc', 'se', 'sp', 'to',
]);

/** A highway in lowercase text, `br-116` or `sp280`: the one code that lowercase still reveals. */
export function isHighwayCode(s: string, start: number, end: number): boolean {
  const c2 = s.charCodeAt(start + 2);
  const c3 = s.charCodeAt(start + 3);
  if (c2 !== 0x2d && !isDigit(c2) && c3 !== 0x2d && !isDigit(c3)) return false; // `br-`, `sp2`, `(br-`
  const [a, b] = coreOf(s, start, end);
  let i = a + 2;
  if (s.charCodeAt(i) === 0x2d) i++;
  if (b - i < 2 || b - i > 3 || !HIGHWAY_PREFIXES.has(s.slice(a, a + 2))) return false;
  for (; i < b; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}
