import { getMunicipalities } from '@brazilian-utils/brazilian-utils/get-municipalities';
import { getStates } from '@brazilian-utils/brazilian-utils/get-states';
import { fail, ok, type FieldRule } from './rule.js';
import { cleanInline } from './text.js';
import { toTitleCasePtBr } from './title-case.js';

/**
 * Cidade → the official IBGE name. The list (5,571 municipalities with UF and 7-digit code)
 * comes from @brazilian-utils/brazilian-utils, which ships IBGE's "localidades" data offline.
 */

interface Municipality {
  readonly name: string;
  readonly uf: string;
  readonly code: string;
}

const NOT_ASCII = /[\u0080-\uffff]/;
const NOT_ASCII_ALNUM = /[^a-z0-9]/g;
/** After NFD this also drops the accents, which are marks. */
const NOT_ALNUM = /[^\p{L}\p{N}]/gu;

/**
 * Letters and digits only, accents folded, lowercase: `SANTA BARBARA D OESTE`, `Santa Bárbara
 * d'Oeste` and `santa-barbara-doeste` all meet. No two municipalities of one UF share a key.
 * NFD only for text that has non-ASCII characters.
 */
export function cityKey(text: string): string {
  const lower = text.toLowerCase();
  return NOT_ASCII.test(lower)
    ? lower.normalize('NFD').replace(NOT_ALNUM, '')
    : lower.replace(NOT_ASCII_ALNUM, '');
}

interface Index {
  /** Homonyms (same key) by folded key. */
  readonly byKey: Map<string, Municipality[]>;
  /** The same groups by exact official spelling: most cells have it, and it saves the folding. */
  readonly byName: Map<string, Municipality[]>;
}

let index: Index | undefined;

/** Built on first use: immutable reference data, shared by every job in the process. */
function municipalityIndex(): Index {
  if (index !== undefined) return index;
  const byKey = new Map<string, Municipality[]>();
  const byName = new Map<string, Municipality[]>();
  // State by state: the all-states call sorts 5,571 names with a pt-BR collator (~70 ms per worker).
  for (const state of getStates()) {
    for (const m of getMunicipalities(state.code)) {
      const key = cityKey(m.name);
      const group = byKey.get(key) ?? [];
      group.push({ name: m.name, uf: m.stateCode, code: m.code });
      byKey.set(key, group);
      byName.set(m.name, group);
    }
  }
  index = { byKey, byName };
  return index;
}

interface Match {
  readonly municipality: Municipality;
  /** False when homonyms exist and the UF didn't pick one: the name is right, the code may not be. */
  readonly certain: boolean;
}

/**
 * The municipality this cleaned text names. The row's UF decides between homonyms; without it
 * (or when the UF has no such city) the name is still usable if every homonym is spelt alike
 * (`Bom Jesus` is in five UFs), but not when spellings differ (`Goiana` PE, `Goianá` MG) unless
 * the text already carries one of the accents.
 */
export function findMunicipality(text: string, uf?: string): Match | undefined {
  const { byName, byKey } = municipalityIndex();
  const candidates = byName.get(text) ?? byKey.get(cityKey(text));
  const first = candidates?.[0];
  if (candidates === undefined || first === undefined) return undefined;
  if (candidates.length === 1) return { municipality: first, certain: true };
  const inUf = uf === undefined ? undefined : candidates.find((m) => m.uf === uf);
  if (inUf !== undefined) return { municipality: inUf, certain: true };
  if (candidates.every((m) => m.name === first.name)) return { municipality: first, certain: false };
  const lower = text.toLowerCase();
  const spelt = candidates.find((m) => m.name.toLowerCase() === lower);
  return spelt === undefined ? undefined : { municipality: spelt, certain: false };
}

/**
 * The official accented name (`SAO PAULO` → `São Paulo`), with the IBGE code as `info` when the
 * municipality is certain. A city missing from the list is not an error (districts, typos): it is
 * cleaned and title-cased.
 */
export const sanitizeCity: FieldRule = (raw, context) => {
  const clean = cleanInline(raw);
  if (clean === '') return fail('BAD_CHARACTERS', 'The text has only control characters.');
  const match = findMunicipality(clean, context.uf);
  if (match === undefined) return ok(toTitleCasePtBr(clean));
  const { name, code } = match.municipality;
  return match.certain ? ok(name, code) : ok(name);
};
