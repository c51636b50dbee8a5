import { checkCnpjChars, extractCnpjChars } from './cnpj.js';
import { checkCpfDigits, isValidCpf } from './cpf.js';
import { fail, ok, type FieldRule, type RuleVerdict } from './rule.js';

const asKind = (verdict: RuleVerdict, kind: 'CPF' | 'CNPJ'): RuleVerdict =>
  verdict.ok ? ok(verdict.value, kind) : verdict;

/**
 * Excel turns `00.012.345/0001-65` into `12345000165`: a CNPJ that lost leading zeros can look
 * like a CPF, or like a CPF with a stray digit. Check digits pass by chance once in 100, so when
 * the readings compete, the CNPJ one must also have a plausible branch number (`00xx`; most
 * companies are branch 0001): together a coincidence of about 1 in 10,000.
 */
const hasPlausibleBranch = (chars: string): boolean => chars.padStart(14, '0').startsWith('00', 8);

/**
 * A mixed column is where other numbers land too (RG, state registration, internal codes),
 * so it asks one digit more than a CPF column before padding: 9–11 digits read as a CPF
 * (or, at 11, a CNPJ that lost three zeros), 12–14 as a CNPJ.
 */
const DOCUMENT_MIN_DIGITS = 9;

/** A "documento"/"CPF/CNPJ" column: decides per value whether it is a CPF or a CNPJ. */
export const sanitizeDocument: FieldRule = (raw) => {
  const extracted = extractCnpjChars(raw);
  if ('bad' in extracted) return fail('BAD_CHARACTERS', `unexpected character ${JSON.stringify(extracted.bad)}`);
  const { chars, hasLetters } = extracted;
  // Letters exist only in the alphanumeric CNPJ; the slash only in the CNPJ mask.
  if (hasLetters || raw.includes('/')) return asKind(checkCnpjChars(extracted), 'CNPJ');
  const length = chars.length;
  if (length > 14) return fail('BAD_LENGTH', `${length} digits, a CPF has 11 and a CNPJ 14`);
  if (length < DOCUMENT_MIN_DIGITS) {
    return fail('BAD_LENGTH', `${length} digits, too few for a CPF (11) or a CNPJ (14), even with lost leading zeros`);
  }
  if (length <= 11) {
    const cpf = checkCpfDigits(chars);
    if (cpf.ok) return asKind(cpf, 'CPF');
    const cnpj = checkCnpjChars(extracted);
    return cnpj.ok && hasPlausibleBranch(chars) ? asKind(cnpj, 'CNPJ') : cpf;
  }
  const cnpj = checkCnpjChars(extracted);
  if (length > 12) return asKind(cnpj, 'CNPJ');
  const isCpfWithStrayDigit = isValidCpf(chars.slice(0, 11)) || isValidCpf(chars.slice(1));
  if (cnpj.ok && (!isCpfWithStrayDigit || hasPlausibleBranch(chars))) return asKind(cnpj, 'CNPJ');
  return isCpfWithStrayDigit ? fail('BAD_LENGTH', '12 digits, one more than a CPF') : cnpj;
};
