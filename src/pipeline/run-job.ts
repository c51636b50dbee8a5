import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Layout } from '../config/layout.js';
import { planColumns } from '../domain/columns/column-plan.js';
import type { Locale } from '../i18n/messages.js';
import type { ReferenceSource, ReferenceStore } from '../ports/reference-store.js';
import type { RowSink } from '../ports/row-sink.js';
import type { SplitPlan, SplitRunner } from '../ports/split-runner.js';
import { InputFormatError } from '../errors.js';
import { outputBaseName } from '../outputs/output-names.js';
import { buildOutputTables, type OutputTables } from '../outputs/output-table.js';
import { writeReviewFile } from '../outputs/csv/review-file.js';
import { EXCEL_MAX_COLUMNS } from '../outputs/xlsx/sheet-xml.js';
import { readingNotes } from './reading-notes.js';
import { DedupeIndex } from './dedupe/dedupe-index.js';
import { SpillWriter, readSpillChunks } from './dedupe/spill-file.js';
import { decideDuplicates } from './fuzzy/decide-duplicates.js';
import { FuzzyMatcher } from './fuzzy/fuzzy-matcher.js';
import { lookUpKeys, type FinishSpec } from './parallel/finish-batch.js';
import { SPILL_CHUNK_CHARS, finishChunks } from './parallel/finish-pool.js';
import type { EnrichmentCounts } from './stages/enrich-rows.js';
import { planEnrichment } from './stages/enrichment-plan.js';
import { openInput, type InputReader, type InputRow } from './stages/read-input.js';
import { toSpecColumns } from './parallel/sanitize-batch.js';
import { sanitizeInParallel } from './parallel/sanitize-pool.js';
import { chunk } from './stages/stage.js';
import type { PartBatch } from './split/clean-part.js';
import { BATCH_ROWS, headWindows1252Lines, lastLineOf, planParts } from './split/split-plan.js';
import { SummaryCollector, type RunSummary } from './summary.js';
import { evaluateGates } from '../quality/evaluate-gates.js';
import { resolveGates } from '../quality/resolve-gates.js';

export const OUTPUT_FORMATS = ['csv', 'xlsx', 'pdf', 'html', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface JobRequest {
  readonly inputPath: string;
  readonly outputDir: string;
  readonly layout: Layout;
  readonly lang: Locale;
  readonly formats: readonly OutputFormat[];
  /** ISO date; birth dates after it are invalid. */
  readonly today: string;
  readonly maxBytes: number;
  /** Worker threads for the field rules; 0 runs them on the calling thread. */
  readonly threads: number;
  readonly onProgress?: (progress: JobProgress) => void;
  /** Aborting stops the job at the next batch; nothing is left in the output folder. */
  readonly signal?: AbortSignal;
}

export interface JobProgress {
  readonly phase: 'reading' | 'writing';
  readonly rows: number;
  readonly totalRows: number | undefined;
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

export interface SinkTarget {
  readonly folder: string;
  readonly baseName: string;
  readonly tables: OutputTables;
  readonly layout: Layout;
  readonly lang: Locale;
}

export type SinkFactory = (target: SinkTarget) => RowSink | Promise<RowSink>;

/** A report drawn from the finished summary alone (never from the rows); returns its file name. */
export type ReportWriter = (summary: RunSummary, target: { readonly folder: string; readonly baseName: string; readonly lang: Locale }) => Promise<string>;

export interface JobDeps {
  readonly referenceStore: ReferenceStore;
  /** One factory per tabular format that the request may ask for. */
  readonly sinks: Partial<Record<OutputFormat, SinkFactory>>;
  /** One writer per report format (PDF, HTML dashboard) that the request may ask for. */
  readonly reports?: Partial<Record<OutputFormat, ReportWriter>>;
  /** Where the parts of a large CSV run (other workers); without it every input runs whole here. */
  readonly split?: SplitRunner;
}

const SNIFF_ROWS = 50;

/**
 * The whole job: read → sanitize → (spill) → dedupe → enrich → write, in two streaming
 * passes. Outputs are written to a hidden folder beside the destination and renamed into
 * place only when all of them are complete, so nobody ever sees half a result.
 */
export async function runJob(request: JobRequest, deps: JobDeps): Promise<RunSummary> {
  const startedAt = new Date();
  const reader = await openInput(request.inputPath, { ...request.layout.input, maxBytes: request.maxBytes, signal: request.signal });
  try {
    return await processInput(reader, request, deps, startedAt);
  } finally {
    reader.close();
  }
}

async function processInput(reader: InputReader, request: JobRequest, deps: JobDeps, startedAt: Date): Promise<RunSummary> {
  const { layout } = request;
  const { sample, rows } = await peek(reader.rows, SNIFF_ROWS);
  const columns = planColumns(reader.header.cells, sample.map((r) => r.cells), {
    overrides: layout.columns,
    sniff: layout.sniff,
    context: { today: request.today },
  });
  // A gate naming a column the file lacks fails here, before any row is read.
  const gates = resolveGates(layout.qualityGates, columns);
  const sources: ReferenceSource[] = layout.enrichment.enabled ? layout.enrichment.sources : [];
  const enrichment = planEnrichment(columns, sources);
  const tables = buildOutputTables(columns, enrichment, request.lang);
  if (request.formats.includes('xlsx')) refuseTooWideForExcel(tables);
  const baseName = outputBaseName(reader.info.file);
  const workDir = await mkdtemp(join(request.outputDir, `.higia-${baseName}-`));
  const target: SinkTarget = { folder: workDir, baseName, tables, layout, lang: request.lang };
  const sinks: RowSink[] = [];
  /** Temp state beyond the work folder's files (the dedupe index's runs and lookup). */
  const cleanups: (() => Promise<void>)[] = [];
  /** Writes to every sink; a promise only when one of them is full (most rows need no await). */
  const writeAll = (write: (sink: RowSink) => Promise<void> | undefined): Promise<unknown> | undefined => {
    let pending: Promise<void>[] | undefined;
    for (const sink of sinks) {
      const p = write(sink);
      if (p) (pending ??= []).push(p);
    }
    return pending && Promise.all(pending);
  };
  const progress = (phase: JobProgress['phase'], count: number, totalRows?: number) =>
    request.onProgress?.({ phase, rows: count, totalRows, bytesRead: reader.bytesRead(), bytesTotal: reader.info.bytes });

  try {
    for (const format of request.formats) {
      const make = deps.sinks[format];
      if (make) sinks.push(await make(target));
    }
    // Pass 1: clean every row; rejected rows go out now, the others wait in the spill file.
    const collector = new SummaryCollector(columns);
    const dedupe = new DedupeIndex({ scratchDir: workDir, signal: request.signal });
    cleanups.push(() => dedupe.close());
    const matcher = fuzzyMatcherFor(layout, workDir, request.signal);
    if (matcher) cleanups.push(() => matcher.close());
    const spill = new SpillWriter(join(workDir, 'rows.spill'));
    const spec = {
      columns: toSpecColumns(columns),
      dedupeKeys: layout.dedupe.keys,
      fuzzy: matcher !== undefined,
      today: request.today,
    };
    const textSinks = sinks.filter((s) => s.textFormat !== undefined);
    const rowSinks = sinks.filter((s) => s.textFormat === undefined);
    const finishSpec: FinishSpec = {
      columns: spec.columns,
      sources: enrichment.map((plan) => plan.source),
      fillEmpty: layout.enrichment.fillEmpty,
      reject: { irregular: layout.enrichment.rejectIrregular, holderMismatch: layout.enrichment.rejectHolderMismatch },
      today: request.today,
      lang: request.lang,
      formats: textSinks.map((s) => s.textFormat!),
    };
    // A large CSV is cut into parts that other workers clean and finish; their results come
    // back here in file order and go through the very same steps as a whole run's.
    // Only when every sink takes text: an XLSX workbook is one stream written on this thread, so
    // its rows would travel here from the parts and be written one by one (measured slower than a
    // whole run: 29.3 s against 26.3 s for 300k rows with all formats, two workers).
    const plan = rowSinks.length === 0 ? await splitPlanOf(reader, sample[0]?.line, { spec, finishSpec }, request, deps.split) : undefined;
    const split = plan && deps.split!.clean(plan, request.signal);
    const pass1: AsyncIterable<PartBatch & { spill?: string }> = split ? split.batches : sanitizeInParallel(chunk(rows, BATCH_ROWS), spec, request.threads);
    for await (const batch of pass1) {
      collector.addInputCounts(batch.counts);
      for (const row of batch.rejected) {
        collector.countRejected();
        const full = writeAll((s) => s.writeRejected(row));
        if (full) await full;
      }
      if (batch.spill) await spill.writeText(batch.spill);
      if (layout.dedupe.enabled) {
        for (const [line, key, completeness] of batch.entries) {
          const spilling = key === null ? undefined : dedupe.offer(key, line, completeness);
          if (spilling) await spilling; // only when the index wrote a run to disk
        }
      }
      if (matcher && batch.fuzzy) await matcher.offer(batch.fuzzy);
      progress('reading', collector.inputRows);
      request.signal?.throwIfAborted();
    }
    await spill.close();
    progress('reading', collector.inputRows);

    // Pass 2: the best row of each group is kept and enriched; the others are duplicates.
    const { decisions, fuzzy } = await decideDuplicates(dedupe, matcher);
    cleanups.push(() => decisions.close());
    const reviewFile = fuzzy && (await writeReviewFile(workDir, baseName, tables.review, layout.output, fuzzy.review));
    const counts = new Map<ReferenceSource, EnrichmentCounts>(enrichment.map((plan) => [plan.source, { lookups: 0, hits: 0, filled: 0 }]));
    let written = collector.rows.rejected;
    const finished = plan
      ? deps.split!.finish(plan, (part) => decisions.upTo(lastLineOf(plan.parts, part)), request.signal)
      : finishChunks(readSpillChunks(spill.path, SPILL_CHUNK_CHARS), finishSpec, {
          threads: request.threads,
          withRows: rowSinks.length > 0,
          duplicatesUpTo: (lastLine) => decisions.upTo(lastLine),
          lookUp: (keys) => lookUpKeys(deps.referenceStore, keys, layout.enrichment.batchSize),
        });
    for await (const chunk of finished) {
      collector.addOutputCounts(chunk.counts);
      addEnrichmentCounts(counts, chunk.enrichment);
      await Promise.all(textSinks.map((sink, i) => sink.writeFormatted!(chunk.texts[i]!)));
      for (const duplicate of chunk.rows?.duplicates ?? []) {
        const full = writeAll((s) => (s.textFormat ? undefined : s.writeDuplicate(duplicate)));
        if (full) await full;
      }
      for (const row of chunk.rows?.rejected ?? []) {
        const full = writeAll((s) => (s.textFormat ? undefined : s.writeRejected(row)));
        if (full) await full;
      }
      for (const row of chunk.rows?.kept ?? []) {
        const full = writeAll((s) => (s.textFormat ? undefined : s.writeKept(row)));
        if (full) await full;
      }
      written += chunk.counts.rows.kept + chunk.counts.rows.duplicates + chunk.counts.rows.rejected;
      progress('writing', written, collector.inputRows);
      request.signal?.throwIfAborted();
    }
    await rm(spill.path, { force: true });

    const { kept, duplicates, rejected } = collector.rows;
    // A whole run's reader counts the header's lines too; no part reads them.
    const headLines = plan?.reading.encoding.startsWith('utf-8') ? await headWindows1252Lines(request.inputPath, plan.parts[0]!.start) : 0;
    const windows1252Lines = plan ? headLines + split!.readStats().windows1252Lines : reader.readStats().windows1252Lines;
    const input = { ...reader.info, rows: collector.inputRows, columns: columns.length, windows1252Lines };
    const summary: RunSummary = {
      input,
      readingNotes: readingNotes({
        rows: collector.inputRows,
        rejected,
        wrongShape: collector.rejections.COLUMN_COUNT ?? 0,
        headerLine: input.headerLine,
        linesAboveHeader: input.linesAboveHeader,
        windows1252Lines,
      }),
      rows: { ...collector.rows },
      reconciled: collector.inputRows === kept + duplicates + rejected,
      fields: collector.fields,
      rejections: collector.rejections,
      rejectionExamples: collector.rejectionExamples,
      duplicates: collector.duplicates,
      enrichment: Object.fromEntries(counts),
      ...(fuzzy && { fuzzy: { merged: fuzzy.links.size, review: fuzzy.review.length } }),
      ...(enrichment.some((plan) => plan.holder) && { holderCheck: collector.holderCheck }),
      distributions: collector.distributions,
      outputs: [],
      lang: request.lang,
      startedAt: startedAt.toISOString(),
      finishedAt: '',
      durationMs: 0,
    };
    if (!summary.reconciled) {
      throw new Error(`row accounting failed: ${collector.inputRows} read, ${kept} + ${duplicates} + ${rejected} written`);
    }
    // The reports tell how long the processing took: measured before they are drawn.
    const processedAt = new Date();
    summary.finishedAt = processedAt.toISOString();
    summary.durationMs = processedAt.getTime() - startedAt.getTime();
    if (gates.length > 0) summary.qualityGates = evaluateGates(gates, summary);
    const files: string[] = [];
    for (const sink of sinks) files.push(...(await sink.finish(summary)));
    if (reviewFile) files.push(reviewFile);
    for (const format of request.formats) {
      const write = deps.reports?.[format];
      if (write) files.push(await write(summary, { folder: workDir, baseName, lang: request.lang }));
    }
    const summaryFile = `${baseName}_resumo.json`;
    summary.outputs = request.formats.includes('json') ? [...files, summaryFile] : files;
    if (request.formats.includes('json')) await writeFile(join(workDir, summaryFile), JSON.stringify(summary, null, 2) + '\n');
    for (const file of summary.outputs) await rename(join(workDir, file), join(request.outputDir, file));
    progress('writing', collector.inputRows, collector.inputRows);
    return summary;
  } catch (error) {
    await Promise.all(sinks.map((s) => s.abort()));
    throw error;
  } finally {
    for (const cleanup of cleanups) await cleanup();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Fuzzy matching after the exact keys, when the layout has both on. */
function fuzzyMatcherFor(layout: Layout, scratchDir: string, signal: AbortSignal | undefined): FuzzyMatcher | undefined {
  const { enabled, fuzzy } = layout.dedupe;
  if (!enabled || !fuzzy.enabled) return undefined;
  return new FuzzyMatcher({ merge: fuzzy.mergeThreshold, review: fuzzy.reviewThreshold, maxBlockRows: fuzzy.maxBlockRows }, { scratchDir, signal });
}

/** The plan of a split job, when the input is large enough and splittable (see planParts); undefined runs it whole. */
async function splitPlanOf(
  reader: InputReader,
  firstDataLine: number | undefined,
  specs: { spec: SplitPlan['clean']; finishSpec: FinishSpec },
  request: JobRequest,
  split: SplitRunner | undefined,
): Promise<SplitPlan | undefined> {
  if (!split || !(split.partBytes > 0)) return undefined;
  const parts = await planParts(request.inputPath, reader.info, firstDataLine, { partBytes: split.partBytes, signal: request.signal });
  if (!parts) return undefined;
  return {
    parts,
    reading: { encoding: reader.info.encoding!, delimiter: reader.info.delimiter!, maxRecordChars: request.layout.input.maxRecordChars },
    clean: specs.spec,
    finish: specs.finishSpec,
    lookupBatchSize: request.layout.enrichment.batchSize,
  };
}

function addEnrichmentCounts(total: Map<ReferenceSource, EnrichmentCounts>, share: Partial<Record<ReferenceSource, EnrichmentCounts>>): void {
  for (const [source, n] of Object.entries(share) as [ReferenceSource, EnrichmentCounts][]) {
    const sum = total.get(source) ?? { lookups: 0, hits: 0, filled: 0 };
    total.set(source, { lookups: sum.lookups + n.lookups, hits: sum.hits + n.hits, filled: sum.filled + n.filled });
  }
}

/** Excel opens no sheet wider than 16,384 columns: say so before any work, as an input problem (exit 2). */
function refuseTooWideForExcel(tables: OutputTables): void {
  const widest = Math.max(tables.data.header.length, tables.duplicates.header.length, tables.rejected.header.length);
  if (widest > EXCEL_MAX_COLUMNS) {
    throw new InputFormatError(
      'TOO_MANY_COLUMNS',
      `the cleaned table would have ${widest} columns, above Excel's limit of ${EXCEL_MAX_COLUMNS}: leave xlsx out of the formats (e.g. --format csv,json)`,
    );
  }
}

/** Takes the first `count` rows for sniffing, and gives back a sequence that still has them. */
async function peek(rows: AsyncIterable<InputRow>, count: number): Promise<{ sample: InputRow[]; rows: AsyncIterable<InputRow> }> {
  const iterator = rows[Symbol.asyncIterator]();
  const sample: InputRow[] = [];
  while (sample.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    sample.push(next.value);
  }
  return {
    sample,
    rows: (async function* () {
      yield* sample;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
  };
}
