import { rm } from 'node:fs/promises';
import { EntryRunReader, EntryRunWriter } from './entry-run-file.js';
import { advance, compareBytes, compareEntries, type EntrySource } from './entry-source.js';
import { MinHeap } from './min-heap.js';
import type { PairSorter } from './pair-sorter.js';

export interface EntrySink {
  /** Takes the merge's current entry; a promise only when it had to write to disk first. */
  take(entry: EntrySource): Promise<void> | undefined;
  /** `source` is about to load over its buffer: copy out whatever of it is still needed. */
  willLoad?(source: EntrySource): void;
}

/**
 * Feeds `sink` every entry of the sorted sources in one merged order. Written here rather than
 * taken from an external-sort package: those sort JS values or text lines one object at a
 * time, where these entries are a few bytes in shared buffers that are never turned into
 * objects.
 */
export async function mergeSources(sources: readonly EntrySource[], sink: EntrySink, signal?: AbortSignal): Promise<void> {
  const heap = new MinHeap<EntrySource>(compareEntries);
  for (const source of sources) if (await advance(source)) heap.push(source);
  while (heap.size > 0) {
    const source = heap.peek();
    const pending = sink.take(source);
    if (pending) await pending;
    if (source.next()) {
      heap.update();
      continue;
    }
    signal?.throwIfAborted();
    sink.willLoad?.(source);
    if (await advance(source)) heap.update();
    else heap.pop();
  }
}

/**
 * The sink of the last merge. The merge order brings each key's most complete, earliest entry
 * first: that one is kept, and every later entry with the same key is a duplicate of it.
 */
export function pairDuplicates(pairs: PairSorter): EntrySink {
  let hash = -1;
  let keys: Buffer = Buffer.alloc(0);
  let keyStart = 0;
  let keyEnd = 0;
  let keptLine = 0;
  let holder: EntrySource | undefined;
  let copy: Buffer = Buffer.alloc(256);
  return {
    take(entry) {
      if (entry.hash === hash && compareBytes(entry.keys, entry.keyStart, entry.keyEnd, keys, keyStart, keyEnd) === 0) {
        return pairs.add(entry.line, keptLine);
      }
      hash = entry.hash;
      keys = entry.keys;
      keyStart = entry.keyStart;
      keyEnd = entry.keyEnd;
      keptLine = entry.line;
      holder = entry;
      return undefined;
    },
    // The kept key points into its source's buffer: copied only when that buffer is reloaded
    // under it, about once per chunk, instead of once per key.
    willLoad(source) {
      if (source !== holder) return;
      if (copy.length < keyEnd - keyStart) copy = Buffer.alloc(keyEnd - keyStart);
      keys.copy(copy, 0, keyStart, keyEnd);
      keys = copy;
      keyEnd -= keyStart;
      keyStart = 0;
      holder = undefined;
    },
  };
}

/** Merges run files into one new run file at `outPath` and removes them. */
export async function mergeRunFiles(paths: readonly string[], outPath: string, bufferBytes: number, signal?: AbortSignal): Promise<void> {
  const readers = await openRuns(paths, bufferBytes);
  try {
    const writer = await EntryRunWriter.create(outPath, bufferBytes);
    try {
      await mergeSources(readers, { take: (entry) => writer.write(entry) }, signal);
      await writer.close();
    } finally {
      await writer.discard();
    }
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}

/** Opens every run, closing those already open if one fails. */
export async function openRuns(paths: readonly string[], chunkBytes: number): Promise<EntryRunReader[]> {
  const readers: EntryRunReader[] = [];
  try {
    for (const path of paths) readers.push(await EntryRunReader.open(path, chunkBytes));
  } catch (error) {
    await Promise.all(readers.map((r) => r.close()));
    throw error;
  }
  return readers;
}
