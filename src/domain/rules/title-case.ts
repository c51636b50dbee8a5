/**
 * pt-BR title case for names and addresses: `MARIA DAS GRAÇAS` → `Maria das Graças`, while a
 * value already written in mixed case keeps the writer's capitals (`McDonald`, `Dom Pedro II`,
 * `Praça JK`, `Conde d'Eu`). Expects text already cleaned to single spaces (see cleanInline).
 * Works on char codes: split, join and regexes cost more than all the rest of a name's
 * cleaning, on millions of cells.
 */

import { isMojibakePair } from './mojibake.js';
import { ok, type FieldRule } from './rule.js';
import { inlineRule, isSpaceLike } from './text.js';
import {
  coreOf,
  isAddressCode,
  isApostrophe,
  isCasedLetter,
  isHighwayCode,
  isParticle,
  isRaisable,
  isRomanNumeral,
  isUpper,
  LETTER_CASE,
  letterCaseOf,
} from './title-case-words.js';

export interface TitleCaseOptions {
  /** Addresses: keep `JK`, `BR-116`, `S/N` in capitals when the text is in capitals. */
  readonly keepCodes: boolean;
}

const NAMES: TitleCaseOptions = { keepCodes: false };
const ADDRESSES: TitleCaseOptions = { keepCodes: true };

/** Opening punctuation is skipped so that `"joão"` becomes `"João"`, not `"joão"`. */
const isOpening = (c: number): boolean =>
  c === 0x22 || c === 0x27 || c === 0x28 || c === 0x5b || c === 0xab || c === 0x2018 || c === 0x201c;

/**
 * Whether `s` is already clean (isTidyInline) and its own title case, in one pass and without
 * allocating. Most cells are, and this is cheaper than cleaning and building the answer. It may
 * say no to text the full path keeps (`McDonald`, `d'Oeste`): that costs time, not correctness.
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

function hasUpper(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return true;
    if (c >= 0xc0 && isCasedLetter(s, i) && s.charAt(i).toLowerCase() !== s.charAt(i)) return true;
  }
  return false;
}

function countLetters(s: string, start: number, end: number): number {
  let letters = 0;
  for (let i = start; i < end; i++) if (isCasedLetter(s, i)) letters++;
  return letters;
}

/** The answer being built: `s` up to `copied` is kept as it is, `out` holds what came before. */
interface Edit {
  out: string;
  copied: number;
}

/** Replaces `s[from, to)` by `text`. */
function replace(edit: Edit, s: string, from: number, to: number, text: string): void {
  edit.out += s.slice(edit.copied, from) + text;
  edit.copied = to;
}

/** Raises the lowercase letter at `i`, when it has a capital of one letter. */
function raise(edit: Edit, s: string, i: number): void {
  const c = s.charCodeAt(i);
  if (c >= 0x61 && c <= 0x7a) return replace(edit, s, i, i + 1, String.fromCharCode(c - 32));
  if (c <= 0xdf) return;
  const upper = s.charAt(i).toUpperCase();
  if (upper !== s.charAt(i)) replace(edit, s, i, i + 1, upper);
}

/**
 * Capitalises one lowercase word and each hyphenated part. The first character decides, as in
 * `2081` or `2ª`. Besides: `d'` stays lowercase unless it starts the text, as IBGE writes
 * `Santa Bárbara d'Oeste` and `Olhos-d'Água`, and the letter after it is raised; so is the letter
 * after any apostrophe followed by two letters (`Sant'Ana`, not `McDonald'S`), and after `Mc`
 * (no Portuguese word starts with `mc`; `Mac` is left alone: `Macedo`, `Machado`, `Maceió`).
 */
function capitalizeWord(edit: Edit, s: string, start: number, end: number): void {
  let capitalize = true;
  let isFirstPart = true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2d) {
      capitalize = true;
      isFirstPart = false;
    } else if (capitalize) {
      if (isOpening(c)) continue;
      capitalize = false;
      if (c === 0x64 && isApostrophe(s.charCodeAt(i + 1)) && i + 2 < end && isCasedLetter(s, i + 2)) {
        if (start === 0 && isFirstPart) raise(edit, s, i);
        raise(edit, s, i + 2);
        i += 2;
      } else if (c === 0x6d && s.charCodeAt(i + 1) === 0x63 && i + 3 < end && isRaisable(s.charCodeAt(i + 2)) && isRaisable(s.charCodeAt(i + 3))) {
        raise(edit, s, i);
        raise(edit, s, i + 2);
        i += 2;
      } else {
        raise(edit, s, i);
      }
    } else if (isApostrophe(c) && i + 2 < end && isCasedLetter(s, i - 1) && isCasedLetter(s, i + 1) && isCasedLetter(s, i + 2)) {
      raise(edit, s, i + 1);
    }
  }
}

const mayBeNumeral = (c: number): boolean => c === 0x69 || c === 0x76 || c === 0x78 || !isRaisable(c);

/** A lowercase word that goes to capitals whole: a Roman numeral, or a code in an address. */
function isAllCapsWord(s: string, start: number, end: number, wasUpper: boolean, options: TitleCaseOptions): boolean {
  if (mayBeNumeral(s.charCodeAt(start))) {
    const [a, b] = coreOf(s, start, end);
    if (isRomanNumeral(s, a, b)) return true;
  }
  return options.keepCodes && (wasUpper ? isAddressCode(s, start, end) : isHighwayCode(s, start, end));
}

/** Text in one case, lowercased: every word re-cased, particles lowercase unless first. */
function recase(lower: string, wasUpper: boolean, options: TitleCaseOptions): string {
  const edit: Edit = { out: '', copied: 0 };
  for (let start = 0; ; ) {
    const space = lower.indexOf(' ', start);
    const end = space < 0 ? lower.length : space;
    if (start === 0 || !isParticle(lower, start, end)) {
      if (isAllCapsWord(lower, start, end, wasUpper, options)) replace(edit, lower, start, end, lower.slice(start, end).toUpperCase());
      else capitalizeWord(edit, lower, start, end);
    }
    if (space < 0) return edit.copied === 0 ? lower : edit.out + lower.slice(edit.copied);
    start = space + 1;
  }
}

/**
 * Text in mixed case is the writer's: a word with a capital stays as written, except a particle
 * after the first word (`Maria Das Graças` → `Maria das Graças`). A word in lowercase is re-cased
 * when it is the first word or has four letters or more (`joão Da silva` → `João da Silva`);
 * shorter ones stay lowercase (`São João del Rei`, `Morro Cabeça no Tempo`, `Xangri-lá`), as
 * in proper text a short lowercase word is far more often meant than a forgotten capital.
 * Numerals and highway codes go to capitals in any case (`Pio xii` → `Pio XII`).
 */
function tidyMixedCase(s: string, options: TitleCaseOptions): string {
  const edit: Edit = { out: '', copied: 0 };
  for (let start = 0; ; ) {
    const space = s.indexOf(' ', start);
    const end = space < 0 ? s.length : space;
    if (start > 0 && isParticle(s, start, end)) {
      if (hasUpper(s, start, end)) replace(edit, s, start, end, s.slice(start, end).toLowerCase());
    } else if (!hasUpper(s, start, end)) {
      if (isAllCapsWord(s, start, end, false, options)) replace(edit, s, start, end, s.slice(start, end).toUpperCase());
      else if (start === 0 || countLetters(s, start, end) >= 4) capitalizeWord(edit, s, start, end);
    }
    if (space < 0) return edit.copied === 0 ? s : edit.out + s.slice(edit.copied);
    start = space + 1;
  }
}

/**
 * Re-cases text written all in capitals or all in lowercase (judged on its letters); tidies
 * text in mixed case (see tidyMixedCase); text without letters is returned as it is.
 */
export function toTitleCasePtBr(text: string, options: TitleCaseOptions = NAMES): string {
  const letters = letterCaseOf(text);
  if (letters === LETTER_CASE.none) return text;
  if (letters === LETTER_CASE.mixed) return tidyMixedCase(text, options);
  return recase(text.toLowerCase(), letters === LETTER_CASE.upper, options);
}

const cleanThenTitleCase = inlineRule((clean) => toTitleCasePtBr(clean, NAMES));
const cleanThenAddressCase = inlineRule((clean) => toTitleCasePtBr(clean, ADDRESSES));

/** The rule for names: cleaned to one line, then title-cased. */
export const titleCaseRule: FieldRule = (raw, context) =>
  isCleanTitleCase(raw) ? ok(raw) : cleanThenTitleCase(raw, context);

/** The rule for addresses and neighbourhoods: as for names, and codes in capitals stay so. */
export const addressTitleCaseRule: FieldRule = (raw, context) =>
  isCleanTitleCase(raw) ? ok(raw) : cleanThenAddressCase(raw, context);
