import { foldToken } from '../names/name-tokens.js';

const NOT_ALNUM = /[^a-z0-9]+/g;

/** Lowercase, no accents (foldToken), every run of anything but a–z and 0–9 one space, trimmed: `S/A.` → `s a`. */
export const foldWords = (text: string): string => foldToken(text).replace(NOT_ALNUM, ' ').trim();
