import type { Collection, Db, Document, MongoClient } from 'mongodb';
import { connectMongo, type MongoConnectionOptions } from '../mongo/mongo-connection.js';
import { callMongo } from '../mongo/mongo-errors.js';
import type { JobHistory, JobPatch, JobRecord, JobStatus } from '../../ports/job-history.js';

export interface MongoJobHistoryOptions {
  readonly db: Db;
  /** Default `jobs`. */
  readonly collection?: string;
  /** Injected for tests that need distinct or fixed timestamps. */
  readonly now?: () => Date;
}

/** The document: the record with its id as `_id`, so a job is one document found by primary key. */
type JobDocument = Omit<JobRecord, 'id'> & { _id: string };

/** What a record has before its first patch says otherwise. */
const NEW_JOB_DEFAULTS = { fileName: '', status: 'queued', attempts: 0 } as const;

/** Job history in MongoDB (`jobs`): survives restarts and is shared by every worker and API instance. */
export class MongoJobHistory implements JobHistory {
  private readonly jobs: Collection<JobDocument>;
  private readonly now: () => Date;
  private ownedClient: MongoClient | undefined;

  constructor(private readonly options: MongoJobHistoryOptions) {
    this.jobs = options.db.collection<JobDocument>(options.collection ?? 'jobs');
    this.now = options.now ?? (() => new Date());
  }

  /** A history that owns its client: `close()` closes the connection. */
  static async connect(
    url: string,
    dbName: string,
    options: Omit<MongoJobHistoryOptions, 'db'> & MongoConnectionOptions = {},
  ): Promise<MongoJobHistory> {
    const client = await connectMongo(url, options);
    const history = new MongoJobHistory({ ...options, db: client.db(dbName) });
    history.ownedClient = client;
    return history;
  }

  async update(id: string, patch: JobPatch): Promise<JobRecord> {
    const now = this.now().toISOString();
    // Undefined would be stored as null by the driver: a field not given is a field not changed.
    const set: Document = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined && value !== null));
    set.updatedAt = now;
    const unset: Document = Object.fromEntries(Object.entries(patch).filter(([, value]) => value === null).map(([field]) => [field, '']));
    // MongoDB refuses a path in both $set and $setOnInsert: defaults only for what the patch leaves out.
    const setOnInsert: Document = { createdAt: now };
    for (const [field, value] of Object.entries(NEW_JOB_DEFAULTS)) if (!(field in set) && !(field in patch)) setOnInsert[field] = value;
    const document = await callMongo('update job', () =>
      this.jobs.findOneAndUpdate({ _id: id }, { $set: set, $setOnInsert: setOnInsert, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) }, { upsert: true, returnDocument: 'after' }),
    );
    if (!document) throw new Error(`MongoDB returned no document for the upsert of job ${id}`);
    return toJobRecord(document);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const document = await callMongo('get job', () => this.jobs.findOne({ _id: id }));
    return document ? toJobRecord(document) : undefined;
  }

  async list(options: { limit: number; offset: number; status?: JobStatus }): Promise<{ items: JobRecord[]; total: number }> {
    const filter = options.status === undefined ? {} : { status: options.status };
    const [documents, total] = await callMongo('list jobs', () =>
      Promise.all([
        // _id breaks ties between jobs created in the same millisecond, so pages never overlap.
        this.jobs.find(filter).sort({ createdAt: -1, _id: -1 }).skip(options.offset).limit(options.limit).toArray(),
        this.jobs.countDocuments(filter),
      ]),
    );
    return { items: documents.map(toJobRecord), total };
  }

  /** An index for the list page (newest first, optionally by status). Idempotent. */
  async ensureIndexes(): Promise<void> {
    await callMongo('createIndex jobs', () => this.jobs.createIndex({ status: 1, createdAt: -1 }));
    await callMongo('createIndex jobs', () => this.jobs.createIndex({ createdAt: -1 }));
  }

  async check(): Promise<void> {
    await callMongo('ping', () => this.options.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    const client = this.ownedClient;
    this.ownedClient = undefined;
    await client?.close();
  }
}

function toJobRecord(document: JobDocument): JobRecord {
  const { _id, ...rest } = document;
  return { id: _id, ...rest };
}
