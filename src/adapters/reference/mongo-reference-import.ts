import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { callMongo } from '../mongo/mongo-errors.js';
import type { ReferenceSource } from '../../ports/reference-store.js';
import { DEFAULT_REFERENCE_COLLECTIONS, type ReferenceCollection } from './mongo-reference-store.js';
import { readReferenceFile } from './reference-file-reader.js';

export interface ImportCounts {
  readonly source: ReferenceSource;
  readonly collection: string;
  /** Records read from the file. */
  readonly read: number;
  /** Keys that were not in the collection yet. */
  readonly inserted: number;
  /** Keys that were, and were replaced by the file's version. */
  readonly replaced: number;
  readonly elapsedMs: number;
}

export interface ImportOptions {
  readonly batchSize: number;
  readonly collection?: ReferenceCollection;
}

/**
 * Loads one reference file into its collection, keyed by the canonical key (what
 * MongoReferenceStore looks up). Each record replaces the document with its key, inserting it
 * when absent, so importing the same file twice leaves the same documents: no drop needed, and
 * an interrupted import can simply be run again.
 */
export async function importReferenceFile(db: Db, source: ReferenceSource, file: string, options: ImportOptions): Promise<ImportCounts> {
  const { collection, keyField } = options.collection ?? DEFAULT_REFERENCE_COLLECTIONS[source];
  const target = db.collection(collection);
  const started = performance.now();
  let read = 0;
  let inserted = 0;
  let replaced = 0;
  let batch: AnyBulkWriteOperation<Document>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const operations = batch;
    batch = [];
    // Unordered: the server may apply a batch in any order and does not stop at the first failure.
    const result = await callMongo(`bulkWrite ${collection}`, () => target.bulkWrite(operations, { ordered: false }));
    inserted += result.upsertedCount;
    replaced += result.matchedCount;
  };
  for await (const { key, record } of readReferenceFile(source, file)) {
    read++;
    const document: Document = { ...record, [keyField]: key };
    // A file's own _id would clash with the _id of the document it replaces (an immutable field).
    delete document._id;
    batch.push({ replaceOne: { filter: { [keyField]: key }, replacement: document, upsert: true } });
    if (batch.length >= options.batchSize) await flush();
  }
  await flush();
  return { source, collection, read, inserted, replaced, elapsedMs: performance.now() - started };
}
