import { jaroWinkler } from '../names/jaro-winkler.js';
import { isOneEditApart } from '../names/name-similarity.js';
import { companyNameKey } from './company-name-key.js';
import { isInitialOf, isSameToken, parsePersonName, type PersonName } from './person-name.js';

export { irregularCompanyStatus, irregularPersonStatus } from './registration-status.js';

/**
 * Does the registry's holder of a CPF/CNPJ look like the row's person or company?
 * `sim`: the same; `parcial`: maybe, a person should look; `nao`: someone else.
 */
export type HolderVerdict = 'sim' | 'parcial' | 'nao';

/** Stable codes, turned into pt-BR/en text by the pipeline. */
export type HolderReason =
  /** sim: the names agree, and so do the birth dates where both sides have one. */
  | 'NAME_AGREES'
  /** parcial: one side has no name (nothing left once punctuation and particles are gone); a person's differing birth date makes it nao (BIRTH_DATE_DIFFERS). */
  | 'NAME_MISSING'
  /** parcial: the first name or the last surname is only an initial on one side. */
  | 'NAME_ABBREVIATED'
  /** parcial: first name and last surname agree; middle names or surnames are missing or differ. Companies: one name's words are among the other's. */
  | 'NAME_PARTIAL'
  /** parcial: a word is a small typo away from the other side's (Jaro-Winkler ≥ 0.9), or the first name another spelling of the same sound (`Thiago`/`Tiago`). */
  | 'NAME_TYPO'
  /** parcial (nao if the birth dates differ or both sides have another): Júnior/Filho/Neto/Sobrinho on one side only, or different. */
  | 'SUFFIX_DIFFERS'
  /** parcial when the names agree; nao when they only partly agree. */
  | 'BIRTH_DATE_DIFFERS'
  /** nao: another first name, the surnames agreeing (a relative). */
  | 'FIRST_NAME_DIFFERS'
  /** nao: the same first name, no surname in common. */
  | 'SURNAME_DIFFERS'
  /** nao: neither the first name nor the last surname agrees (a stranger); companies: different names. */
  | 'NAME_DIFFERS';

export interface HolderCheck {
  readonly verdict: HolderVerdict;
  readonly reason: HolderReason;
}

/** Below this two words are not "a typo apart"; at 0.9 `Santos`/`Santso` are, `Silva`/`Sousa` are not. */
const TYPO_SIMILARITY = 0.9;
/** Shorter words than this are too short to call a near miss a typo (`Ana`/`Ada`). */
const TYPO_MIN_LENGTH = 4;
/** Whole company names this alike (after the legal suffix is gone) differ by a typo. */
const COMPANY_TYPO_SIMILARITY = 0.95;

const check = (verdict: HolderVerdict, reason: HolderReason): HolderCheck => ({ verdict, reason });

const isTypoOf = (a: string, b: string): boolean =>
  a.length >= TYPO_MIN_LENGTH && b.length >= TYPO_MIN_LENGTH && jaroWinkler(a, b) >= TYPO_SIMILARITY;

/** `Renato`/`Renata`, `Daniel`/`Daniela`, `Mário`/`Maria`: siblings' names, not a typo. */
const stem = (name: string): string => name.replace(/[aeo]$/, '');

type TokenMatch = 'same' | 'initial' | 'typo' | 'different';

function matchToken(a: string, b: string): TokenMatch {
  if (isSameToken(a, b)) return 'same';
  if (isInitialOf(a, b) || isInitialOf(b, a)) return 'initial';
  return isTypoOf(a, b) ? 'typo' : 'different';
}

/**
 * A first name is where relatives differ, and a near miss of one is often another real name
 * (`Luzia`/`Luíza`, `Elaine`/`Eliane`, and `Luzia`/`Lúcia` sound alike): only the same
 * spelling (accents aside) is `same`. Sounding alike (`Thiago`/`Tiago`) is a `variant`; a typo
 * counts only one edit apart, the initial kept, not a sibling's form of the name (`Renato`/
 * `Renata`) and with the same birth date on both sides.
 */
function matchFirstName(a: string, b: string, isBirthSame: boolean): TokenMatch | 'variant' {
  if (a === b) return 'same';
  const match = matchToken(a, b);
  if (match === 'same') return 'variant';
  if (match !== 'typo') return match;
  return isBirthSame && a[0] === b[0] && stem(a) !== stem(b) && isOneEditApart(a, b) ? 'typo' : 'different';
}

/** ISO `yyyy-mm-dd` (a time after it ignored); anything else counts as no date. */
const isoDay = (date: string): string => /^\d{4}-\d{2}-\d{2}/.exec(date.trim())?.[0] ?? '';

interface Alignment {
  readonly unmatched: number;
  readonly typos: number;
}

/**
 * The best in-order pairing of two token lists (most pairs, then fewest typos), as in an edit
 * distance without substitutions: middle names are dropped or abbreviated, not reordered.
 */
function align(a: readonly string[], b: readonly string[]): Alignment {
  // Score = pairs × weight − typos: one more pair always beats any number of typos.
  const weight = a.length + b.length + 1;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const wordA of a) {
    const current = [0];
    for (let j = 1; j <= b.length; j++) {
      const match = matchToken(wordA, b[j - 1] ?? '');
      const paired = match === 'different' ? 0 : (previous[j - 1] ?? 0) + weight - (match === 'typo' ? 1 : 0);
      current.push(Math.max(paired, previous[j] ?? 0, current[j - 1] ?? 0));
    }
    previous = current;
  }
  const best = previous[b.length] ?? 0;
  const pairs = Math.ceil(best / weight);
  return { unmatched: a.length + b.length - 2 * pairs, typos: pairs * weight - best };
}

interface NameComparison {
  readonly level: 'agree' | 'partial' | 'different';
  readonly reason: HolderReason;
  /** The reason to give when the birth dates differ too, which makes a partial agreement nao. */
  readonly reasonIfBirthDiffers?: HolderReason;
}

function compareSuffix(a: PersonName, b: PersonName, isBirthSame: boolean): NameComparison | undefined {
  if (a.suffix === b.suffix) return undefined;
  // Two different generation markers: a father and a son unless the birth date says otherwise.
  if (a.suffix !== '' && b.suffix !== '' && !isBirthSame) return { level: 'different', reason: 'SUFFIX_DIFFERS' };
  return { level: 'partial', reason: 'SUFFIX_DIFFERS', reasonIfBirthDiffers: 'SUFFIX_DIFFERS' };
}

function compareNames(a: PersonName, b: PersonName, isBirthSame: boolean): NameComparison {
  const first = matchFirstName(a.first, b.first, isBirthSame);
  const lastA = a.rest[a.rest.length - 1];
  const lastB = b.rest[b.rest.length - 1];
  const last = lastA === undefined || lastB === undefined ? undefined : matchToken(lastA, lastB);
  if (first === 'different') return { level: 'different', reason: last === 'different' ? 'NAME_DIFFERS' : 'FIRST_NAME_DIFFERS' };
  // A surname kept elsewhere in the other name: one added (marriage) or the order changed.
  const isLastElsewhere =
    lastA !== undefined && lastB !== undefined && (b.rest.some((t) => isSameToken(t, lastA)) || a.rest.some((t) => isSameToken(t, lastB)));
  if (last === 'different' && !isLastElsewhere) return { level: 'different', reason: 'SURNAME_DIFFERS' };

  const suffix = compareSuffix(a, b, isBirthSame);
  if (suffix !== undefined) return suffix;
  if (last === undefined ? a.rest.length !== b.rest.length : last === 'different') return { level: 'partial', reason: 'NAME_PARTIAL' };
  if (first === 'initial' || last === 'initial') return { level: 'partial', reason: 'NAME_ABBREVIATED' };
  const { unmatched, typos } = align(a.rest, b.rest);
  if (unmatched > 0) return { level: 'partial', reason: 'NAME_PARTIAL' };
  if (first === 'variant') return { level: 'partial', reason: 'NAME_TYPO', reasonIfBirthDiffers: 'FIRST_NAME_DIFFERS' };
  if (typos > 0 || first === 'typo') return { level: 'partial', reason: 'NAME_TYPO' };
  return { level: 'agree', reason: 'NAME_AGREES' };
}

/**
 * The row's clean name (title-cased by Higia, maybe a variant: accents missing, a middle name
 * abbreviated, a particle dropped) and ISO birth date ('' if none) against the registry's
 * `nome` (canonical, UPPER, without accents…) and `data_nascimento`.
 *
 * - nao: another first name (FIRST_NAME_DIFFERS, or NAME_DIFFERS when the last surname differs
 *   too); the same first name without a surname in common (SURNAME_DIFFERS); two different
 *   generation suffixes and no equal birth date (SUFFIX_DIFFERS); or a partial name agreement
 *   (below) whose birth dates differ.
 * - parcial: the names agree but the birth dates differ; or a partial agreement: one side
 *   without a name, a middle name or surname missing or different, a suffix on one side only, the
 *   first name or last surname only an initial, a word a typo away.
 * - sim: every word agrees, a middle name may be its initial, and the birth dates agree or one
 *   side has none.
 *
 * Words agree up to accents, case, punctuation, particles (da/de/do/das/dos/e) and, but for
 * the first name, spellings of one sound (buscaBr: `Souza`/`Sousa`); `Jr.` is `Júnior`.
 */
export function personHolderVerdict(row: { name: string; birthDate: string }, ref: { name: string; birthDate: string }): HolderCheck {
  const rowName = parsePersonName(row.name);
  const refName = parsePersonName(ref.name);
  const rowBirth = isoDay(row.birthDate);
  const refBirth = isoDay(ref.birthDate);
  const isBirthKnown = rowBirth !== '' && refBirth !== '';
  const isBirthSame = isBirthKnown && rowBirth === refBirth;
  const name: NameComparison =
    rowName === undefined || refName === undefined
      ? { level: 'partial', reason: 'NAME_MISSING' }
      : compareNames(rowName, refName, isBirthSame);
  if (name.level === 'different') return check('nao', name.reason);
  const isBirthDifferent = isBirthKnown && !isBirthSame;
  if (name.level === 'agree') return isBirthDifferent ? check('parcial', 'BIRTH_DATE_DIFFERS') : check('sim', 'NAME_AGREES');
  return isBirthDifferent ? check('nao', name.reasonIfBirthDiffers ?? 'BIRTH_DATE_DIFFERS') : check('parcial', name.reason);
}

/**
 * The row's razão social against the registry's, legal forms (LTDA, ME, EPP, EIRELI, S/A,
 * & CIA…), punctuation, accents and case aside (see companyNameKey).
 *
 * - sim: the same words (order aside; `COM` for `COMERCIO` counts), or the same letters once the
 *   spaces are gone (`AUTOPECAS`/`AUTO PECAS`).
 * - parcial: a name empty once the legal form is gone (NAME_MISSING); every word of one name in
 *   the other (NAME_PARTIAL); the words pairing up with a typo, or the whole names
 *   Jaro-Winkler ≥ 0.95 (NAME_TYPO).
 * - nao: anything else (NAME_DIFFERS).
 */
export function companyHolderVerdict(rowName: string, refName: string): HolderCheck {
  const a = companyNameKey(rowName);
  const b = companyNameKey(refName);
  if (a.length === 0 || b.length === 0) return check('parcial', 'NAME_MISSING');
  const joinedA = a.join('');
  const joinedB = b.join('');
  if (joinedA === joinedB) return check('sim', 'NAME_AGREES');
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const unused = [...long];
  let typos = 0;
  let paired = 0;
  for (const word of short) {
    const at = findCompanyWord(word, unused);
    if (at === undefined) continue;
    if (at.match === 'typo') typos++;
    unused.splice(at.index, 1);
    paired++;
  }
  if (paired === short.length) {
    if (unused.length > 0) return check('parcial', 'NAME_PARTIAL');
    return typos > 0 ? check('parcial', 'NAME_TYPO') : check('sim', 'NAME_AGREES');
  }
  return jaroWinkler(joinedA, joinedB) >= COMPANY_TYPO_SIMILARITY ? check('parcial', 'NAME_TYPO') : check('nao', 'NAME_DIFFERS');
}

/** `COM` for `COMERCIO`, `DISTRIB` for `DISTRIBUIDORA`: registries and clerks shorten long words. */
const isAbbreviationOf = (a: string, b: string): boolean => a.length >= 3 && b.startsWith(a);

/** The first of `words` that `word` stands for: the same or an abbreviation of either, else a typo of it. */
function findCompanyWord(word: string, words: readonly string[]): { index: number; match: 'same' | 'typo' } | undefined {
  const same = words.findIndex((w) => isSameToken(word, w) || isAbbreviationOf(word, w) || isAbbreviationOf(w, word));
  if (same >= 0) return { index: same, match: 'same' };
  const typo = words.findIndex((w) => isTypoOf(word, w));
  return typo >= 0 ? { index: typo, match: 'typo' } : undefined;
}
