import { constants, createWriteStream } from 'node:fs';
import { access, copyFile, mkdir, mkdtemp, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, ConfigError, NotFoundError, UpstreamUnavailableError } from '../../errors.js';
import type { FileInfo, FileStore } from '../../ports/file-store.js';
import { checkRangeAgainst, checkRangeShape, type ByteRange } from './byte-range.js';
import { planOutputSet, temporaryPathFor, type OutputFile } from './output-set.js';

// Faults of the disk that may pass on their own (full disk, too many open files).
const TRANSIENT_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE', 'EIO', 'EAGAIN', 'EBUSY']);

/**
 * A FileStore over a local folder (the embedded default `storage/`, with `work/` and
 * `finalizado/` inside). Publish and move use `rename`, which is atomic within one file
 * system, so a reader sees the old file or the new one, never a part. Temporary names are
 * the WebDAV store's (`temporaryPathFor`): hidden, beside the destination, one per path.
 */
export class LocalFileStore implements FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** A store over a fresh temporary folder, for tests and one-off runs. */
  static async inTempDir(prefix = 'higia-store-'): Promise<LocalFileStore> {
    return new LocalFileStore(await mkdtemp(join(tmpdir(), prefix)));
  }

  /** Creates the root and the given folders (`work`, `finalizado`) if missing: the embedded default starts empty. */
  async createFolders(folders: readonly string[] = []): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const folder of folders) await mkdir(this.resolve(folder), { recursive: true });
  }

  async stat(path: string): Promise<FileInfo> {
    const absolute = this.resolve(path);
    try {
      const info = await stat(absolute, { bigint: true });
      if (!info.isFile()) throw new NotFoundError(`${path} is not a file`);
      return { path, size: Number(info.size), etag: etagOf(info) };
    } catch (error) {
      throw toAppError(error, path);
    }
  }

  async download(path: string, localPath: string): Promise<FileInfo> {
    const absolute = this.resolve(path);
    try {
      // Stat the open descriptor: the info matches the bytes copied even if the file is
      // replaced meanwhile (a rename leaves this descriptor on the old inode).
      const handle = await open(absolute, 'r');
      try {
        const info = await handle.stat({ bigint: true });
        if (!info.isFile()) throw new NotFoundError(`${path} is not a file`);
        const size = Number(info.size);
        await copyOut(handle.createReadStream({ autoClose: false }), localPath, path, size);
        return { path, size, etag: etagOf(info) };
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw toAppError(error, path);
    }
  }

  /** The tag is checked on the open descriptor, as download computes it: the bytes read are of that version. */
  async downloadRange(path: string, localPath: string, range: ByteRange): Promise<void> {
    checkRangeShape(range);
    const absolute = this.resolve(path);
    try {
      const handle = await open(absolute, 'r');
      try {
        const info = await handle.stat({ bigint: true });
        if (!info.isFile()) throw new NotFoundError(`${path} is not a file`);
        checkRangeAgainst({ path, size: Number(info.size), etag: etagOf(info) }, range);
        const { start, end } = range;
        // createReadStream's `end` is inclusive, and refuses an empty range.
        const source = start === end ? Readable.from([]) : handle.createReadStream({ autoClose: false, start, end: end - 1 });
        await copyOut(source, localPath, path, end - start);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw toAppError(error, path);
    }
  }

  publish(localPath: string, path: string): Promise<void> {
    return this.publishSet([{ localPath, path }], { last: path });
  }

  async publishSet(files: readonly OutputFile[], options: { readonly last: string; readonly stale?: readonly string[] }): Promise<void> {
    const { others, last, stale } = planOutputSet(files, options);
    // Every path resolved (and confined) and every local file found before anything is touched.
    const place = (path: string) => ({ path, destination: this.resolve(path), temporary: this.resolve(temporaryPathFor(path)) });
    const places = new Map(files.map((file) => [file, place(file.path)]));
    const stalePlaces = stale.map(place);
    for (const { localPath } of files) await step(`local file ${localPath}`, () => stat(localPath));
    const uploaded = new Set<string>();
    try {
      for (const file of [...others, last]) {
        const { path, destination, temporary } = places.get(file)!;
        await step(path, () => mkdir(dirname(destination), { recursive: true }));
        uploaded.add(temporary);
        await step(path, () => copyFile(file.localPath, temporary));
      }
      // No summary reads as "set in progress"; with one file, the rename alone replaces it atomically.
      if (others.length > 0) await step(last.path, () => rm(places.get(last)!.destination, { force: true }));
      for (const file of others) {
        const { path, destination, temporary } = places.get(file)!;
        await step(path, () => rename(temporary, destination));
        uploaded.delete(temporary);
      }
      for (const { path, destination, temporary } of stalePlaces) {
        await step(path, () => rm(destination, { force: true }));
        await step(path, () => rm(temporary, { force: true }));
      }
      const { path, destination, temporary } = places.get(last)!;
      await step(path, () => rename(temporary, destination));
    } catch (error) {
      for (const temporary of uploaded) await unlink(temporary).catch(() => undefined); // best effort: the original error matters
      throw error;
    }
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.resolve(from);
    const destination = this.resolve(to);
    try {
      await stat(source);
      await mkdir(dirname(destination), { recursive: true });
      await rename(source, destination);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw toAppError(error, from);
      await this.moveAcrossDevices(source, destination, from, to);
    }
  }

  async remove(path: string): Promise<void> {
    try {
      await rm(this.resolve(path), { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return; // below a file: absent too
      throw toAppError(error, path);
    }
  }

  async check(): Promise<void> {
    try {
      const info = await stat(this.root);
      if (!info.isDirectory()) throw new ConfigError(`the storage root ${this.root} is not a folder`);
      await access(this.root, constants.W_OK);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new ConfigError(`the storage root ${this.root} is missing or not writable`, { cause: error });
    }
  }

  /** A sub-folder on another file system: copy beside the destination, rename, then unlink. */
  private async moveAcrossDevices(source: string, destination: string, from: string, to: string): Promise<void> {
    const temporary = this.resolve(temporaryPathFor(to));
    try {
      await copyFile(source, temporary);
      await rename(temporary, destination);
      await unlink(source);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw toAppError(error, from);
    }
  }

  /** Maps a store path to the disk; refuses anything that would leave the root (defense in depth). */
  private resolve(path: string): string {
    if (path === '' || isAbsolute(path) || path.includes('\0')) throw new NotFoundError(`invalid store path ${JSON.stringify(path)}`);
    const absolute = resolve(this.root, path);
    const inside = relative(this.root, absolute);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new NotFoundError(`store path ${JSON.stringify(path)} leaves the storage root`);
    }
    return absolute;
  }
}

/**
 * `<size>-<mtime ns>-<inode>` in hex: content written in place changes the mtime, and a
 * publish renames a new inode over the old one, so either way the tag changes.
 */
function etagOf(info: { size: bigint; mtimeNs: bigint; ino: bigint }): string {
  return `${info.size.toString(16)}-${info.mtimeNs.toString(16)}-${info.ino.toString(16)}`;
}

/** Copies `source` to `localPath`, which holds `size` bytes afterwards or nothing at all. */
async function copyOut(source: Readable, localPath: string, path: string, size: number): Promise<void> {
  const copy = createWriteStream(localPath);
  await pipeline(source, copy)
    .then(() => {
      // Only a file truncated or grown in place (not replaced) while copied can differ.
      if (copy.bytesWritten !== size) throw new UpstreamUnavailableError(`${path} changed while it was copied: received ${copy.bytesWritten} of ${size} bytes`);
    })
    .catch(async (error: unknown) => {
      await rm(localPath, { force: true }); // a partial copy must not be mistaken for the file
      throw error;
    });
}

/** Runs one file-system call, its failure mapped with `path` as the subject. */
async function step(path: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    throw toAppError(error, path);
  }
}

function toAppError(error: unknown, path: string): unknown {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOENT' || code === 'ENOTDIR') return new NotFoundError(`${path} not found`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ConfigError(`the local store may not touch ${path} (${code})`, { cause: error });
  }
  if (TRANSIENT_CODES.has(code)) return new UpstreamUnavailableError(`the local store failed on ${path} (${code})`, { cause: error });
  return error;
}
