import type { ReferenceRecord, ReferenceSource, ReferenceStore } from '../../ports/reference-store.js';
import { findReferenceFile, readReferenceFile } from './reference-file-reader.js';

/**
 * The embedded reference store: collections read from files in one folder
 * (`pessoas.ndjson`, `empresas.csv`, …, the format ../shared/datagen writes) and held in
 * memory. A source is loaded on its first lookup, so a run that never asks for companies
 * never reads them. Fine for development and reference sets of a few hundred thousand
 * records; large registries belong in MongoDB.
 */
export class FileReferenceStore implements ReferenceStore {
  private readonly loaded = new Map<ReferenceSource, Promise<Map<string, ReferenceRecord>>>();

  constructor(private readonly folder: string | undefined) {}

  async findByKeys(source: ReferenceSource, keys: readonly string[]): Promise<Map<string, ReferenceRecord>> {
    const records = await this.collection(source);
    const found = new Map<string, ReferenceRecord>();
    for (const key of keys) {
      const record = records.get(key);
      if (record) found.set(key, record);
    }
    return found;
  }

  async close(): Promise<void> {
    this.loaded.clear();
  }

  private collection(source: ReferenceSource): Promise<Map<string, ReferenceRecord>> {
    let pending = this.loaded.get(source);
    if (!pending) {
      pending = this.load(source);
      this.loaded.set(source, pending);
    }
    return pending;
  }

  private async load(source: ReferenceSource): Promise<Map<string, ReferenceRecord>> {
    const records = new Map<string, ReferenceRecord>();
    if (this.folder === undefined) return records;
    const file = await findReferenceFile(this.folder, source);
    if (!file) return records;
    for await (const { key, record } of readReferenceFile(source, file)) records.set(key, flatten(record));
    return records;
  }
}

function flatten(record: Record<string, unknown>): ReferenceRecord {
  const flat: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value === null || value === undefined) continue;
    flat[field] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return flat;
}
