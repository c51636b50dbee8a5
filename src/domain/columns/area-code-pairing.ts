import type { FieldType } from './field-type.js';
import { normalizeHeader, readAreaCodeHeader } from './header-synonyms.js';

export interface PairableColumn {
  readonly index: number;
  readonly header: string;
  readonly type: FieldType;
}

// Words that say "phone" without saying which one: `Telefone Celular` and `Celular` name the same phone.
const PHONE_WORDS = /^(?:(?:telefone|fone|tel|numero|num|nr|do|da|de)(?: |(?=\d)|$))+/;

const phoneCore = (normalized: string): string => normalized.replace(PHONE_WORDS, '').replace(/ /g, '') || 'telefone';

/** Does a phone column's header name the phone an area-code header points at (`celular`, `fax`, `2`)? */
function isNamedPhone(names: string, phoneHeader: string): boolean {
  const normalized = normalizeHeader(phoneHeader);
  if (/^\d+$/.test(names)) return new RegExp(`(?:^|\\D)${names}$`).test(normalized);
  return phoneCore(names) === phoneCore(normalized);
}

/**
 * Which area-code column completes each phone column: phone index → area-code index.
 * `explicit` pairs (from the layout) come first. Then a DDD column that names its phone
 * (`DDD Celular`, `DDD Fax`, `DDD 2`) takes the phone column with that name (the first after
 * it, else the last before it), or failing that the phone column right after it. A bare
 * `DDD` serves the phone columns right after it (`DDD;Telefone;Fax`, as in the ANS export,
 * where both share it), up to the first column that is not a phone.
 */
export function pairAreaCodes(
  columns: readonly PairableColumn[],
  explicit: ReadonlyMap<number, number> = new Map(),
): Map<number, number> {
  const byIndex = new Map(columns.map((c) => [c.index, c]));
  const isPhone = (index: number): boolean => byIndex.get(index)?.type === 'phone';
  const pairs = new Map<number, number>();
  for (const [phone, areaCode] of explicit) {
    if (isPhone(phone) && byIndex.get(areaCode)?.type === 'area_code') pairs.set(phone, areaCode);
  }
  const areaCodes = columns.filter((c) => c.type === 'area_code');
  const bare: PairableColumn[] = [];
  for (const column of areaCodes) {
    const names = readAreaCodeHeader(column.header)?.names;
    if (names === undefined) {
      bare.push(column);
      continue;
    }
    const free = columns.filter((c) => c.type === 'phone' && !pairs.has(c.index));
    const named = free.filter((c) => isNamedPhone(names, c.header));
    const next = free.find((c) => c.index === column.index + 1);
    const phone = named.find((c) => c.index > column.index) ?? named.at(-1) ?? next;
    if (phone) pairs.set(phone.index, column.index);
  }
  for (const column of bare) {
    for (let i = column.index + 1; isPhone(i); i++) if (!pairs.has(i)) pairs.set(i, column.index);
  }
  return pairs;
}

/** The columns with `areaCodeColumn` set on each paired phone column. */
export function withAreaCodePairs<C extends PairableColumn>(
  columns: readonly C[],
  explicit?: ReadonlyMap<number, number>,
): (C & { readonly areaCodeColumn?: number })[] {
  const pairs = pairAreaCodes(columns, explicit);
  return columns.map((c) => {
    const areaCodeColumn = pairs.get(c.index);
    return areaCodeColumn === undefined ? c : { ...c, areaCodeColumn };
  });
}
