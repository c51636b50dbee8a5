import type { ColumnPlan } from '../../domain/columns/column-plan.js';
import { blockKeysOf, encodeFeatures, withoutControls, type PersonFeatures } from '../../domain/fuzzy/person-features.js';
import { phoneticNameOf } from '../../domain/names/buscabr.js';
import { nameTokens } from '../../domain/names/name-tokens.js';
import type { CleanRow } from '../../domain/row.js';
import type { FieldStatus } from '../../domain/rules/rule.js';
import { fuzzyRecord } from './fuzzy-records.js';

const isGood = (s: FieldStatus | undefined) => s === 'valid' || s === 'corrected';

/**
 * Compiles, once per job, what a row tells fuzzy matching: its person's features and block
 * keys, from the clean values. Only people: a row with a valid CNPJ is a company's (its name
 * column is the contact), and companies are matched by CNPJ; a row without a valid name has
 * nothing to compare. Undefined for those; otherwise the row's record (fuzzy-records.ts).
 */
export function rowFeatures(columns: readonly ColumnPlan[]): (row: CleanRow) => string | undefined {
  const ofType = (...types: string[]) => columns.filter((c) => types.includes(c.type)).map((c) => c.index);
  const names = ofType('name');
  const cpfs = ofType('cpf', 'document');
  const cnpjs = ofType('cnpj', 'document');
  const birthDates = ofType('birthdate');
  const ceps = ofType('cep');
  const phones = ofType('phone');
  const emails = ofType('email');
  const cities = ofType('city');
  const ufs = ofType('uf');
  if (names.length === 0) return () => undefined;
  const first = (row: CleanRow, indexes: readonly number[], info?: string): string => {
    for (const i of indexes) if (isGood(row.statuses[i]) && (info === undefined || row.infos[i] === undefined || row.infos[i] === info)) return withoutControls(row.values[i]!);
    return '';
  };
  return (row) => {
    const name = first(row, names);
    if (name === '' || first(row, cnpjs, 'CNPJ') !== '') return undefined;
    const mobiles: string[] = [];
    for (const i of phones) if (isGood(row.statuses[i]) && row.infos[i] === 'celular' && !mobiles.includes(row.values[i]!)) mobiles.push(withoutControls(row.values[i]!));
    const features: PersonFeatures = {
      name,
      cpf: first(row, cpfs, 'CPF'),
      birthDate: first(row, birthDates),
      cep: first(row, ceps),
      mobiles,
      email: first(row, emails),
      city: first(row, cities),
      uf: first(row, ufs),
    };
    const tokens = nameTokens(name);
    return fuzzyRecord(row.line, tokens.join(' '), encodeFeatures(features), blockKeysOf(features, phoneticNameOf(tokens)));
  };
}
