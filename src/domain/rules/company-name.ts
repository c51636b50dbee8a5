import { isMojibakePair } from './mojibake.js';
import { ok, type FieldRule } from './rule.js';
import { inlineRule, isSpaceLike } from './text.js';
import { LETTER_CASE, letterCaseOf } from './title-case-words.js';

/** Lowercase Latin-1 letters (ß and µ too: their capitals are `SS` and Greek `Μ`). */
const isLower = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0xff && c !== 0xf7) || c === 0xb5;

/** One pass, no allocation: already clean (see isTidyInline) and already in capitals. */
function isCleanUpperCase(s: string): boolean {
  const last = s.length - 1;
  if (last < 0 || s.charCodeAt(0) === 0x20 || s.charCodeAt(last) === 0x20) return false;
  let previous = 0;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      previous = c; // capitals, the bulk of the text: settled in one test
      continue;
    }
    if (c === 0x20 ? previous === 0x20 : c > 0xff || isLower(c) || (c < 0xa1 && isSpaceLike(c))) return false;
    if (isMojibakePair(c, s.charCodeAt(i + 1))) return false;
    previous = c;
  }
  return true;
}

/**
 * Razão social: capitals and mixed case are the writer's (`Padaria Pão de Açúcar Ltda` stays,
 * `valid`): a company's own spelling is not ours to change. Lowercase carries no case at all and
 * goes to capitals, the form the Receita Federal registers; title case would have to guess at
 * acronyms and legal forms (`ME`, `EPP`, `S.A.`, `EIRELI`). The generator's truth upper-cases
 * mixed case too; the accuracy test takes a kept mixed-case value as right (see it).
 */
const cleanThenKeepCase = inlineRule((clean) => (letterCaseOf(clean) === LETTER_CASE.lower ? clean.toUpperCase() : clean));

export const sanitizeCompanyName: FieldRule = (raw, context) =>
  isCleanUpperCase(raw) ? ok(raw) : cleanThenKeepCase(raw, context);
