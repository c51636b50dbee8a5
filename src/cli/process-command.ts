import { existsSync } from 'node:fs';
import { access, constants, mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { LOCALES, type Locale } from '../i18n/messages.js';
import type { OutputFormat } from '../pipeline/run-job.js';
import type { ReadingNote } from '../pipeline/reading-notes.js';
import { ConfigError, InterruptedError } from '../errors.js';
import { describeIndexBuild } from './reference-command.js';

export const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

// run-job's OUTPUT_FORMATS, repeated so that `--help` need not load the pipeline; the type
// check below fails the build if the two lists ever differ.
const FORMATS = ['csv', 'xlsx', 'pdf', 'html', 'json'] as const satisfies readonly OutputFormat[];
const hasEveryFormat: [Exclude<OutputFormat, (typeof FORMATS)[number]>] extends [never] ? true : never = true;
void hasEveryFormat;

interface ProcessOptions {
  out: string;
  layout?: string;
  reference?: string;
  lang: Locale;
  format: OutputFormat[];
  sheet?: string;
  maxBytes: number;
  threads: number;
  progress: boolean;
}

/** `higia process <input>`: one local file through the whole pipeline on embedded adapters. */
export function processCommand(): Command {
  return new Command('process')
    .description('clean and enrich one CSV/XLSX file into the output folder')
    .argument('<input>', 'CSV or XLSX file')
    .option('-o, --out <dir>', 'output folder', 'storage/finalizado')
    .option('-l, --layout <file>', 'layout file (JSON or YAML) overriding column mapping and options')
    .option('-r, --reference <dir>', 'folder with pessoas/empresas/ceps reference files (default: ./reference when present)')
    .addOption(new Option('--lang <lang>', 'language of the outputs').choices(LOCALES).default('pt-BR'))
    .option('-f, --format <list>', `outputs, comma separated (${FORMATS.join(',')})`, parseFormats, [...FORMATS])
    .option('--sheet <name>', 'spreadsheet sheet to read (default: the first visible worksheet)')
    .option('--max-bytes <n>', 'refuse inputs larger than this', parsePositiveInt, DEFAULT_MAX_BYTES)
    .option('--threads <n>', 'worker threads for the field rules (0: none)', parseThreads, availableParallelism())
    .option('--no-progress', 'no progress bar even on a terminal')
    .action(async (input: string, options: ProcessOptions) => {
      const [
        { defaultLayout, loadLayout, parseLayout },
        { SqliteReferenceStore },
        { runJob },
        { defaultReports },
        { tabularSinks },
        { summarySheetOf },
        { ProgressDisplay },
        { describeSummary },
        { describeReadingNote },
        { todayInBrazil },
        { qualityGateFailure, qualityGateWarning },
      ] = await Promise.all([
        import('../config/layout.js'),
        import('../adapters/reference/sqlite-reference-store.js'),
        import('../pipeline/run-job.js'),
        import('../reports/default-reports.js'),
        import('../outputs/default-sinks.js'),
        import('../reports/xlsx-summary-sheet.js'),
        import('./progress-display.js'),
        import('./summary-line.js'),
        import('../i18n/reading-note-text.js'),
        import('../domain/today.js'),
        import('../quality/gate-failure.js'),
      ]);
      const base = options.layout ? await loadLayout(options.layout) : defaultLayout();
      const referenceDir = options.reference ?? (existsSync('reference') ? 'reference' : undefined);
      if (referenceDir !== undefined && !existsSync(referenceDir)) throw new ConfigError(`reference folder not found: ${referenceDir}`);
      // Without reference data there is nothing to enrich with: no empty `_ref` columns.
      const layout = parseLayout({
        ...base,
        input: options.sheet ? { ...base.input, sheet: options.sheet } : base.input,
        enrichment: { ...base.enrichment, enabled: base.enrichment.enabled && referenceDir !== undefined },
      });
      const outputDir = resolve(options.out);
      await prepareOutputDir(outputDir);
      // The first run over a registry indexes it: said on stderr (stdout has the summary), over a progress bar's line.
      const store = new SqliteReferenceStore({
        folder: referenceDir,
        onIndexBuilt: (build) => process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${describeIndexBuild(build)}\n`),
      });
      const display = options.progress && process.stderr.isTTY ? new ProgressDisplay(process.stderr, options.lang) : undefined;
      // Ctrl-C stops at the next batch and removes the half-written outputs; a second one quits at once.
      const controller = new AbortController();
      const interrupt = () => {
        if (controller.signal.aborted) process.exit(130);
        controller.abort(new InterruptedError('interrupted: no output was written'));
      };
      process.on('SIGINT', interrupt);
      process.on('SIGTERM', interrupt);
      try {
        const summary = await runJob(
          {
            inputPath: input,
            outputDir,
            layout,
            lang: options.lang,
            formats: options.format,
            today: todayInBrazil(),
            maxBytes: options.maxBytes,
            threads: options.threads,
            onProgress: display?.update,
            signal: controller.signal,
          },
          { referenceStore: store, sinks: tabularSinks(summarySheetOf), reports: defaultReports },
        );
        display?.stop();
        process.stdout.write(describeSummary(summary, options.out, options.lang) + '\n');
        for (const note of summary.readingNotes) process.stderr.write(describeNoteLine(note.level, describeReadingNote(note, options.lang), options.lang) + '\n');
        const gateWarning = qualityGateWarning(summary, options.lang);
        if (gateWarning) process.stderr.write(describeNoteLine('warning', gateWarning, options.lang) + '\n');
        // Every output is written by now: a broken error gate is the verdict on them (exit 3).
        const gateFailure = qualityGateFailure(summary, options.lang);
        if (gateFailure) throw gateFailure;
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
        display?.stop();
        await store.close();
      }
    });
}

/** `aviso: 71% das linhas …` — one line, so scripts that read stderr see it whole. */
function describeNoteLine(level: ReadingNote['level'], text: string, lang: Locale): string {
  const label = level === 'warning' ? (lang === 'en' ? 'warning' : 'aviso') : lang === 'en' ? 'note' : 'nota';
  return `${label}: ${text}`;
}

/**
 * A folder the user named that can't take the outputs is an unusable option (exit 2), said in
 * one line rather than as Node's `ENOTDIR: not a directory, mkdir …`.
 */
async function prepareOutputDir(outputDir: string): Promise<void> {
  try {
    await mkdir(outputDir, { recursive: true });
    await access(outputDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new ConfigError(`the output folder is not writable: ${outputDir} (${code})`, { cause: error });
  }
}

function parseFormats(value: string): OutputFormat[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown format ${unknown.join(', ')} (use ${FORMATS.join(', ')})`);
  return formats as OutputFormat[];
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('must be a whole number from 0 to 64');
  return n;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}
