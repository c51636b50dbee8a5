import { foldWords } from './fold-words.js';

const PARTICLES = new Set(['da', 'de', 'do', 'das', 'dos', 'e']);

/**
 * Legal forms, folded, as they end a razão social (`LTDA`, `LTDA-ME`, `S/A`, `S.A.`, `& CIA`,
 * `EIRELI`, `SOCIEDADE ANONIMA`…). Only at the end: `CIA BRASILEIRA DE…` keeps its `CIA`.
 */
const LEGAL_FORMS = new Set([
  'ltda', 'limitada', 'me', 'epp', 'eireli', 'mei', 'slu', 'ss', 'sa', 'cia', 'companhia', 'anonima',
  'microempresa',
]);
/** Two-word legal forms, matched as their last word after the first. */
const LEGAL_FORM_PAIRS: ReadonlyMap<string, string> = new Map([
  ['anonima', 'sociedade'],
  ['simples', 'sociedade'],
]);

/**
 * A razão social as comparable words: accents, case and punctuation gone, particles dropped,
 * the legal form at the end removed. `Padaria São Jorge Ltda.` and `PADARIA SAO JORGE - ME`
 * both give `padaria sao jorge`.
 */
export function companyNameKey(name: string): string[] {
  // `S/A`, `S.A.` and `S. A.` fold to `s a`: joined again so it reads as the legal form `sa`.
  const words = foldWords(name.replace(/['’`´]/g, '')).replace(/\bs a\b/g, 'sa').split(' ');
  const kept = words.filter((w) => w !== '' && !PARTICLES.has(w));
  while (kept.length > 1) {
    const last = kept[kept.length - 1] ?? '';
    if (!LEGAL_FORMS.has(last) && !LEGAL_FORM_PAIRS.has(last)) break;
    kept.pop();
    if (LEGAL_FORM_PAIRS.get(last) === kept[kept.length - 1] && kept.length > 1) kept.pop();
  }
  return kept.length === 1 && LEGAL_FORMS.has(kept[0] ?? '') ? [] : kept;
}
