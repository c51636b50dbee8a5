import { fail, ok, type FieldRule } from './rule.js';

/** The 27 federative units: code → official name. */
export const UF_NAMES = {
  AC: 'Acre', AL: 'Alagoas', AP: 'Amapá', AM: 'Amazonas', BA: 'Bahia', CE: 'Ceará',
  DF: 'Distrito Federal', ES: 'Espírito Santo', GO: 'Goiás', MA: 'Maranhão', MT: 'Mato Grosso',
  MS: 'Mato Grosso do Sul', MG: 'Minas Gerais', PA: 'Pará', PB: 'Paraíba', PR: 'Paraná',
  PE: 'Pernambuco', PI: 'Piauí', RJ: 'Rio de Janeiro', RN: 'Rio Grande do Norte',
  RS: 'Rio Grande do Sul', RO: 'Rondônia', RR: 'Roraima', SC: 'Santa Catarina', SP: 'São Paulo',
  SE: 'Sergipe', TO: 'Tocantins',
} as const;

export type Uf = keyof typeof UF_NAMES;

export const isUf = (code: string): code is Uf => Object.hasOwn(UF_NAMES, code);

/** Uppercase, accents removed, runs of whitespace (NBSP too) collapsed: `  são  paulo` → `SAO PAULO`. */
const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toUpperCase();

const UF_BY_FOLDED_NAME: ReadonlyMap<string, Uf> = new Map(
  (Object.entries(UF_NAMES) as [Uf, string][]).map(([code, name]) => [fold(name), code]),
);

export const sanitizeUf: FieldRule = (raw) => {
  // Fast path: most cells are already a 2-letter code.
  const upper = raw.length === 2 ? raw.toUpperCase() : '';
  if (isUf(upper)) return ok(upper);
  const folded = fold(raw);
  if (isUf(folded)) return ok(folded);
  const byName = UF_BY_FOLDED_NAME.get(folded);
  if (byName !== undefined) return ok(byName);
  return fail('UNKNOWN_UF', `${JSON.stringify(raw.trim())} is neither a UF code nor a state name`);
};
