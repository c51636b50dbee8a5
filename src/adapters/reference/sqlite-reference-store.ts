import { join } from 'node:path';
import { REFERENCE_SOURCES, type ReferenceRecord, type ReferenceSource, type ReferenceStore } from '../../ports/reference-store.js';
import { indexFoldersOf, prepareCache, prepareInFolder, type IndexFolders } from './reference-index-folders.js';
import { findReferenceFile } from './reference-file-reader.js';
import { buildIndex, indexFileName, openIndex, stampOf, type OpenIndex, type SourceStamp } from './sqlite-reference-index.js';

/** An index built from a source file (reported by the CLI on stderr, logged by the worker). */
export interface ReferenceIndexBuild {
  readonly source: ReferenceSource;
  readonly file: string;
  readonly indexFile: string;
  /** Records read from the file. */
  readonly records: number;
  /** Distinct keys stored. */
  readonly keys: number;
  readonly elapsedMs: number;
}

export interface SqliteReferenceStoreOptions {
  /** The reference folder (`pessoas.ndjson`, `ceps.csv`, …); undefined: no reference data. */
  readonly folder: string | undefined;
  /** Where indexes go when the folder can't be written; default: a per-user folder under os.tmpdir(). */
  readonly cacheRoot?: string;
  readonly onIndexBuilt?: (build: ReferenceIndexBuild) => void;
}

/**
 * The embedded reference store: the files of one folder (the format ../shared/datagen writes),
 * each indexed once into an SQLite file and looked up on disk, so memory stays flat whatever
 * the registry's size. A source's index is opened on its first lookup — a run that never asks
 * for companies never reads them — and rebuilt when its file's size or mtime (or the index
 * format) changed. The index lives in `<folder>/.higia-index/`, or in the per-user cache when
 * the folder can't be written.
 */
export class SqliteReferenceStore implements ReferenceStore {
  private readonly indexes = new Map<ReferenceSource, Promise<OpenIndex | undefined>>();
  private readonly closing = new AbortController();
  /**
   * Builds run one after the other: they would share one thread anyway, and apart each holds
   * its own build cache alone and reports its own duration.
   */
  private lastBuild: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SqliteReferenceStoreOptions) {}

  async findByKeys(source: ReferenceSource, keys: readonly string[]): Promise<Map<string, ReferenceRecord>> {
    const index = await this.indexOf(source);
    return index && keys.length > 0 ? index.findByKeys(keys) : new Map();
  }

  /** Builds the index of each source file in the folder anew, fresh or not (`higia reference import`). */
  async rebuild(sources: readonly ReferenceSource[] = REFERENCE_SOURCES): Promise<ReferenceIndexBuild[]> {
    const builds: ReferenceIndexBuild[] = [];
    const { folder } = this.options;
    if (folder === undefined) return builds;
    for (const source of sources) {
      const file = await findReferenceFile(folder, source);
      if (file) builds.push(await this.build(source, file, await stampOf(source, file)));
    }
    return builds;
  }

  /** Stops a build in progress (its temp file is removed) and closes the indexes. */
  async close(): Promise<void> {
    this.closing.abort();
    const pending = [...this.indexes.values()];
    this.indexes.clear();
    for (const index of await Promise.allSettled(pending)) if (index.status === 'fulfilled') index.value?.close();
  }

  private indexOf(source: ReferenceSource): Promise<OpenIndex | undefined> {
    let pending = this.indexes.get(source);
    if (!pending) {
      pending = this.open(source);
      this.indexes.set(source, pending);
    }
    return pending;
  }

  private async open(source: ReferenceSource): Promise<OpenIndex | undefined> {
    const { folder } = this.options;
    if (folder === undefined) return undefined;
    const file = await findReferenceFile(folder, source);
    if (!file) return undefined;
    const stamp = await stampOf(source, file);
    const folders = await indexFoldersOf(folder, this.options.cacheRoot);
    for (const dir of [folders.inFolder, folders.cache]) {
      const index = openIndex(join(dir, indexFileName(source)), stamp);
      if (index) return index;
    }
    const built = await this.build(source, file, stamp, folders);
    const index = openIndex(built.indexFile, stamp);
    // Only if another process replaced the index in between, from a source file that changed again.
    if (!index) throw new Error(`the reference index ${built.indexFile} changed while it was being opened: run again`);
    return index;
  }

  private build(source: ReferenceSource, file: string, stamp: SourceStamp, folders?: IndexFolders): Promise<ReferenceIndexBuild> {
    const next = this.lastBuild.catch(() => undefined).then(() => this.buildNow(source, file, stamp, folders));
    this.lastBuild = next;
    return next;
  }

  private async buildNow(source: ReferenceSource, file: string, stamp: SourceStamp, folders?: IndexFolders): Promise<ReferenceIndexBuild> {
    const started = performance.now();
    const where = folders ?? (await indexFoldersOf(this.options.folder!, this.options.cacheRoot));
    const dir = (await prepareInFolder(where.inFolder)) ? where.inFolder : await prepareCache(where.cache);
    const { path, records, keys } = await buildIndex(dir, source, file, stamp, this.closing.signal);
    const build = { source, file, indexFile: path, records, keys, elapsedMs: performance.now() - started };
    this.options.onIndexBuilt?.(build);
    return build;
  }
}
