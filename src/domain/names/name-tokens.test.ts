import { describe, expect, it } from 'vitest';
import { nameKey, nameTokens } from './name-tokens.js';

describe('nameTokens', () => {
  it.each([
    ['Maria das Graças Souza', ['maria', 'gracas', 'souza']],
    ['MARIA DA CONCEIÇÃO', ['maria', 'conceicao']],
    ['  joão  de   assis ', ['joao', 'assis']],
    ['Maria A. Sousa', ['maria', 'a', 'sousa']],
    ['Pedro e Silva', ['pedro', 'silva']],
    ["Ana D'Ávila", ['ana', 'avila']],
    ['Ana d’Ávila', ['ana', 'avila']],
    ['José Carlos Júnior', ['jose', 'carlos', 'jr']],
    ['José Carlos Junior', ['jose', 'carlos', 'jr']],
    ['José Carlos Jr.', ['jose', 'carlos', 'jr']],
    ['José Carlos Jr', ['jose', 'carlos', 'jr']],
    ['Antônio Pereira Filho', ['antonio', 'pereira', 'filho']],
    ['Neto Ribeiro Neto', ['neto', 'ribeiro', 'neto']],
    ['Ana-Maria Lopes', ['ana', 'maria', 'lopes']],
    ['Luíz Gonçalves', ['luiz', 'goncalves']],
    ['Francisco do Espírito Santo', ['francisco', 'espirito', 'santo']],
    ['', []],
    ['  .  ', []],
  ])('nameTokens(%j)', (name, want) => expect(nameTokens(name)).toEqual(want));
});

describe('nameKey', () => {
  it('is the same for casing, accents, spacing and particles', () => {
    expect(nameKey('MARIA DA SILVA')).toBe('maria silva');
    expect(nameKey('Maria  de Silva')).toBe('maria silva');
    expect(nameKey('María Silva')).toBe('maria silva');
  });

  it('differs for spelling variants, which are counted apart', () => {
    expect(nameKey('Maria Souza')).not.toBe(nameKey('Maria Sousa'));
  });
});
