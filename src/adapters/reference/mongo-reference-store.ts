import { LRUCache } from 'lru-cache';
import { Decimal128, Long, ObjectId, type Db, type Document, type MongoClient } from 'mongodb';
import { connectMongo, type MongoConnectionOptions } from '../mongo/mongo-connection.js';
import { callMongo } from '../mongo/mongo-errors.js';
import { KEY_FIELDS, REFERENCE_SOURCES, type ReferenceRecord, type ReferenceSource, type ReferenceStore } from '../../ports/reference-store.js';

export interface ReferenceCollection {
  readonly collection: string;
  readonly keyField: string;
}

export interface MongoReferenceStoreOptions {
  readonly db: Db;
  /** Defaults: `pessoas.cpf`, `empresas.cnpj`, `ceps.cep`. */
  readonly collections?: Partial<Record<ReferenceSource, ReferenceCollection>>;
  /** Fields to fetch per source (see referenceFieldsBySource); a source without a list gets every field. */
  readonly fields?: Partial<Record<ReferenceSource, readonly string[]>>;
  /** Lookups remembered across batches and jobs, misses included; 0 turns the cache off. */
  readonly cacheSize?: number;
  /** How long a remembered answer is trusted, so a re-import shows up in a running worker. */
  readonly cacheTtlMs?: number;
  /**
   * Keys per `find`. One query per call is the port's promise and holds up to this size; only a
   * bigger call is split, to keep each command well under MongoDB's 16 MiB message limit.
   */
  readonly maxKeysPerQuery?: number;
}

export const DEFAULT_REFERENCE_CACHE_SIZE = 100_000;
export const DEFAULT_REFERENCE_CACHE_TTL_MS = 10 * 60_000;
export const DEFAULT_MAX_KEYS_PER_QUERY = 50_000;

/** One collection per source, named after it, keyed by the source's key field. */
export const DEFAULT_REFERENCE_COLLECTIONS: Readonly<Record<ReferenceSource, ReferenceCollection>> = Object.fromEntries(
  REFERENCE_SOURCES.map((source) => [source, { collection: source, keyField: KEY_FIELDS[source].field }]),
) as Record<ReferenceSource, ReferenceCollection>;

/** What the cache holds for a key that is not in the registry. */
const MISSING = Symbol('missing');
type Cached = ReferenceRecord | typeof MISSING;

/**
 * Reference registries in MongoDB, one collection per source. Keys must be stored canonical
 * (see canonicalKey; `higia reference import` writes them so): a formatted or unpadded key in
 * the database is never found, because matching every spelling would defeat the index.
 */
export class MongoReferenceStore implements ReferenceStore {
  private readonly db: Db;
  private readonly collections: Record<ReferenceSource, ReferenceCollection>;
  private readonly fields: Partial<Record<ReferenceSource, readonly string[]>>;
  private readonly cache: LRUCache<string, Cached> | undefined;
  private readonly maxKeysPerQuery: number;
  private ownedClient: MongoClient | undefined;

  constructor(options: MongoReferenceStoreOptions) {
    this.db = options.db;
    this.collections = { ...DEFAULT_REFERENCE_COLLECTIONS };
    for (const source of REFERENCE_SOURCES) {
      const custom = options.collections?.[source];
      if (custom) this.collections[source] = custom;
    }
    this.fields = options.fields ?? {};
    const cacheSize = options.cacheSize ?? DEFAULT_REFERENCE_CACHE_SIZE;
    const ttl = options.cacheTtlMs ?? DEFAULT_REFERENCE_CACHE_TTL_MS;
    this.cache = cacheSize > 0 ? new LRUCache<string, Cached>({ max: cacheSize, ...(ttl > 0 ? { ttl } : {}) }) : undefined;
    this.maxKeysPerQuery = options.maxKeysPerQuery ?? DEFAULT_MAX_KEYS_PER_QUERY;
  }

  /** A store that owns its client: `close()` closes the connection. */
  static async connect(
    url: string,
    dbName: string,
    options: Omit<MongoReferenceStoreOptions, 'db'> & MongoConnectionOptions = {},
  ): Promise<MongoReferenceStore> {
    const client = await connectMongo(url, options);
    const store = new MongoReferenceStore({ ...options, db: client.db(dbName) });
    store.ownedClient = client;
    return store;
  }

  async findByKeys(source: ReferenceSource, keys: readonly string[]): Promise<Map<string, ReferenceRecord>> {
    const found = new Map<string, ReferenceRecord>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const cached = this.cache?.get(cacheKey(source, key));
      if (cached === undefined) missing.push(key);
      else if (cached !== MISSING) found.set(key, cached);
    }
    for (let start = 0; start < missing.length; start += this.maxKeysPerQuery) {
      const slice = missing.slice(start, start + this.maxKeysPerQuery);
      const fetched = await this.fetch(source, slice);
      for (const key of slice) {
        const record = fetched.get(key);
        this.cache?.set(cacheKey(source, key), record ?? MISSING);
        if (record) found.set(key, record);
      }
    }
    return found;
  }

  /** A unique index on each key field: lookups by `$in` need it on real registries. Idempotent. */
  async ensureIndexes(): Promise<void> {
    for (const { collection, keyField } of Object.values(this.collections)) {
      await callMongo('createIndex', () => this.db.collection(collection).createIndex({ [keyField]: 1 }, { unique: true }));
    }
  }

  /** Readiness: resolves when the server answers a ping, else UpstreamUnavailableError. */
  async check(): Promise<void> {
    await callMongo('ping', () => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    this.cache?.clear();
    const client = this.ownedClient;
    this.ownedClient = undefined;
    await client?.close();
  }

  private async fetch(source: ReferenceSource, keys: readonly string[]): Promise<Map<string, ReferenceRecord>> {
    const { collection, keyField } = this.collections[source];
    const wanted = this.fields[source];
    const projection: Document = { _id: 0 };
    if (wanted) for (const field of [keyField, ...wanted]) projection[field] = 1;
    const documents = await callMongo(`find ${collection}`, () =>
      this.db
        .collection(collection)
        .find({ [keyField]: { $in: keys } }, { projection })
        // Every answer in as few replies as the 16 MiB reply limit allows, not 101 documents then getMores.
        .batchSize(Math.max(keys.length, 1))
        .toArray(),
    );
    const records = new Map<string, ReferenceRecord>();
    for (const document of documents) {
      const key = document[keyField];
      if (typeof key !== 'string') continue;
      // Also filtered here: a projection is a request some servers (and test servers) ignore.
      records.set(key, toReferenceRecord(document, wanted && new Set([keyField, ...wanted])));
    }
    return records;
  }
}

const cacheKey = (source: ReferenceSource, key: string) => `${source}:${key}`;

/** Flattens a document to text; nested objects and arrays have no column to go to and are left out. */
export function toReferenceRecord(document: Document, only?: ReadonlySet<string>): ReferenceRecord {
  const record: Record<string, string> = {};
  for (const [field, value] of Object.entries(document)) {
    if (field === '_id' || (only && !only.has(field))) continue;
    const text = toText(value);
    if (text !== undefined) record[field] = text;
  }
  return record;
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  // Registry dates are calendar dates (birth, opening): the UTC day is the stored day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (value instanceof Decimal128 || value instanceof Long) return value.toString();
  if (value instanceof ObjectId) return value.toHexString();
  return undefined;
}
