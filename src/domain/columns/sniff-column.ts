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
/**
 * Extra evidence some types need, because bare numbers fit them too: an 8-digit code is
 * not a CEP unless most values are written like one, and a 5-digit code is not an Excel
 * date unless the column also has written dates.
 */
const SHAPE: Partial<Record<FieldType, RegExp>> = {
  cep: /^\s*\d{2}\.?\d{3}-\d{3}\s*$/,
  date: /\d[/.-]\d/,
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
