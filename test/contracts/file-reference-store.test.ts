import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileReferenceStore } from '../../src/adapters/reference/file-reference-store.js';
import { ConfigError } from '../../src/errors.js';
import { CONTRACT_RECORDS, referenceStoreContract } from './reference-store.contract.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'higia-ref-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

const ndjson = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

referenceStoreContract('file (NDJSON)', async () =>
  new FileReferenceStore(
    await folderWith({
      'pessoas.ndjson': ndjson(CONTRACT_RECORDS.pessoas),
      'empresas.ndjson': ndjson(CONTRACT_RECORDS.empresas),
      'ceps.ndjson': ndjson(CONTRACT_RECORDS.ceps),
    }),
  ),
);

referenceStoreContract('file (CSV, keys as Excel leaves them)', async () =>
  new FileReferenceStore(
    await folderWith({
      // A CPF that lost its leading zero and a formatted CNPJ still resolve to canonical keys.
      'pessoas.csv': 'cpf;nome;situacao_cadastral;email\n529.982.247-25;Maria das Dores;REGULAR;\n1234567890;Zé Leading Zero;SUSPENSA;\n',
      'empresas.csv': 'cnpj,razao_social,situacao,cnae\n12.ABC.345/01DE-35,ALFA NUMÉRICA LTDA,ATIVA,4711302\n',
      'ceps.csv': 'cep;logradouro;bairro;cidade;uf;ibge\n01310-100;Avenida Paulista;Bela Vista;São Paulo;SP;3550308\n',
    }),
  ),
);

describe('FileReferenceStore', () => {
  it('finds nothing, without failing, when there is no reference folder', async () => {
    expect((await new FileReferenceStore(undefined).findByKeys('pessoas', ['52998224725'])).size).toBe(0);
  });

  it('reports a broken NDJSON line with its file and line number', async () => {
    const dir = await folderWith({ 'ceps.ndjson': '{"cep":"01310100"}\n{broken\n' });
    const error = await new FileReferenceStore(dir).findByKeys('ceps', ['01310100']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/ceps\.ndjson:2/);
  });
});
