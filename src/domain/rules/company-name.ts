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

const cleanThenUpperCase = inlineRule((clean) => clean.toUpperCase());

/**
 * Razão social in capitals, as the Receita Federal registers it: what the generator's truth
 * defines as clean (`Supermercado Simões Ltda` → `SUPERMERCADO SIMÕES LTDA`, `corrected`), and
 * what the accuracy end-to-end test holds us to. The rule the column uses today.
 */
export const sanitizeCompanyName: FieldRule = (raw, context) =>
  isCleanUpperCase(raw) ? ok(raw) : cleanThenUpperCase(raw, context);

/**
 * Capitals and mixed case are the writer's (`Padaria Pão de Açúcar Ltda` stays, `valid`): a
 * company's own spelling is not ours to change. Lowercase carries no case at all and goes to
 * capitals, the registered form; title case would have to guess at acronyms and legal forms
 * (`ME`, `EPP`, `S.A.`, `EIRELI`). Not wired yet: the generator's truth upper-cases mixed case
 * (about 2.5% of all rows), so switching needs the truth to change with it.
 */
const cleanThenKeepCase = inlineRule((clean) => (letterCaseOf(clean) === LETTER_CASE.lower ? clean.toUpperCase() : clean));

export const sanitizeCompanyNameKeepingCase: FieldRule = (raw, context) =>
  isCleanUpperCase(raw) ? ok(raw) : cleanThenKeepCase(raw, context);
