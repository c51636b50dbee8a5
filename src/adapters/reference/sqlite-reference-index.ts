import { randomBytes } from 'node:crypto';
import { open as openFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import type { ReferenceRecord, ReferenceSource } from '../../ports/reference-store.js';
import { readReferenceFile } from './reference-file-reader.js';

/**
 * One reference source as an SQLite file: `records(key, doc)` keyed by the canonical key, `doc`
 * the flattened record as JSON, and `meta` saying what the index was built from.
 *
 * Why SQLite (better-sqlite3 12) and not LMDB (lmdb 3.5): ceps.ndjson of the 1M benchmark
 * (1,046,308 records, 137 MB) streamed from readReferenceFile, then 500 batches of 1000 keys
 * (70% present); run back to back on 2 cores shared with other benchmarks (load 7–8), so CPU
 * time says more than wall time:
 *
 * | engine | build, wall / CPU | file | peak RSS | CPU per batch |
 * |---|---|---|---|---|
 * | SQLite, staged, then inserted in key order (this file) | 13.3 s (79k records/s) / 8.1 s | 164 MB | 308 MB | 4.8 ms json_each, 4.4 ms loop |
 * | SQLite, inserted in file order | 26.9 s (39k records/s) / 14.1 s | 168 MB | 261 MB | 4.7 ms, 4.2 ms |
 * | LMDB, putSync in transactions | 19.2 s (54k records/s) / 11.1 s | 466 MB | 1,419 MB | 2.3 ms get, 3.1 ms getMany |
 *
 * LMDB answers about 2 ms per batch faster, but its file is 3× larger and, being memory-mapped,
 * every page it touches counts in the process's RSS (1.4 GB while building), which is what this
 * store exists to keep flat. Reading the file alone (JSON.parse, keys, flattening) is ~3 s of
 * the build. Lookups: one `json_each` statement and a prepared `key = ?` looped in one
 * transaction are within 10% of each other across runs; the single statement is kept. A
 * reader cache of 64 MB instead of the default 16 MB saved ~10% CPU per batch for +50 MB RSS
 * per source: left at the default.
 */
export const INDEX_FORMAT_VERSION = '1';

/** What an index must have been built from to be trusted: a change to any of these rebuilds it. */
export interface SourceStamp {
  readonly format: string;
  readonly source: ReferenceSource;
  /** The source file's name in the folder (`ceps.ndjson`), its size and its mtime in ns. */
  readonly file: string;
  readonly size: string;
  readonly mtimeNs: string;
}

export interface BuiltIndex {
  readonly path: string;
  /** Records read from the source file. */
  readonly records: number;
  /** Distinct keys stored (a key repeated in the file keeps its last record). */
  readonly keys: number;
}

/** Rows per transaction while staging: big transactions are what makes SQLite inserts fast. */
const STAGE_ROWS = 50_000;
/** Page cache while building (the key-order sort spills to temp files past it). */
const BUILD_CACHE_KIB = 32 * 1024;
/** A temp file untouched this long is a build that died (kill, crash): removed by the next build. */
const ABANDONED_BUILD_MS = 60 * 60_000;

/** The stamp of a source file; stat follows symlinks, so a linked file is stamped by its target. */
export async function stampOf(source: ReferenceSource, file: string): Promise<SourceStamp> {
  const info = await stat(file, { bigint: true });
  return { format: INDEX_FORMAT_VERSION, source, file: basename(file), size: String(info.size), mtimeNs: String(info.mtimeNs) };
}

export const indexFileName = (source: ReferenceSource) => `${source}.sqlite`;

/** An index opened read-only. */
export interface OpenIndex {
  /** The records of `keys` that are in the index, in one statement. */
  findByKeys(keys: readonly string[]): Map<string, ReferenceRecord>;
  close(): void;
}

/**
 * The index at `path` opened read-only, if it exists, is a readable SQLite file and was built
 * from exactly `stamp`; otherwise undefined (absent, stale, corrupt or truncated: SQLite refuses
 * a file shorter than its header says). Never throws for a bad file: the caller rebuilds it.
 */
export function openIndex(path: string, stamp: SourceStamp): OpenIndex | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.prepare('SELECT name, value FROM meta').all() as { name: string; value: string }[];
    const meta = new Map(rows.map((row) => [row.name, row.value]));
    if (Object.entries(stamp).every(([name, value]) => meta.get(name) === value)) return indexOver(db);
  } catch {
    // unreadable: treated as missing
  }
  db?.close();
  return undefined;
}

function indexOver(db: Database.Database): OpenIndex {
  const select = db.prepare('SELECT key, doc FROM records WHERE key IN (SELECT value FROM json_each(?))');
  return {
    findByKeys(keys) {
      const found = new Map<string, ReferenceRecord>();
      for (const row of select.all(JSON.stringify(keys)) as { key: string; doc: string }[]) found.set(row.key, JSON.parse(row.doc) as ReferenceRecord);
      return found;
    },
    close: () => db.close(),
  };
}

/**
 * Builds the index of one source file into `dir`, atomically: written to a temp file in the
 * same folder, flushed to disk, then renamed over `<source>.sqlite`. A build killed halfway
 * leaves only its temp file, which is never opened; two processes building at once each rename
 * a whole index, and the last one stays.
 */
export async function buildIndex(
  dir: string,
  source: ReferenceSource,
  file: string,
  stamp: SourceStamp,
  signal?: AbortSignal,
): Promise<BuiltIndex> {
  signal?.throwIfAborted();
  await removeAbandonedBuilds(dir, source);
  const path = join(dir, indexFileName(source));
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  let records = 0;
  let keys = 0;
  try {
    const db = new Database(temp);
    try {
      // Nothing here needs a journal or syncs: a failed build is thrown away whole.
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.pragma('temp_store = FILE');
      db.pragma(`cache_size = -${BUILD_CACHE_KIB}`);
      db.exec(`
        CREATE TEMP TABLE staging (key TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE TABLE records (key TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
      const insert = db.prepare('INSERT INTO staging (key, doc) VALUES (?, ?)');
      const stage = db.transaction((pairs: readonly string[]) => {
        for (let i = 0; i < pairs.length; i += 2) insert.run(pairs[i], pairs[i + 1]);
      });
      let pairs: string[] = [];
      for await (const { key, record } of readReferenceFile(source, file)) {
        pairs.push(key, JSON.stringify(flattenRecord(record)));
        records++;
        if (pairs.length >= 2 * STAGE_ROWS) {
          signal?.throwIfAborted();
          stage(pairs);
          pairs = [];
        }
      }
      stage(pairs);
      // Inserting in key order writes the b-tree front to back: about twice as fast as inserting
      // in file order, and a denser file. Ordered by rowid too, so a repeated key keeps its last record.
      db.exec('INSERT OR REPLACE INTO records (key, doc) SELECT key, doc FROM staging ORDER BY key, rowid; DROP TABLE staging;');
      keys = db.prepare('SELECT count(*) FROM records').pluck().get() as number;
      const meta = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)');
      db.transaction(() => {
        for (const [name, value] of Object.entries({ ...stamp, records: String(records), keys: String(keys) })) meta.run(name, value);
      })();
    } finally {
      db.close();
    }
    await flushToDisk(temp);
    signal?.throwIfAborted();
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { path, records, keys };
}

/** Every field as text, as the enrichment reads it; absent and null fields are left out. */
export function flattenRecord(record: Record<string, unknown>): ReferenceRecord {
  const flat: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value === null || value === undefined) continue;
    flat[field] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return flat;
}

/** So that a power cut after the rename can't leave a name pointing at unwritten pages. */
async function flushToDisk(path: string): Promise<void> {
  const handle = await openFile(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeAbandonedBuilds(dir: string, source: ReferenceSource): Promise<void> {
  const prefix = `${indexFileName(source)}.`;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > ABANDONED_BUILD_MS) await rm(file, { force: true });
  }
}
