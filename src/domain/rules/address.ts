import { standardizeAddress } from '../address/standard-address.js';
import type { FieldRule } from './rule.js';
import { addressTitleCaseRule } from './title-case.js';

/**
 * Bairro: the shape of names (`JARDIM DAS PALMEIRAS` → `Jardim das Palmeiras`), keeping the
 * codes streets carry when re-cased from capitals (`PRAÇA JK` → `Praça JK`, `BR-116`, `S/N`).
 */
export const sanitizeNeighborhood = addressTitleCaseRule;

/** Separates the number from the complement in a street's info (neither holds control characters). */
export const ADDRESS_INFO_SEPARATOR = '\u001f';

/**
 * Endereço: re-cased like a bairro, then in the standard form: street type and titles spelled
 * out (`R. Dr. Arnaldo` → `Rua Doutor Arnaldo`), the number and the complement taken off into
 * the rule's info (`638␟Apto 12`), which the outputs write as `<column>_numero` and
 * `<column>_complemento`.
 */
export const sanitizeAddress: FieldRule = (raw, context) => {
  const verdict = addressTitleCaseRule(raw, context);
  if (!verdict.ok) return verdict;
  const { street, number, complement } = standardizeAddress(verdict.value);
  // A value that is all number or complement (`S/N`) keeps its text: an empty street would read as a blank cell.
  if (street === '') return verdict;
  const info = number === '' && complement === '' ? undefined : `${number}${ADDRESS_INFO_SEPARATOR}${complement}`;
  return info === undefined ? { ok: true, value: street } : { ok: true, value: street, info };
};

/** The number and complement that sanitizeAddress took off, from the row's info for the column. */
export function addressParts(info: string | undefined): { number: string; complement: string } {
  if (!info) return { number: '', complement: '' };
  const at = info.indexOf(ADDRESS_INFO_SEPARATOR);
  return at < 0 ? { number: '', complement: '' } : { number: info.slice(0, at), complement: info.slice(at + 1) };
}
