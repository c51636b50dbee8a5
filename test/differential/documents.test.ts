import { isValidCnpj as libIsValidCnpj, isValidCpf as libIsValidCpf } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import { cnpjCheckDigits, formatCnpj, isValidCnpj, sanitizeCnpj } from '../../src/domain/rules/cnpj.js';
import { cpfCheckDigits, formatCpf, isValidCpf, sanitizeCpf } from '../../src/domain/rules/cpf.js';

/**
 * Our CPF/CNPJ verdicts against an independent implementation, on seeded random documents:
 * valid ones, and the corruptions real files carry (a mistyped or swapped character, wrong check
 * digits, repeated digits, lowercase, masks). Inputs keep exactly 11/14 characters, because the
 * library (unlike our rules) does not restore zeros that Excel dropped.
 */
const COUNT = 12_000;
const context = { today: '2026-11-27' };
const DIGITS = '0123456789';
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** mulberry32: a tiny seeded PRNG, so every run checks the same documents. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(seed: number, make: (random: () => number, pick: (chars: string, n: number) => string) => string) {
  const random = prng(seed);
  const pick = (chars: string, n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += chars[Math.floor(random() * chars.length)];
    return s;
  };
  return Array.from({ length: COUNT }, () => make(random, pick));
}

const replaceAt = (s: string, i: number, ch: string): string => s.slice(0, i) + ch + s.slice(i + 1);
const swapAt = (s: string, i: number): string => s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2);
const bumpDigit = (ch: string | undefined, by: number): string => String((Number(ch) + by) % 10);

const cpfs = corpus(2026, (random, pick) => {
  const base = pick(DIGITS, 9);
  const cpf = base + cpfCheckDigits(base);
  const at = Math.floor(random() * 11);
  switch (Math.floor(random() * 9)) {
    case 0: return cpf;
    case 1: return formatCpf(cpf);
    case 2: return `${cpf.slice(0, 3)} ${cpf.slice(3, 6)} ${cpf.slice(6, 9)} ${cpf.slice(9)}`;
    case 3: return replaceAt(cpf, at, pick(DIGITS, 1));
    case 4: return swapAt(cpf, Math.min(at, 9));
    case 5: return cpf.slice(0, 9 + (at % 2)) + bumpDigit(cpf[9 + (at % 2)], 1 + Math.floor(random() * 9)) + cpf.slice(10 + (at % 2));
    case 6: return pick(DIGITS, 1).repeat(11);
    case 7: return formatCpf(pick(DIGITS, 11));
    default: return pick(DIGITS, 11);
  }
});

const cnpjs = corpus(1207, (random, pick) => {
  const alphanumeric = random() < 0.5;
  const base = alphanumeric ? pick(ALPHANUMERIC, 12) : pick(DIGITS, 12);
  const cnpj = base + cnpjCheckDigits(base);
  const at = Math.floor(random() * 14);
  switch (Math.floor(random() * 11)) {
    case 0: return cnpj;
    case 1: return formatCnpj(cnpj);
    case 2: return cnpj.toLowerCase();
    case 3: return formatCnpj(cnpj).toLowerCase();
    case 4: return replaceAt(cnpj, at, pick(at < 12 && alphanumeric ? ALPHANUMERIC : DIGITS, 1));
    case 5: return swapAt(cnpj, Math.min(at, 12));
    case 6: return cnpj.slice(0, 13) + bumpDigit(cnpj[13], 1 + Math.floor(random() * 9));
    case 7: return random() < 0.5 ? pick(DIGITS, 1).repeat(14) : pick(ALPHANUMERIC, 1).repeat(12) + cnpjCheckDigits(pick(ALPHANUMERIC, 1).repeat(12));
    case 8: return cnpj.slice(0, 12) + pick(ALPHANUMERIC, 2);
    case 9: return formatCnpj(pick(alphanumeric ? ALPHANUMERIC : DIGITS, 12) + pick(DIGITS, 2));
    default: return pick(alphanumeric ? ALPHANUMERIC : DIGITS, 14);
  }
});

const disagreements = (inputs: string[], ours: (s: string) => boolean, theirs: (s: string) => boolean) =>
  inputs.filter((s) => ours(s) !== theirs(s));

describe('CPF verdicts match @brazilian-utils/brazilian-utils', () => {
  it('has a real mix of valid and invalid CPFs', () => {
    const valid = cpfs.filter((s) => libIsValidCpf(s)).length;
    expect(valid).toBeGreaterThan(COUNT / 5);
    expect(COUNT - valid).toBeGreaterThan(COUNT / 5);
  });

  it(`sanitizeCpf agrees on ${COUNT} CPFs`, () => {
    expect(disagreements(cpfs, (s) => sanitizeCpf(s, context).ok, libIsValidCpf)).toEqual([]);
  });

  it('isValidCpf agrees on the bare digits', () => {
    const digits = cpfs.map((s) => s.replace(/\D/g, ''));
    expect(disagreements(digits, isValidCpf, libIsValidCpf)).toEqual([]);
  });
});

describe('CNPJ verdicts match @brazilian-utils/brazilian-utils (version 2: numeric and alphanumeric)', () => {
  const theirs = (s: string) => libIsValidCnpj(s, { version: 2 });

  it('has a real mix of numeric, alphanumeric, valid and invalid CNPJs', () => {
    const valid = cnpjs.filter(theirs);
    expect(valid.length).toBeGreaterThan(COUNT / 5);
    expect(COUNT - valid.length).toBeGreaterThan(COUNT / 5);
    expect(valid.filter((s) => /[a-z]/i.test(s)).length).toBeGreaterThan(COUNT / 10);
    expect(valid.filter((s) => !/[a-z]/i.test(s)).length).toBeGreaterThan(COUNT / 10);
  });

  it(`sanitizeCnpj agrees on ${COUNT} CNPJs`, () => {
    expect(disagreements(cnpjs, (s) => sanitizeCnpj(s, context).ok, theirs)).toEqual([]);
  });

  it('isValidCnpj agrees on the bare uppercase characters', () => {
    const bare = cnpjs.map((s) => s.replace(/[^0-9a-z]/gi, '').toUpperCase());
    expect(disagreements(bare, isValidCnpj, theirs)).toEqual([]);
  });

  it('agrees with version 1 on the numeric ones', () => {
    const numeric = cnpjs.filter((s) => !/[a-z]/i.test(s));
    expect(disagreements(numeric, (s) => sanitizeCnpj(s, context).ok, (s) => libIsValidCnpj(s))).toEqual([]);
  });
});
