import type { CleanRow, DuplicateRow, EnrichedRow, Rejection } from '../../domain/row.js';
import type { ChunkDecisions } from '../fuzzy/duplicate-decisions.js';
import type { Locale } from '../../i18n/messages.js';
import { csvLineFormatter } from '../../outputs/csv/csv-line.js';
import { buildOutputTables } from '../../outputs/output-table.js';
import type { ReferenceRecord, ReferenceSource, ReferenceStore } from '../../ports/reference-store.js';
import type { FormattedRows, RowTextFormat } from '../../ports/row-sink.js';
import { parseSpillChunk } from '../dedupe/spill-file.js';
import { batchEnricher, type EnrichmentCounts } from '../stages/enrich-rows.js';
import { planEnrichment } from '../stages/enrichment-plan.js';
import { SummaryCollector, type OutputCounts } from '../summary.js';
import { toColumnPlans, type SanitizeSpec } from './sanitize-batch.js';

/** What pass 2 needs to know, as plain data that can cross to a worker thread. */
export interface FinishSpec {
  readonly columns: SanitizeSpec['columns'];
  readonly sources: readonly ReferenceSource[];
  readonly fillEmpty: boolean;
  /** Pass 2 rejects rows whose registry check says so (layout `enrichment.rejectIrregular` / `rejectHolderMismatch`). */
  readonly reject?: { readonly irregular: boolean; readonly holderMismatch: boolean };
  readonly today: string;
  readonly lang: Locale;
  /** One per text sink, in the job's sink order. */
  readonly formats: readonly RowTextFormat[];
}

/** Keys of one chunk's kept rows, per source, each once: what the reference store is asked. */
export type KeysBySource = Partial<Record<ReferenceSource, string[]>>;
export type RecordsBySource = Partial<Record<ReferenceSource, [string, ReferenceRecord][]>>;

/** Pass 2's result for one chunk of spilled rows. */
export interface FinishedChunk {
  /** Per text sink (FinishSpec.formats order). */
  readonly texts: FormattedRows[];
  readonly counts: OutputCounts;
  readonly enrichment: Partial<Record<ReferenceSource, EnrichmentCounts>>;
  /** The rows themselves, for sinks that take rows; only when asked for (never across threads). */
  readonly rows?: { readonly kept: EnrichedRow[]; readonly duplicates: DuplicateRow[]; readonly rejected: CleanRow[] };
}

/** A chunk between its two steps: rows parsed and sorted out, keys known, records not yet looked up. */
export interface OpenedChunk {
  readonly keys: KeysBySource;
  readonly kept: CleanRow[];
  readonly duplicates: DuplicateRow[];
}

/**
 * Pass 2's work on one chunk of the spill file: parse the rows, set the duplicates apart,
 * enrich and count the kept ones and format both for every text sink. It runs the same on a
 * worker thread or on the job's own thread, so the bytes never depend on the thread count.
 * The store is not reachable from a worker, so a chunk is done in two steps: `open` says
 * which keys it needs, and `finish` gets their records.
 */
export function chunkFinisher(spec: FinishSpec) {
  const columns = toColumnPlans({ columns: spec.columns, dedupeKeys: [], today: spec.today });
  const plans = planEnrichment(columns, spec.sources);
  const tables = buildOutputTables(columns, plans, spec.lang);
  const formatters = spec.formats.map((format) => ({
    kept: csvLineFormatter(format, tables.data.kinds),
    duplicates: csvLineFormatter(format, tables.duplicates.kinds),
    rejected: csvLineFormatter(format, tables.rejected.kinds),
  }));

  /** `decisions`: the duplicates among the lines of this chunk, in line order. */
  const open = (text: string, decisions: ChunkDecisions): OpenedChunk => {
    const kept: CleanRow[] = [];
    const duplicates: DuplicateRow[] = [];
    const { pairs: duplicatePairs, fuzzy = [] } = decisions;
    let next = 0;
    let nextFuzzy = 0;
    for (const row of parseSpillChunk(text)) {
      while (next < duplicatePairs.length && duplicatePairs[next]! < row.line) next += 2;
      if (next < duplicatePairs.length && duplicatePairs[next] === row.line) {
        while (nextFuzzy < fuzzy.length && fuzzy[nextFuzzy]![0] < row.line) nextFuzzy++;
        const mark = fuzzy[nextFuzzy]?.[0] === row.line ? fuzzy[nextFuzzy] : undefined;
        const keptLine = duplicatePairs[next + 1]!;
        duplicates.push(mark ? { row, keptLine, fuzzy: { score: mark[1], evidence: mark[2] } } : { row, keptLine });
      } else kept.push(row);
    }
    const keys: KeysBySource = {};
    for (const plan of plans) {
      const unique = new Set<string>();
      for (const row of kept) {
        const key = plan.keyOf(row);
        if (key !== undefined) unique.add(key);
      }
      keys[plan.source] = [...unique];
    }
    return { keys, kept, duplicates };
  };

  const finish = async (chunk: OpenedChunk, records: RecordsBySource, withRows = false): Promise<FinishedChunk> => {
    const counts = new Map<ReferenceSource, EnrichmentCounts>();
    const enrich = batchEnricher(lookedUp(records), plans, { fillEmpty: spec.fillEmpty, today: spec.today }, counts);
    const collector = SummaryCollector.forShare(columns);
    for (const duplicate of chunk.duplicates) collector.countDuplicate(duplicate);
    const { kept, rejected } = rejectedByRegistry(await enrich(chunk.kept), spec.reject);
    for (const row of kept) collector.countKept(row);
    for (const row of rejected) collector.countRejected(row);
    const texts = formatters.map((format) => {
      let keptText = '';
      for (const row of kept) keptText += format.kept(tables.data.cells(row));
      let duplicateText = '';
      for (const duplicate of chunk.duplicates) duplicateText += format.duplicates(tables.duplicates.cells(duplicate));
      let rejectedText = '';
      for (const row of rejected) rejectedText += format.rejected(tables.rejected.cells(row));
      return { kept: keptText, keptRows: kept.length, duplicates: duplicateText, duplicateRows: chunk.duplicates.length, rejected: rejectedText, rejectedRows: rejected.length };
    });
    return {
      texts,
      counts: collector.outputCounts(),
      enrichment: Object.fromEntries(counts),
      rows: withRows ? { kept, duplicates: chunk.duplicates, rejected } : undefined,
    };
  };

  return { open, finish };
}

/** The enriched rows that the layout rejects for what the registry says of their CPF/CNPJ, set apart with that reason. */
function rejectedByRegistry(rows: EnrichedRow[], reject: FinishSpec['reject']): { kept: EnrichedRow[]; rejected: CleanRow[] } {
  if (!reject || (!reject.irregular && !reject.holderMismatch)) return { kept: rows, rejected: [] };
  const kept: EnrichedRow[] = [];
  const rejected: CleanRow[] = [];
  for (const row of rows) {
    const rejections: Rejection[] = [];
    for (const holder of row.holders ?? []) {
      if (!holder) continue;
      const label = holder.kind.toUpperCase();
      if (reject.irregular && holder.irregular) rejections.push({ code: 'IRREGULAR_REGISTRATION', detail: `${label} ${holder.irregular}` });
      if (reject.holderMismatch && holder.verdict === 'nao') rejections.push({ code: 'HOLDER_MISMATCH', detail: `${label} ${holder.reason ?? ''}`.trim() });
    }
    if (rejections.length === 0) kept.push(row);
    else rejected.push({ ...row, rejections, raw: row.raw, values: row.values });
  }
  return { kept, rejected };
}

/** The records a chunk was given, answering like the store they came from. */
function lookedUp(records: RecordsBySource): ReferenceStore {
  const bySource = new Map<ReferenceSource, Map<string, ReferenceRecord>>();
  for (const [source, entries] of Object.entries(records)) bySource.set(source as ReferenceSource, new Map(entries));
  return {
    findByKeys: async (source, keys) => {
      const known = bySource.get(source);
      const found = new Map<string, ReferenceRecord>();
      if (known) for (const key of keys) {
        const record = known.get(key);
        if (record) found.set(key, record);
      }
      return found;
    },
    close: async () => {},
  };
}

/** Asks the real store for a chunk's keys, `batchSize` keys per call, all sources at once. */
export async function lookUpKeys(store: ReferenceStore, keys: KeysBySource, batchSize: number): Promise<RecordsBySource> {
  const records: RecordsBySource = {};
  await Promise.all(
    Object.entries(keys).map(async ([source, list]) => {
      const entries: [string, ReferenceRecord][] = [];
      for (let start = 0; start < list.length; start += batchSize) {
        const found = await store.findByKeys(source as ReferenceSource, list.slice(start, start + batchSize));
        entries.push(...found);
      }
      records[source as ReferenceSource] = entries;
    }),
  );
  return records;
}
