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

// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const CONTROL = /[\u0000-\u001f]/;
// eslint-disable-next-line no-control-regex -- idem
const CONTROLS = /[\u0000-\u001f]/g;

/** The value without control characters (a space each): none is ever in a clean value, but a separator must not be. */
export function withoutControls(value: string): string {
  return CONTROL.test(value) ? value.replace(CONTROLS, ' ') : value;
}

/** One compact string, safe inside a tab-separated line or a NUL-terminated sort key. */
export function encodeFeatures(f: PersonFeatures): string {
  const clean = withoutControls;
  const mobiles = f.mobiles.length === 1 ? clean(f.mobiles[0]!) : f.mobiles.map(clean).join(LIST);
  return `${clean(f.name)}${FIELD}${clean(f.cpf)}${FIELD}${clean(f.birthDate)}${FIELD}${clean(f.cep)}${FIELD}${mobiles}${FIELD}${clean(f.email)}${FIELD}${clean(f.city)}${FIELD}${clean(f.uf)}`;
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
export function nameBlockKeysOf(f: PersonFeatures, phonetic = phoneticName(f.name)): string[] {
  if (phonetic === '' || !phonetic.includes(' ')) return [];
  const keys: string[] = [];
  if (f.cep !== '') keys.push(`n${FIELD}${phonetic}${FIELD}${f.cep}`);
  if (f.city !== '' && f.birthDate !== '') keys.push(`y${FIELD}${phonetic}${FIELD}${foldToken(f.city)}${FIELD}${f.birthDate.slice(0, 4)}`);
  return keys;
}

/** Every block key of a person (at most 8): rows sharing any of them are compared pairwise. `phonetic`: phoneticName(f.name), when known. */
export function blockKeysOf(f: PersonFeatures, phonetic?: string): string[] {
  return [...strongBlockKeysOf(f), ...nameBlockKeysOf(f, phonetic)];
}
