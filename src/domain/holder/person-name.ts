import { buscaBr } from '../names/buscabr.js';
import { isNameSuffix, nameTokens } from '../names/name-tokens.js';

/**
 * A person's name read for comparison: its nameTokens (folded, particles dropped), the first
 * name and the generation suffix set apart. `Maria das Graças A. Santos Júnior` → first
 * `maria`, rest `gracas a santos`, suffix `jr`.
 */
export interface PersonName {
  readonly first: string;
  /** Every token after the first, in order, the suffix excluded; the last is the last surname. */
  readonly rest: readonly string[];
  /** `jr` (also for `Júnior`), `filho`, `neto`, `sobrinho`… as nameTokens spells them, or '' when there is none. */
  readonly suffix: string;
}

/** undefined for a name with no letters left (blank, punctuation, particles only). */
export function parsePersonName(name: string): PersonName | undefined {
  const [first, ...rest] = nameTokens(name);
  if (first === undefined) return undefined;
  const last = rest[rest.length - 1] ?? '';
  // Only after a first name and a surname: in `João Neto` the `Neto` is the surname.
  const hasSuffix = rest.length >= 2 && isNameSuffix(last);
  return hasSuffix ? { first, rest: rest.slice(0, -1), suffix: last } : { first, rest, suffix: '' };
}

/**
 * Same word up to accents, case and the spellings one name is written in (`Thiago`/`Tiago`,
 * `Souza`/`Sousa`, `Luiz`/`Luis`): registries and clerks use them for the same person.
 */
export const isSameToken = (a: string, b: string): boolean => a === b || buscaBr(a) === buscaBr(b);

/** `a` (one letter, what an abbreviation like `A.` folds to) stands for the word `b`. */
export const isInitialOf = (a: string, b: string): boolean => a.length === 1 && b.startsWith(a);
