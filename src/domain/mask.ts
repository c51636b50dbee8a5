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
      return value.includes('@') ? redactIdentifiers(value) : maskPhone(value);
    case 'email':
      return maskEmail(value);
    case 'name':
    case 'company':
    case 'address':
    case 'neighborhood':
    case 'city':
    case 'text':
    case 'passthrough':
      return redactIdentifiers(value);
    default:
      return value;
  }
}

// An e-mail, or a run of 8+ digits with the separators people type (CPF, CNPJ, phone).
const EMAIL_IN_TEXT = /[^\s@<>"']+@[^\s@<>"']+/g;
const NUMBER_IN_TEXT = /\+?\d[\d.\-/ ()]{6,}\d/g;

/**
 * Free text (a note, a name) may carry someone's CPF, phone or e-mail: those parts are
 * masked wherever they appear. Dates and money are not free text and never pass here.
 */
function redactIdentifiers(value: string): string {
  return value
    .replace(EMAIL_IN_TEXT, (email) => maskEmail(email))
    .replace(NUMBER_IN_TEXT, (run) => ((run.match(/\d/g) ?? []).length >= 8 ? maskDigits(run, 2) : run));
}

/** Every digit but the last `keep` becomes `*`. */
function maskDigits(value: string, keep: number): string {
  const digits = (value.match(/\d/g) ?? []).length;
  let seen = 0;
  return value.replace(/\d/g, (c) => (++seen > digits - keep ? c : '*'));
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

/**
 * `+5511987654321` → `+5511*****4321`, `(11) 98765-4321` → `(11) *****-4321`: the country
 * and area codes (when the number has them) and the last 4 digits stay; a short number
 * keeps nothing, since its last 4 digits would be most of it.
 */
function maskPhone(value: string): string {
  const digits = (value.match(/\d/g) ?? []).length;
  const prefix = digits >= 12 ? 4 : digits >= 10 ? 2 : 0;
  const suffix = digits >= 8 ? 4 : 0;
  let seen = 0;
  return value.replace(/\d/g, (c) => {
    seen++;
    return seen <= prefix || seen > digits - suffix ? c : '*';
  });
}

/** `maria.silva@gmail.com` → `m***@gmail.com`. */
function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return value.length <= 2 ? '***' : `${value[0]}***`;
  return `${value[0]}***${value.slice(at)}`;
}
