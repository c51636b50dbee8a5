import { readSpillChunks } from '../dedupe/spill-file.js';
import type { ChunkDecisions } from '../fuzzy/duplicate-decisions.js';
import type { FinishSpec, KeysBySource, RecordsBySource } from '../parallel/finish-batch.js';
import { SPILL_CHUNK_CHARS, finishChunks } from '../parallel/finish-pool.js';
import { FramedWriter } from './framed-records.js';

/**
 * Pass 2 of one part: its spill file, with the pairs of duplicates the coordinator decided
 * for its lines over the whole file (exact and fuzzy, in line order), enriched
 * and formatted exactly as a whole run does (split jobs have text sinks only); every finished chunk goes to `chunksPath` in order.
 */
export async function finishPart(
  spillPath: string,
  decisions: ChunkDecisions,
  spec: FinishSpec,
  out: {
    readonly chunksPath: string;
    readonly threads: number;
    readonly lookUp: (keys: KeysBySource) => Promise<RecordsBySource>;
    readonly signal?: AbortSignal;
  },
): Promise<void> {
  const { pairs, fuzzy = [] } = decisions;
  let next = 0;
  let nextFuzzy = 0;
  const duplicatesUpTo = (lastLine: number): ChunkDecisions => {
    const from = next;
    const fuzzyFrom = nextFuzzy;
    while (next < pairs.length && pairs[next]! <= lastLine) next += 2;
    while (nextFuzzy < fuzzy.length && fuzzy[nextFuzzy]![0] <= lastLine) nextFuzzy++;
    return { pairs: pairs.slice(from, next), fuzzy: fuzzy.slice(fuzzyFrom, nextFuzzy) };
  };
  const chunks = new FramedWriter(out.chunksPath);
  try {
    const finished = finishChunks(readSpillChunks(spillPath, SPILL_CHUNK_CHARS), spec, {
      threads: out.threads,
      withRows: false,
      duplicatesUpTo,
      lookUp: out.lookUp,
    });
    for await (const chunk of finished) {
      await chunks.write(chunk);
      out.signal?.throwIfAborted();
    }
    if (next < pairs.length) throw new Error(`part spill ${spillPath} ended before line ${pairs[next]}, which the coordinator decided on`);
    await chunks.close();
  } catch (error) {
    chunks.destroy();
    throw error;
  }
}
