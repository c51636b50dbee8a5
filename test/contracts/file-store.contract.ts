import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryPathFor } from '../../src/adapters/storage/output-set.js';
import { FileChangedError, NotFoundError, UpstreamUnavailableError } from '../../src/errors.js';
import type { FileStore } from '../../src/ports/file-store.js';

export interface FileStoreHarness {
  store: FileStore;
  /** Names in a store folder as the backend holds them (to prove no temp file is left behind). */
  listFolder(folder: string): Promise<string[]>;
  /**
   * A store (over the same files) on which moving a file into place at `path` fails for
   * good, as a server failing one MOVE of a set would, until `heal()`.
   */
  breakMoveInto(path: string): Promise<{ store: FileStore; heal(): Promise<void> }>;
  cleanup?(): Promise<void>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every byte value, several times over: catches text decoding or newline rewriting. */
const ALL_BYTES = Buffer.from(Array.from({ length: 256 * 8 }, (_, i) => (i * 7) % 256));

/** Runs the FileStore contract against one implementation. */
export function fileStoreContract(name: string, make: () => Promise<FileStoreHarness>) {
  describe(`FileStore: ${name}`, () => {
    let harness: FileStoreHarness;
    let store: FileStore;
    let scratch: string;
    let counter = 0;
    // Every test works in its own random folder of the store.
    const folderFor = () => `contract-${randomBytes(4).toString('hex')}-${++counter}`;
    const localFile = async (bytes: Buffer | string) => {
      const path = join(scratch, `in-${++counter}`);
      await writeFile(path, bytes);
      return path;
    };
    const publishBytes = async (bytes: Buffer | string, path: string) => store.publish(await localFile(bytes), path);
    const downloadBytes = async (path: string) => {
      const target = join(scratch, `out-${++counter}`);
      const info = await store.download(path, target);
      return { info, bytes: await readFile(target) };
    };

    beforeAll(async () => {
      harness = await make();
      store = harness.store;
      scratch = await mkdtemp(join(tmpdir(), 'higia-contract-'));
    });
    afterAll(async () => {
      await rm(scratch, { recursive: true, force: true });
      await harness.cleanup?.();
    });

    it('resolves check() when the store is reachable', async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });

    it('throws NotFoundError from stat and download of a missing file', async () => {
      const path = `${folderFor()}/missing.csv`;
      await expect(store.stat(path)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.download(path, join(scratch, 'never'))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('round-trips every byte value exactly, with size and etag', async () => {
      const path = `${folderFor()}/binary.bin`;
      await publishBytes(ALL_BYTES, path);
      const { info, bytes } = await downloadBytes(path);
      expect(bytes.equals(ALL_BYTES)).toBe(true);
      expect(info).toMatchObject({ path, size: ALL_BYTES.length });
      expect(info.etag).not.toBe('');
      expect(await store.stat(path)).toEqual(info);
    });

    it('round-trips a multi-megabyte file', async () => {
      const big = randomBytes(6 * 1024 * 1024 + 17);
      const path = `${folderFor()}/big.bin`;
      await publishBytes(big, path);
      const { info, bytes } = await downloadBytes(path);
      expect(info.size).toBe(big.length);
      expect(sha256(bytes)).toBe(sha256(big));
    });

    it('changes the etag when the content changes, even at the same size', async () => {
      const path = `${folderFor()}/same-size.csv`;
      await publishBytes('a;b\n1;2\n', path);
      const before = await store.stat(path);
      await publishBytes('a;b\n3;4\n', path);
      const after = await store.stat(path);
      expect(after.size).toBe(before.size);
      expect(after.etag).not.toBe(before.etag);
      expect((await downloadBytes(path)).bytes.toString()).toBe('a;b\n3;4\n');
    });

    it('creates missing nested folders on publish and leaves no temporary file', async () => {
      const folder = `${folderFor()}/2026/05/dia 1`;
      await publishBytes('x\n', `${folder}/clientes.csv`);
      expect(await harness.listFolder(folder)).toEqual(['clientes.csv']);
      await publishBytes('y\n', `${folder}/clientes.csv`);
      expect(await harness.listFolder(folder)).toEqual(['clientes.csv']);
      expect((await downloadBytes(`${folder}/clientes.csv`)).bytes.toString()).toBe('y\n');
    });

    it('keeps names with spaces, accents, # and % intact', async () => {
      const folder = `${folderFor()}/pasta com espaço`;
      const name = 'relatório #1 de 100% ação %41.csv';
      await publishBytes('conteúdo\n', `${folder}/${name}`);
      expect(await harness.listFolder(folder)).toEqual([name]);
      expect((await store.stat(`${folder}/${name}`)).size).toBe(Buffer.byteLength('conteúdo\n'));
      expect((await downloadBytes(`${folder}/${name}`)).bytes.toString()).toBe('conteúdo\n');
      await store.move(`${folder}/${name}`, `${folder}/finalizado #2/${name}`);
      expect(await harness.listFolder(`${folder}/finalizado #2`)).toEqual([name]);
    });

    it('publishes a file whose name is near the 255-byte limit', async () => {
      const folder = folderFor();
      const name = `${'n'.repeat(240)}.csv`;
      await publishBytes('long\n', `${folder}/${name}`);
      expect(await harness.listFolder(folder)).toEqual([name]);
    });

    it('never lets a reader see a partial file while a large publish replaces it', async () => {
      const path = `${folderFor()}/grande.csv`;
      const before = Buffer.alloc(3 * 1024 * 1024, 'a');
      const after = Buffer.alloc(16 * 1024 * 1024, 'b');
      await publishBytes(before, path);
      const source = await localFile(after);
      const seen = { statBefore: 0, statAfter: 0, statAbsent: 0, downloads: 0 };
      let isPublishing = true;
      const publishing = store.publish(source, path).finally(() => (isPublishing = false));
      const absentIsFine = (error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
        seen.statAbsent++;
      };
      const watchStat = async () => {
        while (isPublishing) {
          const info = await store.stat(path).catch(absentIsFine);
          if (!info) continue;
          expect([before.length, after.length]).toContain(info.size);
          if (info.size === before.length) seen.statBefore++;
          else seen.statAfter++;
        }
      };
      // A download that overlaps the replacement may also refuse, as transient, a file that
      // changed under it (the port's contract): refusing is fine, a partial file never is.
      const absentOrChangedIsFine = (error: unknown) => {
        if (error instanceof UpstreamUnavailableError && /changed meanwhile/.test(error.message)) return undefined;
        return absentIsFine(error);
      };
      const watchDownload = async () => {
        while (isPublishing) {
          const read = await downloadBytes(path).catch(absentOrChangedIsFine);
          if (!read) continue;
          seen.downloads++;
          expect(read.bytes.equals(before) || read.bytes.equals(after)).toBe(true);
        }
      };
      await Promise.all([publishing, watchStat(), watchDownload()]);
      expect(seen.statBefore + seen.statAfter + seen.statAbsent).toBeGreaterThan(0);
      expect((await downloadBytes(path)).bytes.equals(after)).toBe(true);
      expect(await harness.listFolder(path.split('/')[0]!)).toEqual(['grande.csv']);
    });

    it('moves a file: the source is gone and the destination has its bytes', async () => {
      const folder = folderFor();
      await publishBytes(ALL_BYTES, `${folder}/work/in.bin`);
      await store.move(`${folder}/work/in.bin`, `${folder}/processado/2026/in.bin`);
      await expect(store.stat(`${folder}/work/in.bin`)).rejects.toBeInstanceOf(NotFoundError);
      expect((await downloadBytes(`${folder}/processado/2026/in.bin`)).bytes.equals(ALL_BYTES)).toBe(true);
    });

    it('replaces the destination of a move', async () => {
      const folder = folderFor();
      await publishBytes('new\n', `${folder}/a.csv`);
      await publishBytes('old, longer\n', `${folder}/b.csv`);
      await store.move(`${folder}/a.csv`, `${folder}/b.csv`);
      expect((await downloadBytes(`${folder}/b.csv`)).bytes.toString()).toBe('new\n');
      expect(await harness.listFolder(folder)).toEqual(['b.csv']);
    });

    describe('publishSet', () => {
      /** One version of a set of outputs, each file saying which version it belongs to. */
      const versionOf = async (folder: string, version: string, names: readonly string[]) =>
        Promise.all(names.map(async (name) => ({ localPath: await localFile(`${version} ${name}\n`), path: `${folder}/${name}` })));
      const textOf = async (path: string) => (await downloadBytes(path)).bytes.toString();
      const OUTPUTS = ['clientes_higienizado.csv', 'clientes_duplicados.csv', 'clientes_relatorio.pdf', 'clientes_resumo.json'] as const;
      const SUMMARY = 'clientes_resumo.json';

      it('lands every file of the set and leaves no temporary file', async () => {
        const folder = `${folderFor()}/finalizado`;
        await store.publishSet(await versionOf(folder, 'v1', OUTPUTS), { last: `${folder}/${SUMMARY}` });
        expect((await harness.listFolder(folder)).sort()).toEqual([...OUTPUTS].sort());
        for (const name of OUTPUTS) expect(await textOf(`${folder}/${name}`)).toBe(`v1 ${name}\n`);
      });

      it('replaces an older set, and removes the stale output the new set lacks', async () => {
        const folder = folderFor();
        await store.publishSet(await versionOf(folder, 'v1', [...OUTPUTS, 'clientes_rejeitados.csv']), { last: `${folder}/${SUMMARY}` });
        await store.publishSet(await versionOf(folder, 'v2', OUTPUTS), { last: `${folder}/${SUMMARY}`, stale: [`${folder}/clientes_rejeitados.csv`] });
        expect((await harness.listFolder(folder)).sort()).toEqual([...OUTPUTS].sort());
        for (const name of OUTPUTS) expect(await textOf(`${folder}/${name}`)).toBe(`v2 ${name}\n`);
      });

      it('reuses the temporary files an interrupted attempt left, and removes those of stale outputs', async () => {
        const folder = folderFor();
        // What a crashed attempt leaves: uploads at the deterministic temporary names.
        await publishBytes('half of an old upload', temporaryPathFor(`${folder}/${OUTPUTS[0]}`));
        await publishBytes('half of an old upload', temporaryPathFor(`${folder}/gone.csv`));
        expect(await harness.listFolder(folder)).toHaveLength(2);
        await store.publishSet(await versionOf(folder, 'v1', OUTPUTS), { last: `${folder}/${SUMMARY}`, stale: [`${folder}/gone.csv`] });
        expect((await harness.listFolder(folder)).sort()).toEqual([...OUTPUTS].sort());
        expect(await textOf(`${folder}/${OUTPUTS[0]}`)).toBe(`v1 ${OUTPUTS[0]}\n`);
      });

      it('never lets a reader that finds the same summary before and after reading the others see two sets mixed', async () => {
        const folder = folderFor();
        const last = `${folder}/${SUMMARY}`;
        await store.publishSet(await versionOf(folder, 'v0', OUTPUTS), { last });
        let isPublishing = true;
        const publishing = (async () => {
          for (let version = 1; version <= 6; version++) await store.publishSet(await versionOf(folder, `v${version}`, OUTPUTS), { last });
        })().finally(() => (isPublishing = false));
        const skipped = (error: unknown) => {
          // Absent (set in progress) or replaced while read: the reader tries again.
          if (error instanceof NotFoundError || error instanceof UpstreamUnavailableError) return undefined;
          throw error;
        };
        let wholeSets = 0;
        const read = async () => {
          const before = await textOf(last).catch(skipped);
          if (before === undefined) return;
          const others = await Promise.all(OUTPUTS.filter((n) => n !== SUMMARY).map((n) => textOf(`${folder}/${n}`).catch(skipped)));
          const after = await textOf(last).catch(skipped);
          if (after !== before || others.includes(undefined)) return;
          const version = before.split(' ')[0];
          for (const text of others) expect(text?.split(' ')[0]).toBe(version);
          wholeSets++;
        };
        const reading = (async () => {
          while (isPublishing) await read();
          await read();
        })();
        await Promise.all([publishing, reading]);
        expect(wholeSets).toBeGreaterThan(0);
        expect(await textOf(last)).toBe(`v6 ${SUMMARY}\n`);
      });

      it('leaves no summary in place when a move of step 3 fails, and the next call completes the set without temporary files', async () => {
        const folder = folderFor();
        const last = `${folder}/${SUMMARY}`;
        await store.publishSet(await versionOf(folder, 'v1', OUTPUTS), { last });
        const broken = await harness.breakMoveInto(`${folder}/${OUTPUTS[2]}`); // the set's third move
        try {
          await expect(broken.store.publishSet(await versionOf(folder, 'v2', OUTPUTS), { last })).rejects.toThrow();
        } finally {
          await broken.heal();
        }
        await expect(store.stat(last)).rejects.toBeInstanceOf(NotFoundError);
        expect(await textOf(`${folder}/${OUTPUTS[0]}`)).toBe(`v2 ${OUTPUTS[0]}\n`); // moved before the failure
        await store.publishSet(await versionOf(folder, 'v3', OUTPUTS), { last });
        expect((await harness.listFolder(folder)).sort()).toEqual([...OUTPUTS].sort());
        for (const name of OUTPUTS) expect(await textOf(`${folder}/${name}`)).toBe(`v3 ${name}\n`);
      });

      it('refuses a set whose last is not in it, or that names a path both new and stale, before writing anything', async () => {
        const folder = folderFor();
        const files = await versionOf(folder, 'v1', OUTPUTS);
        await expect(store.publishSet(files, { last: `${folder}/other.json` })).rejects.toBeInstanceOf(TypeError);
        await expect(store.publishSet(files, { last: `${folder}/${SUMMARY}`, stale: [`${folder}/${OUTPUTS[0]}`] })).rejects.toBeInstanceOf(TypeError);
        await expect(store.publishSet([...files, files[0]!], { last: `${folder}/${SUMMARY}` })).rejects.toBeInstanceOf(TypeError);
        await expect(store.stat(`${folder}/${SUMMARY}`)).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    it('throws NotFoundError when moving a missing file', async () => {
      const folder = folderFor();
      await expect(store.move(`${folder}/nope.csv`, `${folder}/done/nope.csv`)).rejects.toBeInstanceOf(NotFoundError);
    });

    describe('downloadRange', () => {
      /** Every byte value, then random bytes (no period a misplaced range could hide in): over 1 MiB, so a range takes many chunks. */
      const BIG = Buffer.concat([ALL_BYTES, randomBytes(1536 * 1024 + 5)]);
      const rangeBytes = async (path: string, range: { start: number; end: number; etag: string }) => {
        const target = join(scratch, `range-${++counter}`);
        await store.downloadRange(path, target, range);
        return readFile(target);
      };
      const published = async (bytes: Buffer) => {
        const path = `${folderFor()}/entrada.csv`;
        await publishBytes(bytes, path);
        return { path, etag: (await store.stat(path)).etag };
      };
      /** The call fails with `kind` and leaves nothing at its local path. */
      const expectRefused = async (path: string, range: { start: number; end: number; etag: string }, kind: new (...args: never[]) => Error) => {
        const target = join(scratch, `refused-${++counter}`);
        await expect(store.downloadRange(path, target, range)).rejects.toBeInstanceOf(kind);
        await expect(readFile(target)).rejects.toMatchObject({ code: 'ENOENT' });
      };

      it('downloads exactly the bytes of a range in the middle of a file over 1 MiB', async () => {
        const { path, etag } = await published(BIG);
        const [start, end] = [100_003, BIG.length - 200_001];
        expect(sha256(await rangeBytes(path, { start, end, etag }))).toBe(sha256(BIG.subarray(start, end)));
        expect((await rangeBytes(path, { start: 300, end: 1_900, etag })).equals(ALL_BYTES.subarray(300, 1_900))).toBe(true);
        expect((await rangeBytes(path, { start: 0, end: BIG.length, etag })).equals(BIG)).toBe(true);
      });

      it('writes an empty file for start === end, and the last byte alone for [size - 1, size)', async () => {
        const { path, etag } = await published(ALL_BYTES);
        expect(await rangeBytes(path, { start: 700, end: 700, etag })).toHaveLength(0);
        expect(await rangeBytes(path, { start: ALL_BYTES.length, end: ALL_BYTES.length, etag })).toHaveLength(0);
        expect([...(await rangeBytes(path, { start: ALL_BYTES.length - 1, end: ALL_BYTES.length, etag }))]).toEqual([ALL_BYTES.at(-1)]);
      });

      it('throws FileChangedError for a wrong etag, and for the etag of content since replaced', async () => {
        const { path, etag } = await published(ALL_BYTES);
        await expectRefused(path, { start: 0, end: 10, etag: `${etag}x` }, FileChangedError);
        await publishBytes(Buffer.from(ALL_BYTES).reverse(), path); // same size, other bytes
        await expectRefused(path, { start: 0, end: 10, etag }, FileChangedError);
        const now = (await store.stat(path)).etag;
        expect((await rangeBytes(path, { start: 0, end: 10, etag: now })).equals(Buffer.from(ALL_BYTES).reverse().subarray(0, 10))).toBe(true);
      });

      it('throws NotFoundError for a missing file', async () => {
        await expectRefused(`${folderFor()}/missing.csv`, { start: 0, end: 1, etag: 'any' }, NotFoundError);
      });

      it('throws RangeError for start > end, start < 0 and end > size', async () => {
        const { path, etag } = await published(ALL_BYTES);
        for (const [start, end] of [[10, 9], [-1, 5], [0, ALL_BYTES.length + 1], [ALL_BYTES.length + 1, ALL_BYTES.length + 1], [0.5, 2]] as const) {
          await expectRefused(path, { start, end, etag }, RangeError);
        }
      });
    });

    describe('remove', () => {
      it('removes a file', async () => {
        const folder = folderFor();
        await publishBytes('x\n', `${folder}/a.csv`);
        await publishBytes('y\n', `${folder}/b.csv`);
        await store.remove(`${folder}/a.csv`);
        await expect(store.stat(`${folder}/a.csv`)).rejects.toBeInstanceOf(NotFoundError);
        expect(await harness.listFolder(folder)).toEqual(['b.csv']);
      });

      it('removes a folder with files in sub-folders, and a publish into it afterwards makes it again', async () => {
        const folder = folderFor();
        for (const path of ['parts/0/entrada.csv', 'parts/1/saída #1.csv', 'parts/1/fundo/x.bin', 'parts/topo.json']) await publishBytes(ALL_BYTES, `${folder}/${path}`);
        await publishBytes('fica\n', `${folder}/fica.csv`);
        await store.remove(`${folder}/parts`);
        expect(await harness.listFolder(folder)).toEqual(['fica.csv']);
        await expect(store.stat(`${folder}/parts/1/fundo/x.bin`)).rejects.toBeInstanceOf(NotFoundError);
        await publishBytes('de novo\n', `${folder}/parts/1/fundo/x.bin`);
        expect((await downloadBytes(`${folder}/parts/1/fundo/x.bin`)).bytes.toString()).toBe('de novo\n');
      });

      it('resolves for an absent path, in a folder that exists or not', async () => {
        const folder = folderFor();
        await expect(store.remove(`${folder}/nothing-here`)).resolves.toBeUndefined();
        await publishBytes('x\n', `${folder}/a.csv`);
        await expect(store.remove(`${folder}/b.csv`)).resolves.toBeUndefined();
        await expect(store.remove(`${folder}/gone/deeper/a.csv`)).resolves.toBeUndefined();
        expect(await harness.listFolder(folder)).toEqual(['a.csv']);
      });
    });
  });
}
