import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';
import { ConfigError } from '../../errors.js';
import { KEY_FIELDS, canonicalKey, type ReferenceSource } from '../../ports/reference-store.js';

export const REFERENCE_FILE_EXTENSIONS = ['ndjson', 'jsonl', 'csv'] as const;

export interface ReferenceFileEntry {
  /** The key field made canonical (a CPF that lost its leading zero, a formatted CNPJ…). */
  readonly key: string;
  /** The record as the file holds it: strings from CSV, JSON values from NDJSON. */
  readonly record: Record<string, unknown>;
}

/** The reference file for a source in a folder (`pessoas.ndjson`, `pessoas.jsonl` or `pessoas.csv`), if any. */
export async function findReferenceFile(folder: string, source: ReferenceSource): Promise<string | undefined> {
  for (const extension of REFERENCE_FILE_EXTENSIONS) {
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

/**
 * Streams the records of one reference file, one at a time, so a registry of millions of lines
 * never sits in memory. A broken line or a record without its key is a ConfigError naming the
 * file and line: the reference set is configuration, and a half-read one would enrich wrongly.
 */
export async function* readReferenceFile(source: ReferenceSource, file: string): AsyncGenerator<ReferenceFileEntry> {
  const keyField = KEY_FIELDS[source].field;
  const entry = (record: Record<string, unknown>, where: string): ReferenceFileEntry => {
    const rawKey = record[keyField];
    if (typeof rawKey !== 'string' && typeof rawKey !== 'number') throw new ConfigError(`${where}: record without "${keyField}"`);
    return { key: canonicalKey(source, String(rawKey)), record };
  };
  if (file.endsWith('.csv')) {
    const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, delimiter: [';', ','], skip_empty_lines: true, info: true }));
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
        yield entry(record, `${file}:${info.lines}`);
      }
    } catch (error) {
      if (error instanceof CsvError) throw new ConfigError(`${file}:${String(error.lines)}: ${error.message}`, { cause: error });
      throw error;
    }
    return;
  }
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
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new ConfigError(`${file}:${lineNumber} is not a JSON object`);
    }
    yield entry(record as Record<string, unknown>, `${file}:${lineNumber}`);
  }
}
