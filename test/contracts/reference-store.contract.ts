import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceStore } from '../../src/ports/reference-store.js';

/** The reference records every implementation is loaded with before the suite runs. */
export const CONTRACT_RECORDS = {
  pessoas: [
    { cpf: '52998224725', nome: 'Maria das Dores', situacao_cadastral: 'REGULAR', email: '' },
    { cpf: '01234567890', nome: 'Zé Leading Zero', situacao_cadastral: 'SUSPENSA' },
  ],
  empresas: [{ cnpj: '12ABC34501DE35', razao_social: 'ALFA NUMÉRICA LTDA', situacao: 'ATIVA', cnae: '4711302' }],
  ceps: [{ cep: '01310100', logradouro: 'Avenida Paulista', bairro: 'Bela Vista', cidade: 'São Paulo', uf: 'SP', ibge: '3550308' }],
};

/** Runs the ReferenceStore contract against one implementation. */
export function referenceStoreContract(name: string, make: () => Promise<ReferenceStore>) {
  describe(`ReferenceStore: ${name}`, () => {
    let store: ReferenceStore;
    beforeAll(async () => {
      store = await make();
    });
    afterAll(async () => {
      await store.close();
    });

    it('finds records by canonical key, with every field as text', async () => {
      const found = await store.findByKeys('pessoas', ['52998224725', '01234567890']);
      expect(found.get('52998224725')).toMatchObject({ nome: 'Maria das Dores', situacao_cadastral: 'REGULAR' });
      expect(found.get('01234567890')).toMatchObject({ nome: 'Zé Leading Zero', situacao_cadastral: 'SUSPENSA' });
    });

    it('leaves missing keys out of the answer instead of failing', async () => {
      const found = await store.findByKeys('pessoas', ['11144477735', '52998224725']);
      expect([...found.keys()]).toEqual(['52998224725']);
    });

    it('keeps the sources apart', async () => {
      expect((await store.findByKeys('empresas', ['52998224725'])).size).toBe(0);
      expect((await store.findByKeys('empresas', ['12ABC34501DE35'])).get('12ABC34501DE35')).toMatchObject({ razao_social: 'ALFA NUMÉRICA LTDA' });
      expect((await store.findByKeys('ceps', ['01310100'])).get('01310100')).toMatchObject({ cidade: 'São Paulo', uf: 'SP' });
    });

    it('answers an empty request with an empty map', async () => {
      expect((await store.findByKeys('ceps', [])).size).toBe(0);
    });

    it('answers a large batch in one call', async () => {
      const keys = Array.from({ length: 2000 }, (_, i) => String(i).padStart(8, '0'));
      keys.push('01310100');
      const found = await store.findByKeys('ceps', keys);
      expect([...found.keys()]).toEqual(['01310100']);
    });
  });
}
