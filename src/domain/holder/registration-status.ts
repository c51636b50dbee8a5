import { foldWords } from './fold-words.js';

/** What registries write when they hold no status: no status, not an irregular one. */
const NO_STATUS = new Set(['', 'na', 'n a', 'nd', 'null', 'nenhuma', 'desconhecida', 'desconhecido', 'nao informada', 'nao informado', 'sem informacao']);

/** Receita Federal's CPF situations other than REGULAR, by folded key, in its spelling. */
const PERSON_IRREGULAR: ReadonlyMap<string, string> = new Map(
  ['PENDENTE DE REGULARIZAÇÃO', 'SUSPENSA', 'TITULAR FALECIDO', 'CANCELADA POR MULTIPLICIDADE', 'NULA', 'CANCELADA DE OFÍCIO'].map(
    (s) => [foldWords(s), s],
  ),
);
/** Receita Federal's CNPJ situations other than ATIVA. */
const COMPANY_IRREGULAR: ReadonlyMap<string, string> = new Map(['SUSPENSA', 'INAPTA', 'BAIXADA', 'NULA'].map((s) => [foldWords(s), s]));

/**
 * The status to report when it is not `regular`: the official spelling when known (`pendente de
 * regularizacao` → `PENDENTE DE REGULARIZAÇÃO`), else the registry's own text, trimmed and in
 * capitals, so that a status this list lacks is still reported. No status → undefined.
 */
function irregularStatus(situacao: string, regular: string, known: ReadonlyMap<string, string>): string | undefined {
  const key = foldWords(situacao);
  if (key === regular || NO_STATUS.has(key)) return undefined;
  return known.get(key) ?? situacao.trim().replace(/\s+/g, ' ').toUpperCase();
}

/** A CPF's situação cadastral other than REGULAR; undefined when regular or empty/unknown. */
export const irregularPersonStatus = (situacao: string): string | undefined => irregularStatus(situacao, 'regular', PERSON_IRREGULAR);

/** A CNPJ's situação cadastral other than ATIVA; undefined when active or empty/unknown. */
export const irregularCompanyStatus = (situacao: string): string | undefined => irregularStatus(situacao, 'ativa', COMPANY_IRREGULAR);
