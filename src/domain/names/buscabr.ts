import { foldToken, isNameSuffix, nameTokens } from './name-tokens.js';

/*
 * A BuscaBR-style phonetic key (after Lucena's BuscaBR for Brazilian Portuguese): letters
 * that sound alike in Brazilian names share one symbol, so spelling variants share a key.
 *
 * Where it departs from BuscaBR, on purpose: BuscaBR drops every vowel and the final
 * letter's vowel, which makes `Maria` = `Mario`, `Paulo` = `Paula`, `Rafael` = `Rafaela`,
 * siblings who often share an address and a phone. This key keeps vowels in three classes,
 * `a`, `i` (e, i, y) and `u` (o, u), as unstressed Portuguese vowels sound: `Felipe` =
 * `Filipe`, `Manoel` = `Manuel`, `Tatiane` = `Tatiani`, `Cavalcanti` = `Cavalcante`, while
 * a final `a` against a final `o` stays a difference. Runs of one symbol collapse
 * (`Vanessa` = `Vanesa`, `Ellen` = `Elen`, `Andréia` = `Andréa`).
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/[^a-z]/g, ''],
  [/(.)\1+/g, '$1'], // doubled letters first, too: `Ammanda` = `Amanda` (else m before m reads as a nasal)
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/ch(?=[rl])/g, 'k'], // Christiane = Cristiane (Greek ch)
  [/[cs]h/g, 's'],
  [/lh/g, 'l'],
  [/nh/g, 'n'],
  [/h/g, ''],
  [/sc(?=[eiy])/g, 's'], // Nascimento
  [/xc(?=[eiy])/g, 's'], // Exceção
  [/c(?=[eiy])/g, 's'],
  [/qu(?=[eiy])/g, 'k'], // Jaqueline = Jacqueline
  [/gu(?=[eiy])/g, 'G'], // Guilherme: hard g, kept from the next rule
  [/g(?=[eiy])/g, 'j'], // Geovana = Jeovana
  [/G/g, 'g'],
  [/[cp](?=t)/g, ''], // Baptista = Batista, Victor = Vitor
  [/[cqk]/g, 'k'],
  [/[zx]/g, 's'], // Souza = Sousa, Luiz = Luis
  [/w/g, 'v'], // Walter = Valter
  [/[ey]/g, 'i'],
  [/o/g, 'u'],
  [/[mn](?=[^aiu]|$)/g, 'n'], // nasal before a consonant or at the end: Yasmin = Yasmim
];

const REPEATS = /(.)\1+/g;

/** The phonetic key of one word of a name (any case, accents or not); '' when it has no letters. */
export function buscaBr(token: string): string {
  const known = KEYS.get(token);
  if (known !== undefined) return known;
  if (KEYS.size >= MAX_KEYS) KEYS.clear();
  const key = keyOf(token);
  KEYS.set(token, key);
  return key;
}

/**
 * Keys already computed, by token: names repeat (a file holds a few thousand first names and
 * surnames), and the 22 rules cost ~2 µs a word (2 s of a thread's 28 s for 1M rows). Cleared
 * when full, so memory stays bounded whatever the file.
 */
const KEYS = new Map<string, string>();
const MAX_KEYS = 1 << 16;

function keyOf(token: string): string {
  let key = foldToken(token);
  for (const [pattern, replacement] of RULES) key = key.replace(pattern, replacement);
  return key.replace(REPEATS, '$1');
}

/**
 * The phonetic key of a whole name, first word and last surname (`Maria Aparecida de Souza`
 * → key of `maria` + key of `souza`): a block key that survives a dropped middle name,
 * particle changes and spelling variants. '' for an empty name.
 */
export function phoneticName(name: string): string {
  return phoneticNameOf(nameTokens(name));
}

/** phoneticName of a name already split by nameTokens. */
export function phoneticNameOf(tokens: readonly string[]): string {
  let last = tokens.length - 1;
  while (last > 0 && isNameSuffix(tokens[last]!)) last--;
  if (last < 0) return '';
  const first = buscaBr(tokens[0]!);
  return last === 0 ? first : `${first} ${buscaBr(tokens[last]!)}`;
}
