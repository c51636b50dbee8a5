import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { ConfigError } from '../../errors.js';
import {
  KEY_FIELDS,
  canonicalKey,
  type ReferenceRecord,
  type ReferenceSource,
  type ReferenceStore,
} from '../../ports/reference-store.js';

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
    const file = await firstExisting(this.folder, source);
    if (!file) return records;
    const keyField = KEY_FIELDS[source].field;
    const add = (record: Record<string, unknown>, where: string) => {
      const rawKey = record[keyField];
      if (typeof rawKey !== 'string' && typeof rawKey !== 'number') {
        throw new ConfigError(`${where}: record without "${keyField}"`);
      }
      records.set(canonicalKey(source, String(rawKey)), flatten(record));
    };
    if (file.endsWith('.csv')) {
      const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, delimiter: [';', ','], skip_empty_lines: true }));
      for await (const record of parser) add(record as Record<string, unknown>, file);
    } else {
      let lineNumber = 0;
      for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
        lineNumber++;
        if (line.trim() === '') continue;
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch (error) {
          throw new ConfigError(`${file}:${lineNumber} is not valid JSON`, { cause: error });
        }
        add(record as Record<string, unknown>, `${file}:${lineNumber}`);
      }
    }
    return records;
  }
}

async function firstExisting(folder: string, source: ReferenceSource): Promise<string | undefined> {
  for (const extension of ['ndjson', 'jsonl', 'csv']) {
    const file = join(folder, `${source}.${extension}`);
    try {
      await access(file);
      return file;
    } catch {
      // try the next extension
    }
  }
  return undefined;
}

function flatten(record: Record<string, unknown>): ReferenceRecord {
  const flat: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value === null || value === undefined) continue;
    flat[field] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return flat;
}
