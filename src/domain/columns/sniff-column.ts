import { applyRule, type RuleContext } from '../rules/rule.js';
import type { FieldType } from './field-type.js';
import { RULES_BY_TYPE } from './rules-by-type.js';

/**
 * Types we dare to guess from content alone, most specific first: check digits make
 * CPF/CNPJ near-certain, an `@` makes an e-mail. Names, addresses and money are never
 * guessed: any text or number would match, and a wrong guess rewrites someone's data.
 */
const SNIFFABLE: readonly FieldType[] = ['cpf', 'cnpj', 'document', 'email', 'cep', 'phone', 'uf', 'date'];
const MIN_VALUES = 3;
const DOCUMENT_SHAPE = /^(?!\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*$)\W*(?:[0-9A-Za-z]\W*){9,}$/;

/**
 * Extra evidence some types need, because bare numbers fit them too: an 8-digit code is
 * not a CEP unless most values are written like one, a 5-digit code is not an Excel
 * date unless the column also has written dates, and so on below.
 */
const SHAPE: Partial<Record<FieldType, RegExp>> = {
  cep: /^\s*\d{2}\.?\d{3}-\d{3}\s*$/,
  date: /\d[/.-]\d/,
  // A document has at least 9 characters of digits (or letters, for the new CNPJ) and is not
  // written like a date: a column of 01/02/1990 must never pass as zero-padded CNPJs.
  cpf: DOCUMENT_SHAPE,
  cnpj: DOCUMENT_SHAPE,
  document: DOCUMENT_SHAPE,
  // A state column holds codes; a city column of "SAO PAULO"s must not become "SP"s.
  uf: /^\s*[A-Za-z]{2}\s*$/,
};
const MIN_SHARE = 0.8;

export function sniffColumn(values: readonly string[], context: RuleContext): FieldType | undefined {
  const present = values.filter((v) => v.trim() !== '');
  if (present.length < MIN_VALUES) return undefined;
  for (const type of SNIFFABLE) {
    const rule = RULES_BY_TYPE[type];
    if (!rule) continue;
    const usable = present.filter((v) => applyRule(rule, v, context).status !== 'invalid').length;
    if (usable / present.length < MIN_SHARE) continue;
    const shape = SHAPE[type];
    if (shape && present.filter((v) => shape.test(v)).length * 2 < present.length) continue;
    return type;
  }
  return undefined;
}
