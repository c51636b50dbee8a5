/**
 * One standard form for an Endereço value, so that `R. Dr. Arnaldo, Nº 638 Ap 12` and
 * `Rua Doutor Arnaldo, 638 - Apto 12` compare equal: the street with its type and titles
 * written out, the house number, and the complement in standard pieces.
 *
 * Where the street ends: at the first word from which the rest reads as a number and/or a
 * complement. A number counts when it is announced (`Nº 12`, `S/N`, `Km 20`) or follows a
 * comma or dash (`Rua 25 de Março, 100`); a bare number only when nothing but complement
 * pieces follows it (`Av. Brasil 1500`, not `Rua 7 de Setembro`) and the street before it is
 * more than a street type (`Rua 15` is a street named by a number; `Rua 10, 45` is number 45).
 */

import { readComplement, readNumber } from './address-tail.js';
import { tokenizeAddress, type AddressTokens } from './address-tokens.js';
import { BARE_STREET_TYPES, OUR_LADY_PREFIXES, STREET_TYPES, TITLES } from './address-words.js';
import { isAddressCode } from '../rules/title-case-words.js';

export interface StandardAddress {
  readonly street: string;
  readonly number: string;
  readonly complement: string;
}

const NOTHING: StandardAddress = Object.freeze({ street: '', number: '', complement: '' });

/** `BR 116`, `SQN 308`: a code in capitals is no street name on its own either. */
const CODE_IN_CAPITALS = /^[A-Z]{2,4}$/;

interface Tail {
  /** Index of the tail's first word: the street is the words before it. */
  readonly at: number;
  readonly number: string;
  readonly complement: string;
}

function isBareStreet(text: string, tokens: AddressTokens, at: number): boolean {
  if (at !== 1) return false;
  return BARE_STREET_TYPES.has(tokens.bare[0] ?? '') || CODE_IN_CAPITALS.test(text.slice(tokens.starts[0], tokens.ends[0]));
}

function readTail(text: string, tokens: AddressTokens, at: number): Tail | undefined {
  const complementOnly = readComplement(text, tokens, at, true);
  if (complementOnly) return isBareStreet(text, tokens, at) ? undefined : { at, number: '', complement: complementOnly };
  const number = readNumber(tokens, at);
  if (!number) return undefined;
  if (number.isMarked || tokens.afterMark[at]) {
    return { at, number: number.value, complement: readComplement(text, tokens, number.next, false) ?? '' };
  }
  if (isBareStreet(text, tokens, at)) return undefined;
  const complement = readComplement(text, tokens, number.next, true);
  return complement === null ? undefined : { at, number: number.value, complement };
}

function findTail(text: string, tokens: AddressTokens): Tail | undefined {
  for (let at = 1; at < tokens.count; at++) {
    const tail = readTail(text, tokens, at);
    if (tail) return tail;
  }
  return undefined;
}

/** Longer than any abbreviation in the tables: most words of a street, settled without a lookup. */
const LONGEST_ABBREVIATION = 5;

function titleAt(tokens: AddressTokens, i: number): string | undefined {
  const bare = tokens.bare[i] ?? '';
  if (bare.length > LONGEST_ABBREVIATION) return undefined;
  const title = TITLES.get(bare);
  return title && (title.dotless || tokens.lower[i] !== bare) ? title.word : undefined;
}

const isDigitAt = (s: string, i: number): boolean => s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;

/**
 * `ESTRADA MONTEIRO LOBATO,738` comes out of the re-casing as `Estrada Monteiro LOBATO,738`:
 * it splits words at spaces only, and takes `lobato,738` for a code because of its digits.
 * Judged alone, the word is no code and gets the capital the rest of the street got.
 */
function recasedGluedWord(text: string, tokens: AddressTokens, i: number): string | undefined {
  const end = tokens.ends[i] ?? 0;
  if (text.charCodeAt(end) !== 0x2c || !isDigitAt(text, end + 1)) return undefined;
  const word = tokens.lower[i] ?? '';
  const written = text.slice(tokens.starts[i], end);
  if (written === word || written !== word.toUpperCase() || isAddressCode(word, 0, word.length)) return undefined;
  return written.charAt(0) + word.slice(1);
}

/** The full word for the abbreviation at `i` (or its re-cased form), undefined to keep the word as written. */
function expansionAt(text: string, tokens: AddressTokens, i: number, end: number): string | undefined {
  const bare = tokens.bare[i] ?? '';
  if (i === 0 && bare.length <= LONGEST_ABBREVIATION) {
    const type = STREET_TYPES.get(bare);
    if (type !== undefined) return type;
  }
  if (i + 1 < end && OUR_LADY_PREFIXES.has(bare)) {
    return tokens.bare[i + 1] === 'senhora' || titleAt(tokens, i + 1) === 'Senhora' ? 'Nossa' : undefined;
  }
  return titleAt(tokens, i) ?? recasedGluedWord(text, tokens, i);
}

/** Words `[0, end)` with their abbreviations written out; what lies between them is kept. */
function buildStreet(text: string, tokens: AddressTokens, end: number): string {
  const { starts, ends } = tokens;
  let street = '';
  let copied = starts[0] ?? 0;
  for (let i = 0; i < end; i++) {
    const expansion = expansionAt(text, tokens, i, end);
    if (expansion === undefined) continue;
    const wordEnd = ends[i] ?? copied;
    street += text.slice(copied, starts[i]) + expansion;
    if (i + 1 < end && starts[i + 1] === wordEnd) street += ' '; // `Av.Paulista`
    copied = wordEnd;
  }
  return street + text.slice(copied, ends[end - 1]);
}

/** `value` is the Endereço value AFTER Higia's existing address rule (src/domain/rules/address.ts: title-casing, e.g. `R. Dr. Arnaldo, Nº 638 Ap 12`). */
export function standardizeAddress(value: string): StandardAddress {
  const tokens = tokenizeAddress(value);
  if (tokens.count === 0) return NOTHING;
  const tail = findTail(value, tokens);
  if (!tail) return { street: buildStreet(value, tokens, tokens.count), number: '', complement: '' };
  return { street: buildStreet(value, tokens, tail.at), number: tail.number, complement: tail.complement };
}
