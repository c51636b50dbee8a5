import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { fail, ok, type FieldRule } from './rule.js';

export type PhoneKind = 'celular' | 'fixo';

/**
 * libphonenumber-js's own verdict on a Brazilian number, `+55` + DDD + subscriber. The `max`
 * metadata is required: the default (min) one validates lengths only and accepts DDD 20.
 */
export function isValidByLibrary(national: string, kind: PhoneKind): boolean {
  const parsed = parsePhoneNumberFromString(`+55${national}`);
  if (parsed === undefined || !parsed.isValid()) return false;
  const type = parsed.getType();
  return kind === 'celular' ? type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' : type === 'FIXED_LINE';
}

/**
 * The library parses some 30–60k numbers/s: 2M phones per job would take about a minute. Once our own shape
 * checks have fixed the subscriber's length and first digit (mobile: 9 digits starting with 9;
 * landline: 8 digits starting with 2–5), Brazil's metadata decides on the DDD alone: its
 * patterns are `<DDD>9\d{8}` for mobiles and `<DDD>[2-5]\d{7}` for landlines. So the verdict is
 * memoised per DDD + kind (at most 90 × 2 entries); phone.test.ts checks that equivalence
 * against the library for every DDD.
 */
const verdictByKey = new Map<string, boolean>();

export function isKnownAreaCode(ddd: string, subscriber: string, kind: PhoneKind): boolean {
  // No DDD starts with 0, and the library would read that 0 as a trunk prefix and judge other digits.
  if (ddd.charCodeAt(0) === 48) return false;
  const key = kind === 'celular' ? `${ddd}c` : `${ddd}f`;
  let valid = verdictByKey.get(key);
  if (valid === undefined) {
    valid = isValidByLibrary(ddd + subscriber, kind);
    verdictByKey.set(key, valid);
  }
  return valid;
}

/** True for a DDD in use in Brazil (67 of them), by the same metadata that judges phones. */
export const isAreaCode = (ddd: string): boolean =>
  /^\d\d$/.test(ddd) && isKnownAreaCode(ddd, '987654321', 'celular');

// Masks people type: spaces, parentheses, dashes, dots, slashes, `+`, and `x` in `0xx11`.
const isPhoneSeparator = (code: number): boolean =>
  code === 0x20 || code === 0x28 || code === 0x29 || code === 0x2d || code === 0x2e || code === 0x2b ||
  code === 0x2f || code === 0x78 || code === 0x58 || code === 0x09 || code === 0xa0 || code === 0x202f;

/** Strips the country code, the trunk `0` and a carrier code, as the ground-truth generator does. */
function dropPrefixes(digits: string): string {
  const length = digits.length;
  if ((length === 12 || length === 13) && digits.startsWith('55')) return digits.slice(2);
  if (digits.charCodeAt(0) === 48) {
    if (length === 11 || length === 12) return digits.slice(1);
    // `0 15 11 98765-4321`: trunk 0 + two-digit carrier (operadora) code + DDD + number.
    if (length === 13 || length === 14) return digits.slice(3);
  }
  return digits;
}

const isLocalNumber = (digits: string): boolean =>
  digits.length === 8 ? digits.charCodeAt(0) >= 50 : digits.charCodeAt(0) === 57;

/** The digits of a phone-like cell, or the first character no phone mask uses. */
function phoneDigits(raw: string): { digits: string } | { bad: string } {
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += raw[i];
    else if (!isPhoneSeparator(code)) return { bad: raw[i] ?? '' };
  }
  return { digits };
}

export const sanitizePhone: FieldRule = (raw, context) => {
  const extracted = phoneDigits(raw);
  if ('bad' in extracted) return fail('BAD_CHARACTERS', `unexpected character ${JSON.stringify(extracted.bad)}`);
  const { digits } = extracted;
  let national = dropPrefixes(digits);
  if ((national.length === 8 || national.length === 9) && isLocalNumber(national)) {
    // The DDD is never guessed: only a DDD column of the same row may supply it.
    if (context.areaCode === undefined) return fail('NO_AREA_CODE', `${national.length} digits without an area code (DDD)`);
    national = context.areaCode + national;
  }
  const length = national.length;
  if (length !== 10 && length !== 11) return fail('NOT_A_PHONE', `${digits.length} digits fit no Brazilian number`);
  const ddd = national.slice(0, 2);
  let subscriber = national.slice(2);
  const first = subscriber.charCodeAt(0);
  let kind: PhoneKind;
  if (length === 11) {
    if (first !== 57) return fail('NOT_A_PHONE', `9-digit number ${subscriber} does not start with 9`);
    kind = 'celular';
  } else if (first >= 50 && first <= 53) {
    kind = 'fixo';
  } else if (first >= 54) {
    // Mobiles got a leading 9 between 2012 and 2016; old records still have 8 digits.
    subscriber = `9${subscriber}`;
    kind = 'celular';
  } else {
    return fail('NOT_A_PHONE', `8-digit number ${subscriber} starts with ${subscriber[0]}`);
  }
  if (!isKnownAreaCode(ddd, subscriber, kind)) return fail('UNKNOWN_AREA_CODE', `area code ${ddd} does not exist`);
  return ok(`+55${ddd}${subscriber}`, kind);
};

/**
 * A DDD in a column of its own (`DDD;Telefone`, as portal exports such as the ANS list write
 * it): `11`, `(11)`, `011`, `0xx11` → `11`. The trunk `0` is dropped; nothing else is guessed.
 */
export const sanitizeAreaCode: FieldRule = (raw) => {
  const extracted = phoneDigits(raw);
  if ('bad' in extracted) return fail('BAD_CHARACTERS', `unexpected character ${JSON.stringify(extracted.bad)}`);
  const { digits } = extracted;
  const ddd = digits.length === 3 && digits.charCodeAt(0) === 48 ? digits.slice(1) : digits;
  if (ddd.length !== 2) return fail('BAD_LENGTH', `${digits.length} digits, a DDD has 2`);
  if (!isAreaCode(ddd)) return fail('UNKNOWN_AREA_CODE', `area code ${ddd} does not exist`);
  return ok(ddd);
};
