import { createHash } from 'node:crypto';
import { lstat, mkdir, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';

/** The folder, inside a reference folder, that holds its indexes. */
export const INDEX_FOLDER_NAME = '.higia-index';

/** The two places an index of a reference folder may be: looked for in this order. */
export interface IndexFolders {
  readonly inFolder: string;
  /** For a reference folder that can't be written (read-only mount, another user's files). */
  readonly cache: string;
}

/** Per user: the cache holds personal data (the registries), so no one else may read or plant it. */
export const defaultCacheRoot = () => join(tmpdir(), `higia-reference-index-${process.getuid?.() ?? 'user'}`);

/** The cache folder is named by a hash of the reference folder's real path, so two links to one folder share it. */
export async function indexFoldersOf(folder: string, cacheRoot: string = defaultCacheRoot()): Promise<IndexFolders> {
  const id = createHash('sha256')
    .update(await realpath(folder))
    .digest('hex')
    .slice(0, 16);
  return { inFolder: join(folder, INDEX_FOLDER_NAME), cache: join(cacheRoot, id) };
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST']);

/**
 * Makes the index folder inside the reference folder; false when the reference folder can't be
 * written. The folder ignores itself, so a reference folder kept in git does not pick it up.
 */
export async function prepareInFolder(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '.gitignore'), '*\n');
    return true;
  } catch (error) {
    if (UNWRITABLE.has((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}

/** Makes the cache folder, private to this user; refuses one that someone else made. */
export async function prepareCache(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  const uid = process.geteuid?.();
  if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) {
    throw new ConfigError(`the reference index cache ${dir} is not a folder of this user: remove it or fix its owner`);
  }
  return dir;
}
