import { buscaBr } from './buscabr.js';
import { jaroWinkler } from './jaro-winkler.js';
import { isNameSuffix, nameTokens } from './name-tokens.js';

/*
 * Each part of a name scores in [0,1] and the parts multiply, so one clearly different first
 * name sinks the pair (`Maria Silva` vs `Ana Silva`) while each small difference a clerk
 * makes costs a little. The values rank differences by how often they are innocent.
 */
const SAME_SOUND = 0.96; // Souza/Sousa, Thiago/Tiago: a spelling variant
const ONE_EDIT = 0.92; // one letter swapped, dropped, doubled or replaced
const ONE_EDIT_SHORT = 0.85; // the same in a 3-letter word, where it changes more
const SOUND_ONE_EDIT = 0.85; // a variant with a typo on top: Thiago → Tiago → Tiaog
const INITIAL = 0.9; // `A.` for `Aparecida`
const DROPPED_MIDDLE = 0.9; // a middle name left out
const DROPPED_LAST = 0.8; // the last surname left out (`Maria Silva Santos` → `Maria Silva`)
const SUFFIX_MISSING = 0.93; // `Júnior` on one side only: the same man, or his father
const SUFFIX_DIFFERENT = 0.4; // `Filho` vs `Neto`: two generations
const GENDER_FLIP = 0.2; // Maria/Mario, Paulo/Paula: siblings, not a typo
const FIRST_NAME_ONLY = 0.75; // one side has a first name alone: it identifies little
/** Below Jaro-Winkler 0.5 words share nothing; at ~0.94 (Maria/Mariana) they are related but not one name. */
const JW_FLOOR = 0.5;
const JW_TOP_SCORE = 0.6;
/**
 * Spelling variants are far above this (Phelipe/Felipe 0.85, Walter/Valter 0.87), so the
 * phonetic keys, the costly part, are built only for words that could be variants.
 */
const JW_MAY_SOUND_ALIKE = 0.75;

/** Similarity of two folded name words: 1 equal, ~0.9 a typo or variant, low for different words. */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? INITIAL : 0;
  if (isGenderFlip(a, b)) return GENDER_FLIP;
  const jw = jaroWinkler(a, b);
  if (jw >= JW_MAY_SOUND_ALIKE) {
    const soundA = buscaBr(a);
    const soundB = buscaBr(b);
    if (soundA === soundB) return SAME_SOUND;
    if (isOneEditApart(a, b)) return Math.min(a.length, b.length) >= 4 ? ONE_EDIT : ONE_EDIT_SHORT;
    if (soundA.length >= 4 && isOneEditApart(soundA, soundB)) return SOUND_ONE_EDIT;
  }
  return jw <= JW_FLOOR ? 0 : ((jw - JW_FLOOR) / (1 - JW_FLOOR)) * JW_TOP_SCORE;
}

function isGenderFlip(a: string, b: string): boolean {
  const n = a.length;
  if (n !== b.length || n < 3) return false;
  const endA = a[n - 1];
  const endB = b[n - 1];
  return ((endA === 'a' && endB === 'o') || (endA === 'o' && endB === 'a')) && a.slice(0, -1) === b.slice(0, -1);
}

/** Optimal-string-alignment distance ≤ 1: one substitution, insertion, deletion or adjacent swap. */
export function isOneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

interface SplitName {
  readonly words: readonly string[];
  readonly suffix: string;
}

function splitName(name: string): SplitName {
  const tokens = nameTokens(name);
  let end = tokens.length;
  while (end > 1 && isNameSuffix(tokens[end - 1]!)) end--;
  return { words: tokens.slice(0, end), suffix: tokens.slice(end).join(' ') };
}

/**
 * How alike two person names are, in [0,1], word by word after nameTokens: first name, last
 * surname, the middle words aligned in order, and generational suffixes.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = splitName(a);
  const y = splitName(b);
  if (x.words.length === 0 || y.words.length === 0) return 0;
  const first = tokenSimilarity(x.words[0]!, y.words[0]!);
  if (first === 0) return 0;
  const suffix = suffixSimilarity(x.suffix, y.suffix);
  if (x.words.length === 1 || y.words.length === 1) {
    return first * suffix * (x.words.length === y.words.length ? 1 : FIRST_NAME_ONLY);
  }
  return first * surnamesSimilarity(x.words.slice(1), y.words.slice(1)) * suffix;
}

function suffixSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  return a === '' || b === '' ? SUFFIX_MISSING : SUFFIX_DIFFERENT;
}

/** The words after the first name: the last ones compared, the rest aligned in order. */
function surnamesSimilarity(a: readonly string[], b: readonly string[]): number {
  const last = tokenSimilarity(a[a.length - 1]!, b[b.length - 1]!);
  const middles = alignedSimilarity(a.slice(0, -1), b.slice(0, -1));
  const whole = last * middles;
  if (last >= ONE_EDIT_SHORT || a.length === b.length) return whole;
  // The longer name may have a last surname the other left out.
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return Math.max(whole, alignedSimilarity(longer.slice(0, -1), shorter) * DROPPED_LAST);
}

/** Words aligned in order (each word of the shorter list to the best later word of the longer). */
function alignedSimilarity(a: readonly string[], b: readonly string[]): number {
  const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
  let product = 1;
  let from = 0;
  for (let k = 0; k < shorter.length; k++) {
    let best = 0;
    let at = from;
    // Leave room for the words still to align after this one.
    for (let j = from; j <= longer.length - (shorter.length - k); j++) {
      const similarity = tokenSimilarity(shorter[k]!, longer[j]!);
      if (similarity > best) {
        best = similarity;
        at = j;
      }
    }
    product *= best;
    from = at + 1;
  }
  return product * DROPPED_MIDDLE ** (longer.length - shorter.length);
}
