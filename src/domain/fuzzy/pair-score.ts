import { foldToken } from '../names/name-tokens.js';
import { nameSimilarity } from '../names/name-similarity.js';
import type { PersonFeatures } from './person-features.js';

/*
 * A Fellegi-Sunter match weight in bits: each field adds log2(m/u), m the chance that the
 * same person's two rows agree on it, u the chance that two different people's do; the sum
 * starts from the prior odds that two rows of the file are one person (about 1 in `rows`),
 * and the score is the posterior probability. Unique identifiers (e-mail, mobile) have u of
 * about 1 in `rows` too, so their weight grows with the file as the prior shrinks; birth date
 * and CEP have a fixed u. The values are estimates for Brazilian customer files, checked
 * against the generator's truth in fuzzy-eval.test.ts.
 */
const WEIGHTS = {
  /** Over log2(rows): a mobile or e-mail shared by two people (a family's) about 1 time in 8. */
  sharedIdentifier: 3,
  /** Both rows have one and they differ: people keep several e-mails and phones. */
  differentIdentifier: -1,
  /**
   * Birth date: u ≈ 1/20,000 (a day within ~60 years). A different one is the surest sign of
   * a namesake relative (mother and daughter, father and son), so it costs more than a
   * mistyped date's rarity alone says: a shared mobile and name are left to review.
   */
  sameBirthDate: 13,
  differentBirthDate: -16,
  /** A CEP is a street or a block: u ≈ 1/1,000 even where people crowd. */
  sameCep: 10,
  /** A CEP ending in 000 is often a small town's one generic CEP: u ≈ 1/20 in that town's file. */
  sameGenericCep: 4,
  differentCep: -2,
  sameCity: 3,
  differentCity: -2,
  sameUf: 1,
  differentUf: -3,
  sameCpf: 30,
};

/** Name weight: similar names are many more than equal ones, so u grows as similarity drops. */
const NAME = {
  /** Above it the same person's two names usually are; below, m falls this many bits per 0.1. */
  typicalSimilarity: 0.8,
  bitsLostPerTenthBelow: 4,
  /** How much commoner a name within similarity s is than the exact one: 2^(bits·(1−s)/0.1). */
  neighbourBitsPerTenth: 3,
};

/** Pairs at or above are the same person; from the review threshold up, a person should look. */
export const FUZZY_MERGE_THRESHOLD = 0.99;
export const FUZZY_REVIEW_THRESHOLD = 0.5;

export interface PairScore {
  /** The posterior probability that the two rows are one person, in [0,1]. */
  score: number;
  /** Stable codes of what agreed or disagreed (`nome:0.93`, `celular`, `nascimento_diferente`…). */
  evidence: string[];
}

/**
 * How likely two person rows are one person. Two different valid CPFs score 0: a person has
 * one. `nameFrequency` is the number of rows sharing the commoner of the two names'
 * nameKeys: a shared `Maria da Silva` proves little.
 */
export function scorePair(a: PersonFeatures, b: PersonFeatures, nameFrequency: number, rows: number): PairScore {
  if (a.cpf !== '' && b.cpf !== '' && a.cpf !== b.cpf) return { score: 0, evidence: ['cpf_diferente'] };
  const fileBits = Math.log2(Math.max(2, rows));
  const evidence: string[] = [];
  let bits = -fileBits;

  const similarity = nameSimilarity(a.name, b.name);
  evidence.push(`nome:${similarity.toFixed(2)}`);
  bits += nameBits(similarity, Math.max(1, nameFrequency), fileBits);
  if (nameFrequency > 2) evidence.push(`nome_frequente:${nameFrequency}`);

  if (a.cpf !== '' && a.cpf === b.cpf) {
    bits += WEIGHTS.sameCpf;
    evidence.push('cpf');
  }
  const identifier = (agree: boolean, bothPresent: boolean, code: string) => {
    if (agree) {
      bits += fileBits + WEIGHTS.sharedIdentifier;
      evidence.push(code);
    } else if (bothPresent) {
      bits += WEIGHTS.differentIdentifier;
      evidence.push(`${code}_diferente`);
    }
  };
  identifier(a.email !== '' && a.email === b.email, a.email !== '' && b.email !== '', 'email');
  identifier(sharesAny(a.mobiles, b.mobiles), a.mobiles.length > 0 && b.mobiles.length > 0, 'celular');

  const field = (x: string, y: string, code: string, same: number, different: number): boolean => {
    if (x === '' || y === '') return false;
    const agree = x === y;
    bits += agree ? same : different;
    evidence.push(agree ? code : `${code}_diferente`);
    return agree;
  };
  field(a.birthDate, b.birthDate, 'nascimento', WEIGHTS.sameBirthDate, WEIGHTS.differentBirthDate);
  // A shared CEP already says the city and the state; a different one leaves them to tell.
  const cepWeight = isGenericCep(a.cep) ? WEIGHTS.sameGenericCep : WEIGHTS.sameCep;
  const sameCep = field(a.cep, b.cep, 'cep', cepWeight, WEIGHTS.differentCep);
  if (!sameCep) {
    const sameCity = field(foldToken(a.city), foldToken(b.city), 'cidade', WEIGHTS.sameCity, WEIGHTS.differentCity);
    if (!sameCity) field(a.uf, b.uf, 'uf', WEIGHTS.sameUf, WEIGHTS.differentUf);
  }
  return { score: 1 / (1 + 2 ** -bits), evidence };
}

/** log2(m/u) of the names' agreement: u is the share of rows with a name this close. */
function nameBits(similarity: number, nameFrequency: number, fileBits: number): number {
  const shortfall = Math.max(0, NAME.typicalSimilarity - similarity);
  const mBits = -shortfall * 10 * NAME.bitsLostPerTenthBelow;
  const uBits = Math.log2(nameFrequency) - fileBits + (1 - similarity) * 10 * NAME.neighbourBitsPerTenth;
  return mBits - Math.min(0, uBits);
}

const isGenericCep = (cep: string) => cep.endsWith('000');

function sharesAny(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}
