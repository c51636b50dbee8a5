import { phoneticName } from '../names/buscabr.js';
import { foldToken } from '../names/name-tokens.js';

/** What fuzzy matching compares of a person's row: clean values, '' when absent or invalid. */
export interface PersonFeatures {
  name: string;
  /** A clean valid CPF or ''. */
  cpf: string;
  /** ISO yyyy-mm-dd or ''. */
  birthDate: string;
  cep: string;
  /** E.164 mobiles from Celular and Telefone. */
  mobiles: string[];
  email: string;
  city: string;
  uf: string;
}

// Unit and record separators: no clean value holds a control character, and neither is the
// tab, line feed or NUL that the files and sort keys around an encoded value use.
const FIELD = '\u001f';
const LIST = '\u001e';
const FIRST_PRINTABLE = 0x20;

function clean(value: string): string {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) < FIRST_PRINTABLE) return [...value].map((c) => (c.charCodeAt(0) < FIRST_PRINTABLE ? ' ' : c)).join('');
  }
  return value;
}

/** One compact string, safe inside a tab-separated line or a NUL-terminated sort key. */
export function encodeFeatures(f: PersonFeatures): string {
  const mobiles = f.mobiles.map(clean).join(LIST);
  return [clean(f.name), clean(f.cpf), clean(f.birthDate), clean(f.cep), mobiles, clean(f.email), clean(f.city), clean(f.uf)].join(FIELD);
}

export function decodeFeatures(text: string): PersonFeatures {
  const [name = '', cpf = '', birthDate = '', cep = '', mobiles = '', email = '', city = '', uf = ''] = text.split(FIELD);
  return { name, cpf, birthDate, cep, mobiles: mobiles === '' ? [] : mobiles.split(LIST), email, city, uf };
}

/** A person with more mobiles than this is a data-entry accident; the block key slots are few. */
const MAX_MOBILE_KEYS = 4;

/**
 * Block keys on the strong signals of one person (the same e-mail, the same mobile, the same
 * birth date and CEP): two rows are compared only when they share one.
 */
export function strongBlockKeysOf(f: PersonFeatures): string[] {
  const keys: string[] = [];
  if (f.email !== '') keys.push(`e${FIELD}${f.email}`);
  for (const mobile of f.mobiles.slice(0, MAX_MOBILE_KEYS)) keys.push(`m${FIELD}${mobile}`);
  if (f.birthDate !== '' && f.cep !== '') keys.push(`b${FIELD}${f.birthDate}${FIELD}${f.cep}`);
  return keys;
}

/**
 * Block keys on the name alone with one weak signal: the phonetic first and last name with
 * the CEP, and with the city and birth year. They catch rows whose strong signals are all
 * missing or mistyped, where a name shared by a city's whole street would be too coarse.
 */
export function nameBlockKeysOf(f: PersonFeatures): string[] {
  const phonetic = phoneticName(f.name);
  if (phonetic === '' || !phonetic.includes(' ')) return [];
  const keys: string[] = [];
  if (f.cep !== '') keys.push(`n${FIELD}${phonetic}${FIELD}${f.cep}`);
  if (f.city !== '' && f.birthDate !== '') keys.push(`y${FIELD}${phonetic}${FIELD}${foldToken(f.city)}${FIELD}${f.birthDate.slice(0, 4)}`);
  return keys;
}

/** Every block key of a person (at most 8): rows sharing any of them are compared pairwise. */
export function blockKeysOf(f: PersonFeatures): string[] {
  return [...strongBlockKeysOf(f), ...nameBlockKeysOf(f)];
}
