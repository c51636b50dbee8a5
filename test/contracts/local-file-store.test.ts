import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../src/adapters/storage/local-file-store.js';
import { ConfigError, NotFoundError } from '../../src/errors.js';
import { fileStoreContract } from './file-store.contract.js';

fileStoreContract('local folder', async () => {
  const store = await LocalFileStore.inTempDir();
  return {
    store,
    listFolder: (folder) => readdir(join(store.root, folder)),
    // rename(2) of a file over a folder that is not empty fails (EISDIR), however often it is tried.
    breakMoveInto: async (path) => {
      const blocker = join(store.root, path);
      await rm(blocker, { force: true });
      await mkdir(blocker, { recursive: true });
      await writeFile(join(blocker, 'in-the-way'), '');
      return { store, heal: () => rm(blocker, { recursive: true, force: true }) };
    },
    cleanup: () => rm(store.root, { recursive: true, force: true }),
  };
});

describe('LocalFileStore', () => {
  it('refuses paths that leave the root', async () => {
    const store = await LocalFileStore.inTempDir();
    try {
      for (const path of ['../outside.csv', 'work/../../outside.csv', '/etc/passwd', '', '.']) {
        await expect(store.stat(path), path).rejects.toBeInstanceOf(NotFoundError);
      }
      const source = join(store.root, 'source.csv');
      await writeFile(source, 'x');
      await expect(store.publish(source, '../escaped.csv')).rejects.toThrow(/leaves the storage root/);
      await expect(store.move('source.csv', 'work/../../escaped.csv')).rejects.toThrow(/leaves the storage root/);
      expect(await readdir(store.root)).toEqual(['source.csv']);
    } finally {
      await rm(store.root, { recursive: true, force: true });
    }
  });

  it('fails check() with ConfigError when the root folder is missing, until createFolders makes it', async () => {
    const store = await LocalFileStore.inTempDir();
    try {
      await rm(store.root, { recursive: true });
      await expect(store.check()).rejects.toBeInstanceOf(ConfigError);
      await store.createFolders(['work', 'finalizado']);
      await expect(store.check()).resolves.toBeUndefined();
      expect((await readdir(store.root)).sort()).toEqual(['finalizado', 'work']);
    } finally {
      await rm(store.root, { recursive: true, force: true });
    }
  });

  it('treats a folder as not a file', async () => {
    const store = await LocalFileStore.inTempDir();
    try {
      await mkdir(join(store.root, 'work'));
      await expect(store.stat('work')).rejects.toBeInstanceOf(NotFoundError);
      await symlink(join(store.root, 'work'), join(store.root, 'link'));
      await expect(store.stat('link')).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await rm(store.root, { recursive: true, force: true });
    }
  });
});
