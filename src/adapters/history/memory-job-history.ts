import type { JobHistory, JobPatch, JobRecord, JobStatus } from '../../ports/job-history.js';

export interface MemoryJobHistoryOptions {
  /** Records kept; past it the oldest (by creation) is dropped, so a long-lived process stays bounded. */
  readonly maxRecords?: number;
  /** Injected for tests that need distinct or fixed timestamps. */
  readonly now?: () => Date;
}

/** Job history held in a Map: for the API tests and single-process runs without MongoDB. */
export class MemoryJobHistory implements JobHistory {
  // A Map keeps insertion order, which is creation order: the first key is the oldest record.
  private readonly records = new Map<string, JobRecord>();
  private readonly maxRecords: number;
  private readonly now: () => Date;

  constructor(options: MemoryJobHistoryOptions = {}) {
    this.maxRecords = options.maxRecords ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  async update(id: string, patch: JobPatch): Promise<JobRecord> {
    const now = this.now().toISOString();
    const earlier = this.records.get(id);
    const merged = {
      ...(earlier ?? { fileName: '', status: 'queued', attempts: 0 }),
      ...withoutUndefined(patch),
      id,
      createdAt: earlier?.createdAt ?? now,
      updatedAt: now,
    } as JobRecord;
    for (const [field, value] of Object.entries(patch)) if (value === null) delete (merged as unknown as Record<string, unknown>)[field];
    this.records.set(id, structuredClone(merged));
    if (!earlier) this.dropOldest();
    return structuredClone(merged);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }

  async list(options: { limit: number; offset: number; status?: JobStatus }): Promise<{ items: JobRecord[]; total: number }> {
    const matching = [...this.records.values()].filter((r) => options.status === undefined || r.status === options.status);
    // Newest first. The sort is stable, so after the reverse, jobs created in the same millisecond list latest-inserted first.
    matching.reverse();
    matching.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    const items = matching.slice(options.offset, options.offset + options.limit).map((r) => structuredClone(r));
    return { items, total: matching.length };
  }

  async check(): Promise<void> {}

  async close(): Promise<void> {}

  private dropOldest(): void {
    while (this.records.size > this.maxRecords) {
      const oldest = this.records.keys().next().value;
      if (oldest === undefined) return;
      this.records.delete(oldest);
    }
  }
}

/** A patch field set to undefined means "not given", as with MongoDB's `$set` (which ignores them). */
function withoutUndefined(patch: JobPatch): JobPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as JobPatch;
}
