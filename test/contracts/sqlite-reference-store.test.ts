import { randomUUID } from 'node:crypto';
import { appendFile, chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INDEX_FOLDER_NAME } from '../../src/adapters/reference/reference-index-folders.js';
import { SqliteReferenceStore, type ReferenceIndexBuild } from '../../src/adapters/reference/sqlite-reference-store.js';
import { ConfigError } from '../../src/errors.js';
import { CONTRACT_RECORDS, referenceStoreContract } from './reference-store.contract.js';

const scratch = await mkdtemp(join(tmpdir(), `higia-sqlite-ref-${randomUUID().slice(0, 8)}-`));
// The cache must be reachable by the unprivileged user of the read-only test.
await chmod(scratch, 0o777);
const cacheRoot = join(scratch, 'cache');
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(scratch, 'ref-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

const ndjson = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const CEPS = ndjson(CONTRACT_RECORDS.ceps);

/** A store that records the indexes it builds. */
function storeOver(folder: string | undefined) {
  const builds: ReferenceIndexBuild[] = [];
  const store = new SqliteReferenceStore({ folder, cacheRoot, onIndexBuilt: (build) => builds.push(build) });
  return { store, builds };
}

async function lookUpOnce(folder: string, source: 'ceps' | 'pessoas', keys: string[]) {
  const { store, builds } = storeOver(folder);
  try {
    return { found: await store.findByKeys(source, keys), builds };
  } finally {
    await store.close();
  }
}

referenceStoreContract('sqlite (NDJSON)', async () =>
  storeOver(
    await folderWith({
      'pessoas.ndjson': ndjson(CONTRACT_RECORDS.pessoas),
      'empresas.ndjson': ndjson(CONTRACT_RECORDS.empresas),
      'ceps.ndjson': CEPS,
    }),
  ).store,
);

referenceStoreContract('sqlite (CSV, keys as Excel leaves them)', async () =>
  storeOver(
    await folderWith({
      // A CPF that lost its leading zero and a formatted CNPJ still resolve to canonical keys.
      'pessoas.csv': 'cpf;nome;situacao_cadastral;email\n529.982.247-25;Maria das Dores;REGULAR;\n1234567890;Zé Leading Zero;SUSPENSA;\n',
      'empresas.csv': 'cnpj,razao_social,situacao,cnae\n12.ABC.345/01DE-35,ALFA NUMÉRICA LTDA,ATIVA,4711302\n',
      'ceps.csv': 'cep;logradouro;bairro;cidade;uf;ibge\n01310-100;Avenida Paulista;Bela Vista;São Paulo;SP;3550308\n',
    }),
  ).store,
);

describe('SqliteReferenceStore', () => {
  it('finds nothing, without failing, when there is no reference folder or no file for the source', async () => {
    expect((await storeOver(undefined).store.findByKeys('pessoas', ['52998224725'])).size).toBe(0);
    const { found, builds } = await lookUpOnce(await folderWith({ 'ceps.ndjson': CEPS }), 'pessoas', ['52998224725']);
    expect(found.size).toBe(0);
    expect(builds).toEqual([]);
  });

  it('gives every value as text, nested values as JSON, and keeps the last record of a repeated key', async () => {
    const dir = await folderWith({
      'ceps.ndjson': ndjson([{ cep: 1310100, ibge: 3550308, ativo: true, faixa: [1, 2], nada: null }, { cep: '01310-100', cidade: 'São Paulo' }]),
    });
    const { found, builds } = await lookUpOnce(dir, 'ceps', ['01310100']);
    expect(found.get('01310100')).toEqual({ cep: '01310-100', cidade: 'São Paulo' });
    expect(builds[0]).toMatchObject({ source: 'ceps', records: 2, keys: 1 });
    const other = await lookUpOnce(await folderWith({ 'ceps.ndjson': ndjson([{ cep: 1310100, ibge: 3550308, ativo: true, faixa: [1, 2], nada: null }]) }), 'ceps', [
      '01310100',
    ]);
    expect(other.found.get('01310100')).toEqual({ cep: '1310100', ibge: '3550308', ativo: 'true', faixa: '[1,2]' });
  });

  it('builds the index once, inside the reference folder, and reuses it while the file is unchanged', async () => {
    const dir = await folderWith({ 'ceps.ndjson': CEPS });
    const first = await lookUpOnce(dir, 'ceps', ['01310100']);
    expect(first.builds).toHaveLength(1);
    expect(first.builds[0]).toMatchObject({ source: 'ceps', records: 1, keys: 1, indexFile: join(dir, INDEX_FOLDER_NAME, 'ceps.sqlite') });
    const second = await lookUpOnce(dir, 'ceps', ['01310100']);
    expect(second.builds).toEqual([]);
    expect(second.found.get('01310100')).toMatchObject({ cidade: 'São Paulo' });
    // Only the index and the folder's own .gitignore: no temp file left over.
    expect((await readdir(join(dir, INDEX_FOLDER_NAME))).sort()).toEqual(['.gitignore', 'ceps.sqlite']);
    expect(await readFile(join(dir, INDEX_FOLDER_NAME, '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('rebuilds when the source file grows', async () => {
    const dir = await folderWith({ 'ceps.ndjson': CEPS });
    await lookUpOnce(dir, 'ceps', ['01310100']);
    await appendFile(join(dir, 'ceps.ndjson'), JSON.stringify({ cep: '20040002', cidade: 'Rio de Janeiro', uf: 'RJ' }) + '\n');
    const { found, builds } = await lookUpOnce(dir, 'ceps', ['01310100', '20040002']);
    expect(builds).toHaveLength(1);
    expect(found.get('20040002')).toMatchObject({ cidade: 'Rio de Janeiro' });
  });

  it('rebuilds when only the mtime of the source file changes', async () => {
    const dir = await folderWith({ 'ceps.ndjson': CEPS });
    await lookUpOnce(dir, 'ceps', ['01310100']);
    const later = new Date((await stat(join(dir, 'ceps.ndjson'))).mtimeMs + 5000);
    await utimes(join(dir, 'ceps.ndjson'), later, later);
    expect((await lookUpOnce(dir, 'ceps', ['01310100'])).builds).toHaveLength(1);
    expect((await lookUpOnce(dir, 'ceps', ['01310100'])).builds).toHaveLength(0);
  });

  it('rebuilds an index file that is not SQLite, or cut short', async () => {
    const dir = await folderWith({ 'ceps.ndjson': ndjson(manyCeps(5000)) });
    const index = join(dir, INDEX_FOLDER_NAME, 'ceps.sqlite');
    await lookUpOnce(dir, 'ceps', ['00000001']);
    await truncate(index, Math.floor((await stat(index)).size / 2));
    const afterCut = await lookUpOnce(dir, 'ceps', ['00000001', '00004999']);
    expect(afterCut.builds).toHaveLength(1);
    expect(afterCut.found.size).toBe(2);
    await writeFile(index, 'SQLite format 3\0 but not really');
    const afterGarbage = await lookUpOnce(dir, 'ceps', ['00004999']);
    expect(afterGarbage.builds).toHaveLength(1);
    expect(afterGarbage.found.size).toBe(1);
  });

  it('never opens the temp file a killed build left, and removes it once it is old', async () => {
    const dir = await folderWith({ 'ceps.ndjson': CEPS });
    await mkdir(join(dir, INDEX_FOLDER_NAME));
    const fresh = join(dir, INDEX_FOLDER_NAME, 'ceps.sqlite.999999-aaaaaaaa.tmp');
    const old = join(dir, INDEX_FOLDER_NAME, 'ceps.sqlite.999998-bbbbbbbb.tmp');
    await writeFile(fresh, 'half an index');
    await writeFile(old, 'half an index');
    const longAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(old, longAgo, longAgo);
    const { found, builds } = await lookUpOnce(dir, 'ceps', ['01310100']);
    expect(builds).toHaveLength(1);
    expect(found.size).toBe(1);
    // A recent one may be another process's build in progress: left alone.
    expect((await readdir(join(dir, INDEX_FOLDER_NAME))).sort()).toEqual(['.gitignore', 'ceps.sqlite', 'ceps.sqlite.999999-aaaaaaaa.tmp']);
  });

  it('lets two stores build the same index at once, each ending with a whole one', async () => {
    const dir = await folderWith({ 'ceps.ndjson': ndjson(manyCeps(20_000)) });
    const [a, b] = await Promise.all([lookUpOnce(dir, 'ceps', ['00000007', '00019999']), lookUpOnce(dir, 'ceps', ['00000007', '00019999'])]);
    expect(a.found.size).toBe(2);
    expect(b.found.size).toBe(2);
    expect((await readdir(join(dir, INDEX_FOLDER_NAME))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await lookUpOnce(dir, 'ceps', ['00000007'])).builds).toEqual([]);
  });

  it('builds one source at a time when several are first asked for at once', async () => {
    const dir = await folderWith({
      'pessoas.ndjson': ndjson(Array.from({ length: 5000 }, (_, i) => ({ cpf: String(i).padStart(11, '0'), nome: `Pessoa ${i}` }))),
      'ceps.ndjson': ndjson(manyCeps(5000)),
    });
    const spans: [number, number][] = [];
    const store = new SqliteReferenceStore({ folder: dir, cacheRoot, onIndexBuilt: (build) => spans.push([performance.now() - build.elapsedMs, performance.now()]) });
    try {
      const [pessoas, ceps] = await Promise.all([store.findByKeys('pessoas', ['00000000042']), store.findByKeys('ceps', ['00000042'])]);
      expect([pessoas.size, ceps.size]).toEqual([1, 1]);
    } finally {
      await store.close();
    }
    expect(spans).toHaveLength(2);
    expect(spans[1]![0]).toBeGreaterThanOrEqual(spans[0]![1]);
  });

  it('indexes a source file that is a symbolic link, stamped by the file it points to', async () => {
    const target = await folderWith({ 'ceps.ndjson': CEPS });
    const linked = await folderWith({});
    await symlink(join(target, 'ceps.ndjson'), join(linked, 'ceps.ndjson'));
    const first = await lookUpOnce(linked, 'ceps', ['01310100']);
    expect(first.found.get('01310100')).toMatchObject({ uf: 'SP' });
    expect(first.builds[0]!.indexFile).toBe(join(linked, INDEX_FOLDER_NAME, 'ceps.sqlite'));
    expect((await lookUpOnce(linked, 'ceps', ['01310100'])).builds).toEqual([]);
    await appendFile(join(target, 'ceps.ndjson'), JSON.stringify({ cep: '20040002', uf: 'RJ' }) + '\n');
    const changed = await lookUpOnce(linked, 'ceps', ['20040002']);
    expect(changed.builds).toHaveLength(1);
    expect(changed.found.get('20040002')).toMatchObject({ uf: 'RJ' });
  });

  it('puts the index in the per-user cache when the reference folder is read-only, and reuses it there', async () => {
    const dir = await folderWith({ 'ceps.ndjson': CEPS });
    await chmod(join(dir, 'ceps.ndjson'), 0o644);
    await chmod(dir, 0o555);
    const [first, second] = await asUserWhoCannotWrite(async () => [await lookUpOnce(dir, 'ceps', ['01310100']), await lookUpOnce(dir, 'ceps', ['01310100'])]);
    expect(first!.found.get('01310100')).toMatchObject({ cidade: 'São Paulo' });
    expect(first!.builds[0]!.indexFile.startsWith(cacheRoot)).toBe(true);
    expect(second!.builds).toEqual([]);
    expect(second!.found.size).toBe(1);
    expect(await readdir(dir)).toEqual(['ceps.ndjson']);
  });

  it('reports a broken NDJSON line with its file and line number, and keeps no index of it', async () => {
    const dir = await folderWith({ 'ceps.ndjson': '{"cep":"01310100"}\n{broken\n' });
    const error = await lookUpOnce(dir, 'ceps', ['01310100']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/ceps\.ndjson:2 is not valid JSON/);
    expect((await readdir(join(dir, INDEX_FOLDER_NAME))).sort()).toEqual(['.gitignore']);
  });

  it.each([
    ['a record without its key', 'uf;cidade\nSP;São Paulo\n', /ceps\.csv:2: record without "cep"/],
    ['a broken quote', 'cep;cidade\n01310100;São Paulo\n02;Sã"o\n', /ceps\.csv:3: Invalid Opening Quote/],
    ['a record with too many cells', 'cep;cidade\n01310100;São Paulo\n\n02;a;b\n', /ceps\.csv:4: Invalid Record Length/],
  ])('reports a CSV file with %s by file and line', async (_what, csv, message) => {
    const error = await lookUpOnce(await folderWith({ 'ceps.csv': csv }), 'ceps', ['01310100']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('rebuilds every source on request, fresh or not', async () => {
    const dir = await folderWith({ 'ceps.ndjson': CEPS, 'pessoas.csv': 'cpf;nome\n52998224725;Maria\n' });
    const { store, builds } = storeOver(dir);
    try {
      await store.findByKeys('ceps', ['01310100']);
      expect((await store.rebuild()).map((b) => [b.source, b.records])).toEqual([
        ['pessoas', 1],
        ['ceps', 1],
      ]);
      expect(builds.map((b) => b.source)).toEqual(['ceps', 'pessoas', 'ceps']);
      expect((await store.findByKeys('pessoas', ['52998224725'])).get('52998224725')).toEqual({ cpf: '52998224725', nome: 'Maria' });
    } finally {
      await store.close();
    }
  });
});

function manyCeps(count: number) {
  return Array.from({ length: count }, (_, i) => ({ cep: String(i).padStart(8, '0'), cidade: `Cidade ${i}`, uf: 'SP' }));
}

/**
 * Runs `work` as someone the folder's permissions stop. Tests run as root, which writes into a
 * chmod 555 folder anyway: then the effective user becomes `nobody` for the duration (the real
 * user stays root, so it can be switched back).
 */
async function asUserWhoCannotWrite<T>(work: () => Promise<T>): Promise<T> {
  if (process.geteuid?.() !== 0) return work();
  process.seteuid!(65534);
  try {
    return await work();
  } finally {
    process.seteuid!(0);
  }
}
