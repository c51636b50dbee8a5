import type { AddressTokens } from './address-tokens.js';
import { COMPLEMENT_KEYS, COMPLEMENT_WORDS, NO_NUMBER_WORDS } from './address-words.js';

// Compiled once; all of them run on lowercase words.
/** `nº`, `n°`, `n.`, `n.º`, `no`, `nr`, `nro`, `num`, `número`: the word that announces a number. */
const NUMBER_MARK = /^(?:n[º°o]?\.?|n\.[º°]|nro?\.?|num\.?|n[uú]mero)$/;
/** A house number, maybe glued to its mark (`nº638`) or with a letter (`12A`, `12-a`); `1.500` has a thousands dot. */
const HOUSE_NUMBER = /^(n[º°o]?\.?|n\.[º°]|nro?\.?)?(\d{1,3}(?:\.\d{3})+|\d+)(?:-?([a-z]))?$/;
const WITHOUT_NUMBER = /^(?:s\/n[º°o]?|sn|s\.n)\.?$/;
const KM = /^km\.?(\d+(?:[.,]\d+)?)?$/;
const KM_VALUE = /^\d+(?:[.,]\d+)?$/;
const THOUSANDS_DOT = /\./g;
const COMPLEMENT_VALUE = /^(?:\d+[a-z]?|[a-z]\d*|\d+-[a-z\d]+|[a-z]-?\d+)$/;
/** `3º`, `3°`, `3o`, `3ª`, `3`: the floor in `3º andar`. */
const ORDINAL = /^(\d+)[º°oª]?\.?$/;

export interface NumberPart {
  readonly value: string;
  /** Index of the first word after the number. */
  readonly next: number;
  /** Announced (`Nº 12`), `S/N` or a km: a number even without a comma before it. */
  readonly isMarked: boolean;
}

const KM_MARK = 'Km ';

function readKm(words: readonly string[], i: number, word: string): NumberPart | undefined {
  const km = KM.exec(word);
  if (!km) return undefined;
  const glued = km[1];
  if (glued !== undefined) return { value: KM_MARK + glued.replace('.', ','), next: i + 1, isMarked: true };
  const after = words[i + 1];
  if (after === undefined || !KM_VALUE.test(after)) return undefined;
  return { value: KM_MARK + after.replace('.', ','), next: i + 2, isMarked: true };
}

function houseNumber(match: RegExpExecArray): string {
  const written = match[2] ?? '';
  const digits = written.length > 3 && written.includes('.') ? written.replace(THOUSANDS_DOT, '') : written;
  const letter = match[3];
  return letter === undefined ? digits : digits + letter.toUpperCase();
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isLowerLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0xe0 && c <= 0xff && c !== 0xf7);

/** The number at word `i`: `638`, `12A`, `S/N` or `Km 12,5`; undefined when there is none. */
export function readNumber(tokens: AddressTokens, i: number): NumberPart | undefined {
  const words = tokens.lower;
  const word = words[i];
  if (word === undefined) return undefined;
  const first = word.charCodeAt(0);
  // Most words of a street start with none of these: settled before any regex runs.
  if (!isDigit(first) && first !== 0x6e && first !== 0x73 && first !== 0x6b) return undefined; // n, s, k
  const after = words[i + 1];
  if (first === 0x73) {
    if (WITHOUT_NUMBER.test(word)) return { value: 'S/N', next: i + 1, isMarked: true };
    const isNoNumber = word === 'sem' && after !== undefined && NO_NUMBER_WORDS.has(after);
    return isNoNumber ? { value: 'S/N', next: i + 2, isMarked: true } : undefined;
  }
  if (first === 0x6b) return readKm(words, i, word);
  const glued = HOUSE_NUMBER.exec(word);
  if (glued) return { value: houseNumber(glued), next: i + 1, isMarked: glued[1] !== undefined };
  if (after === undefined || !NUMBER_MARK.test(word)) return undefined;
  const announced = HOUSE_NUMBER.exec(after);
  if (!announced || announced[1] !== undefined) return undefined;
  return { value: houseNumber(announced), next: i + 2, isMarked: true };
}

interface Piece {
  readonly text: string;
  readonly next: number;
}

/** `apartamento`: words longer than any complement word are settled without a lookup. */
/** `apartamento`: a word with more letters is no complement word, settled without a lookup. */
const LONGEST_KEY = 11;

const floor = (ordinal: string): string => `${ordinal}º Andar`;

function keyed(key: string, value: string, next: number): Piece | undefined {
  if (!COMPLEMENT_VALUE.test(value)) return undefined;
  if (key === 'Andar') {
    const ordinal = ORDINAL.exec(value);
    return ordinal ? { text: floor(ordinal[1] ?? value), next } : undefined;
  }
  return { text: `${key} ${value.toUpperCase()}`, next };
}

/** One standard complement piece at word `i`: `Apto 12`, `Bloco B`, `3º Andar`, `Fundos`. */
function readPiece(tokens: AddressTokens, i: number): Piece | undefined {
  const words = tokens.lower;
  const word = words[i];
  if (word === undefined) return undefined;
  const after = words[i + 1];
  if (isDigit(word.charCodeAt(0))) {
    const ordinal = ORDINAL.exec(word);
    const isFloor = ordinal !== null && after !== undefined && tokens.bare[i + 1] === 'andar';
    return isFloor ? { text: floor(ordinal[1] ?? ''), next: i + 2 } : undefined;
  }
  let letters = 0;
  while (letters <= LONGEST_KEY && isLowerLetter(word.charCodeAt(letters))) letters++;
  if (letters === 0 || letters > LONGEST_KEY) return undefined;
  // The value may be glued to the word, after its dot or not: `apto12`, `bl.b`.
  const valueAt = word.charCodeAt(letters) === 0x2e ? letters + 1 : letters;
  const key = valueAt === word.length ? (tokens.bare[i] ?? '') : word.slice(0, letters);
  if (valueAt === word.length) {
    const alone = COMPLEMENT_WORDS.get(key);
    if (alone !== undefined) return { text: alone, next: i + 1 };
  }
  const standard = COMPLEMENT_KEYS.get(key);
  if (standard === undefined) return undefined;
  if (valueAt < word.length) return keyed(standard, word.slice(valueAt), i + 1);
  if (after === undefined) return undefined;
  const announced = NUMBER_MARK.test(after) ? keyed(standard, words[i + 2] ?? '', i + 3) : undefined; // `Apto nº 12`
  return announced ?? keyed(standard, after, i + 2); // `Bloco N`
}

/**
 * The complement from word `i` on, its pieces standardized and joined by one space. Strict:
 * every word must be a piece, else null. Lenient (after a sure number): words that are no
 * piece are kept as written (`Edifício Solar`).
 */
export function readComplement(text: string, tokens: AddressTokens, i: number, isStrict: boolean): string | null {
  let complement = '';
  for (let j = i; j < tokens.count; ) {
    const piece = readPiece(tokens, j);
    let part: string;
    if (piece) {
      part = piece.text;
      j = piece.next;
    } else if (isStrict) {
      return null;
    } else {
      part = text.slice(tokens.starts[j], tokens.ends[j]);
      j++;
    }
    complement = complement === '' ? part : `${complement} ${part}`;
  }
  return complement;
}
