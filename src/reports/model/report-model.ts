import type { FieldType } from '../../domain/columns/field-type.js';
import type { RejectionCode } from '../../domain/row.js';
import type { IssueCode } from '../../domain/rules/rule.js';
import { messagesFor, type Locale } from '../../i18n/messages.js';
import { describeReadingNote } from '../../i18n/reading-note-text.js';
import type { RunSummary } from '../../pipeline/summary.js';
import { formatterFor, type Formatter } from './format.js';
import { fuzzyReportOf, type FuzzyReport } from './fuzzy-report.js';
import { holderCheckReportOf, type HolderCheckReport } from './holder-check-report.js';
import { qualityGatesReportOf, type QualityGatesReport } from './quality-gates-report.js';
import { reportLabelsFor, type ReportLabels } from './report-labels.js';

export interface FieldReport {
  readonly name: string;
  readonly type: FieldType;
  /** The type in the report's language ("bairro", "neighbourhood"). */
  readonly typeLabel: string;
  readonly valid: number;
  readonly corrected: number;
  readonly invalid: number;
  readonly empty: number;
  readonly total: number;
  /** (valid + corrected) / filled cells, as the quality score counts; 0 when all are empty. */
  readonly usable: number;
  /** Most frequent first, at most five. */
  readonly topReasons: readonly { readonly code: IssueCode; readonly label: string; readonly count: number }[];
  /** Already masked by the pipeline (LGPD). */
  readonly corrections: readonly { readonly before: string; readonly after: string }[];
  readonly invalidExamples: readonly { readonly value: string; readonly reason: string }[];
}

export interface Count {
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

/**
 * Everything a report shows, computed once from the run summary: the PDF, the HTML and the
 * XLSX dashboards only lay it out. Nothing here reads the data file again.
 */
export interface ReportModel {
  readonly lang: Locale;
  readonly labels: ReportLabels;
  readonly format: Formatter;
  readonly fileName: string;
  readonly encoding: string;
  /** How the file was read: `UTF-8, ;` or `planilha «Clientes» (.xlsx)`. */
  readonly readAs: string;
  /** Lines skipped above the header, Windows-1252 lines, and warnings that the result looks like a reading problem. */
  readonly readingNotes: readonly { readonly level: 'info' | 'warning'; readonly text: string }[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly rows: { readonly input: number; readonly kept: number; readonly duplicates: number; readonly rejected: number };
  /** 0–1, see labels.qualityDefinition; undefined when no recognised field had a value. */
  readonly qualityScore: number | undefined;
  readonly fields: readonly FieldReport[];
  readonly enrichment: readonly { readonly source: string; readonly label: string; readonly lookups: number; readonly hits: number; readonly hitRate: number; readonly filled: number }[];
  /** All 27 UFs that occur, most rows first. */
  readonly ufs: readonly Count[];
  readonly phoneTypes: readonly Count[];
  /** Top domains, then "outros"/"others" for the rest. */
  readonly emailDomains: readonly Count[];
  readonly duplicatesByKey: readonly Count[];
  readonly duplicateExamples: readonly { readonly line: number; readonly keptLine: number; readonly key: string }[];
  readonly rejectionsByReason: readonly Count[];
  readonly rejectionExamples: readonly { readonly line: number; readonly reasons: string }[];
  /** The layout's quality gates; undefined when it sets none. */
  readonly qualityGates: QualityGatesReport | undefined;
  /** Fuzzy matching's merges and pairs for review; undefined when it did not run. */
  readonly fuzzy: FuzzyReport | undefined;
  /** Whether each CPF/CNPJ's registered holder is the row's; undefined without that reference. */
  readonly holderCheck: HolderCheckReport | undefined;
}

const TOP_REASONS = 5;
const TOP_DOMAINS = 10;

export function buildReportModel(summary: RunSummary, lang: Locale): ReportModel {
  const labels = reportLabelsFor(lang);
  const messages = messagesFor(lang);
  const issueLabel = (code: string) => messages.issues[code as IssueCode] ?? code;
  const rejectionLabel = (code: string) => messages.rejections[code as RejectionCode] ?? code;

  const fields: FieldReport[] = Object.entries(summary.fields).map(([name, f]) => {
    const total = f.valid + f.corrected + f.invalid + f.empty;
    return {
      name,
      type: f.type,
      typeLabel: labels.types[f.type] ?? f.type,
      valid: f.valid,
      corrected: f.corrected,
      invalid: f.invalid,
      empty: f.empty,
      total,
      usable: ratio(f.valid + f.corrected, f.valid + f.corrected + f.invalid),
      topReasons: sortedCounts(f.reasons, issueLabel)
        .slice(0, TOP_REASONS)
        .map(({ key, label, count }) => ({ code: key as IssueCode, label, count })),
      corrections: f.examples.corrected,
      invalidExamples: f.examples.invalid.map((e) => ({ value: e.value, reason: issueLabel(e.code) })),
    };
  });
  const filled = fields.reduce((sum, f) => sum + f.valid + f.corrected + f.invalid, 0);
  const usable = fields.reduce((sum, f) => sum + f.valid + f.corrected, 0);

  const otherLabel = lang === 'en' ? 'others' : 'outros';
  // The summary folds rare domains past its cap into "(outros)": one bucket with ours.
  const domains = sortedCounts(summary.distributions.emailDomains, (d) => (d === '(outros)' ? otherLabel : d)).filter((d) => d.key !== '(outros)');
  const folded = summary.distributions.emailDomains['(outros)'] ?? 0;
  const others = domains.slice(TOP_DOMAINS).reduce((sum, d) => sum + d.count, folded);

  return {
    lang,
    labels,
    format: formatterFor(lang),
    fileName: summary.input.file,
    encoding: summary.input.encoding ?? '',
    readAs: readAsOf(summary, labels),
    readingNotes: (summary.readingNotes ?? []).map((note) => ({ level: note.level, text: describeReadingNote(note, lang) })),
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    durationMs: summary.durationMs,
    rows: { input: summary.input.rows, ...summary.rows },
    qualityScore: filled === 0 ? undefined : usable / filled,
    fields,
    enrichment: Object.entries(summary.enrichment).map(([source, c]) => ({
      source,
      label: labels.sources[source] ?? source,
      lookups: c.lookups,
      hits: c.hits,
      hitRate: ratio(c.hits, c.lookups),
      filled: c.filled,
    })),
    ufs: sortedCounts(summary.distributions.uf, (uf) => uf),
    phoneTypes: sortedCounts(summary.distributions.phoneTypes, (t) => labels.phoneTypeNames[t] ?? t),
    emailDomains: others > 0 ? [...domains.slice(0, TOP_DOMAINS), { key: otherLabel, label: otherLabel, count: others }] : domains,
    duplicatesByKey: sortedCounts(summary.duplicates.byKey, (k) => labels.duplicateKeys[k] ?? k),
    duplicateExamples: summary.duplicates.examples.map((e) => ({ ...e, key: labels.duplicateKeys[e.key] ?? e.key })),
    rejectionsByReason: sortedCounts(summary.rejections, rejectionLabel),
    rejectionExamples: (summary.rejectionExamples ?? []).map((e) => ({ line: e.line, reasons: e.codes.map(rejectionLabel).join('; ') })),
    qualityGates: qualityGatesReportOf(summary, lang),
    fuzzy: fuzzyReportOf(summary, lang),
    holderCheck: holderCheckReportOf(summary, lang),
  };
}

/** Summaries written before sheets and notes were recorded lack them: they read as before. */
function readAsOf(summary: RunSummary, labels: ReportLabels): string {
  const { input } = summary;
  if (input.format !== 'csv' && input.sheet) return labels.sheetOf(input.sheet, input.format);
  const encoding = input.encoding === null ? '' : (ENCODING_NAMES[input.encoding] ?? input.encoding);
  return input.delimiter ? `${encoding}, ${input.delimiter === '\t' ? 'TAB' : input.delimiter}` : encoding;
}

const ENCODING_NAMES: Readonly<Record<string, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM)',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function sortedCounts(counts: Readonly<Record<string, number | undefined>>, labelOf: (key: string) => string): Count[] {
  return Object.entries(counts)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .map(([key, count]) => ({ key, label: labelOf(key), count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
