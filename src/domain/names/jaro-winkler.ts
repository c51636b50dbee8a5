/*
 * Written here rather than imported: the npm candidates were each a worse fit for a hot loop
 * run on millions of pairs. `jaro-winkler` (0.2.x) ships no types and allocates two arrays per
 * call; `talisman` pulls lodash and four other packages for one function; `natural` depends on
 * database drivers; `string-similarity` is Dice, not Jaro-Winkler, and deprecated. Reusable
 * scratch buffers make this allocation-free; the algorithm is the textbook one (Winkler 1990).
 */

const WINKLER_PREFIX_MAX = 4;
const WINKLER_SCALE = 0.1;
/** Winkler boosts only pairs that already look alike; below this the prefix is chance. */
const WINKLER_BOOST_THRESHOLD = 0.7;

let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

function scratchFor(lengthA: number, lengthB: number): void {
  if (matchedA.length < lengthA) matchedA = new Uint8Array(lengthA * 2);
  if (matchedB.length < lengthB) matchedB = new Uint8Array(lengthB * 2);
  matchedA.fill(0, 0, lengthA);
  matchedB.fill(0, 0, lengthB);
}

/** Jaro similarity in [0,1]; case- and accent-sensitive (callers normalise first). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  const window = Math.max(0, (Math.max(lengthA, lengthB) >> 1) - 1);
  scratchFor(lengthA, lengthB);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lengthB - 1, i + window);
    const code = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < lengthA; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const transpositions = halfTranspositions / 2;
  return (matches / lengthA + matches / lengthB + (matches - transpositions) / matches) / 3;
}

/** Jaro-Winkler similarity in [0,1]: Jaro plus a bonus for a common prefix of up to 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const similarity = jaro(a, b);
  if (similarity < WINKLER_BOOST_THRESHOLD) return similarity;
  const prefixMax = Math.min(WINKLER_PREFIX_MAX, a.length, b.length);
  let prefix = 0;
  while (prefix < prefixMax && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return similarity + prefix * WINKLER_SCALE * (1 - similarity);
}
