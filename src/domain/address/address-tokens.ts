import { STREET_TYPES, TITLES } from './address-words.js';

/** The words of one address, as offsets into it, with what separates each from the one before. */
export interface AddressTokens {
  readonly count: number;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** Lowercase text of each word. */
  readonly lower: readonly string[];
  /** The same without the dot that ends an abbreviation: the key of the word tables. */
  readonly bare: readonly string[];
  /** A comma, semicolon, dash or slash comes before the word: what follows is a new part. */
  readonly afterMark: readonly boolean[];
}

const COMMA = 0x2c;
const DOT = 0x2e;
const HYPHEN = 0x2d;
const SLASH = 0x2f;
const SEMICOLON = 0x3b;
const NBSP = 0xa0;
const EN_DASH = 0x2013;
const EM_DASH = 0x2014;

/** The one letter whose lowercase is longer (`İ` → `i̇`), which would shift every offset after it. */
const DOTTED_CAPITAL_I = /\u0130/g;

const isSpace = (c: number): boolean => c <= 0x20 || c === NBSP;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f);

/** False for NaN, what charCodeAt gives past either end. */
const isWordChar = (c: number): boolean =>
  c >= 0 && !isSpace(c) && c !== COMMA && c !== SEMICOLON && c !== HYPHEN && c !== SLASH && c !== EN_DASH && c !== EM_DASH;

/**
 * A hyphen or slash between two word characters belongs to the word (`BR-116`, `12-A`, `S/N`);
 * a comma between digits too, as the decimal comma of `Km 12,5`.
 */
function isSeparatorAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c > SLASH) return c === SEMICOLON || c === NBSP || c === EN_DASH || c === EM_DASH; // letters and digits: one test
  if (c <= 0x20) return true;
  if (c === HYPHEN || c === SLASH) return !(isWordChar(s.charCodeAt(i - 1)) && isWordChar(s.charCodeAt(i + 1)));
  if (c === COMMA) return !(isDigit(s.charCodeAt(i - 1)) && isDigit(s.charCodeAt(i + 1)));
  return false; // the other ASCII punctuation (`.`, `(`, `'`) stays inside words
}

/** `Av.Paulista`, `Dr.Arnaldo`: a known abbreviation glued to the next word by its dot. */
function endsGluedAbbreviation(lower: string, start: number, dot: number, isFirstWord: boolean): boolean {
  if (!isLetter(lower.charCodeAt(dot + 1))) return false;
  const key = lower.slice(start, dot);
  return TITLES.has(key) || (isFirstWord && STREET_TYPES.has(key));
}

export function tokenizeAddress(s: string): AddressTokens {
  const lowerAll = s.toLowerCase();
  const lower = lowerAll.length === s.length ? lowerAll : s.replace(DOTTED_CAPITAL_I, 'I').toLowerCase();
  const starts: number[] = [];
  const ends: number[] = [];
  const words: string[] = [];
  const bare: string[] = [];
  const afterMark: boolean[] = [];
  const n = s.length;
  let marked = false;
  for (let i = 0; i < n; ) {
    if (isSeparatorAt(s, i)) {
      if (!isSpace(s.charCodeAt(i))) marked = true;
      i++;
      continue;
    }
    const start = i;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > SLASH && c < 0x7f) {
        if (c === SEMICOLON) break;
      } else if (c === DOT) {
        if (endsGluedAbbreviation(lower, start, i, starts.length === 0)) {
          i++;
          break;
        }
      } else if (isSeparatorAt(s, i)) {
        break;
      }
    }
    starts.push(start);
    ends.push(i);
    const word = lower.slice(start, i);
    words.push(word);
    bare.push(withoutDot(word));
    afterMark.push(marked);
    marked = false;
  }
  return { count: starts.length, starts, ends, lower: words, bare, afterMark };
}

/** The word without the dot that marks an abbreviation. */
export const withoutDot = (word: string): string => (word.charCodeAt(word.length - 1) === DOT ? word.slice(0, -1) : word);
