import type { FieldType } from './columns/field-type.js';

/**
 * Hides most of a personal identifier before it is shown in a report or summary (LGPD):
 * enough stays visible to recognize the record in the data file, not to reuse it.
 */
export function maskValue(type: FieldType, value: string): string {
  switch (type) {
    case 'cpf':
    case 'cnpj':
    case 'document':
      return maskDocument(value);
    case 'phone':
      return maskPhone(value);
    case 'email':
      return maskEmail(value);
    default:
      return value;
  }
}

/** `123.456.789-09` → `123.***.***-09`: the first 3 and last 2 alphanumerics stay. */
function maskDocument(value: string): string {
  let seen = 0;
  const total = (value.match(/[0-9A-Za-z]/g) ?? []).length;
  return value.replace(/[0-9A-Za-z]/g, (c) => {
    seen++;
    return seen <= 3 || seen > total - 2 ? c : '*';
  });
}

/** `+5511987654321` → `+55119****4321`: country, area code and last 4 digits stay. */
function maskPhone(value: string): string {
  const digits = (value.match(/\d/g) ?? []).length;
  let seen = 0;
  return value.replace(/\d/g, (c) => {
    seen++;
    return seen <= Math.min(5, digits - 4) || seen > digits - 4 ? c : '*';
  });
}

/** `maria.silva@gmail.com` → `m***@gmail.com`. */
function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return value.length <= 2 ? '***' : `${value[0]}***`;
  return `${value[0]}***${value.slice(at)}`;
}
