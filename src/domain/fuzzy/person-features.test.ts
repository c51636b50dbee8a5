import { describe, expect, it } from 'vitest';
import { blockKeysOf, decodeFeatures, encodeFeatures, nameBlockKeysOf, strongBlockKeysOf, type PersonFeatures } from './person-features.js';

const maria: PersonFeatures = {
  name: 'Maria Aparecida de Souza',
  cpf: '123.456.789-09',
  birthDate: '1980-03-12',
  cep: '01310-100',
  mobiles: ['+5511987654321', '+5511912345678'],
  email: 'maria.souza@gmail.com',
  city: 'São Paulo',
  uf: 'SP',
};
const empty: PersonFeatures = { name: '', cpf: '', birthDate: '', cep: '', mobiles: [], email: '', city: '', uf: '' };

describe('encodeFeatures / decodeFeatures', () => {
  it.each([
    ['every field', maria],
    ['every field empty', empty],
    ['one mobile', { ...empty, name: 'Ana', mobiles: ['+5521987654321'] }],
  ])('round-trips %s', (_, f) => expect(decodeFeatures(encodeFeatures(f))).toEqual(f));

  it('holds no NUL, tab or line feed, even when a value does', () => {
    const encoded = encodeFeatures({ ...maria, name: 'Maria\tda\nSilva\u0000' });
    for (const forbidden of ['\u0000', '\t', '\n']) expect(encoded).not.toContain(forbidden);
    expect(decodeFeatures(encoded).name).toBe('Maria da Silva ');
  });
});

describe('blockKeysOf', () => {
  it('keys the e-mail, each mobile, and birth date with CEP', () => {
    const keys = strongBlockKeysOf(maria);
    expect(keys).toHaveLength(4);
    expect(keys.filter((k) => k.includes('maria.souza@gmail.com'))).toHaveLength(1);
    expect(keys.filter((k) => k.includes('+5511987654321'))).toHaveLength(1);
    expect(keys.filter((k) => k.includes('1980-03-12') && k.includes('01310-100'))).toHaveLength(1);
  });

  it('gives a shared key to the same person written differently', () => {
    const variant = { ...maria, name: 'MARIA A. SOUSA', email: '', mobiles: [] };
    const shared = nameBlockKeysOf(maria).filter((k) => nameBlockKeysOf(variant).includes(k));
    expect(shared).toHaveLength(2);
  });

  it('does not key birth date or CEP alone, nor a one-word name', () => {
    expect(blockKeysOf({ ...empty, birthDate: '1980-03-12', name: 'Maria' })).toEqual([]);
    expect(blockKeysOf({ ...empty, cep: '01310-100', name: 'Maria' })).toEqual([]);
  });

  it('keeps apart keys of different kinds with one value (an e-mail is no mobile)', () => {
    const a = strongBlockKeysOf({ ...empty, email: 'x' });
    const b = strongBlockKeysOf({ ...empty, mobiles: ['x'] });
    expect(a).not.toEqual(b);
  });

  it('never gives more than 8 keys, the pipeline slots per row', () => {
    const many = { ...maria, mobiles: Array.from({ length: 10 }, (_, i) => `+551198765432${i}`) };
    expect(blockKeysOf(many).length).toBeLessThanOrEqual(8);
  });
});
